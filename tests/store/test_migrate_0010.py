"""Migration 0010 (a unit's printed code, ``units.code``) on a library written at revision 0009,
on SQLite and PostgreSQL: the stored units keep every other field, their code is NULL until
``db recompute`` fills it from the stored facts, and a downgrade to 0009 removes the column
without touching the units, documents or facts that refer to them."""

from __future__ import annotations

from sqlalchemy import create_engine, inspect, text

from budgetlens.store import open_store
from budgetlens.store.migrate import current_revision, head_revision
from budgetlens.store.unit_fields import recompute_all

from .test_migrate_0005 import _alembic, _snapshot
from .test_unit_codes import XIAN, _result, _store


def _units(url: str) -> list[tuple]:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return conn.execute(text("SELECT id, name, name_key, region_code, level, parent_id "
                                     "FROM units ORDER BY id")).all()
    finally:
        engine.dispose()


def _has_code(url: str) -> bool:
    engine = create_engine(url)
    try:
        return "code" in {c["name"] for c in inspect(engine).get_columns("units")}
    finally:
        engine.dispose()


def test_0010_up_and_down_keeps_the_units(db_url, monkeypatch):
    _store(db_url, _result(), "real")
    _alembic(db_url, "downgrade", "0009", monkeypatch=monkeypatch)
    assert not _has_code(db_url)
    units, before = _units(db_url), _snapshot(db_url)
    assert len(units) == 4, XIAN

    store = open_store(db_url)  # opening migrates to head
    try:
        assert current_revision(store.engine) == head_revision()
        with store.engine.connect() as conn:
            assert conn.execute(text("SELECT count(*) FROM units WHERE code IS NOT NULL")
                                ).scalar_one() == 0
        assert recompute_all(store.engine)[0] == 4
        with store.engine.connect() as conn:
            codes = sorted(conn.execute(text("SELECT code FROM units")).scalars())
    finally:
        store.close()
    assert codes == ["125001", "125002", "125003", "125004"]
    assert _units(db_url) == units and _snapshot(db_url) == before

    _alembic(db_url, "downgrade", "0009", monkeypatch=monkeypatch)
    assert not _has_code(db_url)
    assert _units(db_url) == units and _snapshot(db_url) == before
