"""A library built by one process and by two workers holds the same rows, column by column (not
only the same counts): documents, units, tables, facts, claims, diagnostics, findings, evidence,
search entries and kept files, with every database id replaced by what it points at. On SQLite and
on PostgreSQL (``BUDGETLENS_TEST_PG``). Why: with two workers each document's rows are made in a
worker (``store/prepared.py``) and only executed by the writer; nothing of that may change what is
stored."""

from __future__ import annotations

import sys
from pathlib import Path

from budgetlens.ingest import ingest, make_executor
from budgetlens.store import open_store

from ..store.conftest import corpus_files, seed_files

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "scripts"))
from library_compare import dump  # noqa: E402  (the dump the script compares trees with)


def test_one_process_and_two_workers_store_the_same_rows(db_url, tmp_path):
    files = seed_files() + corpus_files()  # corpus_files: a file of facts scoped to budget units
    one = open_store(str(tmp_path / "one.db"))
    ingest(one, files, version="v1")
    two = open_store(db_url)
    executor = make_executor(2)
    try:
        ingest(two, files, version="v1", executor=executor)
    finally:
        executor.close()
    a, b = dump(one), dump(two)
    one.close()
    two.close()
    assert any(dict(f)["unit_id"] != "None" for f in a["facts"]), "facts scoped to a unit"
    assert len(a["evidence"]) > 0 and len(a["claims"]) > 0
    for table in a:
        assert a[table] == b[table], table
