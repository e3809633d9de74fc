"""Issue #8: narrative sentences that gave false ``error`` findings on corpus/wide (review of 742ead3).

Each test quotes the real sentence (广州 2026 三公 parentheticals, 苏州/福州/湖州 unit names holding a 类
name, 苏州 running page headers, 深圳 本级 项目支出 lists, 江苏 政协 2017 economic 款 lists, 西安 科技局 2022
reasons by unit, 深圳/无锡/杭州/重庆 notes "无…支出" and "故本表无数据"), then synthetic variants of the
pattern and near misses that must keep their old reading. Assertions are (measure, basis, value)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from budgetlens.extract.narrative import extract_narrative
from budgetlens.extract.sentences import prose_lines, running_lines
from budgetlens.model import Document, Line, Metadata, Page, Source, TableInfo
from budgetlens.rules.lexicon import load_lexicon

BUDGET = Metadata(kind="budget", year=2026)


def run(meta: Metadata, *texts: str, tables=()):
    lines = tuple(Line(t, 1, i + 1) for i, t in enumerate(texts))
    return extract_narrative(Document("inline.txt", "text", (Page(1, lines),)), meta, list(tables))


def triples(meta: Metadata, *texts: str) -> set:
    return {(f.measure, f.basis, f.value) for f in run(meta, *texts)[1]}


def values(got: set, measure: str) -> dict:
    return {b: v for m, b, v in got if m == measure}


# --- a change after a bracketed breakdown is the whole's -------------------------------------

GUANGZHOU = ("其中：因公出国（境）费22.06万元，比上年增加0万元，增长0%，主要原因是与上年持平，无增减变化；"
             "公务用车购置及运行维护费210.95万元（公务用车购置费96万元，比上年减少76万元；公务用车运行维护费114.95万元，"
             "比上年减少19.5万元。）比上年减少95.5万元，下降31.2%，主要原因是厉行节约，减少公车运维开支；"
             "公务接待费9.28万元，比上年减少2.77万元，下降23%，主要原因是厉行节约。")


def test_change_after_a_parenthetical_belongs_to_the_whole_before_it():
    got = triples(BUDGET, GUANGZHOU)
    assert values(got, "three_public.vehicle") == {
        "current": Decimal("210.95"), "change_prior": Decimal("-95.5"),
        "pct_change_prior": Decimal("-31.2")}
    assert values(got, "three_public.vehicle_operation") == {
        "current": Decimal("114.95"), "change_prior": Decimal("-19.5")}
    assert values(got, "three_public.vehicle_purchase") == {
        "current": Decimal(96), "change_prior": Decimal(-76)}
    assert values(got, "three_public.reception")["change_prior"] == Decimal("-2.77")


def test_parenthetical_split_over_lines_at_its_semicolon():
    """广州 卫健委: the bracket's first item ends a PDF line with ；, the bracket closes on the next."""
    got = triples(BUDGET, "公务用车购置及运行维护费701.34万元（公务用车购置费331万元，比上年增加119.15万元；",
                  "公务用车运行维护费370.34万元，比上年减少52.36万元。）比上年增加66.79万元，增长10.5%，主要原因是"
                  "更新购置采血车辆。")
    assert values(got, "three_public.vehicle") == {
        "current": Decimal("701.34"), "change_prior": Decimal("66.79"),
        "pct_change_prior": Decimal("10.5")}
    assert values(got, "three_public.vehicle_operation")["change_prior"] == Decimal("-52.36")


def test_parenthetical_variants_with_its_own_list_and_a_direction_first():
    got = triples(BUDGET, "基本支出500万元（其中：人员经费300万元，公用经费200万元），比上年增加20万元，增长4.17%。")
    assert values(got, "expense.basic") == {"current": Decimal(500), "change_prior": Decimal(20),
                                            "pct_change_prior": Decimal("4.17")}
    assert "change_prior" not in values(got, "expense.general.basic.public")
    # a bracket holding no figure changes nothing: the change after it is still the subject's
    got = triples(BUDGET, "公务接待费（含外宾接待）10万元，比上年减少2万元。")
    assert values(got, "three_public.reception").get("change_prior") in (None, Decimal(-2))


def test_change_inside_the_brackets_stays_the_items():
    """Near miss: without a change after the bracket nothing is moved to the whole."""
    got = triples(BUDGET, "公务用车购置及运行维护费210.95万元（公务用车购置费96万元，比上年减少76万元；"
                          "公务用车运行维护费114.95万元，比上年减少19.5万元）。")
    assert "change_prior" not in values(got, "three_public.vehicle")
    assert values(got, "three_public.vehicle_operation")["change_prior"] == Decimal("-19.5")


def test_a_bracket_right_after_the_amount_is_its_breakdown():
    """No 其中 in the bracket: the parts are still the subject's, of its fund, and the change after
    it is the whole's (variants: fund totals, 三公, half-width brackets, 较 instead of 比)."""
    got = triples(BUDGET, "一般公共预算财政拨款支出1000.50万元（基本支出800.25万元，项目支出200.25万元），"
                          "较上年减少50.6万元，下降4.8%。")
    assert values(got, "expense.general.basic") == {"current": Decimal("800.25")}
    assert values(got, "expense.general.project") == {"current": Decimal("200.25")}
    assert values(got, "expense.general.total")["change_prior"] == Decimal("-50.6")
    assert "expense.basic" not in {m for m, _, _ in got}
    got = triples(Metadata(kind="final", year=2024),
                  "2024年度政府性基金预算财政拨款支出86万元(基本支出6万元,项目支出80万元),比2023年增加12万元。")
    assert values(got, "expense.gov_fund.project") == {"current": Decimal(80)}
    assert values(got, "expense.gov_fund.total")["change_prior"] == Decimal(12)


def test_a_bracket_not_after_an_amount_or_closed_gives_no_parent():
    """Near misses: a bracket after a name (not an amount) breaks nothing down, and after the
    bracket closes the next alias is no part of the whole."""
    got = triples(BUDGET, "一般公共预算财政拨款支出（不含上年结转）1000万元，基本支出800万元。")
    assert values(got, "expense.basic") == {"current": Decimal(800)}
    got = triples(BUDGET, "一般公共预算支出1000万元（含上年结转50万元），基本支出800万元。")
    assert values(got, "expense.basic") == {"current": Decimal(800)}


# --- a unit's name is not the 类 it contains; running headers are not text -------------------


def test_unit_names_holding_a_function_name_name_no_function():
    got = triples(BUDGET, "2026年湖州市卫生健康委员会各单位差旅费预算150.30万元，比上年预算数增长32.85万元，增长28.0%，"
                          "主要是公务出行根据业务需求增长。",
                  "2026年,福州市科学技术局(本级)收入预算为70109.24万元，比上年增加20041.13万元，增长40.03%。")
    assert not {m for m, _, _ in got if ".function." in m}
    # the 类 itself is still read
    got = triples(BUDGET, "卫生健康支出150.30万元，比上年增加32.85万元。", "交通运输支出100万元。")
    assert values(got, "expense.function.210") == {"current": Decimal("150.30"),
                                                   "change_prior": Decimal("32.85")}
    assert values(got, "expense.function.214") == {"current": Decimal(100)}


def _pages(*pages):
    return Document("header.pdf", "pdf", tuple(
        Page(n + 1, tuple(Line(t, n + 1, k + 1) for k, t in enumerate(lines)))
        for n, lines in enumerate(pages)))


HEADER = "苏州市交通运输局2026年度部门预算公开"


def test_running_header_is_not_glued_into_a_sentence_over_a_page_break():
    doc = _pages([HEADER, "一、财政拨款支出预算情况说明", "4.公路水路运输（款）航道维护（项）支出2,242.11万元，"],
                 [HEADER, "与上年相比减少210.84万元，减少8.6%。主要原因是航道项目预算支出减少。"],
                 [HEADER, "5.其他支出100万元。"])
    lexicon = load_lexicon()
    assert running_lines(doc, lexicon) == {HEADER}
    assert HEADER not in {line.text for line in prose_lines(doc, lexicon)}
    _, facts, _, _ = extract_narrative(doc, BUDGET, [])
    assert not [f for f in facts if f.measure == "expense.function.214"]
    # a text on two pages only, a statement and a numbered heading repeated at page tops stay
    doc = _pages([HEADER, "注：本部门无此项支出。", "一、项目概述", "a"], [HEADER, "注：本部门无此项支出。", "一、项目概述"],
                 ["注：本部门无此项支出。", "一、项目概述", "b"])
    assert running_lines(doc, lexicon) == set()


# --- a list that describes contents gives no fund to the next paragraphs ----------------------

SHENZHEN = ["深圳市文化广电旅游体育局（本级）预算67,152.73万元，包括在职人员经费7,099.54万元、公用经费1,074.16万元、"
            "对个人和家庭的补助支出1,511.14万元、增人增资334.90万元、项目支出57,132.99万元。",
            "（二）公用经费1,074.16万元，主要包括公用综合定额经费、水电费、物业管理费、工会经费和职工福利费等公用经费。",
            "（五）项目支出57,132.99万元，具体包括：",
            "1.预算准备金83.79万元，用于满足年度预算执行中因临时增加工作所需开支。"]


def test_project_spending_after_a_contents_list_is_all_funds():
    got = triples(BUDGET, *SHENZHEN)
    assert ("expense.project", "current", Decimal("57132.99")) in got
    assert not {m for m, _, _ in got if m.startswith("expense.general.project")}
    # "预算准备金83.79万元" is a reserve fund's amount, not the 项目支出's budget
    assert ("expense.project", "current", Decimal("83.79")) not in got


def test_a_list_with_figures_or_a_list_lead_keeps_its_fund():
    """Near misses: 其中 followed by parts, or ending its paragraph, still gives its fund."""
    got = triples(BUDGET, "一般公共预算财政拨款支出1962.78万元，其中：", "基本支出369.62万元。", "项目支出1593.16万元。")
    assert ("expense.general.basic", "current", Decimal("369.62")) in got
    assert ("expense.general.project", "current", Decimal("1593.16")) in got


# --- a name printed with a level marker is a classification item -----------------------------


def test_economic_kuan_listing_is_not_the_three_public_item():
    got = triples(Metadata(kind="budget", year=2017), "（8）公务接待费（款）支出16万元。", "（7）会议费（款）支出66.72万元。")
    assert not {m for m, _, _ in got if m in ("three_public.reception", "meeting_fee")}
    got = triples(Metadata(kind="budget", year=2017), "江苏省政协办公厅2017年度公务接待费支出443.50万元，占“三公”经费的65.60%。")
    assert values(got, "three_public.reception") == {"current": Decimal("443.50"),
                                                     "share": Decimal("65.60")}


# --- a reason's figure of one unit is not the department's change ----------------------------


def test_reason_naming_a_unit_states_that_units_part():
    got = triples(Metadata(kind="budget", year=2022),
                  "2022年会议费预算58.46万元，比2021年增加27.84万元，增幅90.89%；主要原因局本级会议费增加9.11万元，"
                  "社科院增加20.62万元。")
    assert {(b, v) for m, b, v in got if m == "meeting_fee"} == {
        ("current", Decimal("58.46")), ("change_prior", Decimal("27.84")),
        ("pct_change_prior", Decimal("90.89"))}
    # the department itself named in the reason is the department
    got = triples(Metadata(kind="budget", year=2022),
                  "会议费预算58.46万元，比2021年增加27.84万元，主要原因是本部门会议费增加27.84万元。")
    assert [v for m, b, v in got if m == "meeting_fee" and b == "change_prior"] == [Decimal("27.84")]


# --- shares under a fund's heading ------------------------------------------------------------


def test_share_of_a_class_under_the_government_fund_heading_is_of_that_fund():
    _, facts, _, _ = run(BUDGET, "二、政府性基金预算支出情况说明", "2026年政府性基金预算支出27600.00万元。",
                         "城乡社区（类）支出12600.00万元，占45.7%；其他（类）支出15000.00万元，占54.3%。")
    shares = {f.measure: f.of for f in facts if f.basis == "share"}
    assert shares == {"expense.gov_fund.function.212": "expense.gov_fund.total"}


# --- statements: what "无…" and "本表无数据" are about -------------------------------------------


def claims(meta: Metadata, *texts: str, tables=()) -> set:
    return {(c.kind, c.measure, c.value) for c in run(meta, *texts, tables=tables)[2]
            if c.kind in ("empty_statement", "no_expense")}


def test_none_statement_names_its_own_fund_not_the_subjects():
    got = claims(BUDGET, "深圳市民政局（本级）政府性基金预算支出19,336.15万元，无国有资本经营预算支出和上级专项转移支付支出预算。")
    assert got == {("empty_statement", "expense.soe_capital.total", "无国有资本经营预算支出")}
    # words naming no measure: the subject, as before
    got = claims(BUDGET, "因公出国（境）费0万元，本单位无此项支出。")
    assert got == {("no_expense", "three_public.overseas", "无此项支出")}
    # 无锡 is a city
    assert claims(BUDGET, "无锡市应急管理局2026年支出预算100万元。") == set()


def _table(index: int, role: str, line: int) -> TableInfo:
    return TableInfo(index, role, "表", 1, (1,), source=Source("inline.txt", 1, line))


def test_a_table_note_is_about_the_table_above_it():
    texts = ("公开10表 政府性基金预算支出表", "合计 770.00", "公开11表 国有资本经营预算支出预算表", "合计",
             "注：本部门无国有资本经营预算支出，故本表无数据。")
    tables = [_table(0, "budget_gov_fund", 2), _table(1, "budget_soe_capital", 4)]
    got = claims(BUDGET, *texts, tables=tables)
    assert got == {("empty_statement", "expense.soe_capital.total", "无国有资本经营预算支出"),
                   ("empty_statement", "expense.soe_capital.total", "本表无数据")}
    # under a table of another role the note names nothing we check
    tables = [_table(0, "budget_gov_fund", 2), _table(1, "performance_targets", 4)]
    got = claims(BUDGET, "表八 政府性基金预算支出表", "合计 770.00", "表十一 重点专项资金绩效目标表", "合计",
                 "备注:本单位主管无市级财力安排的重点专项资金,故此表无数据。", tables=tables)
    assert got == {("empty_statement", "", "故此表无数据")}


# --- a 类/款 label before ：names the item its sentence is about -----------------------------

FISCAL = Metadata(kind="budget", year=2018)


def test_total_word_after_a_kuan_label_is_the_kuans_spending():
    """江苏 检察院 2018: "（一）公共安全支出（类）检察（款）：2018年预算支出合计16,444.36万元。" is the
    款's spending, never the department's total; a 款 named without its 类 cannot be coded and its
    figure stays unattached. The variant: another 类/款, wording and numbers; the department's own
    sentence keeps its total."""
    got = triples(FISCAL, "五、财政拨款支出预算情况说明",
                  "本部门2018年财政拨款预算支出21,940.96万元，其中：",
                  "（一）公共安全支出（类）检察（款）：2018年预算支出合计16,444.36万元。",
                  "（二）社会保障和就业支出（类）",
                  "行政事业单位离退休（款）：2018年预算支出合计1,836.22万元。")
    assert values(got, "expense.fiscal.total") == {"current": Decimal("21940.96")}
    assert values(got, "expense.fiscal.function.20404") == {"current": Decimal("16444.36")}
    assert not [t for t in got if t[2] == Decimal("1836.22")]
    variant = triples(FISCAL, "六、财政拨款支出预算情况说明",
                      "住房保障支出（类）住房改革支出（款）：本年支出预算合计3,660.38万元，"
                      "比上年增加12.50万元。")
    item = {m for m, _, _ in variant if m.endswith(".function.22102")}
    assert len(item) == 1 and values(variant, item.pop()) == {
        "current": Decimal("3660.38"), "change_prior": Decimal("12.50")}
    assert not [m for m, _, _ in variant if m.endswith(".total")]


def test_statement_after_a_reason_may_open_with_a_year():
    """西安 医保局 2022: "…较上年减少29940.47万元，主要原因是…编报减少；2022年本部门财政拨款支出48054.42万元，
    …较上年减少29940.47万元": the year before the subject does not make the clause after ；part of
    the reason. Variant: another year, unit wording, direction and numbers; a reason that goes on
    after ；without a subject of its own stays a reason."""
    meta = Metadata(kind="budget", year=2025)
    got = triples(meta, "2025年本单位财政拨款收入1,250.30万元，较上年增加80.10万元，主要原因是人员增加；"
                        "2025年本单位财政拨款支出1,250.30万元，较上年增加80.10万元，增长6.8%。")
    assert values(got, "expense.fiscal.total") == {
        "current": Decimal("1250.30"), "change_prior": Decimal("80.10"),
        "pct_change_prior": Decimal("6.8")}
    reason = triples(meta, "2025年本单位财政拨款收入1,250.30万元，较上年增加80.10万元，主要原因是人员增加；"
                           "2024年调入3人，增加经费12万元。")
    assert {(m, b) for m, b, _ in reason} == {("income.fiscal", "current"),
                                              ("income.fiscal", "change_prior")}


def test_a_reasons_next_point_with_a_year_stays_in_the_reason():
    """广州 住建局 2026: "…主要原因是：一是…；二是2026年更新报废车辆较上年有所减少。其中：因公出国（境）费
    101.75万元…" — a year inside the reason's second point (not opening the clause) starts no
    statement (车辆 there is no subject), so the 三公 items after 其中 stay the total's parts.
    Variant: another year, numbers and first point."""
    text = ("2025年本部门财政拨款安排“三公”经费96.5万元，比上年减少8.2万元，下降7.8%，主要原因是：一是坚持过紧"
            "日子，压减一般性支出；二是2025年更新报废车辆较上年有所减少。其中：因公出国（境）费20.5万元，比上年"
            "增加0万元，增长0%，主要原因是与上年持平；公务接待费11万元，比上年减少3.2万元，下降22.5%，主要原因是"
            "厉行节约。")
    got = triples(Metadata(kind="budget", year=2025), text)
    assert values(got, "three_public.overseas") == {
        "current": Decimal("20.5"), "change_prior": Decimal(0), "pct_change_prior": Decimal(0)}
    assert values(got, "three_public.reception") == {
        "current": Decimal(11), "change_prior": Decimal("-3.2"), "pct_change_prior": Decimal("-22.5")}


# --- "(p%)" after a change, 同比 ------------------------------------------------------------


def test_a_rate_alone_in_brackets_after_a_change_is_its_rate():
    """"比上年减少5万元（9.09%）": the bracket holds the change's rate, signed as the change; a sign
    printed in the bracket is kept (variants: half-width brackets, 较2024年, an increase)."""
    got = triples(BUDGET, "机关运行经费50万元，比上年减少5万元（9.09%），主要原因是厉行节约。")
    assert values(got, "admin_operating_cost")["pct_change_prior"] == Decimal("-9.09")
    got = triples(BUDGET, "“三公”经费预算12.6万元，较2025年增加2.1万元(20%)。")
    assert values(got, "three_public.total")["pct_change_prior"] == Decimal(20)
    got = triples(BUDGET, "机关运行经费50万元，比上年55万元减少5万元（-9.09%）。")
    assert values(got, "admin_operating_cost")["pct_change_prior"] == Decimal("-9.09")


def test_a_bracket_that_is_not_a_rate_of_the_change_gives_none():
    """Near misses: a share in brackets after the amount, a rate after other words in the bracket,
    a rate in brackets after a current amount."""
    for text in ("机关运行经费50万元（占10%），比上年减少5万元。",
                 "公务接待费2万元，比上年减少0.5万元（主要是压减20%）。",
                 "机关运行经费50万元（10%）。"):
        got = triples(BUDGET, text)
        assert not [b for m, b, _ in got if b.startswith("pct_")], text


def test_year_on_year_is_a_comparison_with_the_prior_year():
    got = triples(BUDGET, "机关运行经费50万元，同比下降9.09%（减少5万元）。")
    assert values(got, "admin_operating_cost") == {
        "current": Decimal(50), "pct_change_prior": Decimal("-9.09"), "change_prior": Decimal(-5)}
    got = triples(Metadata(kind="final", year=2024), "一般公共预算财政拨款支出1000万元，同比上年增加10万元。")
    assert values(got, "expense.general.total")["change_prior"] == Decimal(10)
    # near miss: 同比 inside a reason is the reason's, not ours
    got = triples(BUDGET, "机关运行经费50万元，比上年减少5万元，主要原因是办公费同比下降20%。")
    assert "pct_change_prior" not in values(got, "admin_operating_cost")


# --- 相比变化: a signed change without a direction word ----------------------------------------


def test_a_change_word_after_a_comparison_takes_the_figures_sign():
    """"与上年相比变化-5万元" was read as a prior-year amount of 5: after a comparison, 变化/变动/
    增减 state a change whose sign the figure prints; a bare signed figure after the comparator
    too ("比上年-5万元")."""
    got = triples(BUDGET, "机关运行经费50万元，与上年相比变化-5万元。")
    assert values(got, "admin_operating_cost") == {"current": Decimal(50), "change_prior": Decimal(-5)}
    got = triples(BUDGET, "公务接待费3.6万元，较2025年变动-0.4万元，变动率-10%。")
    assert values(got, "three_public.reception") == {
        "current": Decimal("3.6"), "change_prior": Decimal("-0.4"), "pct_change_prior": Decimal(-10)}
    got = triples(Metadata(kind="final", year=2024), "机关运行经费60万元，较上年增减10万元，增减率20%。")
    assert values(got, "admin_operating_cost")["pct_change_prior"] == Decimal(20)
    got = triples(BUDGET, "机关运行经费50万元，比上年-5万元。")
    assert values(got, "admin_operating_cost") == {"current": Decimal(50), "change_prior": Decimal(-5)}


def test_a_change_word_without_a_comparison_states_nothing():
    """Near misses: 变动 with no comparison in the sentence, and a comparator's figure without a
    sign stays the basis's amount."""
    got = triples(BUDGET, "因人员变动，机关运行经费50万元。")
    assert values(got, "admin_operating_cost") == {"current": Decimal(50)}
    got = triples(BUDGET, "机关运行经费50万元，比上年55万元有所减少。")
    assert values(got, "admin_operating_cost") == {"current": Decimal(50), "prior": Decimal(55)}


# --- a share of the whole the sentence names; vehicles held, worded 实有/现有 -------------------


def shares(meta: Metadata, text: str) -> dict:
    return {f.measure: (f.value, f.of) for f in run(meta, text)[1] if f.basis == "share"}


def test_a_share_of_a_funds_whole_is_of_that_whole_not_the_departments():
    assert shares(BUDGET, "项目支出200万元，占一般公共预算当年拨款的20%。") == {
        "expense.project": (Decimal(20), "income.fiscal.general")}
    assert shares(BUDGET, "机关运行经费50万元，占一般公共预算支出的5%。") == {
        "admin_operating_cost": (Decimal(5), "expense.general.total")}
    assert shares(Metadata(kind="final", year=2024),
                  "基本支出800万元，占一般公共预算财政拨款支出的80%。") == {
        "expense.basic": (Decimal(80), "expense.general.total")}
    # near miss: the department's whole stays the department's
    assert shares(BUDGET, "基本支出800万元，占部门支出总额的80%。") == {
        "expense.basic": (Decimal(80), "expense.total")}


def test_vehicles_held_worded_shiyou_or_xianyou_with_their_categories():
    got = triples(BUDGET, "截至2025年12月31日，本单位实有车辆3辆，其中：机要通信用车1辆，应急保障用车2辆。")
    assert got == {("assets.vehicles", "current", Decimal(3)),
                   ("assets.vehicles.confidential", "current", Decimal(1)),
                   ("assets.vehicles.emergency", "current", Decimal(2))}
    assert triples(BUDGET, "本部门现有车辆12辆。") == {("assets.vehicles", "current", Decimal(12))}
    # near miss: vehicles a budget plans to buy are no holdings
    assert not {m for m, _, _ in triples(BUDGET, "2026年拟购置车辆2辆。") if m == "assets.vehicles"}


# --- a purchase plan goes on into the next sentence that names no holdings ---------------------


def test_equipment_after_a_purchase_plan_is_planned_not_held():
    """深圳 生态环境局 2026 p71 ("…18万元；" then a paragraph "单价100万元以上设备0台（套）、0万元，主要是
    无购置计划。") and 福州 交管支队 2026 p37 ("2026年单位预算安排购置车辆0辆，其中：…。单位价值100万元（含）
    以上设备0台（套）。"): the equipment is the plan's, not the 182 / 46 held."""
    for texts in (("2026年计划购置车辆9辆、162万元，报废更新；", "单价100万元以上设备0台（套）、0万元，主要是无购置计划。"),
                  ("2026年单位预算安排购置车辆0辆，其中：执法执勤用车0辆、其他用车0辆。单位价值100万元（含）以上设备0台（套）。",),
                  ("2026年拟购置公务用车3辆。", "单价50万元以上的专用设备2台，单价100万元以上设备1台。")):
        got = {f.measure for f in run(BUDGET, *texts)[1]}
        assert not {m for m in got if m.startswith("assets.")}, texts


def test_holdings_after_a_plan_or_before_it_are_held():
    """Near misses: a sentence naming holdings (截至…共有) after a plan, and equipment after holdings."""
    got = triples(BUDGET, "2026年计划购置车辆2辆。", "截至2025年底，本单位共有车辆5辆，单价100万元以上设备3台。")
    assert values(got, "assets.vehicles") == {"current": Decimal(5)}
    assert values(got, "assets.equipment_over_1m") == {"current": Decimal(3)}
    got = triples(BUDGET, "截至2025年12月31日，共有车辆233辆。单位价值100万元（含）以上设备46台（套）。")
    assert values(got, "assets.equipment_over_1m") == {"current": Decimal(46)}


# --- a total whose 其中 lists a carry-over is the total with it --------------------------------


def test_a_total_listing_a_carry_over_among_its_parts_is_the_total_with_it():
    """西安 公安局 2026 p9: "当年预算收入344,447.70万元，其中：…上年结转13,102.70万元…" was read as the
    current-year income (its sources then did not add up)."""
    got = triples(BUDGET, "本部门当年预算收入344,447.70万元，其中：一般公共预算拨款324,638.50万元、上年结转"
                          "13,102.70万元、上年实户资金余额3,262.49万元、其他收入3,444.00万元。")
    assert values(got, "income.grand_total") == {"current": Decimal("344447.70")}
    assert "income.total" not in {m for m, _, _ in got}
    got = triples(Metadata(kind="final", year=2024), "本单位2024年财政拨款收入1,200.50万元，包括一般公共预算"
                                                       "拨款收入1,000.00万元和上年结转200.50万元。")
    assert values(got, "income.fiscal.total_with_carryover") == {"current": Decimal("1200.50")}


@pytest.mark.parametrize("sentence", [
    "收入总计3,600.00万元，其中：本年收入3,456.78万元，上年结转143.22万元。",
    "收入总计3,600.00万元，包括本年收入3,456.78万元和上年结转143.22万元。",
    "部门收入预算3,600.00万元，其中：本年收入3,456.78万元、上年结转结余143.22万元。",
])
def test_the_years_income_listed_beside_the_carry_over_stays_the_years(sentence):
    """The total before 其中/包括 is the one with the carry-over; the 本年收入 listed beside the
    carry-over is the year's own total, not a second grand total (it was re-keyed with it)."""
    got = triples(BUDGET, sentence)
    assert values(got, "income.grand_total") == {"current": Decimal("3600.00")}
    assert values(got, "income.total") == {"current": Decimal("3456.78")}


def test_a_carry_over_outside_the_totals_list_leaves_the_total_current():
    """Near misses: the carry-over in its own clause, and a 其中 list of current-year sources."""
    got = triples(BUDGET, "本年收入合计100万元，上年结转20万元，收入总计120万元。")
    assert values(got, "income.total") == {"current": Decimal(100)}
    assert values(got, "income.grand_total") == {"current": Decimal(120)}
    got = triples(BUDGET, "本年收入100万元，其中：一般公共预算拨款收入80万元，其他收入20万元。")
    assert values(got, "income.total") == {"current": Decimal(100)}
    # a carry-over of 0 among the parts (长沙 公安局 2025): the two totals are equal, the current one stays
    got = triples(BUDGET, "2026年本单位收入预算68632.12万元，其中，一般公共预算拨款收入68632.12万元，"
                          "其他收入0.00万元，上年结转0.00万元。")
    assert values(got, "income.total") == {"current": Decimal("68632.12")}


@pytest.mark.parametrize("sentence, change, current", [
    ("项目支出比上年增加100.00万元，增至2,600.00万元。", "100.00", "2600.00"),
    ("项目支出较上年减少5.00万元，降至95.00万元。", "-5.00", "95.00"),
    ("与上年相比，项目支出增加100.00万元，增长4%，达到2,600.00万元。", "100.00", "2600.00"),
    ("项目支出比上年下降5.00万元，减少到95.00万元。", "-5.00", "95.00"),
])
def test_the_amount_a_change_brings_the_subject_to_is_its_current_figure(sentence, change, current):
    got = values(triples(BUDGET, sentence), "expense.project")
    assert got.get("change_prior") == Decimal(change)
    assert got.get("current") == Decimal(current)


def test_near_miss_a_rate_reaching_a_level_or_a_reasons_amount_is_no_current_figure():
    assert not triples(BUDGET, "项目支出执行率达到95%。")
    got = triples(BUDGET, "一般公共预算支出增加100.00万元，主要是人员经费达到1,000.00万元。")
    assert not [t for t in got if t[1] == "current"]
