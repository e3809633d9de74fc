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


def _derived_place(fact: StoredFact) -> tuple[Optional[int], Optional[int], str]:
    """An implied value has no cell of its own: cite its first printed input and say so."""
    inputs = _inputs(fact)
    first = next((d for d in inputs if d.get("page") is not None), None)
    what = "；".join(f"{d.get('measure')} {d.get('basis')} {d.get('value')}" for d in inputs)
    text = f"推算（{fact.derivation or 'derived'}）自 {what}" if what else "推算 / derived"
    if first is None:
        return None, None, text
    return first.get("page"), first.get("line"), f"{text}：{first.get('text', '')}"


def evidence(document_id: int, fact: StoredFact, role: str) -> CrossEvidenceRecord:
    """A fact as evidence of a cross finding: its document, page, cell and quoted text."""
    if fact.origin == "derived":
        page, line, text = _derived_place(fact)
        return CrossEvidenceRecord(document_id, role, fact.measure, fact.basis, shown(fact), True,
                                   page, line, None, None, None, text)
    return CrossEvidenceRecord(document_id, role, fact.measure, fact.basis, shown(fact), False,
                               fact.page, fact.line, fact.table_idx, fact.row, fact.col, fact.text)
