"""Migrations 0006 (a 读取存疑 finding's cause kept), 0007 (held uploads and failed logins in the
library) and 0008 (decisions on cross-document findings) on a library written at revision 0005, on SQLite and PostgreSQL: nothing stored changes,
the new columns are NULL and the new tables empty, a finding ingested afterwards keeps its cause,
and a downgrade to 0005 removes exactly what they added."""

from __future__ import annotations

from sqlalchemy import create_engine, inspect, text

from budgetlens.store import open_store
from budgetlens.store.migrate import current_revision, head_revision

from ..conftest import seed_path
from ..extract.reading_variants import name_lost, variant
from .test_migrate_0005 import _alembic, _snapshot

NEW_TABLES = {"held_uploads", "login_failures", "cross_review_decisions"}
NEW_COLUMNS = {"cause", "severity_as_read"}


def _finding_columns(url: str) -> set[str]:
    engine = create_engine(url)
    try:
        return {c["name"] for c in inspect(engine).get_columns("findings")}
    finally:
        engine.dispose()


def test_a_0005_library_upgrades_without_loss_and_keeps_causes(db_url, monkeypatch, tmp_path):
    from budgetlens.ingest import ingest

    store = open_store(db_url)
    ingest(store, [str(seed_path("002"))])
    store.close()
    _alembic(db_url, "downgrade", "0005", monkeypatch=monkeypatch)
    docs, findings, tables = _snapshot(db_url)
    assert not tables & NEW_TABLES and not _finding_columns(db_url) & NEW_COLUMNS

    store = open_store(db_url)  # opening migrates to head
    try:
        assert current_revision(store.engine) == head_revision()
        with store.engine.connect() as conn:
            for table in NEW_TABLES:
                assert conn.execute(text(f"SELECT count(*) FROM {table}")).scalar_one() == 0
            assert conn.execute(text("SELECT count(*) FROM findings WHERE cause IS NOT NULL "
                                     "OR severity_as_read IS NOT NULL")).scalar_one() == 0
        # seed 004 with two rows out of line: its 读取存疑 findings are stored with their cause
        shifted = variant(tmp_path, "name_lost", {"2080502": name_lost, "2080505": name_lost})
        ingest(store, [str(shifted)])
        with store.engine.connect() as conn:
            rows = conn.execute(text("SELECT category, cause, severity_as_read FROM findings "
                                     "WHERE cause IS NOT NULL")).all()
    finally:
        store.close()
    assert rows and {r[0] for r in rows} == {"unverified_reading"}
    assert {r[1] for r in rows} == {"columns-shifted"} and all(r[2] for r in rows)
    after_docs, after_findings, after_tables = _snapshot(db_url)
    assert after_docs[:len(docs)] == docs and after_findings[:len(findings)] == findings
    assert after_tables == tables | NEW_TABLES and NEW_COLUMNS <= _finding_columns(db_url)

    _alembic(db_url, "downgrade", "0005", monkeypatch=monkeypatch)
    assert _snapshot(db_url)[2] == tables and not _finding_columns(db_url) & NEW_COLUMNS
