"""The document's arithmetic: money in 万元 to 2 decimals, percentages to 2 decimals, rounded
half up (the rounding the disclosures print and the audit's tolerance assumes).

WHY one module: every figure a template prints passes through here, so a change, a percentage and
a share are computed the same way everywhere and never typed into a template.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import NamedTuple, Optional

from ..rules.numbers import MODEL_UNIT, per_unit

CENT = Decimal("0.01")
ONE = Decimal("1")
HUNDRED = Decimal(100)


def q2(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def money(value: Decimal) -> str:
    """万元 with two decimals: 2798.78, 836.00."""
    return f"{q2(value):f}"


def count(value: Decimal) -> str:
    return f"{value.quantize(ONE, rounding=ROUND_HALF_UP):f}"


def show(value: Decimal, kind: str, money_unit: str = MODEL_UNIT) -> str:
    """A table cell's text: a count as a whole number; money in the table's unit — 万元 to two
    decimals, 元 whole when the figure is whole 元 (Shanghai prints 189767551), else to the 分.
    The units and their factors are the one lexer's (:func:`budgetlens.rules.numbers.per_unit`)."""
    if kind == "count":
        return count(value)
    if money_unit == MODEL_UNIT:
        return money(value)
    yuan = value / per_unit(money_unit)
    return f"{yuan.quantize(ONE):f}" if yuan == yuan.to_integral_value() else money(yuan)


def from_unit(printed: Decimal, kind: str, money_unit: str = MODEL_UNIT) -> Decimal:
    """The 万元 figure a printed cell reads back as (the reader divides a 元 table by 10 000)."""
    return printed if kind == "count" else printed * per_unit(money_unit)


def percent(part: Decimal, whole: Decimal) -> Optional[str]:
    """``part / whole × 100`` to two decimals, None when the whole is zero."""
    if whole == 0:
        return None
    return f"{q2(part / whole * HUNDRED):f}"


class Change(NamedTuple):
    """A year-on-year (or against-budget) change, ready for a sentence.

    ``direction`` is 增加 / 减少 / 持平; ``amount`` the absolute change; ``pct`` the percentage of
    the base (None when the base is zero: a change from zero has no percentage); ``from_zero``
    marks a new item. ``material`` says a reason is required (|pct| ≥ the threshold, or from zero).
    """

    direction: str
    amount: str
    pct: Optional[str]
    from_zero: bool
    material: bool
    current: Decimal
    base: Decimal


def change(current: Decimal, base: Decimal, threshold: Decimal = Decimal(10)) -> Change:
    diff = q2(current) - q2(base)
    pct = percent(abs(diff), q2(base)) if base != 0 else None
    direction = "增加" if diff > 0 else "减少" if diff < 0 else "持平"
    from_zero = q2(base) == 0 and diff != 0
    material = from_zero or (pct is not None and Decimal(pct) >= threshold)
    return Change(direction, money(abs(diff)), pct, from_zero, material, current, base)
