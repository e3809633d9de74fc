"""Rounding intervals: every printed figure stands for an interval, not a point.

Why here, below reconcile: implied values (:mod:`budgetlens.imply`) carry the rounding of every
figure they were computed from, and the audit compares intervals (:mod:`budgetlens.reconcile.
tolerance`, which re-exports :class:`Interval`). A figure ``v`` printed with ``d`` decimals stands
for ``[v − half_unit(d), v + half_unit(d)]``; sums and differences add the widths (so an implied
value's interval is its point ± the half-widths of all its inputs).
"""

from __future__ import annotations

from decimal import Decimal
from functools import lru_cache
from typing import NamedTuple

from ..extract.numbers import half_unit


class Interval(NamedTuple):
    """A value known to lie in ``[lo, hi]``; ``point`` is the value as printed (or computed)."""

    lo: Decimal
    hi: Decimal
    point: Decimal

    @classmethod
    def of(cls, value: Decimal, decimals: int) -> "Interval":
        h = _half_unit(max(decimals, 0))
        return cls(value - h, value + h, value)

    @classmethod
    def exact(cls, value: Decimal) -> "Interval":
        return cls(value, value, value)

    def __add__(self, other: "Interval") -> "Interval":  # type: ignore[override]
        return Interval(self.lo + other.lo, self.hi + other.hi, self.point + other.point)

    def __sub__(self, other: "Interval") -> "Interval":
        return Interval(self.lo - other.hi, self.hi - other.lo, self.point - other.point)

    def neg(self) -> "Interval":
        return Interval(-self.hi, -self.lo, -self.point)

    def contains_zero(self) -> bool:
        return self.lo <= 0 <= self.hi

    @property
    def width(self) -> Decimal:
        return self.hi - self.lo


@lru_cache(maxsize=64)
def _half_unit(decimals: int) -> Decimal:
    return half_unit(decimals)
