"""The library as the ingest loop opens it (store/__init__.py): ``open_store`` creates and
migrates a new SQLite file, reopens it with what was stored, and turns a database that cannot be
used into a StoreError with a one-line reason (no password shown); ``Store`` says where it is
without the password and answers which contents are stored under a version. Near misses: the
same content under another extractor version is not stored; a file that is not SQLite is refused,
not overwritten."""

from __future__ import annotations

import hashlib
from datetime import datetime, timezone
from pathlib import Path

import pytest
from sqlalchemy import create_engine

from budgetlens.store import EXISTS, STORED, FileRecord, Store, StoreError, open_store

from .conftest import pipeline_result, seed_files


@pytest.mark.parametrize("db, code", [
    ("{tmp}/missing/lib.db", "db-unwritable"),
    ("{tmp}", "db-unwritable"),
    ("{tmp}/notadb.db", "db-unreachable"),
    ("postgresql://nobody:secret@127.0.0.1:1/none", "db-unreachable"),
    ("nosuch://x", "db-bad-url"),
])
def test_unusable_database_is_a_store_error(tmp_path, db, code):
    (tmp_path / "notadb.db").write_bytes(b"not SQLite at all " * 64)
    with pytest.raises(StoreError) as info:
        open_store(db.format(tmp=tmp_path))
    err = info.value
    assert err.code == code
    for text in (err.text("zh"), err.text("en")):
        assert text and "\n" not in text and "secret" not in text


def test_a_new_library_is_made_and_reopened_with_what_it_holds(tmp_path):
    seed = seed_files()[0]
    data = Path(seed).read_bytes()
    record = FileRecord(seed, hashlib.sha256(data).hexdigest(), len(data), data)
    store = open_store(str(tmp_path / "new" / ".." / "lib.db"))
    try:
        assert store.where.startswith("sqlite:///") and store.where.endswith("lib.db")
        assert store.write(record, pipeline_result(seed), extractor_version="v1", run_id=None,
                           read_at=datetime.now(timezone.utc)) == STORED
    finally:
        store.close()
    again = open_store(str(tmp_path / "lib.db"))
    try:
        assert again.stored_hashes([record.sha256, "0" * 64], "v1") == {record.sha256}
        assert again.stored_hashes([record.sha256], "v2") == set()  # another version
        assert again.write(record, pipeline_result(seed), extractor_version="v1", run_id=None,
                           read_at=datetime.now(timezone.utc)) == EXISTS
        assert again.make_current([record.sha256], "v1") == set()  # current already
    finally:
        again.close()


def test_where_hides_the_password():
    engine = create_engine("sqlite://")
    store = Store("postgresql+psycopg://budget:s3cret@db.example:5432/lib", engine)
    assert "s3cret" not in store.where and "db.example:5432/lib" in store.where
    store.close()
