"""The search index (migration 0004): one row per searchable name — a unit, a document's title, a
classification item's name or alias — on the same metadata as ``schema.py``.

Why one table of names rather than indexes on each source column: a user types 社会保障 and
expects the 类 208 (and its former names), the units whose names hold it and the documents of
those units, ranked together in one list. One table gives one index to ask and one ranking.

The text index itself is the backend's own and is not on the metadata (Alembic cannot describe
it): on SQLite an FTS5 table ``search_fts`` with the ``trigram`` tokenizer (SQLite ≥ 3.34), kept
in step with ``search_entries`` by triggers; on PostgreSQL a GIN ``pg_trgm`` index on ``name``
(``ILIKE '%…%'`` uses it). Both find any substring of three characters or more; shorter queries
are a plain ``LIKE`` over the table (store/search.py).
"""

from __future__ import annotations

from typing import Optional

from sqlalchemy import ForeignKey, Index, Integer, Text
from sqlalchemy.orm import Mapped, mapped_column

from .schema import Base


class SearchEntry(Base):
    """A name to search by. ``kind`` is ``item`` (classification code: ``ref`` the code,
    ``scheme`` ``function``/``economic``), ``unit`` (``ref`` the unit id) or ``document``
    (``ref`` the document id; current, successfully read documents only). ``name`` is what is
    matched (a printed name or an alias), ``label`` what is shown (an item's current name, a
    document's title)."""

    __tablename__ = "search_entries"
    __table_args__ = (Index("ix_search_entries_kind_ref", "kind", "ref"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(Text)
    ref: Mapped[str] = mapped_column(Text)
    name: Mapped[str] = mapped_column(Text)
    label: Mapped[str] = mapped_column(Text)
    scheme: Mapped[str] = mapped_column(Text, default="")
    region_code: Mapped[str] = mapped_column(Text, default="")
    year: Mapped[Optional[int]] = mapped_column(Integer)
    document_id: Mapped[Optional[int]] = mapped_column(
        ForeignKey("documents.id", ondelete="CASCADE"), index=True)
