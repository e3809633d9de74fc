"""Bring a library database to the newest schema when it is opened (Alembic, shipped in the package).

Why automatic: a user who upgrades budgetlens should not have to know about migrations; opening an
older database upgrades it, once, under a lock (SQLite: the ``BEGIN IMMEDIATE`` write lock;
PostgreSQL: a transaction-scoped advisory lock), so that two ingests started together on an empty
database do not both try to create the tables.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.util import CommandError
from sqlalchemy import Engine, text

from .engine import StoreError, writing

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
#: Any fixed 64-bit number: the advisory lock that serialises migrations on PostgreSQL.
_PG_LOCK = 0x62756467_6c656e73  # "budglens"


def alembic_config() -> Config:
    """An Alembic config pointing at the packaged migrations (no alembic.ini needed)."""
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.set_main_option("path_separator", "os")
    return cfg


@lru_cache(maxsize=1)
def head_revision() -> str:
    """The newest migration shipped with this version of budgetlens."""
    return ScriptDirectory.from_config(alembic_config()).get_current_head() or ""


def current_revision(engine: Engine) -> str | None:
    """The revision a database is at (None when it has no tables yet)."""
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def upgrade(engine: Engine) -> None:
    """Migrate ``engine``'s database to :func:`head_revision`, if it is not there already."""
    head = head_revision()
    with writing(engine).begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _PG_LOCK})
        current = MigrationContext.configure(conn).get_current_revision()
        if current == head:
            return
        cfg = alembic_config()
        cfg.attributes["connection"] = conn
        try:
            command.upgrade(cfg, "head")
        except CommandError as exc:  # a revision we do not know: written by a newer budgetlens
            raise StoreError("db-newer", f"数据库由更新版本的 budgetlens 创建（{current}），请升级程序：{exc}",
                             f"The database was written by a newer budgetlens ({current}); "
                             f"upgrade budgetlens: {exc}") from None
