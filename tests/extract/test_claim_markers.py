"""Marker handlers of the claim engine (extract/claim_markers.py): the words that set up a claim
before its figure — a basis (年初预算为, 支出决算为), a completion (完成年初预算的), a share
(占…的) with what it is a share of, a qualifier naming the fund. Sentences in the shape the
disclosures print them, read by the real flow; each with its near miss (the same words in a
document of the other kind, the same alias without its qualifier)."""

from __future__ import annotations

from decimal import Decimal

from budgetlens.extract.narrative import read_narrative
from budgetlens.model import Document, Line, Metadata, Page

FINAL = ("2024年度一般公共预算财政拨款支出年初预算为500.00万元，支出决算为430.00万元，"
         "完成年初预算的86.00%。")


def _facts(text: str, kind: str = "final", year: int = 2024):
    document = Document("inline.txt", "text", (Page(1, (Line(text, 1, 1),)),))
    return [(f.measure, f.basis, f.value, f.of)
            for f in read_narrative(document, Metadata(kind=kind, year=year))[1].facts]


def test_basis_and_completion_words_of_a_final_account():
    assert _facts(FINAL) == [
        ("expense.general.total", "initial_budget", Decimal("500.00"), ""),
        ("expense.general.total", "current", Decimal("430.00"), ""),
        ("expense.general.total", "completion_initial_budget", Decimal("86.00"), "")]
    # near miss: in a budget the same words are not read as a final's bases (precision first)
    assert _facts(FINAL, "budget") == [("expense.general.total", "current", Decimal("500.00"), "")]


def test_a_share_names_what_it_is_a_share_of():
    facts = _facts("2024年度项目支出198.36万元，占本年支出合计的20.00%。")
    assert ("expense.project", "share", Decimal("20.00"), "expense.total") in facts


def test_a_qualifier_names_the_fund_of_the_alias_after_it():
    assert _facts("2024年度一般公共预算基本支出100.00万元。") == \
        [("expense.general.basic", "current", Decimal("100.00"), "")]
    assert _facts("2024年度基本支出100.00万元。") == \
        [("expense.basic", "current", Decimal("100.00"), "")]
