"""Open a library database: resolve where it is, connect, bring its schema to the latest migration.

Why the SQLite settings: several ``ingest`` processes may write one file at once. WAL lets readers
go on while one writer writes; ``busy_timeout`` makes a writer wait for the lock instead of failing
at once; and every *write* transaction (:func:`writing`) starts with ``BEGIN IMMEDIATE``, so that
the "is this content already stored?" check and the insert that follows run under the write lock —
two writers cannot both find a document missing and both store it. Read transactions stay
deferred, so ``db info`` (or a later API) reads while an ingest writes. (The unique constraint on content hash + extractor version
is the second guard, and the one PostgreSQL relies on.)

A database that cannot be reached is not a bug: :func:`open_engine` raises :class:`StoreError`
with a one-line zh/en message, which the CLI prints (exit code 2) without a traceback.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from typing import Any, Callable, Optional, cast

from sqlalchemy import Connection, Engine, Table, create_engine, event, insert, text
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError

from ..model.errors import CodedError

#: Where the library lives when neither ``--db`` nor ``BUDGETLENS_DB`` says otherwise.
DEFAULT_DB = "budgetlens.db"
ENV_DB = "BUDGETLENS_DB"
#: Milliseconds a writer waits for another writer's lock before giving up.
BUSY_TIMEOUT_MS = 60_000
#: Execution option that marks a write transaction (``BEGIN IMMEDIATE`` on SQLite).
_WRITE = "budgetlens_write"


class StoreError(CodedError):
    """The database cannot be used (unreachable, unwritable, not a database). ``code`` is stable."""


def resolve_url(db: Optional[str] = None) -> str:
    """A SQLAlchemy URL from ``--db`` (URL or file path), else ``$BUDGETLENS_DB``, else
    ``budgetlens.db`` in the working directory. A bare path means a SQLite file; ``postgres://``
    and ``postgresql://`` mean PostgreSQL through psycopg 3."""
    raw = db or os.environ.get(ENV_DB) or DEFAULT_DB
    if "://" in raw:
        scheme, rest = raw.split("://", 1)
        # psycopg 3 is the driver we ship (extra "postgres"); plain postgres:// URLs mean it too
        return f"postgresql+psycopg://{rest}" if scheme in ("postgres", "postgresql") else raw
    return "sqlite:///" + str(Path(raw).expanduser().resolve())


def describe_url(url: str) -> str:
    """The URL without its password, for messages and ``db info``."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return url


def open_engine(url: str) -> Engine:
    """An engine connected and checked (the first connection is made here, so an unreachable or
    unwritable database fails now, with a StoreError, rather than in the middle of a batch)."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise StoreError("db-bad-url", f"数据库地址无法识别：{url}",
                         f"Not a database URL: {url}") from None
    if parsed.get_backend_name() == "sqlite":
        _check_sqlite_path(parsed.database)
    try:
        engine = create_engine(parsed, **_engine_options(parsed.get_backend_name()))
    except NoSuchModuleError:
        raise StoreError("db-bad-url", f"不支持的数据库类型：{parsed.drivername}",
                         f"Unsupported database type: {parsed.drivername}") from None
    except ModuleNotFoundError as exc:
        raise StoreError("db-driver-missing",
                         f"缺少数据库驱动 {exc.name}（PostgreSQL 请安装 budgetlens[postgres]）",
                         f"Database driver {exc.name} is not installed "
                         "(for PostgreSQL: pip install 'budgetlens[postgres]')") from None
    if parsed.get_backend_name() == "sqlite":
        _configure_sqlite(engine)
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
    except DBAPIError as exc:
        engine.dispose()
        raise unreachable(url, exc) from None
    return engine


def writing(engine: Engine) -> Engine:
    """The same engine (same pool) for write transactions: ``with writing(engine).begin()``."""
    return engine.execution_options(**{_WRITE: True})


def unreachable(url: str, exc: BaseException) -> StoreError:
    """The one-line error for a database that refused us (first line of the driver's message)."""
    detail = str(getattr(exc, "orig", None) or exc).strip().splitlines()
    first = detail[0] if detail else type(exc).__name__
    where = describe_url(url)
    return StoreError("db-unreachable", f"无法连接或写入数据库 {where}：{first}",
                      f"Cannot connect to or write the database {where}: {first}")


#: How a full disk shows: SQLite's SQLITE_FULL (also raised at ``PRAGMA max_page_count``),
#: PostgreSQL's SQLSTATE 53100 ``disk_full`` and the OS's ENOSPC in a server's message.
_FULL_MARKERS = ("database or disk is full", "no space left on device", "disk full")
_PG_DISK_FULL = "53100"


def is_disk_full(exc: BaseException) -> bool:
    orig = getattr(exc, "orig", None) or exc
    if getattr(orig, "sqlstate", None) == _PG_DISK_FULL or getattr(orig, "pgcode", None) == _PG_DISK_FULL:
        return True
    if getattr(orig, "sqlite_errorname", None) == "SQLITE_FULL":
        return True
    return any(m in str(orig).lower() for m in _FULL_MARKERS)


def write_failed(url: str, exc: BaseException, what: Optional[str] = None) -> StoreError:
    """The one-line error for a write that failed in a way that stops a batch: a full disk
    (``db-full``: say so, and that what was stored stays and is skipped next time) or else an
    unreachable or locked database. ``what`` names the file whose transaction was rolled back."""
    if not is_disk_full(exc):
        return unreachable(url, exc)
    where = describe_url(url)
    zh = f"{what} 未写入（已回滚），此前存入的文件保留" if what else "未写入任何内容"
    en = (f"{what} was not written (rolled back); files stored before it are kept" if what
          else "nothing was written")
    return StoreError("db-full",
                      f"数据库所在磁盘已满（{where}）：{zh}；腾出空间后重新运行，已存入的文件会跳过",
                      f"The database's disk is full ({where}): {en}. Free some space and run "
                      "again: what is stored is skipped.")


def _check_sqlite_path(database: Optional[str]) -> None:
    """A SQLite file must be creatable: its folder exists and is writable (SQLite itself would
    only say "unable to open database file")."""
    if not database or database == ":memory:":
        return
    path = Path(database)
    folder = path.parent
    if path.is_dir():
        raise StoreError("db-unwritable", f"数据库路径是一个目录：{path}",
                         f"The database path is a directory: {path}")
    if not folder.is_dir():
        raise StoreError("db-unwritable", f"数据库所在目录不存在：{folder}",
                         f"The database folder does not exist: {folder}")
    target = path if path.exists() else folder
    if not os.access(target, os.W_OK):
        raise StoreError("db-unwritable", f"没有写入权限：{target}",
                         f"No permission to write: {target}")


def _engine_options(backend: str) -> dict:
    if backend == "sqlite":
        return {"connect_args": {"timeout": BUSY_TIMEOUT_MS / 1000}}
    if backend == "postgresql":
        return {"pool_pre_ping": True, "connect_args": {"connect_timeout": 10}}
    return {}


def _bind_plainly() -> None:
    """Bind None and booleans to SQLite without the adapter search. Why: Python's ``sqlite3``
    binds ``int``, ``float``, ``str`` and ``bytes`` directly, but looks every other value up as
    an adapter — its table, then a ``__adapt__`` on its protocol and a ``__conform__`` on the
    value, each miss an AttributeError made and dropped — before binding None as NULL and a
    bool as an integer. A fact row has about six such values (the bbox of a text fact, the
    derivation of a printed one, the unit of a department's figure, ``derived``, ``blank``):
    the search was 13.6% of the writer's instructions (docs/store.md, session 19). Registered
    adapters are found first; these give the values ``sqlite3`` would bind anyway (NULL, and
    0/1 — what SQLAlchemy's Boolean binds on SQLite too), so nothing stored changes, for this
    library or any other ``sqlite3`` user in the process."""
    none = cast(Callable[[None], None], {}.get)  # C: None for any value, no Python frame
    sqlite3.register_adapter(type(None), none)
    sqlite3.register_adapter(bool, int)


def _configure_sqlite(engine: Engine) -> None:
    """WAL, busy timeout, foreign keys, and ``BEGIN IMMEDIATE`` for writes (see module doc);
    None and booleans bound without the adapter search (:func:`_bind_plainly`)."""
    _bind_plainly()

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:  # a DB-API connection
        dbapi_conn.isolation_level = None  # we issue BEGIN ourselves, below
        cur = dbapi_conn.cursor()
        cur.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        cur.execute("PRAGMA journal_mode = WAL")
        cur.execute("PRAGMA synchronous = NORMAL")
        cur.execute("PRAGMA foreign_keys = ON")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.get_execution_options().get(_WRITE)
                             else "BEGIN")


_IGNORING: dict[tuple[str, str], Any] = {}


def insert_ignoring(conn: Connection, table: Table, keys: tuple[str, ...],
                    rows: list[dict]) -> None:
    """INSERT … ON CONFLICT (``keys``) DO NOTHING of ``rows``, in their order (one executemany;
    the ids follow it): a concurrent writer may have inserted the same key, and then its row
    stands. The statement is built once per table and backend; another backend gets a plain
    insert (the constraint still guards)."""
    stmt = _IGNORING.get((table.name, conn.dialect.name))
    if stmt is None:
        if conn.dialect.name in ("postgresql", "sqlite"):
            dialect_insert = pg_insert if conn.dialect.name == "postgresql" else sqlite_insert
            stmt = dialect_insert(table).on_conflict_do_nothing(index_elements=list(keys))
        else:
            stmt = insert(table)
        _IGNORING[(table.name, conn.dialect.name)] = stmt
    conn.execute(stmt, rows)
