"""The figures of one document as a cross-document check reads them: one per (measure, basis),
its rounding interval, and where it was printed.

Why one figure per measure and basis: a document may print a figure in a table and again in a
sentence; whether those agree is the single-document audit's business (``measure-consistency``).
Across documents the most trustworthy observation stands for the document: a table cell, else a
sentence, else an implied value (``derived``, whose interval is as wide as its inputs' rounding).
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Iterable, Optional

from ..imply.interval import Interval
from ..store.cross import CrossEvidenceRecord, StoredFact

_ORIGIN_RANK = {"table": 0, "text": 1}


def _rank(fact: StoredFact) -> tuple:
    return (_ORIGIN_RANK.get(fact.origin, 2), fact.page or 0, fact.line or 0)


def pick(facts: Iterable[StoredFact]) -> dict[tuple[str, str], StoredFact]:
    """(measure, basis) → the observation that stands for the document (see module doc)."""
    best: dict[tuple[str, str], StoredFact] = {}
    for f in facts:
        key = (f.measure, f.basis)
        if key not in best or _rank(f) < _rank(best[key]):
            best[key] = f
    return best


def _decimals_of(text: str) -> int:
    try:
        exp = Decimal(text).as_tuple().exponent
    except ArithmeticError:
        return 0
    return -exp if isinstance(exp, int) and exp < 0 else 0


def _inputs(fact: StoredFact) -> list[dict]:
    try:
        data = json.loads(fact.derived_from or "[]")
    except ValueError:
        return []
    return [d for d in data if isinstance(d, dict)]


def interval(fact: StoredFact) -> Interval:
    """The values the printed figure stands for: ± half a unit of its last printed digit; an
    integer zero is exact (nothing at all, as in the audit); an implied value carries the
    rounding of every input it was computed from."""
    if fact.origin == "derived":
        inputs = _inputs(fact)
        if inputs:
            width = sum((Interval.of(Decimal(0), _decimals_of(str(d.get("value", "0")))).hi
                         for d in inputs), start=Decimal(0))
            return Interval(fact.value - width, fact.value + width, fact.value)
    if fact.decimals <= 0 and fact.value == 0:
        return Interval.exact(fact.value)
    return Interval.of(fact.value, fact.decimals)


def shown(fact: StoredFact) -> str:
    """The value as printed (its displayed precision)."""
    return str(fact.value)


def _int(value) -> Optional[int]:
    return value if isinstance(value, int) else None


def evidence(document_id: int, fact: StoredFact, role: str) -> tuple[CrossEvidenceRecord, ...]:
    """A fact as evidence of a cross finding: its document, page, cell and quoted text. An
    implied value has no cell of its own: it is cited by the printed facts it came from (role
    ``<role>-input``), after a row that gives the value and how it was implied."""
    if fact.origin != "derived":
        return (CrossEvidenceRecord(document_id, role, fact.measure, fact.basis, shown(fact),
                                    False, fact.page, fact.line, fact.table_idx, fact.row,
                                    fact.col, fact.text),)
    inputs = _inputs(fact)
    what = "；".join(f"{d.get('measure')} {d.get('basis')} {d.get('value')}" for d in inputs)
    head = CrossEvidenceRecord(document_id, role, fact.measure, fact.basis, shown(fact), True,
                               text=f"推算（{fact.derivation or 'derived'}）/ implied from: {what}")
    rows = [CrossEvidenceRecord(document_id, f"{role}-input", str(d.get("measure", "")),
                                str(d.get("basis", "")), str(d.get("value", "")),
                                d.get("origin") == "derived", _int(d.get("page")),
                                _int(d.get("line")), _int(d.get("table")), _int(d.get("row")),
                                _int(d.get("column")), str(d.get("text") or ""))
            for d in inputs]
    return (head, *rows)
