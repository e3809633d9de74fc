"""How two observations of one figure can differ by rounding alone (used by ``consistency``).

Why a module of its own: a disclosure states the same amount at two precisions (a 元 table and a
万元 sentence, or a 万元 figure cut instead of rounded), and the gap between them is a rounding
slip or no slip at all, not a second amount. Two forms are recognised, both exact (nothing here
widens a tolerance):

* **cut or rounded up** — the figure with fewer decimals equals the finer one cut (877,080元 as
  87.70) or rounded up at its last digit: a slip in rounding (a warning), whichever of the two
  the consistency check took as its reference.
* **sum of rounded parts** — the finer figure is the department row of a table broken down by
  budget unit, and the coarser one equals the units' figures each rounded to its precision and
  then added (西安 表13 培训费 294,400元 = 8 + 0 + 11 + 9.135 + 1.305 万元; the text adds
  8.00 + 11.00 + 9.14 + 1.31 = 29.45). That is the tolerance policy of standards.md §4 for a
  total of k rounded parts, applied only where the parts are printed and shown to give the figure.
* **totals of rounded rows** — two tables total one column of the same money (人员经费 by function
  and by economic class) and each total is exactly the sum of its own printed 类 rows: both add
  rounded rows, so they may differ by up to half a unit per nonzero leaf row on either side
  (西安 交通局 17,739.88 by function, 17,739.85 by economic class; standards §4: k terms,
  ``0.5·10^-d·(k+1)``). A total its own rows do not give gets no such slack.
"""

from __future__ import annotations

import re
from collections import defaultdict
from decimal import ROUND_DOWN, ROUND_HALF_UP, ROUND_UP, Decimal
from typing import Optional

from ..imply.index import FactIndex
from ..model import Fact
from .tolerance import Interval, compare, sum_intervals

__all__ = ["RowTotals", "hull", "misrounded", "rounded_from_parts", "widen"]


def misrounded(fact: Fact, ref: Fact) -> bool:
    """Whether one of two money figures, printed with fewer decimals than the other, equals the
    other cut or rounded up at its last digit (either may be the check's reference: a sentence
    stating 93,664.78 of a 元 table's 936,647,884.3 is the same figure cut)."""
    return _cut_of(fact, ref) or _cut_of(ref, fact)


def _cut_of(coarse: Fact, fine: Fact) -> bool:
    if coarse.decimals >= fine.decimals or coarse.decimals < 0 or coarse.kind != fine.kind:
        return False
    unit = Decimal(1).scaleb(-coarse.decimals)
    return coarse.value != fine.value and coarse.value in (
        fine.value.quantize(unit, rounding=ROUND_DOWN), fine.value.quantize(unit, rounding=ROUND_UP))


def rounded_from_parts(index: FactIndex, fact: Fact, ref: Fact) -> bool:
    """Whether the coarser of two observations is the sum of the finer one's budget-unit rows, each
    rounded (half up) to the coarser figure's decimals. The finer figure must be a table cell
    whose table prints at least two unit rows of the same measure and basis that add up to it
    (within rounding), so a partial or doubled unit list never explains a gap; the coarser one
    must be printed with decimals and not be exact (`较上年无变化` is a 0, not a rounded sum)."""
    coarse, fine = _coarse_fine(fact, ref)
    if coarse is None or fine is None or fine.source.table is None or coarse.kind != "money" \
            or coarse.decimals < 1 or index.interval(coarse).width == 0:
        return False  # an exact figure (无变化 = 0) or whole 万元 is no rounded sum
    parts = [u for u in index.units.get((fine.measure, fine.basis), ())
             if u.source.table == fine.source.table]
    if len(parts) < 2 or not compare(sum_intervals(index.interval(u) for u in parts),
                                     index.interval(fine), "eq").holds:
        return False
    unit = Decimal(1).scaleb(-coarse.decimals)
    total = sum((u.value.quantize(unit, rounding=ROUND_HALF_UP) for u in parts), Decimal(0))
    return total == coarse.value


def _coarse_fine(a: Fact, b: Fact) -> tuple[Optional[Fact], Optional[Fact]]:
    if a.decimals < 0 or b.decimals < 0 or a.decimals == b.decimals:
        return None, None
    return (a, b) if a.decimals < b.decimals else (b, a)


def widen(iv: Interval, by: Decimal) -> Interval:
    """``iv`` with ``by`` more room on either side (the rounding of rows a total adds)."""
    return Interval(iv.lo - by, iv.hi + by, iv.point)


def hull(a: Interval, b: Interval) -> Interval:
    """The smallest interval holding both (point of ``a``): an expected value that admits the
    stated figure as one of the document's own ways of rounding it."""
    return Interval(min(a.lo, b.lo), max(a.hi, b.hi), a.point)


_CODE = re.compile(r"\.(\d{3,7})(?=\.|$)")


class RowTotals:
    """The classification rows of each table column, built once per audit on first use: how many
    rounded rows a printed column total adds (0 when its own 类 rows do not give it exactly)."""

    def __init__(self, index: FactIndex) -> None:
        self._index = index
        self._columns: Optional[dict[tuple, dict[str, Decimal]]] = None
        self._shape: dict[tuple, tuple[Decimal, int]] = {}

    def rounded_rows(self, fact: Fact) -> int:
        """Nonzero leaf rows under a column total whose top rows add up to it exactly."""
        if fact.source.table is None or fact.source.column is None or _CODE.search(fact.measure):
            return 0
        key = (fact.source.table, fact.source.column, fact.basis)
        if key not in self._shape:
            self._shape[key] = _shape(self._by_column().get(key, {}))
        top_sum, leaves = self._shape[key]
        return leaves if leaves and top_sum == fact.value else 0

    def slack(self, fact: Fact, ref: Fact) -> Decimal:
        """The rounding two column totals of different tables may carry from the rows each adds:
        half a unit of the coarser print per nonzero leaf row on either side (0 if either total
        is not the exact sum of its own rows)."""
        if fact.origin != "table" or ref.origin != "table" or fact.kind != "money" or \
                ref.kind != "money" or fact.source.table == ref.source.table:
            return Decimal(0)
        k_fact, k_ref = self.rounded_rows(fact), self.rounded_rows(ref)
        decimals = min(fact.decimals, ref.decimals)
        if not k_fact or not k_ref or decimals < 1:  # whole 万元 rows: too coarse to vouch
            return Decimal(0)
        return (k_fact + k_ref) * Decimal(5).scaleb(-decimals - 1)

    def _by_column(self) -> dict[tuple, dict[str, Decimal]]:
        if self._columns is None:
            self._columns = defaultdict(dict)
            for facts in self._index.stated.values():
                for f in facts:
                    m = _CODE.search(f.measure)
                    if m and f.origin == "table" and f.source.table is not None:
                        key = (f.source.table, f.source.column, f.basis)
                        self._columns[key].setdefault(m.group(1), f.value)
        return self._columns


def _shape(rows: dict[str, Decimal]) -> tuple[Decimal, int]:
    """A column's Σ of its top code rows (no other code of the column is their prefix) and its
    number of nonzero leaf rows (no other code extends them); (0, 0) under two top rows."""
    codes = sorted(rows)
    top = [c for c in codes if not any(c != o and c.startswith(o) for o in codes if len(o) < len(c))]
    if len(top) < 2:
        return Decimal(0), 0
    leaves = sum(1 for i, c in enumerate(codes) if rows[c] != 0 and
                 not (i + 1 < len(codes) and codes[i + 1].startswith(c)))
    return sum((rows[c] for c in top), Decimal(0)), leaves
