"""Regressions from reviewing every warning finding on the corpus (docs/corpus-findings.md,
"Warnings reviewed").

Each test runs the whole pipeline on a real corpus PDF and asserts projections of the findings
(rule, page, measure) or of the facts the identities were evaluated over: warnings that were false
alarms stay gone (without losing the check on documents where it holds data), and real defects stay
reported.
"""

from __future__ import annotations

from decimal import Decimal
import pytest

from ..conftest import corpus_result as run


def findings(result, severity: str = "warning") -> set[tuple[str, int | None, str]]:
    """(rule, page of the first evidence, measure) of every finding of one severity."""
    out = set()
    for f in result.audit.findings:
        if f.severity == severity:
            page = f.evidence[0].source.page if f.evidence else None
            out.add((f.rule, page, f.measure))
    return out


def stated(result, measure: str, basis: str = "current") -> list:
    return [f for f in result.disclosure.facts if f.measure == measure and f.basis == basis]


@pytest.mark.parametrize("name", ["jiangsu_jcy_2018_yusuan.pdf",
                                  "jiangsu_rdcwh_bgt_2019_yusuan_tables.pdf"])
def test_unit_reserve_column_is_a_part_of_the_expense_total(name):
    """江苏 支出预算总表 prints 合计 = 基本支出 + 项目支出 + 单位预留机动经费: the reserve column is
    read (expense.reserve) and the total adds up; the derived 一般公共预算项目支出 (total − 基本)
    holds the reserve, so it is compared with 项目支出 + 单位预留机动经费."""
    result = run(name)
    reserve = [f for f in stated(result, "expense.reserve") if f.origin == "table"]
    total = [f for f in stated(result, "expense.total") if f.origin == "table"]
    basic = [f for f in stated(result, "expense.basic") if f.origin == "table"]
    project = [f for f in stated(result, "expense.project") if f.origin == "table"]
    assert reserve and total and basic and project
    assert total[0].value == basic[0].value + project[0].value + reserve[0].value
    rules = {rule for rule, _, _ in findings(result) | findings(result, "error")}
    assert "expense-basic-project" not in rules
    assert "general-project-within-all-funds" not in rules


def test_unit_reserve_stated_in_the_text_only():
    """The text-only edition states `单位预留机动经费2557.89万元` in a sentence: read as
    expense.reserve, so the derived general-budget project spending is not a false alarm."""
    result = run("jiangsu_rdcwh_bgt_2019_yusuan_text.pdf")
    assert Decimal("2557.89") in {f.value for f in stated(result, "expense.reserve")}
    assert not {w for w in findings(result) if w[0] == "general-project-within-all-funds"}


@pytest.mark.parametrize("name, row", [
    ("shaanxi_xian_sjj_2026_yusuan_huizong.pdf", "302"),  # 30239 其他交通费用 as 人员经费
    ("shaanxi_xian_ybj_2022_yusuan.pdf", "302"),
    ("hunan_changsha_gaj_2025_yusuan.pdf", "302"),         # 30299 in the 人员经费 column
    ("chongqing_jxw_2026_yusuan_textlayout.pdf", "303"),  # 30307 医疗费补助 as 公用经费
])
def test_table_that_splits_its_rows_is_not_checked_against_the_301_303_convention(name, row):
    """A 基本支出 table printing 人员经费/公用经费 beside every row states its own classification
    (a 302 row in the 人员经费 column, a 303 row in 公用经费): personnel = 301 + 303 is then not
    assessable (the columns are still added up by hierarchy-basic-economic), not a warning."""
    result = run(name)
    column = "public" if row in ("301", "303") else "personnel"
    split = stated(result, f"expense.general.basic.economic.{row}.{column}")
    assert [f for f in split if f.origin == "table" and f.value]
    rules = {rule for rule, _, _ in findings(result)}
    assert not rules & {"basic-econ-personnel", "basic-econ-public"}
    assert {a.rule for a in result.audit.not_assessable} >= {"basic-econ-personnel", "basic-econ-public"}
    assert not [e for e in findings(result, "error") if e[0] == "hierarchy-basic-economic"]


@pytest.mark.parametrize("name, other", [("jiangsu_jcy_2018_yusuan.pdf", "14.39"),
                                         ("jiangsu_zxbgt_2018_yusuan_tables.pdf", "80.00")])
def test_other_funds_row_of_the_summary_is_a_source_of_income(name, other):
    """江苏 收支预算总表 lists 一、财政拨款 / 二、财政专户管理资金 / 三、其他资金: 其他资金 is read as
    a source (income.other), so 当年收入小计 = its sources holds."""
    result = run(name)
    others = [f for f in stated(result, "income.other") if f.origin == "table"]
    assert Decimal(other) in {f.value for f in others}
    rules = {rule for rule, _, _ in findings(result) | findings(result, "error")}
    assert not rules & {"income-total-sources", "income-total-sources-combined"}


def test_sentence_wrapped_over_lines_is_one_scope_for_its_sum():
    """普陀 社会福利院: `收入预算1,212.12万元，其中：财政拨款收入950.12万元，…；事业收入262.00万元；…`
    continues on the next PDF line; its sources are added up with its total (no warning)."""
    result = run("shanghai_putuo_shfly_2024_yusuan_danwei.pdf")
    parts = [f for f in result.disclosure.facts if f.origin == "text" and f.basis == "current"
             and f.measure in ("income.total", "income.fiscal", "income.business")
             and f.source.page == 6]
    assert {f.measure for f in parts} == {"income.total", "income.fiscal", "income.business"}
    assert len({f.scope for f in parts}) == 1
    assert not [w for w in findings(result) if w[0].startswith("income-total-sources")]


@pytest.mark.parametrize("name, balance", [("shaanxi_xian_ajj_2019_yusuan_tables.pdf", "40.93"),
                                           ("shaanxi_xian_sjj_2026_yusuan_huizong.pdf", "98.18")])
def test_prior_cash_balance_is_a_part_of_the_grand_total(name, balance):
    """陕西 收支总表: 收入总计 = 本年收入合计 + 上年实户资金余额 + 上年结转; the 实户资金 row is read
    (income.prior_cash_balance), so income-grand-total holds."""
    result = run(name)
    values = {round(f.value, 2) for f in stated(result, "income.prior_cash_balance")
              if f.origin == "table"}
    assert Decimal(balance) in values
    assert not [w for w in findings(result) if w[0] == "income-grand-total"]


def test_vehicles_planned_are_not_holdings():
    """长沙 公安局: `2025年拟新增配置公务用车6辆，其中，…特种专业技术用车0辆…` is a purchase plan; the
    holdings (`截至2024年12月底…特种专业技术用车12辆`) are the only assets.vehicles facts."""
    result = run("hunan_changsha_gaj_2025_yusuan.pdf")
    special = {f.value for f in stated(result, "assets.vehicles.special")}
    assert special == {Decimal("12")}
    assert not [w for w in findings(result) if w[2].startswith("assets.")]


def test_partial_list_of_changes_is_not_assessable():
    """涪陵 excerpt: `增加20.38万元，…主要原因是:一般公共预算财政拨款收入增加235.35万元、事业…` (the
    list is cut): a change of a source left out may have either sign, so the sum is recorded as
    not assessable rather than a warning."""
    result = run("p18_chongqing_fuling_zengfu_wsy_2024_juesuan.txt", folder="excerpts")
    assert Decimal("235.35") in {f.value for f in stated(result, "income.fiscal.general", "change_prior")}
    assert not [f for f in result.audit.findings if f.rule == "income-total-sources"]
    assert "income-total-sources" in {a.rule for a in result.audit.not_assessable}


def test_class_name_printed_without_zhichu_is_the_same_name():
    """陕西 收支总表 prints the 类 names short (`5、教育 3873.12`), the function tables in full
    (`205 教育支出`): one name up to a trailing 支出, not an inconsistency. 普陀 社会福利院's
    210 医疗卫生与计划生育支出 / 卫生健康支出 (the old and the new name) stays reported."""
    rsj = run("shaanxi_xian_rsj_2020_yusuan.pdf")
    assert not [w for w in findings(rsj) if w[0] == "form-code-name-inconsistent"]
    shfly = run("shanghai_putuo_shfly_2024_yusuan_danwei.pdf")
    assert [w for w in findings(shfly) if w[0] == "form-code-name-inconsistent"]


def test_list_style_target_table_with_two_projects_is_read_as_two():
    """重庆 一般性项目绩效目标表 lists projects as rows under one header (序号 | 项目名称 | … | 指标权重):
    each filled 项目名称 cell starts the next project, so the two projects' weights (100 each) are
    no longer added up as one project weighing 200."""
    result = run("chongqing_jxw_2026_yusuan_textlayout.pdf")
    weights: dict[str, list] = {}
    for f in result.disclosure.facts:
        if f.measure.startswith("performance.project.") and ".weight." in f.measure:
            weights.setdefault(f.measure.split(".weight.")[0], []).append(f)
    on_page = {p: fs for p, fs in weights.items() if {f.source.page for f in fs} == {31}}
    assert len(on_page) >= 2
    for fs in on_page.values():
        assert sum(f.value for f in fs) in (90, 100)
    assert not [w for w in findings(result) if w[0] == "performance-weights-standard"]


def test_bare_expense_word_does_not_point_back_to_an_income_subject():
    """陕西 wjw 政府性基金 section: `…年初结转和结余…，收入决算X万元，支出决算Y万元`: the bare 支出 (a
    context word) does not take the running income subject, so the income read from the text is
    only the table's income and measure-consistency has nothing to report."""
    result = run("shaanxi_xian_wjw_2022_juesuan_huizong.pdf")
    income = stated(result, "income.fiscal.gov_fund")
    text = {f.value for f in income if f.origin != "table"}
    table = {f.value for f in income if f.origin == "table"}
    assert text and table and text <= table
    assert not [w for w in findings(result) if w[0] == "measure-consistency"
                and w[2] == "income.fiscal.gov_fund"]


def test_sections_about_several_units_are_not_read_as_the_department():
    """深圳 人社局 部门预算支出具体情况 has one section per unit (一、…局（本级） 二、…仲裁院 …): a unit's
    公用经费 is not the department's, so it is not compared with the department's 机关运行经费;
    the department-level totals before those sections are still read."""
    result = run("guangdong_shenzhen_rsj_2026_yusuan_large.pdf")
    text = [f for f in result.disclosure.facts if f.origin != "table"]
    assert [f for f in text if f.measure == "admin_operating_cost"]
    assert [f for f in text if f.measure == "expense.total" and f.basis == "current"]
    assert not [f for f in text if f.measure == "expense.general.basic.public"]
    assert not [w for w in findings(result) if w[0] == "admin-cost-within-public"]


def test_a_single_unit_section_is_still_read():
    """深圳 审计局 prints one unit section (the department itself): its figures are the department's."""
    result = run("guangdong_shenzhen_sjj_2026_yusuan.pdf")
    assert [f for f in stated(result, "expense.general.basic.public") if f.origin != "table"]
