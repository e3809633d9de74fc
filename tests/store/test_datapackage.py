"""Fiscal Data Package export (store/datapackage.py) on SQLite and PostgreSQL: the package obeys
the specifications' rules (tests/store/fdp_check.py), holds exactly the money facts the selection
gives, with their values, documents and 类/款/项 columns as the library and the rules say, and
an aggregate's package sums as ``aggregate`` does."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from sqlalchemy import text

from budgetlens.rules.reference import function_name
from budgetlens.store import open_store
from budgetlens.store.browse import Filters, aggregate, list_facts
from budgetlens.store.datapackage import aggregate_package, facts_package

from .conftest import seed_files
from .fdp_check import check_package


@pytest.fixture
def seeded(db_url):
    from budgetlens.ingest import ingest

    store = open_store(db_url)
    ingest(store, seed_files())
    yield store
    store.close()


def test_facts_package_is_valid_and_exact(seeded):
    f = Filters(measure="expense.")
    descriptor, rows = check_package(facts_package(seeded.engine, f, query={"measure": "expense."}))
    expected = list_facts(seeded.engine, Filters(measure="expense.", value_kind="money"), 100_000, 0)
    assert descriptor["budgetlens"]["total"] == expected.total == len(rows["facts"]) > 100
    assert descriptor["budgetlens"]["selection"] == {"measure": "expense."}
    with seeded.engine.connect() as conn:
        stored = {i: (Decimal(str(v)), m, k) for i, v, m, k in conn.execute(
            text("SELECT id, value, measure, kind FROM facts"))}
        docs = dict(conn.execute(text("SELECT id, sha256 FROM documents")).all())
    for r in rows["facts"]:
        value, measure, kind = stored[r["fact_id"]]
        assert (r["value"], r["measure"], kind) == (value, measure, "money")
        assert r["direction"] == "expenditure" and r["currency"] == "CNY"
        assert r["phase"] in ("approved", "executed")
    assert {d["document_id"]: d["sha256"] for d in rows["documents"]} == {
        i: docs[i] for i in {r["document_id"] for r in rows["facts"]}}
    years = sorted({r["fiscal_year"] for r in rows["facts"]})
    assert descriptor["fiscalPeriod"] == {"start": f"{years[0]}-01-01", "end": f"{years[-1]}-12-31"}


def test_classification_columns_follow_the_code(seeded):
    _, rows = check_package(facts_package(seeded.engine, Filters(measure="expense.general.function.")))
    assert rows["facts"]
    for r in rows["facts"]:
        code = re.search(r"\.function\.(\d+)", r["measure"]).group(1)
        assert r["function_level1_code"] == code[:3]
        assert r["function_level1_label"] == (function_name(code[:3], r["fiscal_year"]) or None)
        assert r["function_level3_code"] == (code if len(code) == 7 else None)


def test_a_limited_package_says_it_is_truncated(seeded):
    descriptor, rows = check_package(facts_package(seeded.engine, Filters(), limit=5))
    assert len(rows["facts"]) == 5 and descriptor["budgetlens"]["truncated"] is True


def test_aggregate_package_sums_as_aggregate(seeded):
    f = Filters(measure="expense.total", basis="current", scope="document", value_kind="money")
    cells = aggregate(seeded.engine, f, ("year", "kind"), {})
    descriptor, rows = check_package(aggregate_package(seeded.engine, f, ("year", "kind"), {}))
    got = [(r["year"], r["kind"], r["sum"], r["facts"]) for r in rows["aggregate"]]
    assert got == [(c["year"], c["kind"], c["sum"], c["facts"]) for c in cells] and got
    assert descriptor["resources"][0]["schema"]["primaryKey"] == ["year", "kind"]


def test_the_code_decides_the_scheme():
    from budgetlens.store.datapackage import classification

    assert classification("expense.general.basic.economic.30101", 2024) == {
        "economic_level1_code": "301", "economic_level1_label": "工资福利支出",
        "economic_level2_code": "30101", "economic_level2_label": "基本工资"}
    # a function code printed in a family named economic is still a function code
    got = classification("expense.general.basic.economic.2080505.personnel", 2024)
    assert got["function_level1_code"] == "208" and got["function_level3_code"] == "2080505"
    assert "economic_level1_code" not in got
    assert classification("expense.total", 2024) == {}
