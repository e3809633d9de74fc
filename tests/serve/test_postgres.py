"""The API answers the same on PostgreSQL as on SQLite: the same inputs ingested into both, every
list and aggregate compared (ids aside). Runs when ``BUDGETLENS_TEST_PG`` names a server
(``scripts/start_postgres.sh``), skipped otherwise. The library goes into a schema of its own,
dropped afterwards, so that other tests using that database in parallel are not disturbed."""

from __future__ import annotations


import pytest

from ..store.conftest import drop_postgres_schema, postgres_or_skip, seed_files
from .conftest import CORPUS, PDFS


@pytest.fixture(scope="module")
def pg_client():
    from fastapi.testclient import TestClient

    from budgetlens.ingest import ingest
    from budgetlens.serve import create_app
    from budgetlens.store import open_store

    url, schema, scoped = postgres_or_skip()
    store = open_store(scoped)
    try:
        ingest(store, seed_files() + [str(CORPUS / "pdf" / n) for n in PDFS])
        with TestClient(create_app(store.engine)) as client:
            yield client
    finally:
        store.close()
        drop_postgres_schema(url, schema)


def _without_ids(rows: list[dict]) -> list[dict]:
    return sorted((tuple(sorted((k, str(v)) for k, v in r.items()
                                if k not in ("id", "document_id", "unit_id", "read_at",
                                             "evidence"))) for r in rows))


@pytest.mark.parametrize("path, params", [
    ("/api/facts", {"region": "50", "limit": 1000}),
    ("/api/facts", {"measure": "expense.general.function.", "limit": 1000}),
    ("/api/findings", {"limit": 1000}),
    ("/api/documents", {}),
    ("/api/units", {"unit": "安全生产"}),
])
def test_lists_are_the_same_on_both_backends(client, pg_client, path, params):
    sqlite_body = client.get(path, params=params).json()
    pg_body = pg_client.get(path, params=params).json()
    assert pg_body["total"] == sqlite_body["total"] > 0
    assert _without_ids(pg_body["rows"]) == _without_ids(sqlite_body["rows"])


@pytest.mark.parametrize("params", [
    {"measure": "expense.", "drilldown": "year|region|measure"},
    {"measure": "expense.total", "drilldown": "kind", "cut": "region:50"},
])
def test_aggregates_are_the_same_on_both_backends(client, pg_client, params):
    sqlite_body = client.get("/api/aggregate", params=params).json()
    pg_body = pg_client.get("/api/aggregate", params=params).json()
    assert pg_body == sqlite_body and sqlite_body["cells"]


def test_aggregate_is_the_printed_figure_on_postgres(pg_client):
    """Issue #9 on PostgreSQL: each printed figure counted once, equal to the document's table."""
    from .test_aggregate import check_aggregate_is_the_printed_figure, check_drilldown_adds_printed_figures

    check_aggregate_is_the_printed_figure(pg_client)
    check_drilldown_adds_printed_figures(pg_client)


@pytest.mark.parametrize("q", ["社会保障", "支出", "局", "卫生健康", "208", "年部门预算"])
def test_search_is_the_same_on_both_backends(client, pg_client, q):
    """The same results in the same order: ranking does not depend on the backend's collation."""
    sqlite_body = client.get("/api/search", params={"q": q, "limit": 1000}).json()
    pg_body = pg_client.get("/api/search", params={"q": q, "limit": 1000}).json()
    assert pg_body["total"] == sqlite_body["total"] > 0

    def key(rows):
        return [(r["kind"], r["label"], r["name"]) if r["kind"] != "item" else
                (r["kind"], r["ref"], r["name"]) for r in rows]
    assert key(pg_body["rows"]) == key(sqlite_body["rows"])


def test_fiscal_data_package_is_the_same_on_both_backends(client, pg_client):
    from ..store.fdp_check import check_package

    params = {"measure": "expense.", "region": "31"}
    _, sqlite_rows = check_package(client.get("/api/facts.datapackage.zip", params=params).content)
    _, pg_rows = check_package(pg_client.get("/api/facts.datapackage.zip", params=params).content)
    skip = {"fact_id", "document_id", "unit_id"}
    assert len(pg_rows["facts"]) == len(sqlite_rows["facts"]) > 0
    assert [{k: v for k, v in r.items() if k not in skip} for r in pg_rows["facts"]] == [
        {k: v for k, v in r.items() if k not in skip} for r in sqlite_rows["facts"]]


def test_search_and_data_package_over_http_on_postgresql(pg_client):
    """The same routes over real HTTP (uvicorn) on the PostgreSQL library."""
    import httpx

    from budgetlens.serve import create_app

    from ..live_server import live_server
    from ..store.fdp_check import check_package

    with live_server(create_app(pg_client.app.state.engine)) as url:
        with httpx.Client(base_url=url, timeout=60) as http:
            found = http.get("/api/search", params={"q": "社会保障和就业", "kind": "item"}).json()
            assert found["rows"][0]["ref"] == "208"
            units = http.get("/api/units", params={"limit": 5}).json()["rows"]
            for u in units:
                two = "".join(u["name"].split())[:2]
                rows = http.get("/api/search", params={"q": two, "kind": "unit",
                                                       "limit": 1000}).json()["rows"]
                assert str(u["id"]) in {r["ref"] for r in rows}, two
            got = http.get("/api/facts.datapackage.zip", params={"code": "208"})
            _, rows = check_package(got.content)
            assert rows["facts"] and all(r["function_level1_code"] == "208" for r in rows["facts"])


def test_keyset_pages_and_streamed_downloads_over_http_on_postgresql(pg_client, monkeypatch):
    """Following ``next`` walks each list once in id order, as on SQLite (test_keyset.py), and
    a CSV download streamed in small keyset batches equals the walk."""
    import httpx

    from budgetlens.serve import create_app

    from ..live_server import live_server
    from .test_keyset import LISTS, _csv_ids, check_keyset_walk, walk

    monkeypatch.setattr("budgetlens.serve.app.DOWNLOAD_BATCH", 97)
    with live_server(create_app(pg_client.app.state.engine)) as url:
        with httpx.Client(base_url=url, timeout=60) as http:
            for path, params in LISTS:
                check_keyset_walk(http, path, params)
            ids, total = walk(http, "/api/facts", {"region": "50"}, 1000)
            got = http.get("/api/facts", params={"region": "50", "format": "csv"})
            assert total > 97 and _csv_ids(got.content) == ids
