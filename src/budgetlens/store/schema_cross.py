"""Tables of unit identity and cross-document checks (migration 0002), on the same metadata as
``schema.py`` (which imports this module, so that the migrations test sees every table).

Why tables of their own rather than more rows in ``findings``: a cross-document finding belongs to
two documents, and a document's own findings are what ``audit`` returned for it — ingest's exit
code, ``n_findings`` and the "no loss" comparison with ``audit`` read them. Cross findings are
recomputed as a whole by ``budgetlens crosscheck``; keeping them apart keeps both meanings exact.

Why claims are stored: whether a final account explains its variance from the budget is a
sentence (主要原因…), not a number; the cross-document stage reads it from the library, never by
re-reading the file.
"""

from __future__ import annotations

from datetime import datetime
from typing import Optional

from sqlalchemy import Boolean, DateTime, Float, ForeignKey, Index, Integer, Text
from sqlalchemy.orm import Mapped, mapped_column

from .schema import Base


class UnitOverride(Base):
    """A manual decision on unit identity (``budgetlens units merge|split``), recorded by printed
    name key and region code rather than by row id, so that it holds for units stored later and
    after a re-ingest. ``action`` is ``merge`` (the unit joins ``target``'s identity) or
    ``split`` (the unit is its own identity: no automatic grouping)."""

    __tablename__ = "unit_overrides"
    id: Mapped[int] = mapped_column(primary_key=True)
    action: Mapped[str] = mapped_column(Text)
    name_key: Mapped[str] = mapped_column(Text)
    region_code: Mapped[str] = mapped_column(Text, default="")
    target_name_key: Mapped[Optional[str]] = mapped_column(Text)
    target_region_code: Mapped[Optional[str]] = mapped_column(Text)
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class ClaimRow(Base):
    """A sentence-level statement that is not a number (``model.Claim``): a reason, a direction
    word, an empty-table statement… with where it was printed."""

    __tablename__ = "claims"
    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"),
                                             index=True)
    kind: Mapped[str] = mapped_column(Text)
    measure: Mapped[str] = mapped_column(Text, default="")
    basis: Mapped[str] = mapped_column(Text, default="")
    value: Mapped[str] = mapped_column(Text, default="")
    page: Mapped[Optional[int]] = mapped_column(Integer)
    line: Mapped[Optional[int]] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text, default="")
    #: The box of the sentence on its page (the lines it is printed on; migration 0009), so a
    #: cross finding citing a reason boxes it on the page image and the annotated PDF; NULL for
    #: a text original and for claims stored before.
    x0: Mapped[Optional[float]] = mapped_column(Float)
    top: Mapped[Optional[float]] = mapped_column(Float)
    x1: Mapped[Optional[float]] = mapped_column(Float)
    bottom: Mapped[Optional[float]] = mapped_column(Float)


class CrossFinding(Base):
    """A finding of a cross-document check (``rules/cross_document.toml``): ``document_id`` is the
    document whose figure is checked (the later year, the final account), ``other_document_id``
    the one it is checked against; ``unit_id`` the unit identity both belong to. ``rate`` is the
    execution rate (percent) and ``explained`` whether the final account gives a reason, for the
    execution checks; ``stated``/``expected`` are exact decimal strings."""

    __tablename__ = "cross_findings"
    __table_args__ = (Index("ix_cross_findings_rule", "rule"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"),
                                             index=True)
    other_document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"),
                                                   index=True)
    unit_id: Mapped[Optional[int]] = mapped_column(ForeignKey("units.id"))
    year: Mapped[Optional[int]] = mapped_column(Integer)
    rule: Mapped[str] = mapped_column(Text)
    category: Mapped[str] = mapped_column(Text)
    severity: Mapped[str] = mapped_column(Text)
    message: Mapped[str] = mapped_column(Text)
    message_en: Mapped[str] = mapped_column(Text, default="")
    measure: Mapped[str] = mapped_column(Text, default="")
    basis: Mapped[str] = mapped_column(Text, default="")
    stated: Mapped[Optional[str]] = mapped_column(Text)
    expected: Mapped[Optional[str]] = mapped_column(Text)
    difference: Mapped[Optional[str]] = mapped_column(Text)
    tolerance: Mapped[Optional[str]] = mapped_column(Text)
    rate: Mapped[Optional[str]] = mapped_column(Text)
    explained: Mapped[Optional[bool]] = mapped_column(Boolean)
    checked_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class CrossEvidence(Base):
    """One fact (or reason sentence) a cross finding names, with its own document: page, table
    cell and quoted text; ``derived`` marks an implied value (its inputs are in ``facts``)."""

    __tablename__ = "cross_evidence"
    id: Mapped[int] = mapped_column(primary_key=True)
    finding_id: Mapped[int] = mapped_column(ForeignKey("cross_findings.id", ondelete="CASCADE"),
                                            index=True)
    position: Mapped[int] = mapped_column(Integer)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"))
    role: Mapped[str] = mapped_column(Text, default="")
    measure: Mapped[str] = mapped_column(Text, default="")
    basis: Mapped[str] = mapped_column(Text, default="")
    value: Mapped[Optional[str]] = mapped_column(Text)
    derived: Mapped[bool] = mapped_column(Boolean, default=False)
    page: Mapped[Optional[int]] = mapped_column(Integer)
    line: Mapped[Optional[int]] = mapped_column(Integer)
    table_idx: Mapped[Optional[int]] = mapped_column(Integer)
    row: Mapped[Optional[int]] = mapped_column(Integer)
    col: Mapped[Optional[int]] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text, default="")
