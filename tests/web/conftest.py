"""A real library for the page tests: the seeds, one unit's budgets of two years (Shanghai Putuo
万里街道 2024 and 2025), a final account, a Xi'an file whose tables break figures down by budget
unit, and one hostile file — a seed copied under a name with ``<script>`` and quotes, whose unit
name and item labels carry markup too — ingested once per session by the real ingest into a
SQLite file. The site (pages + API) is served by TestClient and, for the browser tests, by a
real uvicorn on a free port."""

from __future__ import annotations

import re
import sqlite3

import pytest

from ..conftest import CORPUS, seed_path
from ..live_server import live_server
from ..store.conftest import seed_files

PDFS = ("shanghai_putuo_wanli_2024_yusuan.pdf", "shanghai_putuo_wanli_2025_yusuan.pdf",
        "shaanxi_xian_ajj_2019_yusuan_tables.pdf", "shanghai_putuo_shgzb_2024_juesuan.pdf")
#: What the hostile file carries into its unit name and labels, and into its file name (no "/").
MARKUP = "<script>alert(\"x\")</script>'"
HOSTILE_NAME = "<script>alert(\"f\")<img src=x onerror=alert(1)>'q.txt"


def hostile_file(folder) -> str:
    """Seed 004 as another unit (行政审批服务中心, so that the real seed's unit stays as printed)
    with markup in every 行政运行 row label of its tables and in a sentence of its text."""
    text = seed_path("004").read_text("utf-8").replace("政务服务管理办公室", "行政审批服务中心")
    text = text.replace("\t行政运行\t", f"\t行政运行{MARKUP}\t")
    text = text.replace("2024 年部门预算情况说明", f"2024 年部门预算情况说明{MARKUP}", 1)
    path = folder / HOSTILE_NAME
    path.write_text(text, "utf-8")
    return str(path)


def mark_unit_name(path, hostile: str) -> None:
    """Give the hostile document's unit a name with markup. Why by SQL: extraction keeps only the
    printed name's Chinese run (markup never reaches ``units.name`` from a file), but names also
    come from elsewhere (a merge of units, a PostgreSQL library filled by other tools); pages and
    chart data must stay safe whatever the library holds."""
    conn = sqlite3.connect(str(path))
    with conn:
        (unit,) = conn.execute("SELECT unit_id FROM documents WHERE source = ?", (hostile,)).fetchone()
        conn.execute("UPDATE units SET name = name || ? WHERE id = ?", (MARKUP, unit))
        conn.execute("UPDATE documents SET unit_name = unit_name || ? WHERE unit_id = ?",
                     (MARKUP, unit))
    conn.close()


def csrf_of(body: str) -> str:
    """The CSRF token a page's form carries (the session's)."""
    found = re.search(r'name="csrf" value="([^"]+)"', body)
    assert found, "the page has no form with a CSRF token"
    return found.group(1)


@pytest.fixture(scope="session")
def library(tmp_path_factory):
    """(engine, path of the SQLite file) of the ingested library."""
    from budgetlens.ingest import ingest
    from budgetlens.store import open_store

    pdfs = [CORPUS / "pdf" / n for n in PDFS]
    if not all(p.exists() for p in pdfs):
        pytest.skip("../shared/corpus PDFs not available")
    folder = tmp_path_factory.mktemp("web")
    path = folder / "library.db"
    store = open_store(str(path))
    hostile = hostile_file(folder)
    tally = ingest(store, seed_files() + [str(p) for p in pdfs] + [hostile])
    assert tally.counts()["failed"] == 0
    mark_unit_name(path, hostile)
    yield store.engine, path
    store.close()


@pytest.fixture(scope="session")
def site(library):
    from fastapi.testclient import TestClient

    from budgetlens.web import create_site

    with TestClient(create_site(library[0])) as c:
        yield c


@pytest.fixture(scope="session")
def raw(library):
    """A plain sqlite3 connection to the same file: the reference pages are compared with."""
    conn = sqlite3.connect(str(library[1]))
    yield conn
    conn.close()


@pytest.fixture(scope="session")
def base_url(library):
    """The site on a real uvicorn server in a thread, stopped at the end of the session."""
    from budgetlens.web import create_site

    with live_server(create_site(library[0])) as url:
        yield url
