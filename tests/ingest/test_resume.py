"""An ingest killed mid-batch (SIGKILL: no cleanup runs) leaves only whole documents, and the next
ingest of the same inputs stores the rest and skips what was stored — on SQLite and PostgreSQL."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

from sqlalchemy import create_engine, func, select
from sqlalchemy.exc import SQLAlchemyError

from budgetlens.store import open_store
from budgetlens.store.schema import Document, FactRow, FindingRow

from ..conftest import REPO
from ..store.conftest import corpus_files, seed_files
from .test_batch import _expected, _library


def _cli(db: str, files: list[str]) -> subprocess.Popen:
    env = dict(os.environ, PYTHONPATH=str(REPO / "src"))
    return subprocess.Popen([sys.executable, "-m", "budgetlens", "ingest", *files, "--db", db,
                             "--no-progress", "--fail-on", "never", "--lang", "en"],
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _stored(db: str) -> int:
    """Documents stored so far (0 while the database is still being created)."""
    engine = create_engine(db)
    try:
        with engine.connect() as conn:
            return conn.execute(select(func.count()).select_from(Document)).scalar_one()
    except SQLAlchemyError:
        return 0
    finally:
        engine.dispose()


def _kill_after_first_document(proc: subprocess.Popen, db: str) -> int:
    """SIGKILL the ingest as soon as one document is stored; the number stored at that moment."""
    while proc.poll() is None:
        n = _stored(db)
        if n:
            proc.send_signal(signal.SIGKILL)
            proc.wait()
            return n
        time.sleep(0.1)
    raise AssertionError(f"the ingest ended before it could be killed: {proc.stderr.read()}")


def _whole_documents(db: str) -> list[str]:
    """Every stored document has exactly the facts and findings its row counts."""
    store = open_store(db)
    try:
        with store.engine.connect() as conn:
            docs = conn.execute(select(Document.id, Document.source, Document.n_facts,
                                       Document.n_findings)).all()
            facts = dict(conn.execute(select(FactRow.document_id, func.count())
                                      .group_by(FactRow.document_id)).all())
            findings = dict(conn.execute(select(FindingRow.document_id, func.count())
                                         .group_by(FindingRow.document_id)).all())
    finally:
        store.close()
    for d in docs:
        assert (facts.get(d.id, 0), findings.get(d.id, 0)) == (d.n_facts, d.n_findings), d.source
    return [d.source for d in docs]


def test_an_ingest_killed_mid_batch_resumes_where_it_stopped(db_url):
    files = seed_files()[:2] + corpus_files() + seed_files()[2:]
    proc = _cli(db_url, files)
    try:
        _kill_after_first_document(proc, db_url)
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.communicate()
    before = _whole_documents(db_url)
    assert 0 < len(before) < len(files), "killed mid-batch"
    resumed = _cli(db_url, files)
    out, err = resumed.communicate(timeout=600)
    assert resumed.returncode == 0, err
    assert f"{len(files) - len(before)} stored, {len(before)} already there, 0 failed" in out
    _whole_documents(db_url)
    store = open_store(db_url)
    try:
        assert _library(store) == _expected(files)
    finally:
        store.close()
