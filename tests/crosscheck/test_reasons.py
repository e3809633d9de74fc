"""Which measures a final account explains (crosscheck/reasons.py), on stored records the test
builds: a reason explains the figures of the nearest sentence before it on its page that states a
figure against the budget, within the check's line limit, and the measure it names itself. Near
misses: a reason too many lines below, on another page, before its figure, or after a figure on
another basis explains nothing."""

from __future__ import annotations

from decimal import Decimal

from budgetlens.crosscheck.reasons import find_reasons
from budgetlens.store.cross import StoredClaim, StoredFact

BASES = ("initial_budget",)


def _fact(measure: str, page: int, line: int, basis: str = "initial_budget") -> StoredFact:
    return StoredFact(measure, basis, Decimal("452.40"), 2, "money", "text", page, line, None, None,
                      None, "年初预算为452.40万元", None, None)


def _reason(page: int, line: int, measure: str = "") -> StoredClaim:
    return StoredClaim("reason", measure, "", page, line, "主要原因：机构改革人员变动。")


def _explained(facts, claims, max_lines: int = 6) -> set[str]:
    return set(find_reasons(1, True, facts, claims, BASES, max_lines).by_measure)


def test_a_reason_explains_the_figures_of_the_sentence_before_it():
    facts = [_fact("expense.basic", 3, 10), _fact("expense.project", 3, 14)]
    assert _explained(facts, [_reason(3, 15)]) == {"expense.project"}  # the nearest one
    assert _explained(facts, [_reason(3, 11)]) == {"expense.basic"}
    found = find_reasons(1, True, facts, [_reason(3, 15)], BASES, 6)
    assert found.reason_for("expense.project").text.startswith("主要原因")
    assert found.reason_for("expense.basic") is None


def test_near_misses_explain_nothing():
    facts = [_fact("expense.basic", 3, 10)]
    assert _explained(facts, [_reason(3, 17)]) == set()  # 7 lines below, limit 6
    assert _explained(facts, [_reason(3, 17)], max_lines=7) == {"expense.basic"}
    assert _explained(facts, [_reason(4, 11)]) == set()  # another page
    assert _explained(facts, [_reason(3, 9)]) == set()  # before its figure
    assert _explained([_fact("expense.basic", 3, 10, "current")], [_reason(3, 11)]) == set()


def test_a_reason_that_names_its_measure_explains_it_anywhere():
    assert _explained([], [_reason(9, 1, "three_public.total")]) == {"three_public.total"}
    assert not find_reasons(1, False, [], [], BASES, 6).kept
