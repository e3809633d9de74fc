"""``budgetlens ingest`` runs the cross-document checks after its batch (``--no-crosscheck``
skips them), for the units the batch stored documents of only: on SQLite and PostgreSQL, with
the synthetic budgets and final account of one unit (tests/crosscheck/test_synthetic.py)."""

from __future__ import annotations

from sqlalchemy import create_engine, text
from typer.testing import CliRunner

from budgetlens.cli import app
from budgetlens.crosscheck import crosscheck
from budgetlens.store import open_store
from budgetlens.store.query import Filters, list_cross_findings

from ..crosscheck.test_synthetic import _write
from ..store.conftest import db_url  # noqa: F401  (fixture)

runner = CliRunner()


def _ingest(db: str, *paths, extra: tuple[str, ...] = ()):
    got = runner.invoke(app, ["ingest", *map(str, paths), "--db", db, "--no-progress",
                              "--fail-on", "never", "--lang", "en", *extra])
    assert got.exit_code == 0, got.output
    return got.stdout


def _stored(db: str) -> list[tuple]:
    engine = create_engine(db)
    with engine.connect() as conn:
        rows = conn.execute(text("SELECT id, rule, measure, stated, expected, checked_at "
                                 "FROM cross_findings ORDER BY id")).all()
    engine.dispose()
    return [tuple(r) for r in rows]


def _key(rows) -> list[tuple]:
    return sorted((r["rule"], r["measure"], r["stated"], r["expected"], r["document_id"],
                   r["other_document_id"]) for r in rows)


def test_ingest_crosschecks_the_units_of_its_batch(db_url, tmp_path):
    paths = _write(tmp_path, basic="381.00", project="115.00")
    out = _ingest(db_url, paths["b2023.txt"])
    assert "crosscheck (1 documents of the units in this batch): 0 findings" in out
    out = _ingest(db_url, paths["b2024.txt"], paths["f2024.txt"])
    # all three documents of the unit are looked at (a new year pairs with the stored one)
    assert "crosscheck (3 documents of the units in this batch)" in out
    after_batch = _stored(db_url)
    assert after_batch
    store = open_store(db_url)
    try:
        by_batch = _key(list_cross_findings(store.engine, Filters(), 1000, 0).rows)
        crosscheck(store.engine)  # the whole library, as `budgetlens crosscheck` does
        whole = _key(list_cross_findings(store.engine, Filters(), 1000, 0).rows)
    finally:
        store.close()
    assert by_batch == whole
    # a batch of other units leaves this unit's findings as they were (same rows, same time)
    before = _stored(db_url)
    out = _ingest(db_url, paths["other_unit.txt"], paths["other_region.txt"])
    assert "crosscheck (2 documents of the units in this batch): 0 findings" in out
    assert _stored(db_url) == before


def test_no_crosscheck_skips_it(db_url, tmp_path):
    paths = _write(tmp_path, basic="381.00", project="115.00")
    out = _ingest(db_url, *paths.values(), extra=("--no-crosscheck",))
    assert "crosscheck (" not in out and _stored(db_url) == []
    out = _ingest(db_url, *paths.values())  # nothing new stored: nothing to check
    assert "crosscheck (" not in out and _stored(db_url) == []
