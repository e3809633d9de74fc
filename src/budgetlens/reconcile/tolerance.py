"""Rounding-aware comparison: every printed figure stands for an interval, not a point.

Why intervals: a disclosure prints rounded figures, so "291.20 + 40.24 + 20.64 + 18.97 = 371.06"
is correct although the printed parts add up to 371.05. A figure ``v`` printed with ``d`` decimals
stands for ``[v − half_unit(d), v + half_unit(d)]``; sums and differences add the widths, a ratio
takes the range over its operands' intervals. An identity holds when the stated interval and the
expected interval overlap, which is exactly "some unrounded values consistent with the print satisfy
it" (standards §4 tolerance policy, made exact instead of a per-case slack). A difference inside the
tolerance but not zero is a rounding difference: reported at most as ``info``.

The settings are declared once (:class:`ToleranceSettings`, ``DEFAULT_*``); the engine passes them in.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, localcontext
from typing import Any, Iterable, Mapping, NamedTuple, Optional

from ..imply.interval import Interval

__all__ = ["Interval", "ToleranceSettings", "Verdict", "compare", "display", "ratio_percent",
           "sum_intervals"]

#: Extra absolute slack (in the unit of the measure) added to every comparison: none, the intervals
#: already carry the exact rounding uncertainty (元 tables converted to 万元 keep their decimals).
DEFAULT_EXTRA_SLACK = Decimal(0)
#: Report a difference that lies inside the tolerance as an ``info`` finding (reviewers see it).
DEFAULT_REPORT_ROUNDING = True
#: Decimal places used to print computed values (expected, difference) in findings.
DEFAULT_DISPLAY_DECIMALS = 2
#: A computed base whose interval reaches zero makes a percentage unbounded: not assessable.
DEFAULT_MIN_BASE = Decimal(0)
#: Extra slack for recomputed percentages, in percentage points (standards §4: "allow ≤ 0.1 pp
#: for rounding"): documents compute shares and growth rates from unrounded figures or truncate,
#: so a difference of a few hundredths is not an error. The intervals already carry the rounding
#: of every figure; what they do not carry is a truncated percentage (杭州 prints 49.46% as 49.4)
#: or one moved by a unit so that shares add up to 100 (江苏 检察院 2018 p25: 63.75 + 36.25 for
#: 63.74 and 36.26): one more unit of its last digit. A difference beyond that but inside this
#: slack is the warning ``percent-beyond-printed-rounding`` (:attr:`Verdict.printed`).
DEFAULT_PERCENT_SLACK = Decimal("0.1")
#: A zero printed without decimals ("0万元", "与上年一致" facts) means nothing at all, not
#: "something below 0.5": it is exact. Zeros printed with decimals (0.00) keep their width.
DEFAULT_EXACT_INTEGER_ZERO = True


@dataclass(frozen=True)
class ToleranceSettings:
    """How strictly stated figures are compared. Accepts a dict via :meth:`resolve`."""

    extra_slack: Decimal = DEFAULT_EXTRA_SLACK
    report_rounding: bool = DEFAULT_REPORT_ROUNDING
    display_decimals: int = DEFAULT_DISPLAY_DECIMALS
    min_base: Decimal = DEFAULT_MIN_BASE
    exact_integer_zero: bool = DEFAULT_EXACT_INTEGER_ZERO
    percent_slack: Decimal = DEFAULT_PERCENT_SLACK

    def __post_init__(self) -> None:
        if self.extra_slack < 0 or self.percent_slack < 0:
            raise ValueError("ToleranceSettings.extra_slack must be >= 0")
        if self.display_decimals < 0:
            raise ValueError("ToleranceSettings.display_decimals must be >= 0")

    @classmethod
    def resolve(cls, value: "ToleranceSettings | Mapping[str, Any] | None") -> "ToleranceSettings":
        if value is None:
            return cls()
        if isinstance(value, ToleranceSettings):
            return value
        unknown = set(value) - set(cls.__dataclass_fields__)
        if unknown:
            raise ValueError(f"ToleranceSettings: unknown key(s) {sorted(unknown)}")
        data = dict(value)
        for key in ("extra_slack", "min_base", "percent_slack"):
            if key in data:
                data[key] = Decimal(str(data[key]))
        return cls(**data)


def ratio_percent(num: Interval, den: Interval) -> Optional[Interval]:
    """``num / den × 100`` over the operand intervals; None when ``den`` may be zero (unbounded)."""
    if den.contains_zero():
        return None
    with localcontext() as ctx:
        ctx.prec = 28
        hundred = Decimal(100)
        corners = [a / b * hundred for a in (num.lo, num.hi) for b in (den.lo, den.hi)]
        point = num.point / den.point * hundred if den.point != 0 else (corners[0] + corners[-1]) / 2
    return Interval(min(corners), max(corners), point)


def sum_intervals(items: Iterable[Interval]) -> Interval:
    """Σ of intervals: the bounds and points added in order (as ``Interval.__add__`` does), with
    no intermediate Interval per term: every sum check of every scope adds its parts here."""
    lo = hi = point = Decimal(0)
    for item in items:
        lo += item.lo
        hi += item.hi
        point += item.point
    return Interval(lo, hi, point)


class Verdict(NamedTuple):
    """The outcome of one comparison. ``holds``: intervals overlap (within slack); ``exact``: the
    printed/computed points agree at the stated precision; ``difference`` = stated − expected
    (points); ``tolerance`` the largest difference the intervals allow in that direction.
    ``printed``: a percentage also holds within what its printing explains — its rounding, a
    truncation, or a move of one unit of its last digit that makes a list of shares add up to 100
    (one more unit of its last printed digit) — not only within the customary ``percent_slack``
    (always true of other comparisons); where it does not, ``tolerance`` is the printed one."""

    holds: bool
    exact: bool
    difference: Decimal
    tolerance: Decimal
    printed: bool = True


def compare(stated: Interval, expected: Interval, relation: str = "eq", *,
            stated_decimals: Optional[int] = None,
            settings: ToleranceSettings = ToleranceSettings(), percent: bool = False) -> Verdict:
    """Compare ``stated`` (relation) ``expected`` with rounding: ``eq``, ``le`` (stated ≤ expected)
    or ``ge``. ``stated_decimals`` lets a computed expected value be rounded to the printed
    precision before calling a point difference "exact" (18.95 vs 18.9473… is exact).
    ``percent`` adds the settings' percentage-point slack, and judges ``printed`` with that slack
    cut to one unit of the stated figure's last digit (a stated "-0.87" may be a truncated -0.879
    or a -0.869 moved so that shares add up to 100, never a -0.80: the 0.1 pp is wider than the
    printing of a two-decimal percentage)."""
    pct = settings.percent_slack if percent else Decimal(0)
    slack = settings.extra_slack + pct
    diff = stated.point - expected.point
    holds = _overlaps(stated, expected, relation, slack)
    if relation == "le":
        exact = stated.point <= expected.point
    elif relation == "ge":
        exact = stated.point >= expected.point
    else:
        exp_point = expected.point
        if stated_decimals is not None:
            exp_point = _round(exp_point, stated_decimals)
        exact = stated.point == exp_point
    widths = (stated.hi - stated.lo + expected.hi - expected.lo) / 2
    if holds and pct > 0:
        unit = Decimal(1).scaleb(-stated_decimals) if stated_decimals is not None else 0
        # one unit of the last digit (of each share of a sum: its width); a "0%" read as an exact
        # zero still stands for a rounded 0.004 %
        tight = settings.extra_slack + min(pct, max(stated.hi - stated.lo, unit))
        if not _overlaps(stated, expected, relation, tight):
            return Verdict(True, exact, diff, widths + tight, False)
    return Verdict(holds, exact, diff, widths + slack)


def _overlaps(stated: Interval, expected: Interval, relation: str, slack: Decimal) -> bool:
    if relation == "le":
        return stated.lo <= expected.hi + slack
    if relation == "ge":
        return stated.hi + slack >= expected.lo
    if relation == "eq":
        return stated.lo <= expected.hi + slack and expected.lo <= stated.hi + slack
    raise ValueError(f"unknown relation {relation!r}")


def _round(value: Decimal, decimals: int) -> Decimal:
    return value.quantize(Decimal(1).scaleb(-decimals)) if decimals >= 0 else value


def display(value: Decimal, decimals: int) -> str:
    """A computed value as text, at a sensible precision (trailing zeros kept for alignment)."""
    return str(_round(value, max(decimals, 0)))
