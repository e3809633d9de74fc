"""Evaluators of the cross-document check kinds (``rules/cross_document.toml``), one per kind,
added to the one registry of every kind (:data:`REGISTRY`) as
:class:`~budgetlens.reconcile.protocol.Evaluator` s of the one evaluator protocol the
single-document checks use (``check(rule, ctx)``, declared parameters, ``reads="library"``).

Each takes the rule and a :class:`Pair` — the check, the two documents and their figures — and
returns finished :class:`~budgetlens.store.cross.CrossRecord` findings whose evidence cites both documents (page,
table cell, quoted text). Comparisons are rounding-aware with the audit's own
:func:`budgetlens.reconcile.tolerance.compare`: each printed figure stands for an interval.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from types import MappingProxyType
from typing import Iterator, Mapping, Optional, TypedDict

from ..model import Assessment
from ..reconcile.protocol import CheckFunction, Evaluator, Registry
from ..reconcile.registry import REGISTRY as SINGLE_DOCUMENT_KINDS
from ..reconcile.tolerance import compare, display, ratio_percent
from ..rules.catalogue import Rule
from ..rules.cross_document import COMMON_PARAMS, REASON_PARAMS, VARIANCE_PARAMS, CrossCheck
from ..rules.schema import Field
from ..rules.measures import describe
from ..store.cross import CrossEvidenceRecord, CrossRecord, StoredDocument, StoredFact
from .figures import evidence, interval, shown
from .reasons import Reasons


@dataclass(frozen=True)
class Pair:
    """What one check compares: the checked document and the one it is checked against, each
    with its figures by (measure, basis), and the final account's reasons (execution kinds)."""

    check: CrossCheck
    checked: StoredDocument
    against: StoredDocument
    checked_figures: Mapping[tuple[str, str], StoredFact]
    against_figures: Mapping[tuple[str, str], StoredFact]
    reasons: Optional[Reasons] = None


def _fields(pair: Pair, measure: str, lang: str) -> dict[str, object]:
    return {"measure": describe(measure, lang, pair.checked.year), "year": pair.checked.year,
            "other_year": pair.against.year, "document": pair.checked.source,
            "other_document": pair.against.source}


class Figures(TypedDict, total=False):
    """The figures a cross finding records (the :class:`CrossRecord` fields of that name): typed
    so that a figure given under a wrong name or of a wrong type fails the type check."""

    stated: str
    expected: str
    difference: str
    tolerance: str
    rate: Optional[str]
    explained: Optional[bool]


def _record(pair: Pair, measure: str, fields: Mapping[str, object],
            evidence_: tuple[CrossEvidenceRecord, ...], values: Figures) -> CrossRecord:
    rule = pair.check.rule
    zh = rule.message("zh", **_fields(pair, measure, "zh"), **fields)
    en = rule.message("en", **_fields(pair, measure, "en"), **fields)
    return CrossRecord(pair.checked.id, pair.against.id, pair.checked.unit, pair.checked.year,
                       rule.id, rule.category, rule.severity, zh, en, measure=measure,
                       basis=pair.check.checked.basis, evidence=evidence_, **values)


def matches(pair: Pair) -> Iterator[tuple[str, StoredFact, StoredFact]]:
    """(measure, checked figure, against figure) for every measure of the check both print."""
    c, a = pair.check.checked.basis, pair.check.against.basis
    for (measure, basis), fact in pair.checked_figures.items():
        if basis != c or not pair.check.wants(measure):
            continue
        other = pair.against_figures.get((measure, a))
        if other is not None:
            yield measure, fact, other


def check_same_figure(rule: Rule, pair: Pair) -> list[CrossRecord]:
    """The checked document's figure equals the other document's, within rounding."""
    out = []
    for measure, fact, other in matches(pair):
        verdict = compare(interval(fact), interval(other), "eq", stated_decimals=fact.decimals)
        if verdict.holds:
            continue
        d = max(fact.decimals, other.decimals, 0)
        values: Figures = {"stated": shown(fact), "expected": shown(other),
                           "difference": display(verdict.difference, d),
                           "tolerance": display(verdict.tolerance, d + 1)}  # half units: one digit more
        ev = (*evidence(pair.checked.id, fact, "stated"),
              *evidence(pair.against.id, other, "expected"))
        out.append(_record(pair, measure, values, ev, values))
    return out


@dataclass(frozen=True)
class Execution:
    """A final figure against a budget figure: rate (None when the budget may be zero) and
    variance, both as points, with the reason found (if any)."""

    rate: Optional[Decimal]
    variance: Decimal
    explained: Optional[bool]
    reason: Optional[CrossEvidenceRecord]


def _execution(pair: Pair, measure: str, fact: StoredFact, budget: StoredFact) -> Execution:
    ratio = ratio_percent(interval(fact), interval(budget))
    reason = pair.reasons.reason_for(measure) if pair.reasons is not None else None
    explained = None if pair.reasons is None or not pair.reasons.kept else reason is not None
    return Execution(ratio.point if ratio else None, fact.value - budget.value, explained, reason)


def _execution_values(fact: StoredFact, budget: StoredFact, ex: Execution) -> Figures:
    d = max(fact.decimals, budget.decimals, 0)
    return {"stated": shown(fact), "expected": shown(budget),
            "difference": display(ex.variance, d),
            "rate": display(ex.rate, 2) if ex.rate is not None else None,
            "explained": ex.explained}


def _execution_record(pair: Pair, measure: str, fact: StoredFact, budget: StoredFact,
                      ex: Execution) -> CrossRecord:
    values = _execution_values(fact, budget, ex)
    words = {True: ("已", "yes"), False: ("未", "no"), None: ("未知是否", "unknown")}[ex.explained]
    ev = [*evidence(pair.checked.id, fact, "final"), *evidence(pair.against.id, budget, "budget")]
    if ex.reason is not None:
        ev.append(ex.reason)
    fields = dict(values, rate=values["rate"] or "—", variance=values["difference"])
    rule = pair.check.rule
    zh = rule.message("zh", **_fields(pair, measure, "zh"), **fields | {"explained": words[0]})
    en = rule.message("en", **_fields(pair, measure, "en"), **fields | {"explained": words[1]})
    return CrossRecord(pair.checked.id, pair.against.id, pair.checked.unit, pair.checked.year,
                       rule.id, rule.category, rule.severity, zh, en, measure=measure,
                       basis=pair.check.checked.basis, evidence=tuple(ev), **values)


def check_execution(rule: Rule, pair: Pair) -> list[CrossRecord]:
    """Execution rate and variance of every measure both documents print (info)."""
    return [_execution_record(pair, m, f, b, _execution(pair, m, f, b))
            for m, f, b in matches(pair)]


def _large(pair: Pair, ex: Execution) -> bool:
    check = pair.check
    if abs(ex.variance) < check.min_amount or ex.variance == 0:
        return False
    if ex.rate is None:  # nothing budgeted, something spent: always worth a reason
        return True
    return abs(ex.rate - 100) >= check.min_pct


def check_variance_reason(rule: Rule, pair: Pair) -> list[CrossRecord | Assessment]:
    """A large variance the final account does not explain (not assessable when the final
    account's sentences were not kept)."""
    out: list[CrossRecord | Assessment] = []
    unknown = []
    for m, f, b in matches(pair):
        ex = _execution(pair, m, f, b)
        if ex.explained is False and _large(pair, ex):
            out.append(_execution_record(pair, m, f, b, ex))
        elif ex.explained is None and _large(pair, ex):
            unknown.append(m)
    if unknown:
        out.append(_reasons_not_kept(rule, pair, unknown))
    return out


def _reasons_not_kept(rule: Rule, pair: Pair, measures: list[str]) -> Assessment:
    """Large variances of a final account stored before its sentences were kept: whether it
    explains them cannot be said, which is not the same as no reason."""
    names_zh = "、".join(describe(m, "zh", pair.checked.year) for m in measures)
    names_en = ", ".join(describe(m, "en", pair.checked.year) for m in measures)
    return Assessment(rule.id, f"{pair.checked.source}：{names_zh}差异较大，但该决算入库时未保存"
                               "其说明文字，无法判断是否说明了原因",
                      f"{pair.checked.source}: large variance of {names_en}, but the final "
                      "account's sentences were not kept when it was stored; whether it explains "
                      "them cannot be said")


def _registered(check: CheckFunction, params: tuple[Field, ...]) -> Evaluator:
    """An evaluator over the library taking ``params`` (fields declared in
    :mod:`budgetlens.rules.cross_document`): the one place a kind's parameters are said."""
    return Evaluator(check, " ".join((check.__doc__ or "").split()), params, reads="library")


#: kind → evaluator over a pair of documents of the library: the kinds this stage adds to the one
#: registry (below); the kinds a ``[[check]]`` may name are these (checked before a run and by the
#: engine).
LIBRARY_KINDS: Mapping[str, Evaluator] = MappingProxyType({
    "same_figure": _registered(check_same_figure, COMMON_PARAMS),
    "execution": _registered(check_execution, COMMON_PARAMS + REASON_PARAMS),
    "variance_reason": _registered(check_variance_reason,
                                   COMMON_PARAMS + REASON_PARAMS + VARIANCE_PARAMS),
})
#: the views this stage's engine runs
VIEWS = ("library",)
#: The one registry of every kind of check — identities, form checks and cross-document checks —
#: one record (:class:`~budgetlens.reconcile.protocol.Registry`): the single-document kinds
#: :mod:`budgetlens.reconcile.registry` filled, and the library kinds added here (a kind named
#: twice is refused). Each engine runs the kinds of its views and no other.
REGISTRY: Registry = SINGLE_DOCUMENT_KINDS.adding(LIBRARY_KINDS)
#: The library view of :data:`REGISTRY` (what the cross-document engine runs), under the name
#: callers have used.
EVALUATORS: Mapping[str, Evaluator] = REGISTRY.reading(*VIEWS)
