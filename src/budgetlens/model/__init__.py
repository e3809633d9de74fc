"""Records shared by every stage: read → extract → reconcile → report.

This package imports nothing else from budgetlens. Every record is immutable (NamedTuple for the
numerous hot records, frozen dataclasses elsewhere) and every record that stands for something on a
page carries a :class:`Source`, so that any number or finding can point back to where it was printed.

Coordinates follow pdfplumber: ``(x0, top, x1, bottom)`` in PDF points, origin top-left. Pages and
lines are 1-based.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from typing import Any, NamedTuple, Optional

# the records are defined by kind in modules of their own and re-exported here: callers import
# every record from ``budgetlens.model``
from .audit import Assessment, Audit, Evidence, Finding
from .base import BBox, Diagnostic, Severity, Source
from .document import Cell, Document, Line, Page, Table, Word
from .scope import ROW_SCOPE, UNIT_SCOPE, Scope


# ---------------------------------------------------------------------------------------------
# Disclosure: what extraction produces
# ---------------------------------------------------------------------------------------------


class Basis(StrEnum):
    """Which figure of a measure a fact is (see docs/measures.md). A ``StrEnum``: it equals and
    prints as its string, so facts whose basis came from a rules file compare with it."""

    CURRENT = "current"
    PRIOR = "prior"
    INITIAL_BUDGET = "initial_budget"
    ADJUSTED_BUDGET = "adjusted_budget"
    CHANGE_PRIOR = "change_prior"
    CHANGE_INITIAL_BUDGET = "change_initial_budget"
    CHANGE_ADJUSTED_BUDGET = "change_adjusted_budget"
    PCT_CHANGE_PRIOR = "pct_change_prior"
    PCT_CHANGE_INITIAL_BUDGET = "pct_change_initial_budget"
    PCT_CHANGE_ADJUSTED_BUDGET = "pct_change_adjusted_budget"
    SHARE = "share"
    COMPLETION_INITIAL_BUDGET = "completion_initial_budget"
    COMPLETION_ADJUSTED_BUDGET = "completion_adjusted_budget"
    PRIOR_EXECUTION = "prior_execution"
    CHANGE_PRIOR_EXECUTION = "change_prior_execution"
    PCT_CHANGE_PRIOR_EXECUTION = "pct_change_prior_execution"


class DocKind(StrEnum):
    """What a disclosure is (``Metadata.kind``): a budget (预算) or a final account (决算)."""

    BUDGET = "budget"
    FINAL = "final"


class Level(StrEnum):
    """Whose disclosure it is (``Metadata.level``): a department's (部门) or one unit's (单位)."""

    DEPARTMENT = "department"
    UNIT = "unit"


class FactKind(StrEnum):
    """What a fact's value counts (``Fact.kind``)."""

    MONEY = "money"
    PERCENT = "percent"
    COUNT = "count"


class Origin(StrEnum):
    """Where a fact comes from (``Fact.origin``): a table cell, a sentence, or implied by others."""

    TABLE = "table"
    TEXT = "text"
    DERIVED = "derived"


def scope_unit(scope: str) -> str:
    """The budget unit a fact's scope names (``table:3:unit:深圳市考试院:row:7`` → 深圳市考试院),
    or "" for a fact of the department (:attr:`Scope.unit`)."""
    return Scope.parse(scope).unit


class Derivation(NamedTuple):
    """How an implied fact was derived (see ``rules/derivations.toml`` and ``budgetlens.imply``):
    ``rule`` is the derivation's id (``prior-from-change``, ``total-from-parts`` ...) and
    ``instance`` the identity instance it evaluated, ``(identity id, measure, basis)``, so that the
    audit never "verifies" an identity with a value that identity implied itself."""

    rule: str
    instance: tuple = ()

    @property
    def identity(self) -> str:
        return self.instance[0] if self.instance else ""


class Fact(NamedTuple):
    """One number as an observation of a measure: ``(measure, basis, value, source)``.

    ``value`` is a Decimal: money in 万元 (converted from 元 when the table was in 元), counts as
    plain numbers, percentages in percent. ``decimals`` is the displayed precision *after* unit
    conversion (a 元 figure with 2 decimals has 6 in 万元): the rounding tolerance is half a unit
    of the last displayed digit. ``kind`` is ``money``, ``percent`` or ``count``. ``origin`` is
    ``table``, ``text`` or ``derived`` (never written by readers; derived facts name what implied
    them in ``derived_from``). ``scope`` groups facts that must be read together (a table's
    ``"table:3"``, a sentence's ``"text:12:4"``; a budget unit's row of a table broken down by unit
    ``"table:3:unit:<name>"``, see :data:`UNIT_SCOPE`). ``of`` is, for shares, the measure of the whole
    as stated (``expense.total``); otherwise "". ``label`` is the row/column label or phrase the
    value was attached to, as printed. ``blank`` marks a cell printed empty that the table's
    convention reads as zero. ``derivation`` (derived facts only) says how the value was implied.
    """

    measure: str
    basis: str
    value: Decimal
    source: Source
    decimals: int = 2
    kind: str = "money"
    origin: str = "table"
    scope: str = ""
    label: str = ""
    of: str = ""
    blank: bool = False
    derived_from: tuple = ()
    derivation: Optional[Derivation] = None

    def to_dict(self) -> dict:
        out: dict[str, Any] = {"measure": self.measure, "basis": self.basis,
                               "value": str(self.value), "kind": self.kind, "origin": self.origin,
                               "source": self.source.to_dict()}
        if self.label:
            out["label"] = self.label
        if self.of:
            out["of"] = self.of
        if self.blank:
            out["blank"] = True
        unit = scope_unit(self.scope)
        if unit:
            out["unit"] = unit
        if self.origin == "derived":
            out["derived"] = True
            out["derivation"] = self.derivation.rule if self.derivation else ""
            out["identity"] = self.derivation.identity if self.derivation else ""
            out["derived_from"] = [_input_dict(f) for f in self.derived_from]
        return out


def _input_dict(fact: "Fact") -> dict:
    """One fact an implied value came from: what it is and where it was printed (a derived input
    names its own derivation instead of a place)."""
    src = fact.source
    out = {"measure": fact.measure, "basis": fact.basis, "value": str(fact.value),
           "origin": fact.origin, "page": src.page, "line": src.line, "table": src.table,
           "row": src.row, "column": src.column, "text": src.text}
    if fact.origin == "derived" and fact.derivation:
        out["derivation"] = fact.derivation.rule
    return out


@dataclass(frozen=True)
class Metadata:
    """What the document is about, classified from content (never from the file name).

    ``kind``: ``budget`` (预算) | ``final`` (决算); ``level``: ``department`` (部门) | ``unit`` (单位).
    ``evidence`` maps each field to the Source it was read from; ``conflicts`` lists
    disagreements (e.g. the cover says 2024, a table header 2023) as diagnostics.
    ``region`` is the official full name (province down, 山西省运城市) when the gazetteer knows the
    place, else the printed name; ``region_code`` its 6-digit 行政区划代码 (None when unknown).
    """

    unit: Optional[str] = None
    region: Optional[str] = None
    year: Optional[int] = None
    kind: Optional[str] = None
    level: Optional[str] = None
    template: Optional[str] = None
    is_disclosure: bool = True
    evidence: tuple[tuple[str, Source], ...] = ()
    region_code: Optional[str] = None

    def to_dict(self) -> dict:
        return {"unit": self.unit, "region": self.region, "year": self.year, "kind": self.kind,
                "level": self.level, "template": self.template, "region_code": self.region_code}


class ReadingDoubt(NamedTuple):
    """One check of a table's reading that failed (issue #8, reading confidence): ``cause`` is
    the stable code of a cause declared in ``rules/reading.toml``; ``rows`` the grid rows whose
    reading is in doubt; ``totals`` for a doubt about completeness, the total rows whose parts
    (``rows``) may not all have been read (both empty: every row of the table); ``detail`` what was seen (zh) and ``detail_en``.

    Why a record on the table rather than a finding: the reader and extractor know how well a
    table reads; the audit only asks whether a finding's evidence stands on such a reading."""

    cause: str
    rows: tuple[int, ...] = ()
    totals: tuple[int, ...] = ()
    detail: str = ""
    detail_en: str = ""

    def to_dict(self) -> dict:
        return {"cause": self.cause, "rows": list(self.rows), "totals": list(self.totals),
                "detail": self.detail, "detail_en": self.detail_en}


@dataclass(frozen=True)
class TableInfo:
    """A table recognised by role (see rules/tables.toml): ``role`` is a key such as
    ``budget_gpb_expense`` or ``final_three_public``; ``money_unit`` is 元 or 万元 as printed;
    ``columns`` the header label path of each column, as read; ``empty`` True when the table has
    no figures (an empty table with its note)."""

    index: int
    role: Optional[str]
    title: str
    page: int
    pages: tuple[int, ...] = ()
    money_unit: str = "万元"
    columns: tuple[str, ...] = ()
    empty: bool = False
    note: str = ""
    source: Optional[Source] = None
    open_end: bool = False  # as Table.open_end / open_start: the reading may be a part
    open_start: bool = False
    #: the checks of its own reading the table fails (extract/table_quality.py); () reads well
    reading: tuple[ReadingDoubt, ...] = ()
    #: the cells as read, kept only for a form whose words no fact carries (the 绩效目标表 and
    #: 绩效自评表: 总体目标, a text 指标值 or 实际完成值), so that ``generate`` can write them again
    #: from an ``extract`` JSON without reading the source a second time; () for other tables
    cells: tuple[Cell, ...] = ()

    def to_dict(self) -> dict:
        out: dict[str, Any] = {"index": self.index, "role": self.role, "title": self.title,
                               "page": self.page, "pages": list(self.pages),
                               "money_unit": self.money_unit, "columns": list(self.columns),
                               "empty": self.empty, "note": self.note}
        if self.reading:
            out["reading"] = [d.to_dict() for d in self.reading]
        if self.cells:  # blank cells are left out: a grid slot no cell names is blank
            out["cells"] = [_cell_dict(c) for c in self.cells if c.text.strip()]
        return out


def _cell_dict(c: Cell) -> dict:
    """A cell of ``TableInfo.to_dict``: position, text, own page and line; spans only when merged."""
    out = {"row": c.row, "col": c.col, "text": c.text, "page": c.page, "line": c.line}
    if c.rowspan != 1 or c.colspan != 1:
        out.update(rowspan=c.rowspan, colspan=c.colspan)
    return out


@dataclass(frozen=True)
class Heading:
    """A heading of the narrative: ``level`` 1 for 一、, 2 for （一）, 3 for 1．, 4 for (1);
    ``number`` as printed; ``title`` the heading text; ``path`` the titles from the root."""

    level: int
    number: str
    title: str
    source: Source
    path: tuple[str, ...] = ()


@dataclass(frozen=True)
class Claim:
    """A sentence-level statement that is not a number (a reason, a direction word, an empty-table
    statement, 无…支出, 持平). Numbers become facts; claims keep the words the audit checks:
    ``kind`` e.g. ``reason``, ``direction``, ``empty_statement``, ``no_expense``, ``residue``.
    ``measure``/``basis`` name what it is about where known."""

    kind: str
    text: str
    source: Source
    measure: str = ""
    basis: str = ""
    value: str = ""


@dataclass(frozen=True)
class Disclosure:
    """What extraction produces from one Document: metadata, tables by role, narrative, facts."""

    path: str
    metadata: Metadata
    tables: tuple[TableInfo, ...] = ()
    headings: tuple[Heading, ...] = ()
    facts: tuple[Fact, ...] = ()
    claims: tuple[Claim, ...] = ()
    n_pages: int = 0
    format: str = ""
    text_lines: int = 0
    narrative: tuple[Line, ...] = ()
    """The running-text lines (``Line.table is None``, without their words), in reading order:
    for checks that read wording no fact or claim carries (an unnumbered 名词解释 heading,
    template residue, years in sentences without figures)."""


# ---------------------------------------------------------------------------------------------
# Result: what the pipeline returns for one file
# ---------------------------------------------------------------------------------------------


class Status(StrEnum):
    """How one input file's run ended (:attr:`Result.status`, ``documents.status`` in the store).

    A ``StrEnum`` like :class:`Severity`: a typed value where a plain string was compared again
    in every report and command, still equal to, hashed and printed as its string (JSON ``"ok"``),
    so rows read back from the library compare with it unchanged."""

    OK = "ok"
    #: the file could not be read or extracted; ``Result.error`` says why
    ERROR = "error"
    #: recorded by an ingest as not a disclosure (with its reason): neither ok nor a failure
    SKIPPED = "skipped"


@dataclass(frozen=True)
class Result:
    """Everything the pipeline knows about one input file. ``status`` is :class:`Status`;
    ``error`` is a one-line Chinese message when the file could not be read."""

    file: str
    status: Status
    error: Optional[str] = None
    error_code: Optional[str] = None
    document: Optional[Document] = None
    disclosure: Optional[Disclosure] = None
    audit: Optional[Audit] = None
    diagnostics: tuple[Diagnostic, ...] = ()
    timings: tuple[tuple[str, float], ...] = field(default=())


__all__ = [
    "BBox", "Source", "Severity", "Diagnostic", "Word", "Line", "Cell", "Table", "Page",
    "Document", "Basis", "DocKind", "Level", "FactKind", "Origin", "Scope", "UNIT_SCOPE", "ROW_SCOPE", "scope_unit", "Derivation", "Fact", "Metadata", "ReadingDoubt", "TableInfo", "Heading", "Claim", "Disclosure",
    "Evidence", "Finding", "Assessment", "Audit", "Result", "Status",
]
