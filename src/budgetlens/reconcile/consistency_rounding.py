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
"""

from __future__ import annotations

from decimal import ROUND_DOWN, ROUND_HALF_UP, ROUND_UP, Decimal
from typing import Optional

from ..imply.index import FactIndex
from ..model import Fact
from .tolerance import Interval, compare, sum_intervals

__all__ = ["misrounded", "rounded_from_parts", "hull"]


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
    (within rounding), so a partial or doubled unit list never explains a gap."""
    coarse, fine = _coarse_fine(fact, ref)
    if coarse is None or fine is None or fine.source.table is None or coarse.kind != "money":
        return False
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


def hull(a: Interval, b: Interval) -> Interval:
    """The smallest interval holding both (point of ``a``): an expected value that admits the
    stated figure as one of the document's own ways of rounding it."""
    return Interval(min(a.lo, b.lo), max(a.hi, b.hi), a.point)
