"""Where the library is (``--db``, ``$BUDGETLENS_DB``, the default), and SQLite readers beside a
writer. A database that cannot be used is tested with :func:`open_store` (test_store.py)."""

from __future__ import annotations

import pytest

from budgetlens.store import open_store, resolve_url


def test_resolve_url_from_option_environment_or_default(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("BUDGETLENS_DB", raising=False)
    assert resolve_url(None) == f"sqlite:///{tmp_path}/budgetlens.db"
    monkeypatch.setenv("BUDGETLENS_DB", "lib/x.db")
    assert resolve_url(None) == f"sqlite:///{tmp_path}/lib/x.db"
    assert resolve_url("postgres://u:p@h/db") == "postgresql+psycopg://u:p@h/db"
    assert resolve_url("postgresql+psycopg://u@h/db") == "postgresql+psycopg://u@h/db"


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


def test_none_and_booleans_bind_as_sqlite_binds_them_without_the_adapter_search(tmp_path):
    """An open SQLite library registers adapters for None and bool (store/engine.py
    ``_bind_plainly``): found first, they spare sqlite3's search (two AttributeErrors a value)
    and give what sqlite3 binds anyway — NULL, and the integers 1 and 0. Near miss: a value of a
    str subclass (a Severity) is still stored as its text, and a float as a real."""
    import sqlite3

    from budgetlens.model import Severity

    store = open_store(str(tmp_path / "lib.db"))
    store.close()
    for kind in (type(None), bool):
        assert (kind, sqlite3.PrepareProtocol) in sqlite3.adapters
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE TABLE t (a, b, c, d, e)")
    conn.execute("INSERT INTO t VALUES (?, ?, ?, ?, ?)", (None, True, False, Severity.ERROR, 1.5))
    assert conn.execute("SELECT typeof(a), typeof(b), b, typeof(c), c, typeof(d), d, typeof(e) "
                        "FROM t").fetchone() == ("null", "integer", 1, "integer", 0, "text",
                                                 "error", "real")
    conn.close()
