"""Reading confidence in the audit: a finding that stands on a reading in doubt is reported apart.

Why one place: every check (arithmetic identities, form checks) cites its evidence as table
cells and sentences; whether those cells were read well is known once per table
(:class:`~budgetlens.model.ReadingDoubt`, extract/table_quality.py). Judging it here, after all
checks ran, keeps the checks unaware of reading quality and applies one rule to all of them.

The rule (documented in docs/accuracy.md "Reading confidence"):

* A finding is **touched** by a cause (rules/reading.toml) when its rule's kind is one the cause
  demotes and its evidence needs the doubtful reading:
  - a ``values`` doubt (a row out of line with its header, a page read by OCR): the finding cites
    a figure in a row in doubt — unless that same figure (measure, basis and value) is also
    printed in a place no doubt touches (a sentence, a well-read row): an independent printing
    confirms the value;
  - a ``completeness`` doubt (rows short of their total in several columns, a table continued
    over a page and not joined): the finding adds up rows of the doubt — it cites a total the
    doubt names and one of its parts, or two rows of a table that is in doubt as a whole — and
    its total exceeds what the parts give (rows not read can only make the parts fall short; parts
    beyond their total are printed so).
* Otherwise the document's own printed numbers **prove** the inconsistency: every figure the
  finding needs was read from sentences or from rows no check puts in doubt (two printed totals
  of two well-read tables that disagree), and the finding keeps its category and severity.
* A touched ``error`` or ``warning`` becomes category ``unverified_reading`` (读取存疑), severity
  at most the cause's (``warning``), names the cause in ``cause`` and in its message, and keeps
  the severity it had in ``severity_as_read``. ``info`` notes are left as they are.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from decimal import Decimal, InvalidOperation
from typing import Mapping, Optional, Sequence

from ..model import Disclosure, Evidence, Finding, Severity
from ..rules.catalogue import Rule
from ..rules.reading import CATEGORY, Cause, load_causes

Cell = tuple[int, int]  # (table index, grid row)


@dataclass
class _Doubted:
    """Where one cause puts the reading of a disclosure in doubt."""

    cause: Cause
    cells: set[Cell] = field(default_factory=set)
    totals: set[Cell] = field(default_factory=set)
    tables: set[int] = field(default_factory=set)  # every row in doubt
    details: dict[int, tuple[str, str]] = field(default_factory=dict)  # by table: zh, en

    def holds(self, cell: Cell) -> bool:
        return cell in self.cells or cell in self.totals or cell[0] in self.tables


def qualify(findings: Sequence[Finding], disclosure: Disclosure, rules: Sequence[Rule],
            causes: Optional[Mapping[str, Cause]] = None) -> list[Finding]:
    """The findings with those that stand on a reading in doubt demoted (see module doc)."""
    causes = load_causes() if causes is None else causes
    doubted = _doubted(disclosure, causes)
    if not doubted:
        return list(findings)
    kinds = {r.id: r.kind for r in rules}
    confirmed = _well_read_values(disclosure, doubted)
    out = []
    for f in findings:
        hit = None
        if f.severity != Severity.INFO and f.category != CATEGORY:
            hit = next((d for d in doubted if _touches(d, f, kinds.get(f.rule, ""), confirmed)),
                       None)
        out.append(_demote(f, hit) if hit else f)
    return out


def _doubted(disclosure: Disclosure, causes: Mapping[str, Cause]) -> list[_Doubted]:
    """The doubts of every table, gathered per cause (a cause not declared is ignored)."""
    by_cause: dict[str, _Doubted] = {}
    for table in disclosure.tables:
        for doubt in table.reading:
            cause = causes.get(doubt.cause)
            if cause is None:
                continue
            d = by_cause.setdefault(doubt.cause, _Doubted(cause))
            d.details.setdefault(table.index, (doubt.detail, doubt.detail_en))
            if not doubt.rows and not doubt.totals:
                d.tables.add(table.index)
            d.cells.update((table.index, r) for r in doubt.rows)
            d.totals.update((table.index, r) for r in doubt.totals)
    return list(by_cause.values())


def _cells(f: Finding) -> list[tuple[Cell, Evidence]]:
    return [((e.source.table, e.source.row if e.source.row is not None else -1), e)
            for e in f.evidence if e.source.table is not None]


def _touches(d: _Doubted, f: Finding, kind: str, confirmed: set) -> bool:
    if not d.cause.touches(kind):
        return False
    cited = _cells(f)
    if d.cause.doubt == "values":
        return any(d.holds(cell) and _key(e) not in confirmed for cell, e in cited)
    if not _short(f):
        return False  # parts beyond their total: rows not read cannot explain it
    cells = {cell for cell, _ in cited}
    whole = {c for c in cells if c[0] in d.tables}
    return bool(cells & d.totals and cells & d.cells) or len(whole) >= 2


def _short(f: Finding) -> bool:
    """Whether the stated total exceeds what its parts give (difference = stated − expected > 0):
    the only direction rows left unread can produce."""
    try:
        return Decimal(str(f.difference)) > 0
    except (InvalidOperation, ValueError):
        return False


def _key(e: Evidence) -> tuple:
    value: Decimal | str | None
    try:
        value = Decimal(str(e.value)).normalize()
    except (InvalidOperation, ValueError):
        value = e.value
    return (e.measure, e.basis, value)


def _well_read_values(disclosure: Disclosure, doubted: Sequence[_Doubted]) -> set:
    """(measure, basis, value) of every printed figure read where no values doubt lies: a
    sentence, or a table row no values cause holds."""
    values = [d for d in doubted if d.cause.doubt == "values"]
    out = set()
    for f in disclosure.facts:
        if f.origin == "derived":
            continue
        src = f.source
        if src.table is not None:
            cell = (src.table, src.row if src.row is not None else -1)
            if any(d.holds(cell) for d in values):
                continue
        out.add((f.measure, f.basis, f.value.normalize()))
    return out


def _demote(f: Finding, d: _Doubted) -> Finding:
    """The finding as 读取存疑: its cause named, with what was seen in the first table cited."""
    cause = d.cause
    severity = min(f.severity, cause.severity, key=lambda s: Severity.ORDER.get(s, 0))
    table = next((cell[0] for cell, _ in _cells(f) if d.holds(cell)), None)
    zh, en = d.details.get(table, ("", "")) if table is not None else ("", "")
    number = (table or 0) + 1  # printed only with a detail, which only a table has
    return replace(f, category=CATEGORY, severity=severity, cause=cause.code,
                   severity_as_read=f.severity,
                   message=f"{f.message}（读取存疑：{cause.zh}" + (f"；表{number}：{zh}" if zh else "")
                   + "）",
                   message_en=f"{f.message_en} (unverified reading: {cause.en}"
                   + (f"; table {number}: {en}" if en else "") + ")"
                   if f.message_en else f.message_en)


__all__ = ["qualify"]
