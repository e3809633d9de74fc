"""The library's tables, as typed SQLAlchemy 2.x mappings (the one declaration of the schema).

Why one declarative module: the Alembic migrations in ``migrations/versions`` must build exactly
these tables, and ``tests/store/test_migrations.py`` compares a migrated empty database with this
metadata, so a column added here without a migration (or the reverse) fails a test.

Choices that matter when querying (docs/store.md):

* Values are exact decimals: TEXT on SQLite (its NUMERIC affinity would turn ``1.20`` into the
  float 1.2), NUMERIC on PostgreSQL (exact, keeps the printed scale). Never a float. ``decimals``
  keeps the displayed precision separately, as in :class:`budgetlens.model.Fact`.
* Original files are kept as BLOBs in ``blobs``, keyed by their SHA-256 (see ``docs/store.md``,
  "Why BLOBs"): one transaction stores a document and its file together, on SQLite and PostgreSQL
  alike, and a file re-processed by a newer extractor is not copied again.
* A document is one (content hash, extractor version) pair: the unique constraint
  ``uq_documents_content`` is what makes concurrent ingests of the same file store it once.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any, Optional

from sqlalchemy import (Boolean, DateTime, Float, ForeignKey, Index, Integer, LargeBinary,
                        MetaData, Numeric, String, Text, UniqueConstraint)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator, TypeEngine

#: Constraint names are spelled out so that migrations and metadata agree on every backend.
NAMING = {"ix": "ix_%(table_name)s_%(column_0_N_name)s", "uq": "uq_%(table_name)s_%(column_0_N_name)s",
          "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
          "pk": "pk_%(table_name)s"}


class ExactDecimal(TypeDecorator):
    """A Decimal stored without loss: TEXT on SQLite, NUMERIC on PostgreSQL (see module doc)."""

    impl = Text
    cache_ok = True

    def load_dialect_impl(self, dialect: Dialect) -> TypeEngine[Any]:
        if dialect.name == "postgresql":
            return dialect.type_descriptor(Numeric(asdecimal=True))
        return dialect.type_descriptor(Text())

    def process_bind_param(self, value: Any, dialect: Dialect) -> Any:
        if value is None:
            return None
        return Decimal(value) if dialect.name == "postgresql" else str(value)

    def process_result_value(self, value: Any, dialect: Dialect) -> Optional[Decimal]:
        return None if value is None else Decimal(str(value))


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class Run(Base):
    """One ``ingest`` or ``reprocess`` invocation: when, which extractor, what it did."""

    __tablename__ = "runs"
    id: Mapped[int] = mapped_column(primary_key=True)
    command: Mapped[str] = mapped_column(String(16))
    extractor_version: Mapped[str] = mapped_column(String(64))
    started_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    finished_at: Mapped[Optional[datetime]] = mapped_column(DateTime(timezone=True))
    files: Mapped[int] = mapped_column(Integer, default=0)
    stored: Mapped[int] = mapped_column(Integer, default=0)
    skipped: Mapped[int] = mapped_column(Integer, default=0)
    failed: Mapped[int] = mapped_column(Integer, default=0)
    pages: Mapped[int] = mapped_column(Integer, default=0)
    facts: Mapped[int] = mapped_column(Integer, default=0)
    findings: Mapped[int] = mapped_column(Integer, default=0)


class Blob(Base):
    """An original input file, content-addressed (``sha256`` of its bytes)."""

    __tablename__ = "blobs"
    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    size: Mapped[int] = mapped_column(Integer)
    content: Mapped[Optional[bytes]] = mapped_column(LargeBinary)


class Unit(Base):
    """A budget unit or department, by normalised name within a region (``''`` when unknown).

    ``parent`` is the department a unit was printed under (a row of a table broken down by budget
    unit names the unit; the disclosure's own unit is its department)."""

    __tablename__ = "units"
    __table_args__ = (UniqueConstraint("name_key", "region_code"),
                      Index("ix_units_identity", "identity_key", "region_code"))
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(Text)
    name_key: Mapped[str] = mapped_column(Text)
    region_code: Mapped[str] = mapped_column(Text, default="")
    region: Mapped[Optional[str]] = mapped_column(Text)
    level: Mapped[Optional[str]] = mapped_column(Text)
    parent_id: Mapped[Optional[int]] = mapped_column(ForeignKey("units.id"))
    #: Unit identity across documents (migration 0002, store/units.py): the key printed names of
    #: one unit share (rules/units.toml), and the unit that stands for all rows of that identity
    #: (itself when NULL). No foreign key: SQLite adds a column with one only by rebuilding the
    #: table, which the documents referring to units would forbid.
    identity_key: Mapped[Optional[str]] = mapped_column(Text)
    canonical_id: Mapped[Optional[int]] = mapped_column(Integer, index=True)
    #: A unit code printed glued to the unit's name in a table broken down by budget unit
    #: (125001西安市安全生产监督管理局; rules/units.toml ``code_digits``; migration 0010): the
    #: least printed (shortest, then code points), as every derived field (store/unit_fields.py).
    code: Mapped[Optional[str]] = mapped_column(Text)


class Document(Base):
    """One input file as read by one extractor version, with its metadata and outcome.

    ``status`` is ``ok`` or ``error`` (``error_code`` and a one-line ``reason`` say why).
    ``superseded_by`` points to the row a newer extractor version wrote for the same content;
    current rows have it NULL. ``sha256`` is NULL only when the file could not be opened at all."""

    __tablename__ = "documents"
    __table_args__ = (UniqueConstraint("sha256", "extractor_version", name="uq_documents_content"),
                      Index("ix_documents_year_kind", "year", "kind"))
    id: Mapped[int] = mapped_column(primary_key=True)
    sha256: Mapped[Optional[str]] = mapped_column(ForeignKey("blobs.sha256"))
    extractor_version: Mapped[str] = mapped_column(String(64))
    run_id: Mapped[Optional[int]] = mapped_column(ForeignKey("runs.id"))
    source: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(Text)
    error_code: Mapped[Optional[str]] = mapped_column(Text)
    reason: Mapped[Optional[str]] = mapped_column(Text)
    format: Mapped[Optional[str]] = mapped_column(Text)
    kind: Mapped[Optional[str]] = mapped_column(Text)
    year: Mapped[Optional[int]] = mapped_column(Integer)
    level: Mapped[Optional[str]] = mapped_column(Text)
    unit_name: Mapped[Optional[str]] = mapped_column(Text)
    region: Mapped[Optional[str]] = mapped_column(Text)
    region_code: Mapped[Optional[str]] = mapped_column(Text)
    template: Mapped[Optional[str]] = mapped_column(Text)
    unit_id: Mapped[Optional[int]] = mapped_column(ForeignKey("units.id"))
    pages: Mapped[Optional[int]] = mapped_column(Integer)
    n_tables: Mapped[int] = mapped_column(Integer, default=0)
    n_facts: Mapped[int] = mapped_column(Integer, default=0)
    n_findings: Mapped[int] = mapped_column(Integer, default=0)
    checks_run: Mapped[int] = mapped_column(Integer, default=0)
    identities_evaluated: Mapped[int] = mapped_column(Integer, default=0)
    identities_held: Mapped[int] = mapped_column(Integer, default=0)
    read_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    seconds: Mapped[Optional[float]] = mapped_column(Float)
    superseded_by: Mapped[Optional[int]] = mapped_column(ForeignKey("documents.id"))
    #: Claims stored (migration 0002); NULL for a document stored before claims were kept.
    n_claims: Mapped[Optional[int]] = mapped_column(Integer)


class DocTable(Base):
    """A table of a document as extraction recognised it (``idx`` = ``Source.table`` of facts)."""

    __tablename__ = "tables"
    __table_args__ = (UniqueConstraint("document_id", "idx"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"))
    idx: Mapped[int] = mapped_column(Integer)
    role: Mapped[Optional[str]] = mapped_column(Text)
    title: Mapped[str] = mapped_column(Text)
    page_first: Mapped[int] = mapped_column(Integer)
    page_last: Mapped[int] = mapped_column(Integer)
    money_unit: Mapped[str] = mapped_column(Text)
    empty: Mapped[bool] = mapped_column(Boolean, default=False)
    note: Mapped[str] = mapped_column(Text, default="")


class FactRow(Base):
    """One fact with its provenance (page, line, table/row/column, bbox, quoted text). An implied
    fact (``derived``, no page of its own) names its ``derivation`` rule, the ``identity`` it
    evaluated and, in ``derived_from``, the facts it came from as JSON (their own provenance), as
    ``extract --format json`` shows them."""

    __tablename__ = "facts"
    #: (measure, basis, document_id): a measure or a measure prefix, joined to current documents,
    #: is answered from the index alone (migration 0004; it replaced (measure, basis)).
    #: unit_id (migration 0009): a unit's by-unit rows, and deleting or merging a unit, without a
    #: scan of every fact.
    __table_args__ = (Index("ix_facts_measure_basis_document", "measure", "basis", "document_id"),
                      Index("ix_facts_unit_id", "unit_id"))
    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"),
                                             index=True)
    measure: Mapped[str] = mapped_column(Text)
    basis: Mapped[str] = mapped_column(Text)
    value: Mapped[Decimal] = mapped_column(ExactDecimal())
    decimals: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(Text)
    origin: Mapped[str] = mapped_column(Text)
    derived: Mapped[bool] = mapped_column(Boolean, default=False)
    derivation: Mapped[Optional[str]] = mapped_column(Text)
    identity: Mapped[Optional[str]] = mapped_column(Text)
    derived_from: Mapped[Optional[str]] = mapped_column(Text)
    blank: Mapped[bool] = mapped_column(Boolean, default=False)
    scope: Mapped[str] = mapped_column(Text, default="")
    unit_id: Mapped[Optional[int]] = mapped_column(ForeignKey("units.id"))
    label: Mapped[str] = mapped_column(Text, default="")
    of: Mapped[str] = mapped_column(Text, default="")
    page: Mapped[Optional[int]] = mapped_column(Integer)
    line: Mapped[Optional[int]] = mapped_column(Integer)
    table_idx: Mapped[Optional[int]] = mapped_column(Integer)
    row: Mapped[Optional[int]] = mapped_column(Integer)
    col: Mapped[Optional[int]] = mapped_column(Integer)
    x0: Mapped[Optional[float]] = mapped_column(Float)
    top: Mapped[Optional[float]] = mapped_column(Float)
    x1: Mapped[Optional[float]] = mapped_column(Float)
    bottom: Mapped[Optional[float]] = mapped_column(Float)
    text: Mapped[str] = mapped_column(Text, default="")


class FindingRow(Base):
    """One audit finding (stated and expected as exact decimal strings, as the audit gives them)."""

    __tablename__ = "findings"
    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"),
                                             index=True)
    rule: Mapped[str] = mapped_column(Text, index=True)
    category: Mapped[str] = mapped_column(Text)
    severity: Mapped[str] = mapped_column(Text)
    message: Mapped[str] = mapped_column(Text)
    message_en: Mapped[str] = mapped_column(Text, default="")
    stated: Mapped[Optional[str]] = mapped_column(Text)
    expected: Mapped[Optional[str]] = mapped_column(Text)
    difference: Mapped[Optional[str]] = mapped_column(Text)
    tolerance: Mapped[Optional[str]] = mapped_column(Text)
    measure: Mapped[str] = mapped_column(Text, default="")
    basis: Mapped[str] = mapped_column(Text, default="")
    #: 读取存疑 (migration 0006): the reading check the finding stands on, and the severity it
    #: would carry were the reading sure; NULL for every other finding.
    cause: Mapped[Optional[str]] = mapped_column(Text)
    severity_as_read: Mapped[Optional[str]] = mapped_column(Text)


class EvidenceRow(Base):
    """One piece of a finding's evidence, in the order the audit gave it (``position``)."""

    __tablename__ = "evidence"
    id: Mapped[int] = mapped_column(primary_key=True)
    finding_id: Mapped[int] = mapped_column(ForeignKey("findings.id", ondelete="CASCADE"),
                                            index=True)
    position: Mapped[int] = mapped_column(Integer)
    role: Mapped[str] = mapped_column(Text, default="")
    measure: Mapped[str] = mapped_column(Text, default="")
    basis: Mapped[str] = mapped_column(Text, default="")
    value: Mapped[Optional[str]] = mapped_column(Text)
    page: Mapped[Optional[int]] = mapped_column(Integer)
    line: Mapped[Optional[int]] = mapped_column(Integer)
    table_idx: Mapped[Optional[int]] = mapped_column(Integer)
    row: Mapped[Optional[int]] = mapped_column(Integer)
    col: Mapped[Optional[int]] = mapped_column(Integer)
    x0: Mapped[Optional[float]] = mapped_column(Float)
    top: Mapped[Optional[float]] = mapped_column(Float)
    x1: Mapped[Optional[float]] = mapped_column(Float)
    bottom: Mapped[Optional[float]] = mapped_column(Float)
    text: Mapped[str] = mapped_column(Text, default="")


class DiagnosticRow(Base):
    """A problem met while reading or extracting a document (why a failed file failed, and
    warnings of stored ones such as ``ocr-used``)."""

    __tablename__ = "diagnostics"
    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"),
                                             index=True)
    code: Mapped[str] = mapped_column(Text)
    severity: Mapped[str] = mapped_column(Text)
    message: Mapped[str] = mapped_column(Text)
    message_en: Mapped[str] = mapped_column(Text, default="")
    page: Mapped[Optional[int]] = mapped_column(Integer)
    line: Mapped[Optional[int]] = mapped_column(Integer)


# The tables of unit identity and cross-document checks (migration 0002) join the same metadata.
from . import schema_cross  # noqa: E402,F401  (registers its tables on Base.metadata)
# The search index (migration 0004) too.
from . import schema_search  # noqa: E402,F401
from . import schema_review  # noqa: E402,F401  (migration 0005: accounts and review)

TABLES = Base.metadata.tables
