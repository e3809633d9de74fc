"""Statement checks on real seeds: empty tables (T10, both directions), reasons and direction (T4)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from budgetlens.model import Claim, Disclosure, Fact, Metadata, Source

from .form_support import corpus_file, disclose, edited, fired, rewritten, seed, seed_text


# --- form-empty-table-unexplained -----------------------------------------------------------


def test_empty_gov_fund_table_with_note_and_statement_is_quiet():
    assert fired(seed("004"), "form-empty-table-unexplained") == []


def test_empty_table_without_note_but_with_a_text_statement_is_quiet(tmp_path):
    disclosure = edited(tmp_path, "004", ("备注：本部门无该项收支，故此表无数据。", ""))
    assert fired(disclosure, "form-empty-table-unexplained") == []


def test_empty_table_without_note_or_statement_is_a_warning(tmp_path):
    disclosure = edited(tmp_path, "004", ("备注：本部门无该项收支，故此表无数据。", ""),
                        ("2024 年本部门无使用政府性基金预算拨款安排的支出，与上年保持一致。", ""))
    findings = fired(disclosure, "form-empty-table-unexplained")
    assert [f.severity for f in findings] == ["warning"]
    assert "政府性基金" in findings[0].evidence[0].source.text
    assert findings[0].evidence[0].source.table is not None


@pytest.mark.parametrize("sentence", [
    "2024年本部门政府性基金支出预算支出0万元。",  # 江苏 高院 2018 (a wording the reader does not parse)
    "2024年本部门政府性基金预算支出0.00万元，与上年持平。",
    "政府性基金拨款支出预算0万元，与2023年预算持平。",  # 上海 2026 单位
])
def test_a_zero_amount_of_the_fund_in_the_text_explains_its_empty_table(tmp_path, sentence):
    disclosure = edited(tmp_path, "004", ("备注：本部门无该项收支，故此表无数据。", ""),
                        ("2024 年本部门无使用政府性基金预算拨款安排的支出，与上年保持一致。", sentence))
    assert fired(disclosure, "form-empty-table-unexplained") == [], sentence


def test_an_amount_of_the_fund_other_than_zero_explains_nothing(tmp_path):
    # near miss: the sentence names the fund, with figures that are not zero
    disclosure = edited(tmp_path, "004", ("备注：本部门无该项收支，故此表无数据。", ""),
                        ("2024 年本部门无使用政府性基金预算拨款安排的支出，与上年保持一致。",
                         "2023年本部门政府性基金预算支出10.50万元。"))
    assert [f.severity for f in fired(disclosure, "form-empty-table-unexplained")] == ["warning"]


# --- form-empty-statement-contradicted ------------------------------------------------------


def test_none_statements_beside_zero_figures_are_quiet():
    for prefix in ("000", "001", "002", "003", "004"):
        assert fired(seed(prefix), "form-empty-statement-contradicted") == [], prefix


def test_none_statement_beside_non_zero_fund_figures_is_an_error(tmp_path):
    disclosure = edited(tmp_path, "000", (
        "2024年政府性基金预算收入836万元，", "本部门无政府性基金预算拨款安排的支出。2024年政府性基金预算收入836万元，"))
    findings = fired(disclosure, "form-empty-statement-contradicted")
    assert len(findings) == 1 and findings[0].severity == "error"
    roles = [e.role for e in findings[0].evidence]
    assert roles[0] == "statement" and "contradicting-figure" in roles
    assert findings[0].measure.startswith("expense.gov_fund")


def test_none_statement_about_the_prior_year_is_not_a_contradiction(tmp_path):
    disclosure = edited(tmp_path, "000", (
        "2024年政府性基金预算收入836万元，", "2023年无政府性基金预算拨款安排的支出。2024年政府性基金预算收入836万元，"))
    assert fired(disclosure, "form-empty-statement-contradicted") == []


# --- form-change-reason-missing / -minor ----------------------------------------------------


def test_changes_explained_in_place_or_through_their_parts_are_quiet():
    for prefix in ("000", "001", "002", "004"):
        assert fired(seed(prefix), "form-change-reason-missing") == [], prefix
        assert fired(seed(prefix), "form-change-reason-missing-minor") == [], prefix


def test_small_unexplained_change_in_a_seed_is_info():
    # seed 003: "项目支出12.38万元，比2023年增加0.03万元，主要用于…" gives a purpose, not a reason
    findings = fired(seed("003"), "form-change-reason-missing-minor")
    assert [(f.severity, f.measure, f.stated) for f in findings] == [
        ("info", "expense.general.project", "0.03")]
    assert fired(seed("003"), "form-change-reason-missing") == []


def test_change_without_reason_is_a_warning(tmp_path):
    disclosure = edited(tmp_path, "004", ("主要原因为本年新增人员，导致办公费等公用经费增加；", ""))
    findings = fired(disclosure, "form-change-reason-missing")
    assert [(f.severity, f.measure, f.stated) for f in findings] == [
        ("warning", "admin_operating_cost", "4.3")]
    assert findings[0].evidence[0].source.line is not None


# --- form-change-direction-mismatch ---------------------------------------------------------


def test_direction_words_agree_on_seeds():
    for prefix in ("000", "001", "002", "003", "004"):
        assert fired(seed(prefix), "form-change-direction-mismatch") == [], prefix


def test_flat_wording_beside_a_stated_increase_is_a_warning(tmp_path):
    text = seed_text("004").replace("比2023年增加4.3万元", "与2023年保持一致，比2023年增加4.3万元", 1)
    findings = fired(rewritten(tmp_path, "004", text), "form-change-direction-mismatch")
    assert [(f.severity, f.measure) for f in findings] == [("warning", "admin_operating_cost")]
    assert [e.role for e in findings[0].evidence] == ["direction-word", "stated-change"]


def test_a_change_the_text_calls_immaterial_needs_no_reason(tmp_path):
    disclosure = edited(tmp_path, "004", ("主要原因为本年新增人员，导致办公费等公用经费增加；", "与上年基本持平；"))
    assert fired(disclosure, "form-change-reason-missing") == []


def test_a_reason_sentence_a_few_lines_later_explains_the_change():
    # 上海普陀区财政局 2025: "…比2024年预算增加107.62万元。" then, three lines on,
    # "财政拨款收入支出增加的主要原因是人员经费增加…"
    disclosure = disclose(str(corpus_file("pdf/shanghai_putuo_czj_2025_yusuan.pdf")))
    assert fired(disclosure, "form-change-reason-missing") == []


def test_a_change_called_a_normal_adjustment_is_explained():
    # 西安市人社局 2020: "较上年减少12.21万元，属于本年度劳动监察业务经费的正常压缩"
    disclosure = disclose(str(corpus_file("pdf/shaanxi_xian_rsj_2020_yusuan.pdf")))
    assert fired(disclosure, "form-change-reason-missing") == []
    assert fired(disclosure, "form-change-reason-missing-minor") == []


# --- issue #8: the fund a statement is about ------------------------------------------------


def test_none_of_another_fund_beside_the_subjects_figures_is_quiet(tmp_path):
    """深圳 民政局: "…政府性基金预算支出19,336.15万元，无国有资本经营预算支出和上级专项转移支付支出预算。"
    denies 国有资本经营, not the 政府性基金 of its subject."""
    disclosure = edited(tmp_path, "000", (
        "2024年政府性基金预算收入836万元，政府性基金预算支出836万元，",
        "2024年政府性基金预算收入836万元，政府性基金预算支出836万元，无国有资本经营预算支出和上级专项转移支付支出预算，"))
    assert fired(disclosure, "form-empty-statement-contradicted") == []
    (tmp_path / "own").mkdir()
    disclosure = edited(tmp_path / "own", "000", (
        "2024年政府性基金预算收入836万元，政府性基金预算支出836万元，",
        "2024年政府性基金预算收入836万元，政府性基金预算支出836万元，无政府性基金预算支出，"))
    assert [f.measure.split(".")[1] for f in fired(disclosure, "form-empty-statement-contradicted")] \
        == ["gov_fund"]


def _claim_case(text: str, value: str, measure: str = "") -> Disclosure:
    claim = Claim("empty_statement", text, Source("case.pdf", 21, 12, text=text), measure, "", value)
    fund = Fact("expense.gov_fund.total", "current", Decimal("579.89"),
                Source("case.pdf", 7, 3, table=0, row=3, column=1, text="579.89"), 2, "money",
                "table", "table:0", "政府性基金预算支出")
    return Disclosure("case.pdf", Metadata(kind="budget", year=2026), facts=(fund,),
                      claims=(claim,))


def test_a_note_is_about_its_own_clause_not_the_titles_glued_before_it():
    """重庆 气象局: table titles without 。 glue into the note under 表十一 (重点专项资金): the 政府性基金
    of 表八's title is not what "故此表无数据" denies."""
    glued = ("表八2026年政府性基金预算支出表单位名称:重庆市气象局 单位:万元表十一2026年市级重点专项资金绩效目标表"
             "备注:本单位主管无市级财力安排的重点专项资金,故此表无数据。")
    assert fired(_claim_case(glued, "故此表无数据"), "form-empty-statement-contradicted") == []
    # the fund named in the note's own clause still counts
    own = "备注:本部门无政府性基金预算,故此表无数据。"
    assert len(fired(_claim_case(own, "故此表无数据"), "form-empty-statement-contradicted")) == 1


# --- issue #8: a total's change explained by the list of parts it announces ------------------

_LISTED = ("{opening}2024年“三公”经费预算{total}万元，比2023年减少{change}万元，{lead}\n"
           "{n1}因公出国（境）费用0万元，与2023年保持一致。\n"
           "{n2}公务用车运行维护费1.90万元，与2023年保持一致。\n"
           "{n3}公务用车购置费0万元，与2023年一致无变化。\n"
           "{n4}公务接待费{reception}万元，比2023年减少{part}万元。\n"
           "主要用于接待上级部门调研、经验交流等支出。\n"
           "{reason}")


def _listed(tmp_path, lead: str, reason: str, total: str = "12.90", change: str = "12.10",
            numbers=("1.", "2.", "3.", "4."), opening: str = ""):
    """Seed 004 with its 三公 paragraph rewritten as a total whose sentence announces the list
    of items below it, one item a paragraph (湖州 交通运输局 2026 prints it so over a page end)."""
    start = "2024年“三公”经费预算2.90万元"
    text = seed_text("004")
    i = text.index(start)
    j = text.index("\n", i)
    reception = str(Decimal(total) - Decimal("1.90"))
    block = _LISTED.format(total=total, change=change, lead=lead, reception=reception,
                           part=change, reason=reason, opening=opening,
                           **{f"n{k + 1}": n for k, n in enumerate(numbers)})
    return rewritten(tmp_path, "004", text[:i] + block + text[j:])


@pytest.mark.parametrize("lead", ["具体如下：", "具体情况如下：", "分项情况如下:", "明细如下："])
def test_a_change_announcing_its_parts_is_explained_by_their_reasons(tmp_path, lead):
    disclosure = _listed(tmp_path, lead, "减少的主要原因是严格落实过“紧日子”要求，压减接待开支。",
                         total="15.40", change="11.30")
    assert [f.measure for f in fired(disclosure, "form-change-reason-missing")] == []


def test_listed_parts_without_reasons_leave_the_total_unexplained(tmp_path):
    # near miss: the same list, but no item says why it changed
    disclosure = _listed(tmp_path, "具体如下：", "接待对象包括兄弟省（市、县）来访人员。")
    measures = sorted(f.measure for f in fired(disclosure, "form-change-reason-missing"))
    assert measures == ["three_public.reception", "three_public.total"]


def test_parts_far_below_a_sentence_that_announces_no_list_do_not_explain_it(tmp_path):
    # near miss: the total's sentence ends with a full stop and the items below are not numbered;
    # the part's reason is six lines below
    disclosure = _listed(tmp_path, "执行中将从严控制。",
                         "减少的主要原因是严格落实过“紧日子”要求，压减接待开支。", numbers=("",) * 4)
    assert [f.measure for f in fired(disclosure, "form-change-reason-missing")] == [
        "three_public.total"]


@pytest.mark.parametrize("lead, numbers", [
    ("执行中将从严控制。", ("1.", "2.", "3.", "4.")),  # 深圳 政府办公厅 2026: a numbered list follows
    ("执行中将从严控制。", ("（一）", "（二）", "（三）", "（四）")),
    ("执行中将从严控制。其中：", ("",) * 4),  # 无锡 人社局 2026: 其中： closes the printed line
    ("执行中将从严控制。其中，", ("",) * 4),  # 杭州 交通运输局 2026: "…增长85.2%。其中，公务用车购置支出…"
])
def test_a_list_that_follows_the_sentence_explains_it_through_its_items(tmp_path, lead, numbers):
    disclosure = _listed(tmp_path, lead, "减少的主要原因是严格落实过“紧日子”要求，压减接待开支。",
                         numbers=numbers)
    assert fired(disclosure, "form-change-reason-missing") == [], (lead, numbers)


def test_a_change_the_sentence_gives_a_frugality_policy_for_is_explained(tmp_path):
    # 北京 经信局 2026: "落实厉行节约要求，2026年财政拨款“三公”经费预算…减少13.45万元"
    disclosure = _listed(tmp_path, "执行中将从严控制。", "接待对象包括兄弟省（市、县）来访人员。",
                         numbers=("",) * 4, opening="落实厉行节约要求，")
    assert [f.measure for f in fired(disclosure, "form-change-reason-missing")] == [
        "three_public.reception"]
