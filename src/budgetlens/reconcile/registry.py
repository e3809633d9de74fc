"""The evaluator registry: rule ``kind`` → evaluator. Declared once here, read-only.

Why a registry: a rule declaration names its ``kind``; the engine looks the evaluator up and never
knows the kinds itself, so built-in evaluators are registered exactly as an add-on's would be (pass
another mapping to :func:`budgetlens.reconcile.engine.evaluate`; never mutate this one).

An :class:`Evaluator` has ``check(rule, ctx) -> Iterable[Check | Assessment]`` and, optionally,
``derive(rule, ctx, phase) -> int`` (implied values it can add; the count added) with the
``phases`` it takes part in: ``levels`` (current/base/change), ``totals`` (a total from its
parts), ``parts`` (one missing part). The engine runs the phases in that order to a fixpoint.
"""

from __future__ import annotations

from types import MappingProxyType
from typing import Callable, Iterable, Mapping, NamedTuple, Optional

from . import evaluators as add
from . import evaluators_change as cmp

PHASES = ("levels", "totals", "parts")


class Evaluator(NamedTuple):
    check: Optional[Callable[..., Iterable]]
    derive: Optional[Callable[..., int]] = None
    phases: tuple[str, ...] = ()
    doc: str = ""


#: kind ``rounding`` has no checks of its own: its declaration words the ``info`` findings the
#: engine raises when an identity holds only within rounding tolerance.
EVALUATORS: Mapping[str, Evaluator] = MappingProxyType({
    "sum": Evaluator(add.check_sum, add.derive_sum_rule, ("totals", "parts"),
                     "total = Σ parts, on every amount basis"),
    "hierarchy": Evaluator(add.check_hierarchy, doc="类 = Σ 款 = Σ 项 and table total = Σ top rows"),
    "compare": Evaluator(add.check_compare, doc="Σ left (= | ≤ | ≥) Σ right across tables"),
    "consistency": Evaluator(add.check_consistency, doc="every observation of a measure agrees"),
    "change": Evaluator(cmp.check_change, cmp.derive_change_rule, ("levels",),
                        "change = current − base"),
    "pct": Evaluator(cmp.check_pct, doc="pct = change / base × 100"),
    "zero_base": Evaluator(cmp.check_zero_base, doc="no percentage against a zero base"),
    "share": Evaluator(cmp.check_share, doc="share = value / whole × 100"),
    "completion": Evaluator(cmp.check_completion, doc="completion = current / budget × 100"),
    "rounding": Evaluator(None, doc="wording of within-tolerance differences (info)"),
})
