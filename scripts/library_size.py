#!/usr/bin/env python3
"""How large a library is, per table, per page and per fact: the figures a capacity plan scales
(docs/store.md, Capacity). PostgreSQL: ``pg_total_relation_size`` of each table (rows, indexes
and TOAST, i.e. the stored files); SQLite: the file's size, and per table where the library was
compiled with the ``dbstat`` table.

Usage: python scripts/library_size.py DB (a SQLite path or a URL)
"""

from __future__ import annotations

import sys
from pathlib import Path

from sqlalchemy import func, select, text
from sqlalchemy.exc import OperationalError

from budgetlens.store import open_store
from budgetlens.store.schema import Base, Document


def table_bytes(conn, name: str) -> int | None:
    if conn.dialect.name == "postgresql":
        return conn.execute(text("SELECT pg_total_relation_size(:t)"), {"t": name}).scalar_one()
    try:
        return conn.execute(text("SELECT SUM(pgsize) FROM dbstat WHERE name = :t OR name IN "
                                 "(SELECT name FROM sqlite_master WHERE tbl_name = :t)"),
                            {"t": name}).scalar_one()
    except OperationalError:  # no dbstat in this SQLite
        return None


def main() -> None:
    if len(sys.argv) != 2:
        raise SystemExit(__doc__)
    store = open_store(sys.argv[1])
    with store.engine.connect() as conn:
        pages = conn.execute(select(func.coalesce(func.sum(Document.pages), 0))).scalar_one()
        rows = {t.name: conn.execute(select(func.count()).select_from(t)).scalar_one()
                for t in Base.metadata.sorted_tables}
        sizes = {name: table_bytes(conn, name) for name in rows}
    facts = rows.get("facts", 0) or 1
    print(f"{store.where}: {rows.get('documents', 0)} documents, {pages} pages")
    for name, n in rows.items():
        size = sizes[name]
        shown = f"{size / 2**20:9.1f} MiB  {size / max(pages, 1):8.0f} B/page" if size else "  (size n/a)"
        print(f"  {name:12s} {n:9d} rows  {n / max(pages, 1):7.2f} rows/page  {shown}")
    known = [s for s in sizes.values() if s]
    if known:
        total = sum(known)
        print(f"  total {total / 2**20:.1f} MiB: {total / max(pages, 1):.0f} B/page, "
              f"{total / facts:.0f} B/fact; without blobs "
              f"{(total - (sizes.get('blobs') or 0)) / max(pages, 1):.0f} B/page")
    if store.engine.dialect.name == "sqlite":
        path = Path(store.engine.url.database)
        print(f"  SQLite file {path.stat().st_size / 2**20:.1f} MiB")
    store.close()


if __name__ == "__main__":
    main()
