"""Evaluator of bounds a stated figure cannot cross whatever the document prints beside it.

Why its own kind: a percent decrease of a non-negative amount is at most 100% (down to zero);
"比上年下降122%" is impossible on its own, with no base or change printed to recompute it from, so
``pct`` (change / base) never sees it. The check needs only the stated percentage: each one on the
declared bases is compared with the declared floor (−100) by the engine, with the same
rounding-aware tolerance and percentage-point slack as every recomputed percentage ("下降100.3%"
printed with one decimal is a rounding note, not an error).

This kind was added as the proof of issue #12's "a check of a new kind is one evaluator plus
data": this module, one line in :mod:`.registry`, one ``[[rule]]`` in ``rules/identities.toml``.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Iterator

from ..rules.catalogue import Rule
from .checks import Check, Context, Term
from .tolerance import Interval


def _skipped(measure: str, skip: tuple[str, ...]) -> bool:
    """Measures declared as possibly negative (``skip``: a key or the prefix of its family)."""
    return any(measure == s or measure.startswith(s + ".") for s in skip)


def check_pct_floor(rule: Rule, ctx: Context) -> Iterator[Check]:
    """Every stated percentage on ``bases`` is at least ``floor`` (−100: a decrease of at most
    100%). One instance per printed figure (its sentence or cell is the evidence), so two
    sentences stating the impossible decrease are two findings. Params: ``bases`` (percent-change
    bases), ``floor`` (number), ``skip`` (measures that may be negative)."""
    floor = Interval.exact(Decimal(str(rule.params["floor"])))
    skip = tuple(rule.params.get("skip", ()))
    bases = frozenset(rule.params["bases"])
    index = ctx.index
    for measure, basis in sorted(k for k in index.stated if k[1] in bases):
        if _skipped(measure, skip):
            continue
        for fact in index.stated[(measure, basis)]:
            if fact.kind != "percent" or fact.origin == "derived":
                continue
            yield Check(rule=rule, instance=(rule.id, measure, basis, fact.source),
                        measure=measure, basis=basis, stated=index.interval(fact),
                        expected=floor, terms=(Term("stated", fact),), relation="ge",
                        stated_decimals=index.digits(fact),
                        fields={"decrease": str(-fact.value) if fact.value < 0 else
                                str(fact.value)})


def check_at_most_sibling(rule: Rule, ctx: Context) -> Iterator[Check]:
    """Every stated figure whose key ends in a ``pairs`` key is at most its sibling, the figure of
    the same key with that last segment replaced, printed in the same scope (a self-evaluation's
    indicator score and its weight: ``performance.self_eval.1.indicator.3.score`` ≤
    ``….indicator.3.weight``; the execution score and its weight). Why by sibling, not by
    template: the pair shares every placeholder (the form, the indicator), so no template needs
    one for each. A figure whose sibling is not printed is not checked. Params: ``prefix`` (the
    keys looked at), ``pairs`` (last segment → its bound's), ``bases`` (default current)."""
    prefix, pairs = rule.params["prefix"], rule.params["pairs"]
    bases = frozenset(rule.params.get("bases", ("current",)))
    index = ctx.index
    for measure, basis in sorted(k for k in index.stated if k[1] in bases and k[0].startswith(prefix)):
        head, _, last = measure.rpartition(".")
        if last not in pairs:
            continue
        bound = f"{head}.{pairs[last]}"
        for fact in index.stated[(measure, basis)]:
            if fact.origin == "derived" or (limit := index.in_scope(fact.scope, bound, basis)) is None:
                continue
            yield Check(rule=rule, instance=(rule.id, measure, basis, fact.source),
                        measure=measure, basis=basis, stated=index.interval(fact),
                        expected=index.interval(limit),
                        terms=(Term("stated", fact), Term("bound", limit)), relation="le",
                        stated_decimals=index.digits(fact))
