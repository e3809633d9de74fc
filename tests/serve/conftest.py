"""A real library for the API tests: the seeds and two corpus PDFs (a Shanghai budget with
narrative, and a Xi'an file whose tables break figures down by budget unit) ingested once per
session by the store's real ingest, into a SQLite file."""

from __future__ import annotations

import sqlite3

import pytest

from ..store.conftest import CORPUS, seed_files

PDFS = ("shanghai_putuo_qfb_2025_yusuan.pdf", "shaanxi_xian_ajj_2019_yusuan_tables.pdf")


@pytest.fixture(scope="session")
def library(tmp_path_factory):
    """(engine, path of the SQLite file) of the ingested library."""
    from budgetlens.ingest import ingest
    from budgetlens.store import open_store

    pdfs = [CORPUS / "pdf" / n for n in PDFS]
    if not all(p.exists() for p in pdfs):
        pytest.skip("../shared/corpus PDFs not available")
    path = tmp_path_factory.mktemp("serve") / "library.db"
    store = open_store(str(path))
    tally = ingest(store, seed_files() + [str(p) for p in pdfs])
    assert tally.counts()["failed"] == 0
    yield store.engine, path
    store.close()


@pytest.fixture(scope="session")
def client(library):
    from fastapi.testclient import TestClient

    from budgetlens.serve import create_app

    with TestClient(create_app(library[0])) as c:
        yield c


@pytest.fixture(scope="session")
def raw(library):
    """A plain sqlite3 connection to the same file: the reference the API is compared with,
    independent of the query layer."""
    conn = sqlite3.connect(str(library[1]))
    yield conn
    conn.close()
