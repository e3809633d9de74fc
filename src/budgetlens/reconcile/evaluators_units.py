"""Evaluator for tables broken down by budget unit: Σ units = the department's row, per column.

Why its own kind: a 收入总表/支出总表 by 预算单位 prints the department's row and then every
unit's row (extract/table_units.py reads each unit in the scope ``<table>:unit:<name>``); the
department's figure of each column is the sum of its units'. The parts are not measures but the
scopes of one measure, so ``sum`` (which adds measures) cannot say it.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Iterator

from ..model import Fact, Scope, scope_unit
from ..rules.catalogue import Rule
from .checks import Check, Context
from ..imply.index import AMOUNT_BASES, FactIndex
from .evaluators import _bases, _sum_check
from .tolerance import Interval, sum_intervals


def _base(scope: str) -> str:
    return Scope.parse(scope).base


def _department(index: FactIndex, base: str, measure: str, basis: str) -> Fact | None:
    """The department's fact of the table: in the table's scope, or its row's own scope."""
    for f in index.stated.get((measure, basis), ()):
        if Scope.parse(f.scope).of_department(base):
            return f
    return None


def _wanted(measure: str, prefixes: tuple[str, ...]) -> bool:
    return not prefixes or any(measure == p or measure.startswith(p + ".") for p in prefixes)


def check_unit_sum(rule: Rule, ctx: Context) -> Iterator[Check]:
    """For each table by unit, measure and basis the department's row prints: the department's
    figure = Σ the units' figures (each unit once). Params: ``prefixes`` (measures, with their
    sub-keys, to check; default all), ``bases`` (default all amount bases)."""
    index = ctx.index
    prefixes = tuple(rule.params.get("prefixes", ()))
    bases = set(_bases(rule, AMOUNT_BASES))
    groups: dict[tuple[str, str, str], dict[str, Fact]] = defaultdict(dict)
    for (measure, basis), facts in index.units.items():
        if basis not in bases or not _wanted(measure, prefixes) or (measure, basis) in index.ambiguous:
            continue
        for f in facts:
            groups[(_base(f.scope), measure, basis)].setdefault(scope_unit(f.scope), f)
    for (base, measure, basis), by_unit in sorted(groups.items()):
        total = _department(index, base, measure, basis)
        if total is None or len(by_unit) < 2:
            continue
        parts = list(by_unit.values())
        if total.blank and all(p.blank for p in parts):
            continue
        yield _sum_check(rule, index, (rule.id, base, measure, basis), total, parts, False)


def unit_sum_interval(index: FactIndex, fact: Fact) -> Interval | None:
    """The interval of a department's figure that its table prints as the column sum of its
    units' rounded figures (Σ of the units' printed values, exactly), else None.

    Why: such a 合计 carries every unit's rounding, not one half-cent. In a table by unit with
    prior, current and change columns, each unit's change is rounded from unrounded figures
    (71.72 − 63.90 printed 7.81), so the 合计 row's change (Σ of the units' changes) may differ
    from 合计 current − 合计 prior by a few cents with every figure printed correctly. A 合计
    that is not the exact sum of its units' printed figures keeps its own half-cent width (any
    misprint then shows, in this check or in Σ units = department)."""
    units: dict[str, dict[str, Fact]] = defaultdict(dict)
    for f in index.units.get((fact.measure, fact.basis), ()):
        base = _base(f.scope)
        if Scope.parse(fact.scope).of_department(base):
            units[base].setdefault(scope_unit(f.scope), f)
    for parts in units.values():
        if len(parts) >= 2 and sum(p.value for p in parts.values()) == fact.value:
            return sum_intervals(index.interval(p) for p in parts.values())
    return None


__all__ = ["check_unit_sum", "unit_sum_interval"]
