"""The pages answer the same on PostgreSQL as on SQLite: the same inputs ingested into both and
each page's downloads compared (ids aside). Runs when ``BUDGETLENS_TEST_PG`` names a server
(``scripts/start_postgres.sh``), skipped otherwise; the library goes into a schema of its own,
dropped afterwards."""

from __future__ import annotations

import csv
import io

import pytest

from ..conftest import CORPUS
from ..store.conftest import drop_postgres_schema, postgres_or_skip, seed_files

PDFS = ("shanghai_putuo_wanli_2024_yusuan.pdf", "shanghai_putuo_wanli_2025_yusuan.pdf")
IDS = {"id", "document_id", "unit_id", "document", "unit", "budget_document", "final_document"}


def _inputs() -> list[str]:
    pdfs = [CORPUS / "pdf" / n for n in PDFS]
    if not all(p.exists() for p in pdfs):
        pytest.skip("../shared/corpus PDFs not available")
    return seed_files() + [str(p) for p in pdfs]


@pytest.fixture(scope="module")
def clients(tmp_path_factory):
    from fastapi.testclient import TestClient

    from budgetlens.ingest import ingest
    from budgetlens.store import open_store
    from budgetlens.web import create_site

    url, schema, scoped = postgres_or_skip()
    pg = open_store(scoped)
    lite = open_store(str(tmp_path_factory.mktemp("web_pg") / "library.db"))
    try:
        for store in (pg, lite):
            ingest(store, _inputs())
        with TestClient(create_site(pg.engine)) as a, TestClient(create_site(lite.engine)) as b:
            yield a, b
    finally:
        pg.close()
        lite.close()
        drop_postgres_schema(url, schema)


def _rows(client, path: str, **params) -> list[tuple]:
    r = client.get(path, params={**params, "format": "csv"})
    assert r.status_code == 200, (path, r.text[:300])
    rows = csv.DictReader(io.StringIO(r.content.decode("utf-8-sig")))
    return sorted(tuple(sorted((k, v) for k, v in row.items() if k not in IDS)) for row in rows)


def _ids(client, source_part: str) -> tuple[int, int]:
    docs = client.get("/api/documents", params={"limit": 1000}).json()["rows"]
    d = next(d for d in docs if source_part in d["source"])
    return d["id"], d["unit_id"]


def test_pages_agree_between_postgresql_and_sqlite(clients):
    pg, lite = clients
    (pa, pu), (la, lu) = _ids(pg, "wanli_2024"), _ids(lite, "wanli_2024")
    (pb, _), (lb, _) = _ids(pg, "wanli_2025"), _ids(lite, "wanli_2025")
    pairs = [(("/", {"dl": "documents"}),) * 2,
             (("/", {"dl": "documents", "q": "开州", "year": "2024"}),) * 2,
             ((f"/units/{pu}", {"dl": "totals"}), (f"/units/{lu}", {"dl": "totals"})),
             ((f"/units/{pu}", {"dl": "three_public"}), (f"/units/{lu}", {"dl": "three_public"})),
             ((f"/units/{pu}", {"dl": "findings"}), (f"/units/{lu}", {"dl": "findings"})),
             ((f"/documents/{pa}", {"dl": "table", "table": "2"}),
              (f"/documents/{la}", {"dl": "table", "table": "2"})),
             ((f"/documents/{pa}", {"dl": "claims"}), (f"/documents/{la}", {"dl": "claims"})),
             ((f"/treemap", {"dl": "treemap", "document": pa, "code": "208"}),
              (f"/treemap", {"dl": "treemap", "document": la, "code": "208"})),
             ((f"/compare", {"dl": "compare", "a": pa, "b": pb}),
              (f"/compare", {"dl": "compare", "a": la, "b": lb})),
             (("/items/201", {"dl": "item"}),) * 2]
    for (p_path, p_params), (l_path, l_params) in pairs:
        got = _rows(pg, p_path, **p_params)
        assert got and got == _rows(lite, l_path, **l_params), p_path
    for path in (f"/units/{pu}", f"/documents/{pa}", "/treemap", "/?q=万里"):
        assert pg.get(path).status_code == 200
