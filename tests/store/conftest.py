"""Fixtures of the library tests: real inputs (seeds, corpus PDFs), real SQLite files in tmp
folders, and a real PostgreSQL server when ``BUDGETLENS_TEST_PG`` names one (skipped otherwise;
``scripts/start_postgres.sh`` starts one and prints its URL)."""

from __future__ import annotations

import os
import uuid
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from ..conftest import CORPUS, SEEDS

#: Small corpus PDFs: a Shanghai budget with narrative, a Jiangsu tables-only file, and a Xi'an file
#: whose tables break figures down by budget unit (units with a parent).
CORPUS_PDFS = ("shanghai_putuo_qfb_2025_yusuan.pdf", "jiangsu_rdcwh_bgt_2019_yusuan_tables.pdf",
               "shaanxi_xian_ajj_2019_yusuan_tables.pdf")
PG_ENV = "BUDGETLENS_TEST_PG"


def seed_files() -> list[str]:
    files = sorted(str(p) for p in SEEDS.glob("*.txt")) if SEEDS.exists() else []
    if not files:
        pytest.skip("../shared/seeds not available")
    return files


def corpus_files() -> list[str]:
    files = [CORPUS / "pdf" / n for n in CORPUS_PDFS]
    if not all(f.exists() for f in files):
        pytest.skip("../shared/corpus PDFs not available")
    return [str(f) for f in files]


_RESULTS: dict = {}


def pipeline_result(path: str):
    """The pipeline's Result for ``path`` (read, extract, audit), computed once per session: the
    reference the library's contents are compared with."""
    from budgetlens.pipeline import process

    if path not in _RESULTS:
        _RESULTS[path] = process(path)
    return _RESULTS[path]


def sqlite_url(folder: Path, name: str = "library.db") -> str:
    return "sqlite:///" + str(folder / name)


def postgres_schema(url: str) -> tuple[str, str]:
    """A new, empty schema of its own for one test, and the URL that makes it the search path.

    Why a schema per test rather than resetting ``public``: pytest-xdist runs tests of several
    workers against the same server at once, and a reset under another worker's feet drops its
    tables mid-test."""
    schema = f"t_{uuid.uuid4().hex[:12]}"
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text(f"CREATE SCHEMA {schema}"))
    engine.dispose()
    sep = "&" if "?" in url else "?"
    return schema, f"{url}{sep}options=-csearch_path%3D{schema}"


def drop_postgres_schema(url: str, schema: str) -> None:
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text(f"DROP SCHEMA IF EXISTS {schema} CASCADE"))
    engine.dispose()


def postgres_or_skip() -> tuple[str, str, str]:
    """The server URL of ``BUDGETLENS_TEST_PG``, a new schema of the test's own and the URL scoped to
    it; the test is skipped (not failed) when no server is named or the named one cannot be reached.
    Drop the schema with :func:`drop_postgres_schema` when done."""
    url = os.environ.get(PG_ENV)
    if not url:
        pytest.skip(f"no PostgreSQL server ({PG_ENV} not set; scripts/start_postgres.sh)")
    try:
        schema, scoped = postgres_schema(url)
    except Exception as exc:  # a server named but not reachable: say so, do not fail
        pytest.skip(f"PostgreSQL at {PG_ENV} not reachable: {exc}")
    return url, schema, scoped


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request, tmp_path):
    """A fresh, empty database: a SQLite file in tmp, and PostgreSQL (a schema of the test's own)
    when available."""
    if request.param == "sqlite":
        yield sqlite_url(tmp_path)
        return
    url, schema, scoped = postgres_or_skip()
    yield scoped
    drop_postgres_schema(url, schema)


@pytest.fixture
def library_engine(db_url):
    """The engine of a fresh library on each database of ``db_url``, the store closed after."""
    from budgetlens.store import open_store

    store = open_store(db_url)
    try:
        yield store.engine
    finally:
        store.close()
