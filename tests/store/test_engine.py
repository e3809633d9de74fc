"""Where the library is, and a database that cannot be used: a StoreError with a one-line reason."""

from __future__ import annotations

import pytest

from budgetlens.store import StoreError, open_store, resolve_url


def test_resolve_url_from_option_environment_or_default(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("BUDGETLENS_DB", raising=False)
    assert resolve_url(None) == f"sqlite:///{tmp_path}/budgetlens.db"
    monkeypatch.setenv("BUDGETLENS_DB", "lib/x.db")
    assert resolve_url(None) == f"sqlite:///{tmp_path}/lib/x.db"
    assert resolve_url("postgres://u:p@h/db") == "postgresql+psycopg://u:p@h/db"
    assert resolve_url("postgresql+psycopg://u@h/db") == "postgresql+psycopg://u@h/db"


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


def test_sqlite_readers_are_not_blocked_by_a_writer(tmp_path):
    from datetime import datetime, timezone

    from sqlalchemy import insert

    from budgetlens.store import query
    from budgetlens.store.engine import writing
    from budgetlens.store.schema import Run

    writer = open_store(str(tmp_path / "lib.db"))
    reader = open_store(str(tmp_path / "lib.db"))
    try:
        with writing(writer.engine).begin() as conn:  # holds SQLite's write lock
            conn.execute(insert(Run).values(command="ingest", extractor_version="v",
                                            started_at=datetime.now(timezone.utc), files=0,
                                            stored=0, skipped=0, failed=0, pages=0, facts=0,
                                            findings=0))
            assert query.info(reader.engine)["runs"] == 0  # the last committed state, no wait
        assert query.info(reader.engine)["runs"] == 1
    finally:
        writer.close()
        reader.close()
