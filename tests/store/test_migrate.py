"""Migrations: a database migrated to head is exactly the ORM metadata; opening migrates once."""

from __future__ import annotations

import sys

from alembic.autogenerate import compare_metadata
from alembic.config import main as alembic_main
from alembic.runtime.migration import MigrationContext
from sqlalchemy import create_engine, inspect

from budgetlens.store import open_store
from budgetlens.store.migrate import MIGRATIONS, current_revision, head_revision
from budgetlens.store.schema import Base


#: Objects of the backends' own text search (migration 0004) that the metadata cannot describe:
#: SQLite's FTS5 table and its shadow tables, PostgreSQL's trigram and pattern indexes.
BACKEND_ONLY = ("search_fts", "ix_search_entries_trgm", "ix_facts_measure_pattern")


def _ours(name, type_, _parent_names) -> bool:
    return not (name or "").startswith(BACKEND_ONLY)


def _differences(url: str) -> list:
    engine = create_engine(url)
    with engine.connect() as conn:
        ctx = MigrationContext.configure(conn, opts={"compare_type": True,
                                                     "include_name": _ours})
        diff = compare_metadata(ctx, Base.metadata)
    engine.dispose()
    return diff


def test_alembic_upgrade_head_on_empty_db_equals_metadata(db_url, monkeypatch):
    # the shipped alembic.ini, as a user would run it: alembic -c … -x db=URL upgrade head
    monkeypatch.setattr(sys, "argv", ["alembic"])
    alembic_main(["-c", str(MIGRATIONS / "alembic.ini"), "-x", f"db={db_url}", "upgrade", "head"])
    assert _differences(db_url) == []
    engine = create_engine(db_url)
    assert set(inspect(engine).get_table_names()) >= set(Base.metadata.tables)
    engine.dispose()


def test_open_migrates_an_empty_database_once(db_url):
    store = open_store(db_url)
    try:
        assert current_revision(store.engine) == head_revision()
        assert _differences(db_url) == []
    finally:
        store.close()
    again = open_store(db_url)  # already at head: nothing to do, nothing breaks
    assert current_revision(again.engine) == head_revision()
    again.close()
