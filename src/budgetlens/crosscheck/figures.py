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
    integer zero is exact (nothing at all, as in the audit); an implied value, see
    :func:`implied_interval`."""
    if fact.origin == "derived":
        inputs = _inputs(fact)
        if inputs:
            return implied_interval(fact.value, [_decimals_of(str(d.get("value", "0")))
                                                 for d in inputs])
    if fact.decimals <= 0 and fact.value == 0:
        return Interval.exact(fact.value)
    return Interval.of(fact.value, fact.decimals)


def implied_interval(value: Decimal, input_decimals: list[int]) -> Interval:
    """An implied value (prior = current − change …) is consistent with what was printed under
    either of two readings, and its interval covers both. (1) The document computed the change
    from unrounded figures: the value carries the rounding of every input. (2) It computed the
    change from figures rounded as the change is printed (上海普陀万里 2025: 18,976.76 − 15,621.11 =
    "增加3,355.65万元", while its table prints 189,767,551 元 and the 2024 budget 156,211,123 元):
    then the value rounded to the coarsest input's precision is exact at that precision."""
    width = sum((Interval.of(Decimal(0), d).hi for d in input_decimals), start=Decimal(0))
    coarse = min(input_decimals)
    rounded = Interval.of(value.quantize(Decimal(1).scaleb(-coarse)), coarse)
    return Interval(min(value - width, rounded.lo), max(value + width, rounded.hi), value)


def shown(fact: StoredFact) -> str:
    """The value as printed (its displayed precision)."""
    return str(fact.value)


def _int(value: object) -> Optional[int]:
    """A position read back from the stored JSON of an implied value's inputs (None unless a
    whole number)."""
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
