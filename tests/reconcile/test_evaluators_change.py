"""``share`` against the wholes a document offers (reconcile/evaluators_change.py, issue #8).

北京 2026 budgets print "2026年支出预算71094.17万元" (with 年终结转结余 1,776.86) and then "基本支出预算
45980.56万元，占本年支出预算66.33%": the share is of 基本支出 + 项目支出 (69,317.31), the whole the
sentence names (本年支出), not of the printed 支出预算. 杭州 prints "收入预算404,415.23万元" (with 上年结转结余)
where its 收入总表 has 本年收入合计 400,391.78. A share that matches one of the wholes on offer is no
error; one that matches none still is (江苏 人大 2017: 因公出国（境）费 8.75% of 三公 833.60).
"""

from decimal import Decimal as D

from budgetlens.model import Disclosure, Fact, Metadata, Source
from budgetlens.reconcile import reconcile
from budgetlens.rules.catalogue import load_rules

SHARE = next(r for r in load_rules() if r.id == "share-of-whole")
_row = iter(range(1, 10**6))


def fact(measure, basis, value, scope="text:6:1", of=""):
    table = scope.startswith("table")
    src = Source("case.pdf", 6, next(_row), table=0 if table else None, text=value)
    decimals = len(value.split(".")[1]) if "." in value else 0
    kind = "percent" if basis == "share" else "money"
    return Fact(measure, basis, D(value), src, decimals, kind, "table" if table else "text",
                scope, measure, of)


def share_errors(facts):
    result, diags = reconcile(Disclosure("case.pdf", Metadata(kind="budget", year=2026),
                                         facts=tuple(facts)), [SHARE])
    assert diags == []
    return [(f.severity, f.measure, f.stated, f.expected) for f in result.findings
            if f.severity != "info"]


BEIJING = [fact("expense.total", "current", "71094.17", "text:6:2"),
           fact("expense.basic", "current", "45980.56", "text:6:6"),
           fact("expense.basic", "share", "66.33", "text:6:6", of="expense.total"),
           fact("expense.project", "current", "23336.75", "text:6:8"),
           fact("expense.project", "share", "33.67", "text:6:8", of="expense.total")]


def test_share_of_basic_plus_project_when_the_printed_total_includes_the_carry_forward():
    assert share_errors(BEIJING) == []


def test_share_matching_no_whole_on_offer_is_an_error():
    wrong = BEIJING[:2] + [fact("expense.basic", "share", "60.33", "text:6:6", of="expense.total")]
    assert share_errors(wrong + BEIJING[3:]) == [("error", "expense.basic", "60.33", "64.68")]
    # without the 项目支出 figure there is no 基本 + 项目 candidate: the printed total alone
    alone = BEIJING[:3]
    assert share_errors(alone) == [("error", "expense.basic", "66.33", "64.68")]


def test_a_whole_within_the_print_wins_over_one_within_the_slack_only():
    """北京 统计局 2026 p5: 项目支出 18,147.49 "占本年支出预算35.63%" beside 支出预算 51,036.22
    (35.56: within 0.1 pp, beyond the print) and 基本支出 32,780.46 (基本 + 项目 = 50,927.95:
    35.633, as printed). The share is of the whole that explains it: quiet, no warning."""
    rules = [SHARE, next(r for r in load_rules() if r.id == "percent-beyond-printed-rounding")]
    facts = [fact("expense.total", "current", "51036.22", "text:5:3"),
             fact("expense.basic", "current", "32780.46", "text:5:6"),
             fact("expense.project", "current", "18147.49", "text:5:8"),
             fact("expense.project", "share", "35.63", "text:5:8", of="expense.total")]

    def found(facts):
        result, _ = reconcile(Disclosure("case.pdf", Metadata(kind="budget", year=2026),
                                         facts=tuple(facts)), rules)
        return [(f.rule, f.severity) for f in result.findings if f.severity != "info"]
    assert found(facts) == []
    # near miss: without 基本支出 no other whole explains it — beyond the print of the one named
    assert found([facts[0], *facts[2:]]) == [("percent-beyond-printed-rounding", "warning")]


def test_share_matching_another_printed_figure_of_its_whole_holds():
    """杭州 公安局: 收入预算 404,415.23 (text) beside 本年收入合计 400,391.78 (收支总表)."""
    facts = [fact("income.total", "current", "400391.78", "table:0"),
             fact("income.total", "current", "404415.23", "text:6:4"),
             fact("income.fiscal.general", "current", "366195.79", "text:6:8"),
             fact("income.fiscal.general", "share", "90.5", "text:6:8", of="income.total")]
    assert share_errors(facts) == []
    facts[-1] = fact("income.fiscal.general", "share", "95.5", "text:6:8", of="income.total")
    assert [e[:2] for e in share_errors(facts)] == [("error", "income.fiscal.general")]


def test_the_part_of_the_shares_own_sentence_comes_first():
    """江苏 政协 2017: "公务接待费支出443.50万元，占“三公”经费的65.60%" beside a 16万元 elsewhere."""
    facts = [fact("three_public.reception", "current", "16", "text:12:3"),
             fact("three_public.reception", "current", "443.50", "text:18:1"),
             fact("three_public.reception", "share", "65.60", "text:18:1", of="three_public.total"),
             fact("three_public.total", "current", "676.10", "table:0")]
    assert share_errors(facts) == []


def test_repeated_figures_are_one_candidate_and_every_share_is_still_checked():
    # a document repeating its figures (fuzz case text-2026-003316: one sentence printed
    # thousands of times) gives the same verdict per share as one printing, one finding each
    def paragraph(n):
        line = f"text:{n}:1"
        return [fact("expense.total", "current", "71094.17", line),
                fact("expense.basic", "current", "45980.56", line),
                fact("expense.basic", "share", "60.33", line, of="expense.total")]

    once = share_errors(paragraph(7) + BEIJING[3:])
    many = share_errors([f for n in range(7, 67) for f in paragraph(n)] + BEIJING[3:])
    assert once == [("error", "expense.basic", "60.33", "64.68")]
    assert many == once * 60
