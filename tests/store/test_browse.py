"""The read-only questions of the query API (store/browse.py), on SQLite and PostgreSQL, over a
library of disclosures the test writes (tests/store/cross_library.py: a 黔江区 unit's 2023 and
2024 budgets and 2024 final account, another 黔江区 unit, a unit of 开州区): documents, facts,
findings and units by filter, one page after another, one record by id, and exact sums by
dimension. Near misses: a region code prefix of another district, an exact measure that is only
a prefix, an id no record has."""

from __future__ import annotations

from decimal import Decimal

import pytest

from budgetlens.store.browse import (Filters, aggregate, filter_names, finding_evidence,
                                     get_document, get_unit, list_documents, list_facts,
                                     list_findings, list_units)

from .conftest import drop_postgres_schema, postgres_or_skip, sqlite_url
from .cross_library import UNIT, cross_library, documents_by_name


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def library(request, tmp_path_factory):
    """One library per backend for the whole module: every question here only reads."""
    folder = tmp_path_factory.mktemp("browse")
    if request.param == "sqlite":
        url, drop = sqlite_url(folder), None
    else:
        server, schema, url = postgres_or_skip()
        drop = (server, schema)
    store, _, _ = cross_library(url, folder)
    yield store.engine, documents_by_name(store)
    store.close()
    if drop:
        drop_postgres_schema(*drop)


def _sources(page) -> list[str]:
    return sorted(r["source"].rsplit("/", 1)[-1] for r in page.rows)


def test_documents_by_region_prefix_and_page_after_page(library):
    engine, _ = library
    qianjiang = list_documents(engine, Filters(region="500114"), 10, 0)
    assert _sources(qianjiang) == ["b2023.txt", "b2024.txt", "f2024.txt", "other_unit.txt"]
    assert list_documents(engine, Filters(region="5001"), 10, 0).total == 5  # both districts
    assert list_documents(engine, Filters(region="500115"), 10, 0).rows == []
    assert _sources(list_documents(engine, Filters(kind="final"), 10, 0)) == ["f2024.txt"]
    first = list_documents(engine, Filters(), 2, 0)
    second = list_documents(engine, Filters(), 2, 0, after=first.next)
    assert first.total == second.total == 6  # the text that is no disclosure is listed too
    assert first.next == first.rows[-1]["id"] and second.rows[0]["id"] > first.next
    last = list_documents(engine, Filters(), 10, 0)
    assert last.next is None and len(last.rows) == 6


def test_one_document_with_its_counts_and_an_id_no_document_has(library):
    engine, ids = library
    doc = get_document(engine, ids["b2024.txt"])
    assert (doc["kind"], doc["year"], doc["unit_name"]) == ("budget", 2024, UNIT)
    assert doc["facts_by_basis"]["current"] >= 6 and doc["facts_by_basis"]["change_prior"] >= 4
    assert doc["superseded_by"] is None
    assert get_document(engine, max(ids.values()) + 100) is None


def test_facts_by_measure_prefix_basis_and_document(library):
    engine, ids = library
    f = Filters(measure="expense.general.", basis="current", document=ids["b2024.txt"])
    got = {r["measure"]: r["value"] for r in list_facts(engine, f, 100, 0).rows}
    assert got == {"expense.general.total": Decimal("500.00"),
                   "expense.general.basic": Decimal("380.00"),
                   "expense.general.project": Decimal("120.00")}
    exact = Filters(measure="expense.general", document=ids["b2024.txt"])
    assert list_facts(engine, exact, 100, 0).rows == []
    page = list_facts(engine, Filters(document=ids["b2024.txt"]), 3, 0)
    more = list_facts(engine, Filters(document=ids["b2024.txt"]), 3, 0, after=page.next)
    assert page.total == more.total and {r["id"] for r in page.rows}.isdisjoint(
        {r["id"] for r in more.rows})


def test_sums_by_year_count_each_document_once(library):
    engine, _ = library
    by_year = aggregate(engine, Filters(basis="current"), ("year",),
                        {"measure": "expense.general.total"})
    assert by_year == [{"year": 2023, "sum": Decimal("1440.00"), "facts": 3},
                       {"year": 2024, "sum": Decimal("930.00"), "facts": 2}]
    budgets = aggregate(engine, Filters(basis="current", kind="budget"), ("year", "region"),
                        {"measure": "expense.general.total", "year": "2024"})
    assert budgets == [{"year": 2024, "region": "500114", "sum": Decimal("500.00"), "facts": 1}]
    assert aggregate(engine, Filters(), (), {"measure": "expense.general.total", "region": "5002"}) \
        == []


def test_findings_with_their_evidence(library):
    engine, ids = library
    errors = list_findings(engine, Filters(severity="error"), 100, 0).rows
    assert errors and all(r["severity"] == "error" for r in errors)
    mine = list_findings(engine, Filters(document=ids["b2023.txt"]), 100, 0).rows
    assert mine and {r["document_id"] for r in mine} == {ids["b2023.txt"]}
    evidence = finding_evidence(engine, [mine[0]["id"]])
    assert evidence[mine[0]["id"]] and all("role" in e for e in evidence[mine[0]["id"]])
    assert finding_evidence(engine, []) == {}


def test_units_by_name_and_one_unit_with_its_other_names(library):
    engine, _ = library
    names = {r["name"] for r in list_units(engine, Filters(unit="测绘服务中心"), 10, 0).rows}
    assert names == {UNIT, f"{UNIT}（本级）", "重庆市开州区测绘服务中心"}
    (row,) = list_units(engine, Filters(unit=UNIT, region="500114"), 10, 0).rows[:1]
    unit = get_unit(engine, row["id"])
    assert [u["name"] for u in unit["same_unit"]] == [f"{UNIT}（本级）"]
    assert {d["year"] for d in unit["documents"]} == {2023, 2024}
    assert get_unit(engine, row["id"] + 1000) is None


def test_the_filters_the_api_may_name():
    assert {"region", "year", "measure", "scope", "value_kind"} <= set(filter_names())
    assert Filters().scope == "all"
