"""Issue #8: a sentence dated last year and compared with that same year (重庆 2026 三公:
"2025年“三公”经费预算13.85万元,比2025年减少5.45万元"). No year is compared with itself: the date
misprints the document's year. Read as last year's figure, it contradicted the stated change and
the 三公 table (change-arithmetic and three-public-total errors). Synthetic variants of the
pattern, and near misses that keep the last-year reading. Assertions are (measure, basis, value)."""

from __future__ import annotations

from decimal import Decimal

from budgetlens.extract.narrative import extract_narrative
from budgetlens.model import Document, Line, Metadata, Page

BUDGET = Metadata(kind="budget", year=2026)


def values(meta: Metadata, text: str, measure: str) -> dict:
    lines = (Line(text, 1, 1),)
    facts = extract_narrative(Document("inline.txt", "text", (Page(1, lines),)), meta, [])[1]
    return {f.basis: f.value for f in facts if f.measure == measure}


def test_amount_dated_like_its_comparison_year_is_the_documents_year():
    got = values(BUDGET, "2025年“三公”经费预算13.85万元,比2025年减少5.45万元。", "three_public.total")
    assert got == {"current": Decimal("13.85"), "change_prior": Decimal("-5.45")}


def test_variant_other_measure_year_and_wording():
    meta = Metadata(kind="budget", year=2024)
    got = values(meta, "2023年公务接待费预算数为3.20万元，较2023年增加0.40万元。", "three_public.reception")
    assert got == {"current": Decimal("3.20"), "change_prior": Decimal("0.40")}


def test_last_years_figure_compared_with_the_year_before_stays_prior():
    """Compared with another year (2024 in a 2026 budget), the date is no misprint: the figure
    stays last year's and the comparison names no basis we check."""
    got = values(BUDGET, "2025年“三公”经费预算19.30万元，比2024年减少1.00万元。", "three_public.total")
    assert got.get("prior") == Decimal("19.30") and "current" not in got


def test_two_years_listed_keep_their_dates():
    got = values(BUDGET, "2026年“三公”经费预算数为7.61万元，2025年预算数为9.23万元。", "three_public.total")
    assert got == {"current": Decimal("7.61"), "prior": Decimal("9.23")}


def test_last_years_figure_after_this_years_stays_prior_when_compared():
    """The document's year was given its figure first: the comparison is between the two."""
    got = values(BUDGET, "2026年公务接待费预算5.00万元，2025年预算6.00万元，比2025年减少1.00万元。",
                 "three_public.reception")
    assert got == {"current": Decimal("5.00"), "prior": Decimal("6.00"),
                   "change_prior": Decimal("-1.00")}
