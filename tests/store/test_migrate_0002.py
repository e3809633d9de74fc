"""Migration 0002 (unit identity, claims, cross findings) on a library written at revision 0001:
nothing stored is lost or changed, the new columns say "not known yet", and the first crosscheck
gives every old unit its identity."""

from __future__ import annotations

import sys

from alembic.config import main as alembic_main
from sqlalchemy import create_engine, text

from budgetlens.store import open_store
from budgetlens.store.migrate import MIGRATIONS
from budgetlens.store.units import resolve_all

from ..conftest import seed_path


def _alembic(url: str, *args: str, monkeypatch) -> None:
    monkeypatch.setattr(sys, "argv", ["alembic"])
    alembic_main(["-c", str(MIGRATIONS / "alembic.ini"), "-x", f"db={url}", *args])


def test_a_0001_library_upgrades_without_loss(db_url, monkeypatch):
    from budgetlens.ingest import ingest

    store = open_store(db_url)
    ingest(store, [str(seed_path("000")), str(seed_path("002"))])
    store.close()
    _alembic(db_url, "downgrade", "0001", monkeypatch=monkeypatch)  # as if written before 0002
    engine = create_engine(db_url)
    with engine.connect() as conn:
        before = conn.execute(text("SELECT id, name, name_key, region_code FROM units "
                                   "ORDER BY id")).all()
        facts = conn.execute(text("SELECT count(*) FROM facts")).scalar_one()
    engine.dispose()

    store = open_store(db_url)  # opening migrates to head
    try:
        with store.engine.connect() as conn:
            after = conn.execute(text("SELECT id, name, name_key, region_code FROM units "
                                      "ORDER BY id")).all()
            assert after == before
            assert conn.execute(text("SELECT count(*) FROM facts")).scalar_one() == facts
            assert conn.execute(text("SELECT count(*) FROM documents WHERE n_claims IS NOT NULL"
                                     )).scalar_one() == 0
        resolve_all(store.engine)
        with store.engine.connect() as conn:
            rows = conn.execute(text("SELECT name, identity_key, canonical_id FROM units")).all()
    finally:
        store.close()
    assert all(key and canonical for _, key, canonical in rows)
    assert len(rows) == len(before)
