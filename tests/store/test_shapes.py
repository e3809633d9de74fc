"""store/shapes.py: OwnFigure keeps ``facts.unit_id IS NULL`` off ``ix_facts_unit_id`` on SQLite
(the planner then starts from the year's documents) and stays the plain IS NULL on PostgreSQL.
The plan is SQLite's own, asked with EXPLAIN QUERY PLAN on a real library (a seed ingested)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.dialects import postgresql

from budgetlens.ingest import ingest
from budgetlens.store import open_store
from budgetlens.store.schema import Document, FactRow
from budgetlens.store.shapes import OwnFigure

from ..conftest import seed_path


def _plan(engine, condition) -> str:
    stmt = (select(FactRow.id).join(Document, Document.id == FactRow.document_id)
            .where(condition, Document.year == 2024))
    sql = stmt.compile(engine, compile_kwargs={"literal_binds": True})
    with engine.connect() as conn:
        return " | ".join(r[3] for r in conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {sql}"))


def test_own_figure_is_kept_off_the_unit_index_on_sqlite(tmp_path):
    store = open_store(str(tmp_path / "library.db"))
    ingest(store, [str(seed_path("000"))], version="v1")
    own = _plan(store.engine, OwnFigure(FactRow.unit_id))
    plain = _plan(store.engine, FactRow.unit_id.is_(None))  # the near miss: the old form
    with store.engine.connect() as conn:
        mine = conn.execute(select(FactRow.id).where(OwnFigure(FactRow.unit_id))).all()
        every = conn.execute(select(FactRow.id).where(FactRow.unit_id.is_(None))).all()
    store.close()
    assert "ix_facts_unit_id" not in own and "ix_documents_year_kind" in own, own
    assert "ix_facts_unit_id" in plain, plain
    assert mine == every and mine  # the same rows: only the plan differs


def test_own_figure_is_plain_is_null_on_postgresql():
    sql = str(select(FactRow.id).where(OwnFigure(FactRow.unit_id))
              .compile(dialect=postgresql.dialect()))
    assert "facts.unit_id IS NULL" in sql and "+" not in sql
