"""Every form rule fires on one case and stays quiet on its near miss, the near miss made from
the firing case by one declared change (tests/near_miss.py: one span, once, on one line of the
document) that says why it is the smallest change that matters. The firing case is a real seed
with the edit its defect needs; the quiet case is that text with one span changed — not a clean
seed. Read → extract → check_form on files the test writes, as the form tests run them."""

from __future__ import annotations

import pytest

from ..near_miss import Change, NearMiss, with_edits
from .form_support import disclose, fired, seed_text

USES = "主要用于办公费、水电费、差旅费、会议费、培训费及其他商品和服务支出等。"
VEHICLES = "所属各预算单位共有车辆1辆，其中一般公务用车1辆。"
NONE_2024 = "2024 年本部门无使用政府性基金预算拨款安排的支出，与上年保持一致。"
THREE_PUBLIC = "四、“三公”经费情况说明"
TITLE_004 = "重庆市南岸区政务服务管理办公室部门收支总表"
RELATION_ANCHOR = "（四）一般公共预算财政拨款基本支出决算情况说明"
RELATION_ITEM = "（1）一般公共服务支出（类）政府办公厅（室）及相关机构事务（款）行政运行（项）。"
PERF_TITLE = "2024 年重庆市南岸区政务服务管理办公室项目绩效目标表（一级项目）"
PROJECT_TITLE = "2024年重庆市南岸区政务服务管理办公室项目支出预算表"
#: the six projects of seed 004's performance-target tables and their 当年预算
PROJECTS = [("公共资源交易中心运行维护费", "9.00"), ("全科窗口及网上行政审批系统运维费", "6.50"),
            ("区行政服务中心运行维护费", "40.00"), ("南岸区政务公开建设工作", "15.53"),
            ("数据中心机房及全区信息化系统租赁运维费", "97.35"), ("行政中心互联网统一接入", "99.54")]
GOV_FUND_TITLE = "2024年重庆市南岸区政务服务管理办公室政府性基金预算支出表"
PROCUREMENT = ("（二）政府采购情况", "（三）绩效目标设置情况")
RECEPTION = "公务接待费1.8万元，比2023年减少0.1万元，主要原因是进一步压缩“三公”支出，确保办公运行正常支出；"
SANGONG = "某县审计局2023年部门决算公开说明\n一、“三公”经费支出决算情况\n"


def case(rule: str, prefix: str, edits: tuple[tuple[str, str], ...], change: Change) -> NearMiss:
    """The near miss of ``rule``: seed ``prefix`` with ``edits`` fires; ``change`` silences it."""
    shown = "; ".join(f"{old[:24]!r} → {new[:24]!r}" for old, new in edits)
    return NearMiss(rule, {"doc": with_edits(seed_text(prefix), *edits)}, change,
                    f"seed {prefix}" + (f" edited: {shown}" if edits else " as published"))


def _block(prefix: str, start: str, end: str) -> str:
    """The text of seed ``prefix`` from ``start`` up to (not including) ``end``: a section cut."""
    text = seed_text(prefix)
    return text[text.index(start):text.index(end)]


def _relation(sentence: str) -> tuple[tuple[str, str], ...]:
    """Seed 002 (a 2020 final account) with a paragraph before its section (四), as
    tests/reconcile/test_form_relations.py inserts the wordings final accounts print."""
    return ((RELATION_ANCHOR, "5．主要支出科目情况。\n" + RELATION_ITEM + sentence + "\n" + RELATION_ANCHOR),)


def _repeated_project(budget: str) -> tuple[tuple[str, str], ...]:
    """Seed 004 with its first project's performance-target table printed once more at its end
    (as tests/reconcile/test_form_tables.py does), the 当年预算 of the copy ``budget``."""
    text = seed_text("004")
    start = text.index(PERF_TITLE)
    block = text[start:text.index(PERF_TITLE, start + 1)]
    tail = text.rstrip("\n")[-60:]
    return ((tail, tail + "\n\n" + block.replace("当年预算\t9.00", f"当年预算\t{budget}")),)


def _project_table(amount: str) -> tuple[tuple[str, str], ...]:
    """Seed 004 with a 项目支出预算表 before its 表九 (as tests/reconcile/test_form_projects.py),
    区行政服务中心运行维护费 at ``amount``."""
    rows = [(n, amount if n == "区行政服务中心运行维护费" else a) for n, a in PROJECTS]
    lines = [PROJECT_TITLE, "", "单位：万元", "", "项目名称\t项目类别\t合计\t一般公共预算\t政府性基金预算",
             "合计\t\t267.92\t267.92\t", "其他运转类\t\t267.92\t267.92\t"]
    lines += [f"{name}\t其他运转类\t{a}\t{a}\t" for name, a in rows]
    return (("表九：", "\n".join(lines) + "\n\n表九："),)


def text_case(rule: str, text: str, change: Change) -> NearMiss:
    """The near miss of ``rule`` on a document the test writes whole (``text`` fires)."""
    return NearMiss(rule, {"doc": text}, change, f"a document the test writes ({len(text)} chars)")


#: one case per form rule id: (seed, the edits that make it fire) and the one change
CASES: tuple[NearMiss, ...] = (
    case("form-as-of-date-after-period", "000", (("截至2023年12月，所属", "截至2025年12月，所属"),),
         Change("截至2025年12月", "截至2024年1月", "the as-of date moved back into the budget year: "
                "the one field the check compares with the period, the sentence otherwise the same")),
    case("form-project-period-ended", "004",
         ((THREE_PUBLIC, "政务服务平台运维项目，项目实施期：2021年-2023年，预算20万元。\n" + THREE_PUBLIC),),
         Change("2021年-2023年", "2021年-2024年", "the period's end one year later, reaching the "
                "budget year: the labelled period and the project stay")),
    case("form-code-malformed", "004", (("2010306\t政务公开审批", "2010006\t政务公开审批"),),
         Change("2010006\t", "2010106\t", "one digit of the 00 segment: a code of the scheme's "
                "shape on the same row")),
    case("form-code-name-inconsistent", "004",
         (("20103\t政府办公厅（室）及相关机构事务", "20103\t政府办公厅（室）及相关机关事务"),),
         Change("相关机关事务", "相关机", "the second name cut where a narrow cell cuts it: the same "
                "name printed short, not a second name")),
    case("form-code-name-unrecognised", "004", (("2210201\t住房公积金", "2210201\t购房补贴"),),
         Change("2210201\t购房补贴", "2210203\t购房补贴", "the code of the name printed (购房补贴 is "
                "2210203): one digit, the name kept")),
    case("form-obsolete-function-name", "004",
         (("20805\t行政事业单位养老支出\t71.97\t71.97\t", "20805\t行政事业单位离退休\t71.97\t71.97\t"),),
         Change("20805\t行政事业单位离退休", "20805\t行政事业单位离退休费", "a name that is not the "
                "former name (one character more): only the exact former name is obsolete")),
    case("form-listed-item-unfunded", "004", ((USES, "主要用于办公费、印刷费、差旅费、培训费等。"),),
         Change("印刷费、", "水电费、", "the one listed item without money swapped for one the table "
                "funds: the list and its sentence stay")),
    case("form-vehicle-cost-without-vehicle", "004", ((VEHICLES, "所属各预算单位共有车辆0辆。"),),
         Change("共有车辆0辆", "共有车辆2辆", "the vehicles held: one figure, from none to some")),
    case("form-repeated-text", "004", ((NONE_2024, NONE_2024 + NONE_2024),),
         Change("。2024 年本部门无使用", "。2025 年本部门无使用", "the repeated sentence's year: two "
                "sentences that differ by one digit are no repetition")),
    case("form-year-out-of-range", "003", (("比2023年减少9.82万元", "比2022年减少9.82万元"),),
         Change("比2022年", "比2022年（疫情前）", "the older year annotated as a deliberate "
                "reference: the year and the figure stay")),
    case("form-table-title-year-mismatch", "004", (("2024年" + TITLE_004, "2023年" + TITLE_004),),
         Change("2023年" + TITLE_004, TITLE_004, "the title's year left out: a title without a year "
                "has no year to mismatch")),
    case("form-template-residue", "000",
         (("2024年政府性基金预算收入836万元", "XX单位2024年政府性基金预算收入836万元"),),
         Change("XX单位", "本单位", "the placeholder filled: the same sentence with a real subject")),
    case("form-change-reason-missing", "004", (("主要原因为本年新增人员，导致办公费等公用经费增加；", ""),),
         Change("比2023年增加4.3万元", "比2023年增加4.3万元，与上年基本持平", "the change called "
                "immaterial in its own sentence: it needs no reason")),
    case("form-change-direction-mismatch", "004",
         (("比2023年增加4.3万元", "与2023年保持一致，比2023年增加4.3万元"),),
         Change("与2023年保持一致，", "与2023年相比，", "the flat wording replaced by a neutral "
                "comparator: the stated increase stays")),
    case("form-change-reason-missing-minor", "003", (),
         Change("0.03万元，主要用于保障", "0.03万元，主要原因是保障", "the purpose's lead (主要用于) "
                "made a reason's (主要原因是): the clause and the change stay")),
    case("form-required-section-missing", "003", ((_block("003", *PROCUREMENT), ""),),
         Change(PROCUREMENT[1], "（二）政府采购情况。" + PROCUREMENT[1], "the missing section's "
                "heading named, its content still cut: the heading is what the outline looks for")),
    case("form-recommended-section-missing", "000", (("4、国有资产占有使用情况。", "4、"),),
         Change("4、截至2023年12月", "4、国有资产情况。截至2023年12月", "a heading naming the assets "
                "section in other words: the section found by its name, the text the same")),
    case("form-required-table-missing", "004",
         (("管理办公室一般公共预算三公经费支出表", "管理办公室一般公共预算经费支出表"),),
         Change("一般公共预算经费支出表", "一般公共预算“三公”经费支出表", "the table's title names 三公 "
                "again (in quotes, unlike the seed): the table and its rows the same")),
    case("form-recommended-table-missing", "004", (("管理办公室政府采购预算明细表", "管理办公室预算明细表"),),
         Change("管理办公室预算明细表", "管理办公室政府采购预算表", "the title names 政府采购 again "
                "(without 明细, unlike the seed): the table's rows the same")),
    case("form-three-public-item-missing", "001", ((RECEPTION, ""),),
         Change("增加0万元；公务用车运行维护费", "增加0万元；公务接待费1.8万元；公务用车运行维护费",
                "the missing item named with its figure and no reason: naming it is what is checked")),
    case("form-code-parent-missing", "004", (("2010306\t政务公开审批", "2010406\t政务公开审批"),),
         Change("2010406\t", "2010316\t", "the item moved under the 款 printed (20103): one digit")),
    case("form-department-wording-in-unit", "003", (("2024年部门预算情况说明", "2024年单位预算情况说明"),),
         Change("2024年单位预算情况说明", "2024年部门预算情况说明", "the title's level word: the only "
                "thing that makes the document a unit's, so the wording is judged against it (the "
                "quiet case is the seed's title again)")),
    case("form-unit-wording-in-department", "003", (("三、部门预算情况说明", "三、单位预算情况说明"),),
         Change("三、单位预算情况说明", "三、预算情况说明", "the level word left out of the heading")),
    case("form-empty-statement-contradicted", "000", (("2024年政府性基金预算收入836万元，",
                                                       "本部门无政府性基金预算拨款安排的支出。"
                                                       "2024年政府性基金预算收入836万元，"),),
         Change("本部门无政府性基金预算拨款", "2023年无政府性基金预算拨款", "the none statement "
                "dated the prior year: the statement and the figures stay")),
    case("form-empty-table-unexplained", "004",
         (("备注：本部门无该项收支，故此表无数据。", ""),
          (NONE_2024, "2024 年本部门政府性基金预算拨款安排的支出情况见下表。")),
         Change("本部门政府性基金预算拨款安排的支出情况见下表", "本部门无政府性基金预算拨款安排的支出",
                "the sentence about the fund states none: the empty table explained")),
    case("form-empty-table-text-figures", "004",
         ((NONE_2024, "2024年政府性基金预算拨款支出50万元，主要用于城市基础设施配套。"),),
         Change("拨款支出50万元", "拨款支出0万元", "the amount the text states beside the empty "
                "table made zero: one digit")),
    case("form-table-other-unit", "004", ((GOV_FUND_TITLE, "2024年重庆市南岸区教育委员会政府性基金预算支出表"),),
         Change("重庆市南岸区教育委员会", "南岸区政务服务管理办公室", "the title names the "
                "document's own unit (without the region prefix, unlike the seed)")),
    case("form-budget-relation-contradicted", "002",
         _relation("年初预算为100.00万元，支出决算为120.50万元。决算数小于年初预算数的主要原因是人员变动。"),
         Change("决算数小于年初预算数", "决算数大于年初预算数", "the relation word the figures "
                "contradict turned round")),
    case("form-budget-relation-amount", "002",
         _relation("年初预算为100.00万元，支出决算为120.50万元。决算数大于年初预算数25.50万元，主要原因是人员增加。"),
         Change("年初预算数25.50万元", "年初预算数20.50万元", "the stated difference made the "
                "figures' (120.50 − 100.00): one digit")),
    case("form-chain-name-misfiled", "004",
         ((NONE_2024, NONE_2024 + "社会保障和就业支出（类）行政事业单位医疗（款）行政单位医疗（项）10.68万元。"),),
         Change("社会保障和就业支出（类）行政事业单位医疗", "卫生健康支出（类）行政事业单位医疗",
                "the class the tables file the chain under: the 款 and 项 stay")),
    case("form-project-amount-mismatch", "004", _repeated_project("9.50"),
         Change("当年预算\t9.50", "当年预算\t9.00", "the second printing's 当年预算 equal to the "
                "first's: one digit")),
    case("form-project-table-mismatch", "004", _project_table("41.00"),
         Change("\t41.00\t41.00\t", "\t40.00\t40.00\t", "the project table's row equal to the "
                "performance table's 40.00 (both cells of the row): one digit each")),
    text_case("form-part-heading-year-mismatch",
              "\n".join(["2026年某局部门预算", "目 录", "第一部分 部门概况", "第二部分 2025年部门预算表",
                         "第三部分 2026年部门预算情况说明", "第四部分 名词解释", "第一部分 部门概况",
                         "一、主要职责", "负责本系统的统计工作。"]) + "\n",
              Change("第二部分 2025年", "第二部分 2026年", "the heading's year the document's: one digit")),
    text_case("form-scope-year-mismatch",
              "\n".join(["某县中心卫生院2023年度单位决算", "一、单位基本情况", "（一）机构设置情况",
                         "纳入某县中心卫生院2022年度部门决算编制范围的二级预算单位包括：",
                         "1.某县中心卫生院（本级）", "（二）主要职责", "负责辖区内基本医疗服务。"]) + "\n",
              Change("卫生院2022年度部门决算编制", "卫生院2023年度部门决算编制",
                     "the scope sentence's year the document's: one digit")),
    text_case("form-unit-outlier", SANGONG + "2023年“三公”经费支出决算为20.50万元，其中：公务接待费支出"
              "决算为6.80元，公务用车运行维护费支出决算为13.70万元。\n",
              Change("决算为6.80元", "决算为6.80万元", "the unit its neighbours print: 元 → 万元, the "
                     "figure the same")),
)


def _fires(tmp_path, name: str, texts: dict[str, str], rule: str) -> int:
    folder = tmp_path / name
    folder.mkdir()
    path = folder / "doc.txt"
    path.write_text(texts["doc"], encoding="utf-8")
    return len(fired(disclose(str(path)), rule))


@pytest.mark.parametrize("near", CASES, ids=lambda n: n.rule)
def test_a_form_rule_fires_and_its_one_change_near_miss_is_quiet(tmp_path, near):
    quiet = near.quiet  # the one declared change, checked (tests/near_miss.py)
    assert _fires(tmp_path, "fires", dict(near.case), near.rule) > 0
    assert _fires(tmp_path, "quiet", quiet, near.rule) == 0


# --- the two non-identity audit rules: their case is a ledger of facts, one per line --------

#: 泉州 市政府办公室 2026 p27 (tests/reconcile/test_tolerance_printed.py): 公务用车购置费 261.90,
#: its change and percentage; the change is the one figure the cases move
QUANZHOU = ("text:27:19 three_public.vehicle_purchase current 261.90 公务用车购置费\n"
            "text:27:19 three_public.vehicle_purchase change_prior -2.10 公务用车购置费\n"
            "text:27:19 three_public.vehicle_purchase pct_change_prior -0.87 公务用车购置费\n")
#: (near miss, the rules audited beside it): the rounding note is what is left without the
#: printed-rounding rule, so each is audited with the rules its case needs
AUDIT_CASES: tuple[tuple[NearMiss, tuple[str, ...]], ...] = (
    (text_case("percent-beyond-printed-rounding", QUANZHOU,
               Change("change_prior -2.10", "change_prior -2.30", "the change whose percentage is "
                      "printed: 2.30 / 264.20 = 0.8706 % prints as 0.87; one figure of the three")),
     ("change-arithmetic", "pct-change", "percent-beyond-printed-rounding", "rounding-difference")),
    (text_case("rounding-difference", QUANZHOU,
               Change("change_prior -2.10", "change_prior -2.30", "the same figure: within what "
                      "the printed 0.87 explains there is no difference left to note")),
     ("change-arithmetic", "pct-change", "rounding-difference")),
)


@pytest.mark.parametrize("near, audited", AUDIT_CASES, ids=lambda v: getattr(v, "rule", ""))
def test_an_audit_rule_fires_and_its_one_change_near_miss_is_quiet(near, audited):
    from budgetlens.reconcile import reconcile

    from .test_engine import disclosure, rules

    def rule_ids(texts: dict[str, str]) -> list[str]:
        return [f.rule for f in reconcile(disclosure(texts["doc"]), rules(*audited))[0].findings]

    quiet = near.quiet
    assert near.rule in rule_ids(dict(near.case))
    assert near.rule not in rule_ids(quiet)
