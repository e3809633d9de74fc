"""Which measures a final account explains: its reason sentences (主要原因…) and what they follow.

Why by position: a 决算 explains each item in the same paragraph as its figures — "…年初预算为
452.40万元，支出决算为446.11万元，完成年初预算的98.61%。主要原因：机构改革人员变动…" — and the
extracted reason rarely names the measure itself. A reason therefore explains the measures of the
nearest sentence before it, on the same page and at most ``reason_lines`` lines earlier, that
states a figure against the budget (the check's ``reason_bases``: 年初预算数, its difference or
completion rate). A reason that names its measure (``Claim.measure``) explains that one too.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable, Optional

from ..store.cross import CrossEvidenceRecord, StoredClaim, StoredFact


@dataclass
class Reasons:
    """The reasons of one final account, by the measure they explain. ``kept`` is False for a
    document stored before sentences were kept: nothing can be said either way then."""

    document_id: int
    kept: bool
    by_measure: dict[str, StoredClaim] = field(default_factory=dict)

    def reason_for(self, measure: str) -> Optional[CrossEvidenceRecord]:
        claim = self.by_measure.get(measure)
        if claim is None:
            return None
        return CrossEvidenceRecord(self.document_id, "reason", measure, claim.basis, None, False,
                                   claim.page, claim.line, None, None, None, claim.text)


def find_reasons(document_id: int, kept: bool, facts: Iterable[StoredFact],
                 claims: Iterable[StoredClaim], bases: Iterable[str], max_lines: int) -> Reasons:
    """Attach each reason sentence to the measures it explains (see module doc)."""
    wanted = set(bases)
    anchors: dict[int, dict[int, set[str]]] = {}  # page → line → measures
    for f in facts:
        if f.origin == "text" and f.basis in wanted and f.page is not None and f.line is not None:
            anchors.setdefault(f.page, {}).setdefault(f.line, set()).add(f.measure)
    out = Reasons(document_id, kept)
    for c in claims:
        if c.kind != "reason":
            continue
        if c.measure:
            out.by_measure.setdefault(c.measure, c)
        lines = anchors.get(c.page or -1, {})
        before = [n for n in lines if c.line is not None and 0 <= c.line - n <= max_lines]
        if before:
            for measure in lines[max(before)]:
                out.by_measure.setdefault(measure, c)
    return out
