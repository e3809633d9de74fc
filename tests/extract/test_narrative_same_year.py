"""A comparison dated with the document's own year (issue #8 item 4, session 8): "比2025年预算减少2万元"
in a 2025 final account is the comparison with the budget ("比预算"), read by the comparators of
the document's kind; in a budget "比2026年…" names no basis we know and the change stays unattached.
The previous year stays the prior year, as before."""

from __future__ import annotations

from decimal import Decimal

import pytest

from budgetlens.extract.narrative import extract_narrative
from budgetlens.model import Document, Line, Metadata, Page


def triples(kind: str, year: int, text: str) -> set:
    lines = (Line(text, 1, 1),)
    facts = extract_narrative(Document("t.txt", "text", (Page(1, lines),)), Metadata(kind=kind, year=year), [])[1]
    return {(f.measure, f.basis, f.value) for f in facts}


@pytest.mark.parametrize("comparison", ["比2025年预算", "比2025年年初预算", "较2025年度预算数", "与2025年预算相比"])
def test_the_documents_own_year_in_a_final_account_is_its_budget(comparison):
    got = triples("final", 2025, f"2025年“三公”经费支出决算为10万元，{comparison}减少2万元，下降16.67%。")
    assert got == {("three_public.total", "current", Decimal(10)),
                   ("three_public.total", "change_initial_budget", Decimal(-2)),
                   ("three_public.total", "pct_change_initial_budget", Decimal("-16.67"))}


def test_the_previous_year_is_still_the_prior_year():
    got = triples("final", 2025, "2025年“三公”经费支出决算为10万元，比2024年减少2万元。")
    assert ("three_public.total", "change_prior", Decimal(-2)) in got


@pytest.mark.parametrize("kind, year, comparison", [
    ("budget", 2026, "比2026年年初预算"),   # a budget has no budget of its own year to compare with
    ("budget", 2026, "比2026年"),           # a typo for the previous year is not guessed
    ("final", 2025, "比2025年"),            # the year alone names no budget
    ("final", 2025, "比2023年预算"),        # another year: no basis, as before
])
def test_a_same_year_comparison_without_a_known_basis_stays_unattached(kind, year, comparison):
    got = triples(kind, year, f"{year}年“三公”经费预算数为10万元，{comparison}减少2万元。")
    assert not {b for _, b, _ in got if b.startswith("change")}
