"""Findings as a reviewer reads them: grouped by the table row (or text line) their evidence
points at, worst first, so that one broken row is one item however many checks it broke; groups
holding only notes (info: rounding differences and the like) are folded away by the page."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

from ..model import Severity


@dataclass
class Group:
    key: tuple
    table: Optional[int] = None
    row: Optional[int] = None
    page: Optional[int] = None
    line: Optional[int] = None
    findings: list[dict] = field(default_factory=list)

    @property
    def severity(self) -> str:
        return max((f["severity"] for f in self.findings), key=lambda s: Severity.ORDER.get(s, 0))

    @property
    def notes_only(self) -> bool:
        return all(f["severity"] == Severity.INFO for f in self.findings)

    @property
    def anchor(self) -> str:
        return "group-" + "-".join("x" if k is None else str(k) for k in self.key)


def _where(finding: dict) -> tuple:
    """Where a finding points: the first evidence in a table row, else the first with a line."""
    for e in finding.get("evidence", ()):
        if e.get("table_idx") is not None and e.get("row") is not None:
            return ("table", e["table_idx"], e["row"], e.get("page"), e.get("line"))
    for e in finding.get("evidence", ()):
        if e.get("line") is not None:
            return ("text", None, None, e.get("page"), e["line"])
    return ("document", None, None, None, None)


def group_findings(findings: list[dict]) -> list[Group]:
    """Groups in reading order within each severity: worst groups first."""
    groups: dict[tuple, Group] = {}
    for f in findings:
        kind, table, row, page, line = _where(f)
        key = (kind, table, row) if kind == "table" else (kind, page, line)
        g = groups.setdefault(key, Group(key, table, row, page, line))
        g.findings.append(f)
    return sorted(groups.values(), key=lambda g: (-Severity.ORDER.get(g.severity, 0),
                                                  tuple(_order(v) for v in g.key)))


def _order(v: object) -> tuple:
    if isinstance(v, int):
        return (0, v, "")
    return (1, 0, v) if v is not None else (2, 0, "")
