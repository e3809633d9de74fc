"""Migration 0009 (claims keep the box of their sentence; an index on facts.unit_id) on a library
written at revision 0008, on SQLite and PostgreSQL: nothing stored changes, the old claims' boxes
are NULL, a document ingested afterwards stores its claims' boxes as extraction gives them, the
index is there, and a downgrade to 0008 removes exactly what it added."""

from __future__ import annotations

from sqlalchemy import create_engine, inspect, text

from budgetlens.store import open_store
from budgetlens.store.migrate import current_revision, head_revision

from ..conftest import CORPUS, seed_path
from .test_migrate_0005 import _alembic, _snapshot

BOX = {"x0", "top", "x1", "bottom"}
PDF = CORPUS / "pdf" / "jiangsu_jcy_2018_yusuan.pdf"


def _shape(url: str) -> tuple[set[str], set[str]]:
    """(columns of claims, index names of facts)."""
    engine = create_engine(url)
    try:
        found = inspect(engine)
        return ({c["name"] for c in found.get_columns("claims")},
                {i["name"] for i in found.get_indexes("facts")})
    finally:
        engine.dispose()


def _claims(url: str) -> list[tuple]:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return conn.execute(text("SELECT id, document_id, kind, page, line, text FROM claims "
                                     "ORDER BY id")).all()
    finally:
        engine.dispose()


def test_0009_up_and_down_keeps_what_is_stored(db_url, monkeypatch):
    import pytest

    from budgetlens.ingest import ingest
    from budgetlens.pipeline import process

    if not PDF.exists():
        pytest.skip("../shared corpus not available")
    store = open_store(db_url)
    ingest(store, [str(seed_path("002"))])
    store.close()
    _alembic(db_url, "downgrade", "0008", monkeypatch=monkeypatch)
    columns, indexes = _shape(db_url)
    assert not columns & BOX and "ix_facts_unit_id" not in indexes
    docs, findings, tables = _snapshot(db_url)
    claims = _claims(db_url)

    store = open_store(db_url)  # opening migrates to head
    try:
        assert current_revision(store.engine) == head_revision()
        with store.engine.connect() as conn:
            assert conn.execute(text("SELECT count(*) FROM claims WHERE x0 IS NOT NULL"
                                     )).scalar_one() == 0
        ingest(store, [str(PDF)])
        with store.engine.connect() as conn:
            stored = conn.execute(text(
                "SELECT c.kind, c.page, c.line, c.x0, c.top, c.x1, c.bottom FROM claims c "
                "JOIN documents d ON d.id = c.document_id WHERE d.source = :s ORDER BY c.id"),
                {"s": str(PDF)}).all()
    finally:
        store.close()
    expected = [(c.kind, c.source.page, c.source.line, *c.source.bbox)
                for c in process(str(PDF)).disclosure.claims if c.source.bbox]
    assert stored and [tuple(r[:3]) + tuple(round(v, 3) for v in r[3:]) for r in stored] == \
        [tuple(e[:3]) + tuple(round(v, 3) for v in e[3:]) for e in expected]
    assert _claims(db_url)[:len(claims)] == claims
    after_docs, after_findings, after_tables = _snapshot(db_url)
    assert after_docs[:len(docs)] == docs and after_findings[:len(findings)] == findings
    assert after_tables == tables
    columns, indexes = _shape(db_url)
    assert BOX <= columns and "ix_facts_unit_id" in indexes

    _alembic(db_url, "downgrade", "0008", monkeypatch=monkeypatch)
    columns, indexes = _shape(db_url)
    assert not columns & BOX and "ix_facts_unit_id" not in indexes
    assert _claims(db_url)[:len(claims)] == claims and _snapshot(db_url)[2] == tables
