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
from typing import NamedTuple, Optional

BBox = tuple[float, float, float, float]


class Source(NamedTuple):
    """Where something was printed. Every fact and every piece of evidence carries one.

    ``line`` is the 1-based line number: within the file for text-like inputs, within the page for
    PDFs. ``table`` is the 0-based index into ``Document.tables``; ``row``/``column`` are 0-based
    grid positions inside that table. ``text`` is the exact quoted text (a sentence or a cell).
    Synthesised items use ``file`` of the input and ``text`` naming their origin, e.g. ``<derived>``.
    """

    file: str
    page: Optional[int] = None
    line: Optional[int] = None
    bbox: Optional[BBox] = None
    table: Optional[int] = None
    row: Optional[int] = None
    column: Optional[int] = None
    text: str = ""

    def to_dict(self) -> dict:
        out = {"file": self.file, "page": self.page, "line": self.line, "table": self.table,
               "row": self.row, "column": self.column, "text": self.text}
        if self.bbox is not None:
            out["bbox"] = [round(v, 2) for v in self.bbox]
        return out


class Severity:
    """Severity levels shared by diagnostics and findings, ordered."""

    INFO = "info"
    WARNING = "warning"
    ERROR = "error"
    ORDER = {"info": 0, "warning": 1, "error": 2}


class Diagnostic(NamedTuple):
    """A problem met while reading or extracting (not an audit finding).

    ``code`` is a stable kebab-case id (``pdf-encrypted``, ``scanned-pdf``, ``not-a-disclosure`` ...).
    ``message`` is Chinese (zh-CN); ``message_en`` English.
    """

    code: str
    severity: str
    message: str
    message_en: str = ""
    source: Optional[Source] = None

    def to_dict(self) -> dict:
        return {"code": self.code, "severity": self.severity, "message": self.message,
                "message_en": self.message_en,
                "source": self.source.to_dict() if self.source else None}


# ---------------------------------------------------------------------------------------------
# Document: what a reader produces
# ---------------------------------------------------------------------------------------------


class Word(NamedTuple):
    """A run of characters without a gap, with its box (PDF only)."""

    text: str
    x0: float
    top: float
    x1: float
    bottom: float


class Line(NamedTuple):
    """One line of text as printed, in reading order.

    ``number`` is 1-based within the page (PDF) or within the file (text-like formats, where the
    whole file is usually one page). ``table`` is the index of the table the line falls inside, or
    None for running text; narrative extraction reads only lines with ``table is None``.
    """

    text: str
    page: int
    number: int
    bbox: Optional[BBox] = None
    words: tuple[Word, ...] = ()
    table: Optional[int] = None


class Cell(NamedTuple):
    """One cell of a table grid. Merged cells appear once, at their top-left slot, with spans.

    A blank cell is kept as ``text == ""`` in its own slot: never shifted. ``page``/``line`` give
    the cell's own location (a table can continue over pages).
    """

    text: str
    row: int
    col: int
    rowspan: int = 1
    colspan: int = 1
    bbox: Optional[BBox] = None
    page: Optional[int] = None
    line: Optional[int] = None


@dataclass(frozen=True)
class Table:
    """A table as a grid of cells, possibly continued over several pages.

    ``index`` is the position in ``Document.tables``. ``page`` is the first page, ``pages`` all of
    them. ``title_lines`` are the lines printed just above the table (title, 单位：万元 ...), in
    order, as the reader found them; extraction decides what they mean. ``column_edges`` keeps the
    x positions used to rebuild the grid (PDF), so the rebuild can be inspected and drawn.
    """

    index: int
    page: int
    n_rows: int
    n_cols: int
    cells: tuple[Cell, ...]
    pages: tuple[int, ...] = ()
    bbox: Optional[BBox] = None
    line: Optional[int] = None
    title_lines: tuple[Line, ...] = ()
    column_edges: tuple[float, ...] = ()
    #: the reader could not tell whether the table goes on: it ran to the foot of its last page
    #: and the next page opens like a continuation the reader could not join (``open_end``), or
    #: it opens its page like the continuation of such a table (``open_start``). Its rows may be
    #: a part of the table's: sums over them are not a complete reading.
    open_end: bool = False
    open_start: bool = False

    def grid(self, fill_spans: bool = False) -> list[list[str]]:
        """Rows of cell texts. With ``fill_spans`` a merged cell's text is repeated in every slot
        it covers (handy for reading multi-line headers); otherwise covered slots are ``""``."""
        out = [["" for _ in range(self.n_cols)] for _ in range(self.n_rows)]
        for c in self.cells:
            if not (0 <= c.row < self.n_rows and 0 <= c.col < self.n_cols):
                continue
            if fill_spans:
                for r in range(c.row, min(c.row + c.rowspan, self.n_rows)):
                    for k in range(c.col, min(c.col + c.colspan, self.n_cols)):
                        out[r][k] = c.text
            else:
                out[c.row][c.col] = c.text
        return out

    def cell_at(self, row: int, col: int) -> Optional[Cell]:
        """The cell whose span covers ``(row, col)``."""
        for c in self.cells:
            if c.row <= row < c.row + c.rowspan and c.col <= col < c.col + c.colspan:
                return c
        return None


@dataclass(frozen=True)
class Page:
    number: int
    lines: tuple[Line, ...]
    width: Optional[float] = None
    height: Optional[float] = None
    chars: int = 0
    images: int = 0


@dataclass(frozen=True)
class Document:
    """What every reader returns: pages of lines, plus the tables found, with positions.

    ``format`` is the reader that produced it (``pdf``, ``text``, ``docx``, ``xlsx``, ``xls``,
    ``html``). ``scanned`` is True for a PDF without a usable text layer. ``ocr_pages`` lists
    the pages whose text was recognised by OCR rather than read from a text layer (their
    numbers may be misread: a diagnostic ``ocr-used`` says so).
    """

    path: str
    format: str
    pages: tuple[Page, ...]
    tables: tuple[Table, ...] = ()
    encoding: Optional[str] = None
    scanned: bool = False
    info: tuple[tuple[str, str], ...] = ()
    ocr_pages: tuple[int, ...] = ()

    @property
    def n_pages(self) -> int:
        return len(self.pages)

    def lines(self):
        """All lines in reading order, page by page."""
        for p in self.pages:
            yield from p.lines

    def text(self) -> str:
        return "\n".join(line.text for line in self.lines())


# ---------------------------------------------------------------------------------------------
# Disclosure: what extraction produces
# ---------------------------------------------------------------------------------------------


class Basis:
    """Which figure of a measure a fact is (see docs/measures.md)."""

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


#: Marks the scope of a fact read from a table broken down by budget unit: ``table:<i>:unit:<name>``
#: (see docs/measures.md). Such a fact is the unit's figure, not the department's.
UNIT_SCOPE = ":unit:"


def scope_unit(scope: str) -> str:
    """The budget unit a fact's scope names (``table:3:unit:深圳市考试院:row:7`` → 深圳市考试院),
    or "" for a fact of the department."""
    if UNIT_SCOPE not in scope:
        return ""
    return scope.split(UNIT_SCOPE, 1)[1].split(":row:", 1)[0]


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
        out = {"measure": self.measure, "basis": self.basis, "value": str(self.value),
               "kind": self.kind, "origin": self.origin, "source": self.source.to_dict()}
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
        out = {"index": self.index, "role": self.role, "title": self.title, "page": self.page,
               "pages": list(self.pages), "money_unit": self.money_unit,
               "columns": list(self.columns), "empty": self.empty, "note": self.note}
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
# Findings: what reconciliation produces
# ---------------------------------------------------------------------------------------------


class Evidence(NamedTuple):
    """One fact taking part in a finding: where it is, what it says, its value and role."""

    source: Source
    value: Optional[str] = None
    measure: str = ""
    basis: str = ""
    role: str = ""

    def to_dict(self) -> dict:
        d = self.source.to_dict()
        d.update({"value": self.value, "measure": self.measure, "basis": self.basis,
                  "role": self.role})
        return d


@dataclass(frozen=True)
class Finding:
    """One audit finding. ``rule`` is the stable kebab-case id of the declaration that raised it.
    ``stated`` is what the document says, ``expected`` what the identity implies (as strings, in
    the unit of the measure). ``evidence`` is never empty: a finding that cannot show its evidence
    is not reported."""

    rule: str
    category: str
    severity: str
    message: str
    evidence: tuple[Evidence, ...]
    message_en: str = ""
    stated: Optional[str] = None
    expected: Optional[str] = None
    difference: Optional[str] = None
    tolerance: Optional[str] = None
    measure: str = ""
    basis: str = ""
    #: a finding whose evidence stands on a reading in doubt (category ``unverified_reading``,
    #: 读取存疑): the cause's code (rules/reading.toml) and the severity the evidence would carry
    #: if the reading were sure. "" for every other finding.
    cause: str = ""
    severity_as_read: str = ""

    def to_dict(self) -> dict:
        out = {"rule": self.rule, "category": self.category, "severity": self.severity,
               "message": self.message, "message_en": self.message_en, "stated": self.stated,
               "expected": self.expected, "difference": self.difference,
               "tolerance": self.tolerance, "measure": self.measure, "basis": self.basis,
               "evidence": [e.to_dict() for e in self.evidence]}
        if self.cause:
            out["cause"] = self.cause
            out["severity_as_read"] = self.severity_as_read
        return out


@dataclass(frozen=True)
class Assessment:
    """A check that could not be evaluated: recorded as "not assessable" instead of guessing."""

    rule: str
    reason: str


@dataclass(frozen=True)
class Audit:
    """What reconciliation returns for one disclosure."""

    findings: tuple[Finding, ...] = ()
    not_assessable: tuple[Assessment, ...] = ()
    checks_run: int = 0
    identities_evaluated: int = 0
    identities_held: int = 0


@dataclass(frozen=True)
class Result:
    """Everything the pipeline knows about one input file. ``status`` is ``ok`` or ``error``;
    ``error`` is a one-line Chinese message when the file could not be read."""

    file: str
    status: str
    error: Optional[str] = None
    error_code: Optional[str] = None
    document: Optional[Document] = None
    disclosure: Optional[Disclosure] = None
    audit: Optional[Audit] = None
    diagnostics: tuple[Diagnostic, ...] = ()
    timings: tuple[tuple[str, float], ...] = field(default=())


__all__ = [
    "BBox", "Source", "Severity", "Diagnostic", "Word", "Line", "Cell", "Table", "Page",
    "Document", "Basis", "UNIT_SCOPE", "scope_unit", "Derivation", "Fact", "Metadata", "ReadingDoubt", "TableInfo", "Heading", "Claim", "Disclosure",
    "Evidence", "Finding", "Assessment", "Audit", "Result",
]
