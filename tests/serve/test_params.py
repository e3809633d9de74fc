"""The API's query parameters (serve/params.py) checked before the library is asked: paging
caps and cursor rules, drill-down dimensions and cuts, each refusal a stable code with both
languages, each with the near miss that passes."""

from __future__ import annotations

import pytest

from budgetlens.serve.params import (DOWNLOAD_MAX, PAGE_DEFAULT, PAGE_MAX, ApiError, Paging,
                                     document_filters, fact_filters, paging, parse_cuts,
                                     parse_drilldown)


def _refused(call, code: str) -> ApiError:
    with pytest.raises(ApiError) as info:
        call()
    assert info.value.code == code and info.value.status == 422
    assert info.value.message and info.value.message_en
    return info.value


def test_a_page_is_capped_by_its_format():
    """JSON pages default to PAGE_DEFAULT rows and refuse more than PAGE_MAX; a download
    takes every row up to DOWNLOAD_MAX. The near miss: exactly PAGE_MAX is a page."""
    assert Paging(None, 0, "json").resolve() == (PAGE_DEFAULT, 0)
    assert Paging(None, 20, "csv").resolve() == (DOWNLOAD_MAX, 20)
    assert Paging(PAGE_MAX, 0, "json").resolve() == (PAGE_MAX, 0)
    error = _refused(lambda: Paging(PAGE_MAX + 1, 0, "json").resolve(), "limit-too-large")
    assert str(PAGE_MAX) in error.message_en
    assert Paging(PAGE_MAX + 1, 0, "xlsx").resolve() == (PAGE_MAX + 1, 0)


def test_a_cursor_goes_without_an_offset():
    assert paging(limit=10, offset=0, format="json", after=42) == Paging(10, 0, "json", 42)
    _refused(lambda: paging(limit=10, offset=5, format="json", after=42), "bad-paging")
    assert paging(limit=10, offset=5, format="json", after=None).offset == 5


def test_drilldown_names_known_dimensions_once():
    assert parse_drilldown("year|region") == ("year", "region")
    assert parse_drilldown(None) == parse_drilldown("") == ()
    assert "colour" in _refused(lambda: parse_drilldown("year|colour"), "bad-drilldown").message_en
    _refused(lambda: parse_drilldown("year|year"), "bad-drilldown")


def test_cuts_are_dimension_value_pairs_checked_per_dimension():
    """A year, unit or document cut must be an integer; a region cut may be a prefix. Each
    malformed cut is refused by name."""
    assert parse_cuts("year:2026|region:3301") == {"year": "2026", "region": "3301"}
    assert parse_cuts(None) == {}
    for text in ("year", "year:", "colour:red", "year:二〇二六", "year:2025|year:2026"):
        _refused(lambda t=text: parse_cuts(t), "bad-cut")
    assert parse_cuts("kind:final") == {"kind": "final"}  # near miss: text where text is allowed


def test_fact_filters_keep_the_document_filters_and_add_their_own():
    base = document_filters(region="3301", year=2025, kind="budget", level=None, unit=None)
    both = fact_filters(base, measure="expense.", code="208", basis="current", document=None,
                        scope="all", value_kind="money")
    assert (both.region, both.year, both.kind, both.measure, both.code, both.value_kind) == \
        ("3301", 2025, "budget", "expense.", "208", "money")
