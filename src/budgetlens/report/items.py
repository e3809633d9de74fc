"""Findings as a reviewer's items: one item per table row (or text line) the evidence points at,
so that one broken row is one item of the 问题台账 however many checks it broke.

Why here and not only in ``web``: the XLSX ledger and the annotated PDF are made from the command
line too (``budgetlens audit --format xlsx``, ``--annotate``), and the reviewer workspace calls the
same functions over the library; the key is the one the web pages group by (web/findings.py), so
an item of the ledger is an item on the page. :func:`finding_from_dict` rebuilds a
:class:`~budgetlens.model.Finding` from the JSON report's or the library's finding dicts, so the
workspace hands stored findings to the same exports.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterable, Mapping, Optional, Sequence

from ..model import Evidence, Finding, Severity, Source


@dataclass(frozen=True)
class Item:
    """Findings sharing one place: ``key`` is ("table", table, row) or ("text", page, line) or
    ("document",); ``findings`` keep the order of the audit."""

    key: tuple
    findings: tuple[Finding, ...]

    @property
    def severity(self) -> str:
        return max((f.severity for f in self.findings), key=lambda s: Severity.ORDER.get(s, 0))

    @property
    def evidence(self) -> tuple[Evidence, ...]:
        """Every piece of evidence of the item once, in order (two checks of one row cite the
        same cells)."""
        seen: dict[tuple, Evidence] = {}
        for f in self.findings:
            for e in f.evidence:
                seen.setdefault(_evidence_key(e), e)
        return tuple(seen.values())

    @property
    def pages(self) -> tuple[int, ...]:
        return tuple(sorted({e.source.page for e in self.evidence if e.source.page}))


def _evidence_key(e: Evidence) -> tuple:
    s = e.source
    return (s.page, s.line, s.table, s.row, s.column, s.bbox, s.text, e.measure, e.basis)


def item_key(finding: Finding) -> tuple:
    """Where a finding points: the first evidence in a table row, else the first with a line."""
    for e in finding.evidence:
        if e.source.table is not None and e.source.row is not None:
            return ("table", e.source.table, e.source.row)
    for e in finding.evidence:
        if e.source.line is not None:
            return ("text", e.source.page, e.source.line)
    return ("document",)


def group_items(findings: Iterable[Finding]) -> list[Item]:
    """Items worst first, then in reading order (tables by index and row, text by page, line)."""
    groups: dict[tuple, list[Finding]] = {}
    for f in findings:
        groups.setdefault(item_key(f), []).append(f)
    items = [Item(key, tuple(fs)) for key, fs in groups.items()]
    return sorted(items, key=lambda i: (-Severity.ORDER.get(i.severity, 0), _order(i.key)))


def _order(key: tuple) -> tuple:
    kinds = {"table": 0, "text": 1, "document": 2}
    return (kinds.get(key[0], 3),) + tuple(-1 if v is None else v for v in key[1:])


def _opt_int(value: Any) -> Optional[int]:
    return None if value is None or value == "" else int(value)


def _bbox(d: Mapping[str, Any]) -> Optional[tuple[float, float, float, float]]:
    if d.get("bbox") is not None:
        return _box4(d["bbox"])
    corners = [d.get(k) for k in ("x0", "top", "x1", "bottom")]
    return None if any(v is None for v in corners) else _box4(corners)


def _box4(values: Iterable[Any]) -> Optional[tuple[float, float, float, float]]:
    """Four numbers as a box; None for any other count (a malformed box is no box)."""
    box = [float(v) for v in values]
    return (box[0], box[1], box[2], box[3]) if len(box) == 4 else None


def evidence_from_dict(d: Mapping[str, Any], file: str = "") -> Evidence:
    """One evidence dict, in the JSON report's shape (``table``, ``column``, ``bbox``) or the
    library's (``table_idx``, ``col``, ``x0``…``bottom``)."""
    table = d.get("table", d.get("table_idx"))
    column = d.get("column", d.get("col"))
    source = Source(file=d.get("file") or file, page=_opt_int(d.get("page")),
                    line=_opt_int(d.get("line")), bbox=_bbox(d), table=_opt_int(table),
                    row=_opt_int(d.get("row")), column=_opt_int(column), text=d.get("text") or "")
    value = d.get("value")
    return Evidence(source, None if value is None else str(value), d.get("measure") or "",
                    d.get("basis") or "", d.get("role") or "")


def finding_from_dict(d: Mapping[str, Any], file: str = "",
                      evidence: Optional[Sequence[Mapping[str, Any]]] = None) -> Finding:
    """A finding dict (``Finding.to_dict`` or a library row) with its evidence dicts (given apart
    when the library keeps them in their own table)."""
    rows = d.get("evidence", ()) if evidence is None else evidence
    return Finding(rule=d["rule"], category=d.get("category") or "", severity=d["severity"],
                   message=d.get("message") or "",
                   evidence=tuple(evidence_from_dict(e, file) for e in rows),
                   message_en=d.get("message_en") or "", stated=d.get("stated"),
                   expected=d.get("expected"), difference=d.get("difference"),
                   tolerance=d.get("tolerance"), measure=d.get("measure") or "",
                   basis=d.get("basis") or "", cause=d.get("cause") or "",
                   severity_as_read=d.get("severity_as_read") or "",
                   also_breaks=tuple(finding_from_dict(a, file)
                                     for a in d.get("also_breaks") or ()))


__all__ = ["Item", "evidence_from_dict", "finding_from_dict", "group_items", "item_key"]
