"""Stage 4b, store: the library of disclosures — what was read, stays read.

A consumer of the floors below, beside ``report`` (neither imports the other): it takes the
pipeline's records (``model.Result`` with its Disclosure and Audit) exactly as the pipeline returns
them and writes them to a SQL database — SQLite by default (``budgetlens.db``), PostgreSQL by URL.
It knows nothing of how facts were extracted. The batch runner that feeds it (workers, progress,
resume) is ``budgetlens.ingest``; the schema is ``schema.py`` and its migrations ``migrations/``;
docs/store.md explains both and how to query them.

Entry point: :func:`open_store` (resolves ``--db``/``$BUDGETLENS_DB``, connects, migrates).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Iterable, Optional

from sqlalchemy import Engine
from sqlalchemy.exc import DBAPIError

from ..model import Result
from . import query, search
from .engine import StoreError, describe_url, open_engine, resolve_url, unreachable
from .migrate import upgrade
from .prepared import Prepared, prepare
from .rows import FileRecord
from .write import EXISTS, STORED, make_current, write_result


@dataclass
class Store:
    """An open library: its URL and engine, and the operations the ingest loop needs."""

    url: str
    engine: Engine

    @property
    def where(self) -> str:
        return describe_url(self.url)

    def stored_hashes(self, hashes: Iterable[str], version: str) -> set[str]:
        return query.stored_hashes(self.engine, hashes, version)

    def write(self, file: FileRecord, result: Result | Prepared, *, extractor_version: str,
              run_id: Optional[int], read_at: datetime) -> str:
        """Store one document (a Result, or its rows made in a worker: :mod:`.prepared`)."""
        return write_result(self.engine, file, result, extractor_version=extractor_version,
                            run_id=run_id, read_at=read_at)

    def make_current(self, hashes: Iterable[str], version: str) -> set[str]:
        return make_current(self.engine, hashes, version)

    def close(self) -> None:
        self.engine.dispose()


def open_store(db: Optional[str] = None) -> Store:
    """Open (creating and migrating if needed) the library at ``db`` — a URL or a SQLite path —
    or ``$BUDGETLENS_DB``, or ``budgetlens.db``. Raises :class:`StoreError` (one-line zh/en
    message) when the database cannot be reached, written, or is newer than this program."""
    url = resolve_url(db)
    engine = open_engine(url)
    try:
        upgrade(engine)
        search.sync_items(engine)
    except DBAPIError as exc:
        engine.dispose()
        raise unreachable(url, exc) from None
    except StoreError:
        engine.dispose()
        raise
    return Store(url, engine)


__all__ = ["Store", "StoreError", "FileRecord", "open_store", "resolve_url", "STORED", "EXISTS",
           "query", "Prepared", "prepare"]
