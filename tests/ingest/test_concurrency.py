"""Two ingests at once into one database (two real processes): every document stored once, none
lost, nothing corrupted — on a SQLite file (WAL, busy timeout, BEGIN IMMEDIATE) and PostgreSQL."""

from __future__ import annotations

import os
import subprocess
import sys

from sqlalchemy import func, select

from budgetlens.store import open_store
from budgetlens.store.schema import Blob, Document, FactRow, Run, Unit

from ..conftest import REPO
from ..store.conftest import corpus_files, seed_files


def _ingest_process(db: str, files: list[str]) -> subprocess.Popen:
    env = dict(os.environ, PYTHONPATH=str(REPO / "src"))
    return subprocess.Popen([sys.executable, "-m", "budgetlens", "ingest", *files, "--db", db,
                             "--no-progress", "--fail-on", "never"],
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def test_two_concurrent_ingests_store_each_document_once(db_url):
    files = seed_files() + corpus_files()[:2]
    procs = [_ingest_process(db_url, files), _ingest_process(db_url, list(reversed(files)))]
    outs = [p.communicate(timeout=600) for p in procs]
    for p, (out, err) in zip(procs, outs):
        assert p.returncode == 0, err
        assert "Traceback" not in err
    store = open_store(db_url)
    try:
        with store.engine.connect() as conn:
            docs = conn.execute(select(Document.sha256, Document.status, Document.n_facts)).all()
            facts = conn.execute(select(func.count()).select_from(FactRow)).scalar_one()
            blobs = conn.execute(select(func.count()).select_from(Blob)).scalar_one()
            units = conn.execute(select(Unit.name_key, Unit.region_code)).all()
            runs = conn.execute(select(Run.stored, Run.skipped)).all()
            integrity = (conn.exec_driver_sql("PRAGMA integrity_check").scalar()
                         if conn.dialect.name == "sqlite" else "ok")
    finally:
        store.close()
    assert len(docs) == len(files) == len({d.sha256 for d in docs}) == blobs
    assert all(d.status == "ok" for d in docs)
    assert facts == sum(d.n_facts for d in docs)
    assert len(units) == len(set(units))
    assert sum(r.stored for r in runs) == len(files), "each file stored by exactly one of the two"
    assert sum(r.stored + r.skipped for r in runs) == 2 * len(files)
    assert integrity == "ok"
