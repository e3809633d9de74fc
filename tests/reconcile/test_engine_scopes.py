"""measure-consistency between two 口径 of one total (issue #8): a figure that equals the printed
wider total (收入总计, 支出总计) or differs by exactly a printed part outside the narrower one
(上年结转, 上级补助收入) is a warning; any other difference stays an error. Figures from 陕西
科技局 and 烟台 人社局 2022/2026 budgets (corpus/wide)."""

from budgetlens.reconcile import reconcile

from .test_engine import disclosure, project, rules


def _consistency(text: str):
    audit, _ = reconcile(disclosure(text), rules("measure-consistency"))
    return [(s, m) for r, s, m, b in project(audit) if r == "measure-consistency"]


def test_text_total_equal_to_the_grand_total_is_a_warning():
    """陕西 科技局: text 当年预算收入 94386.49 (cut) is the 收支总表's 收入总计 94386.499996, not its
    本年收入合计 93664.788433."""
    found = _consistency("""
table:1 income.total current 93664.788433 本年收入合计
table:1 income.grand_total current 94386.499996 收入总计
text:3:4 income.total current 94386.49 收入预算
""")
    assert found == [("warning", "income.total")]


def test_text_total_equal_to_nothing_printed_stays_an_error():
    found = _consistency("""
table:1 income.total current 93664.788433 本年收入合计
table:1 income.grand_total current 94386.499996 收入总计
text:3:4 income.total current 94486.49 收入预算
""")
    assert found == [("error", "income.total")]


def test_totals_differing_by_the_superior_subsidy_outside_the_total_are_a_note():
    """烟台 人社局: 收支总表 本年收入合计 191,221.79 lists 上级补助收入 173.00 below it; the 收入总表's
    合计 191,394.79 includes it: two tables in two printed 口径, a note since session 9."""
    found = _consistency("""
table:1 income.total current 191221.79 本年收入合计
table:1:row:29 income.superior_subsidy current 173.00 上级补助收入
table:2 income.total current 191394.79 合计
table:2 income.superior_subsidy current 173.00 上级补助收入
""")
    assert found == [("info", "income.total")]


def _sums(text: str, rule: str):
    audit, _ = reconcile(disclosure(text), rules(rule))
    return [(s, m) for r, s, m, b in project(audit) if r == rule]


def test_operating_column_printed_inside_basic_and_project_is_a_warning():
    """深圳 生态环境局 支出总表: 211 支出总计 10,446.03 = 基本 1,043.32 + 项目 9,402.71, and 事业单位
    经营支出 9,118.50 printed beside them is an 其中 (the text budgets 经营支出 as a project)."""
    found = _sums("""
table:3 expense.function.211 current 10446.03 row=5
table:3 expense.function.211.basic current 1043.32 row=5
table:3 expense.function.211.project current 9402.71 row=5
table:3 expense.function.211.operating current 9118.50 row=5
""", "row-function-basic-project")
    assert found == [("warning", "expense.function.211")]


def test_operating_column_that_fits_neither_reading_stays_an_error():
    found = _sums("""
table:3 expense.function.211 current 10446.03 row=5
table:3 expense.function.211.basic current 1043.32 row=5
table:3 expense.function.211.project current 9302.71 row=5
table:3 expense.function.211.operating current 9118.50 row=5
""", "row-function-basic-project")
    assert found == [("error", "expense.function.211")]
