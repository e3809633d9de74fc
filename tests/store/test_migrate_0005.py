"""Migration 0005 (accounts, review decisions, sign-offs, admin log, settings) on a library
written at revision 0004, on SQLite and PostgreSQL: nothing stored changes, the new tables start
empty, and a downgrade removes exactly them."""

from __future__ import annotations

import sys

from alembic.config import main as alembic_main
from sqlalchemy import create_engine, inspect, text

from budgetlens.store import open_store
from budgetlens.store.migrate import MIGRATIONS, current_revision, head_revision

from ..conftest import seed_path

NEW = {"users", "review_decisions", "review_signoffs", "admin_log", "site_settings"}


def _alembic(url: str, *args: str, monkeypatch) -> None:
    monkeypatch.setattr(sys, "argv", ["alembic"])
    alembic_main(["-c", str(MIGRATIONS / "alembic.ini"), "-x", f"db={url}", *args])


def _snapshot(url: str) -> tuple:
    engine = create_engine(url)
    with engine.connect() as conn:
        docs = conn.execute(text("SELECT id, sha256, source, n_findings FROM documents "
                                 "ORDER BY id")).all()
        findings = conn.execute(text("SELECT id, rule, measure, basis FROM findings "
                                     "ORDER BY id")).all()
    tables = set(inspect(engine).get_table_names())
    engine.dispose()
    return docs, findings, tables


def test_a_0004_library_upgrades_without_loss(db_url, monkeypatch):
    from budgetlens.ingest import ingest

    store = open_store(db_url)
    ingest(store, [str(seed_path("002"))])
    store.close()
    _alembic(db_url, "downgrade", "0004", monkeypatch=monkeypatch)
    docs, findings, tables = _snapshot(db_url)
    assert not tables & NEW and docs and findings

    store = open_store(db_url)  # opening migrates to head
    try:
        assert current_revision(store.engine) == head_revision()
        with store.engine.connect() as conn:
            for table in NEW:
                assert conn.execute(text(f"SELECT count(*) FROM {table}")).scalar_one() == 0
    finally:
        store.close()
    after_docs, after_findings, after_tables = _snapshot(db_url)
    assert (after_docs, after_findings) == (docs, findings)
    # nothing removed; 0005's tables added (later revisions add their own: test_migrate_0007.py)
    assert tables <= after_tables and NEW <= after_tables - tables
