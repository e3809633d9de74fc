"""A full disk mid-batch (SQLite made to raise SQLITE_FULL for real by ``PRAGMA max_page_count``):
a clear ``db-full`` message and exit code 2, the failing document's transaction rolled back
(no row, fact, blob or unit of it), the documents stored before it kept whole, and after space
is freed the same ingest stores the rest and skips what was stored.

PostgreSQL: tests/ingest/test_disk_full_pg.py fills a tablespace on a small tmpfs for real."""

from __future__ import annotations

import sqlite3

from sqlalchemy import event, func, select
from typer.testing import CliRunner

from budgetlens.cli import app
from budgetlens.ingest import ingest
from budgetlens.store import StoreError, open_store
from budgetlens.store.schema import Blob, Document, FactRow

from ..store.conftest import corpus_files, seed_files

runner = CliRunner()


def _counts(path) -> dict:
    conn = sqlite3.connect(path)
    try:
        return {"documents": conn.execute("SELECT count(*) FROM documents").fetchone()[0],
                "facts": conn.execute("SELECT count(*) FROM facts").fetchone()[0],
                "blobs": conn.execute("SELECT count(*) FROM blobs").fetchone()[0],
                "whole": conn.execute("SELECT count(*) FROM documents d WHERE n_facts = "
                                      "(SELECT count(*) FROM facts f WHERE f.document_id = d.id)"
                                      ).fetchone()[0]}
    finally:
        conn.close()


def test_a_full_disk_stops_the_batch_cleanly_and_it_resumes(tmp_path):
    db = tmp_path / "library.db"
    seeds, pdf = seed_files()[:3], corpus_files()[0]
    store = open_store(str(db))
    ingest(store, seeds[:1])  # stored before the disk fills
    with store.engine.connect() as conn:
        pages = conn.exec_driver_sql("PRAGMA page_count").scalar()
    store.engine.dispose()

    @event.listens_for(store.engine, "connect")
    def _small_disk(dbapi_conn, _record):  # a few pages left: a seed fits, a whole PDF does not
        dbapi_conn.execute(f"PRAGMA max_page_count = {pages + 60}")

    try:
        ingest(store, [seeds[1], pdf, seeds[2]])
        raise AssertionError("the PDF's blob cannot fit")
    except StoreError as exc:
        assert exc.code == "db-full" and pdf in exc.message and pdf in exc.message_en
        assert "full" in exc.message_en and "\n" not in exc.message
    finally:
        store.close()
    after = _counts(db)
    assert after["documents"] == after["whole"] == 2  # the seeds before it, each whole
    conn = sqlite3.connect(db)
    assert conn.execute("SELECT count(*) FROM documents WHERE source = ?", (pdf,)).fetchone()[0] == 0
    conn.close()

    again = runner.invoke(app, ["ingest", *seeds, pdf, "--db", str(db), "--no-progress",
                                "--fail-on", "never", "--lang", "en"])
    assert again.exit_code == 0, again.output  # space is back: the rest is stored
    assert "2 stored, 2 already there, 0 failed" in again.stdout
    final = _counts(db)
    assert final["documents"] == final["whole"] == 4 and final["blobs"] == 4


def test_the_cli_says_the_disk_is_full(tmp_path, monkeypatch):
    db = tmp_path / "library.db"
    store = open_store(str(db))
    store.close()
    conn = sqlite3.connect(db)
    pages = conn.execute("PRAGMA page_count").fetchone()[0]
    conn.close()
    import budgetlens.store.engine as store_engine

    configure = store_engine._configure_sqlite

    def tight(engine):  # every connection the CLI opens sees a disk with no room left
        configure(engine)
        event.listen(engine, "connect", lambda c, _r: c.execute(
            f"PRAGMA max_page_count = {pages + 2}"))

    monkeypatch.setattr(store_engine, "_configure_sqlite", tight)
    got = runner.invoke(app, ["ingest", corpus_files()[0], "--db", str(db), "--no-progress",
                              "--lang", "en"])
    assert got.exit_code == 2
    assert "The database's disk is full" in got.stderr
    assert len(got.stderr.strip().splitlines()) == 1
    check = open_store(str(db))
    try:
        with check.engine.connect() as c:
            assert c.execute(select(func.count()).select_from(Document)).scalar() == 0
            assert c.execute(select(func.count()).select_from(FactRow)).scalar() == 0
            assert c.execute(select(func.count()).select_from(Blob)).scalar() == 0
    finally:
        check.close()
