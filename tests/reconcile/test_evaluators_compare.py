"""The identity ``compare`` (reconcile/evaluators_compare.py): Σ left against Σ right across
tables, on the package's rule ``implied-total-balance`` (income of the year + carry-over =
spending of the year + carry-forward where no grand total is printed) and facts the test makes:
it fires on an unbalanced table, and stays quiet where a declared alternative reading balances
(``alternatives``), where a grand total is printed (``unless_present``) and where the sides
differ by rounding only."""

from __future__ import annotations

import pytest

from .test_evaluators import fact, findings

RULE = "implied-total-balance"


def _table(income: str, carryover: str, expense: str, carried: str, *extra) -> list:
    return [fact("income.total", income), fact("income.carryover", carryover),
            fact("expense.total", expense), fact("carryforward.end", carried), *extra]


def test_an_unbalanced_table_is_a_finding_naming_both_sides():
    result, found = findings(_table("100.00", "20.00", "110.00", "5.00"), RULE)
    assert [(f.rule, f.stated, f.expected) for f in found] == [(RULE, "120.00", "115.00")]
    assert result.identities_evaluated == 1 and result.identities_held == 0


@pytest.mark.parametrize("expense, carried", [("100.00", "15.00"), ("85.00", "15.00")])
def test_a_declared_alternative_reading_that_balances_is_quiet(expense, carried):
    """100 + 20 ≠ 100 + 15, but 收入 alone = 支出 (+ 结转) — the document's own reading of its
    carry-over (北京 财政局 2026): one alternative holds, nothing is reported."""
    result, found = findings(_table("100.00", "20.00", expense, carried), RULE)
    assert all(f.rule != RULE for f in found) and result.identities_evaluated == 0


def test_a_printed_grand_total_makes_it_another_rules_comparison():
    result, found = findings(_table("100.00", "20.00", "110.00", "5.00",
                                    fact("income.grand_total", "120.00")), RULE)
    assert all(f.rule != RULE for f in found) and result.identities_evaluated == 0


def test_sides_apart_by_rounding_only_hold():
    """Near miss of the finding: 100.00 + 20.01 against 110.00 + 10.00 is 0.01 apart, within the
    rounding of four printed figures."""
    result, found = findings(_table("100.00", "20.01", "110.00", "10.00"), RULE)
    assert all(f.rule != RULE for f in found)
    assert result.identities_evaluated == 1 and result.identities_held == 1
