"""Evaluator of the identity ``compare``: Σ left (= | ≤ | ≥) Σ right, across tables (standards
§4.4–4.5).

Why a module of its own: a comparison across tables is where a document's own definitions meet
the standard's (its own 机关运行经费, a total named with 上年结转), so it alone weighs the
declared ``alternatives`` readings and the claims that make a comparison not the document's.
"""

from __future__ import annotations

from typing import Iterator, Optional, Sequence

from ..model import Assessment, Claim
from ..rules.catalogue import Rule
from .checks import Check, Context, Term
from .evaluators import _bases, _name
from .protocol import not_assessable as na
from .tolerance import compare, sum_intervals

#: origins of a printed figure (an implied one is ``derived``)
_PRINTED = ("table", "text")


def check_compare(rule: Rule, ctx: Context) -> Iterator[Check | Assessment]:
    """Cross-table identities (standards §4.4–4.5): ``left``, ``right`` (measure lists, summed),
    ``relation`` (``eq`` | ``le`` | ``ge``), ``bases`` (default ``["current"]``),
    ``optional_right`` (added to the right side where printed: a part some templates print beside
    the right side's measure, e.g. 江苏 单位预留机动经费, that a derived left side contains),
    ``unless_claim`` (a claim kind: where the document states one about a left measure, e.g. its
    own wider definition of 机关运行经费, the comparison is not the document's and is not made),
    ``unless_present`` (measures whose figure on the basis makes the comparison another rule's:
    totals implied by their parts are compared only where no total is printed), ``alternatives``
    (``[left, right]`` pairs: where one holds, all its figures printed, nothing is reported),
    ``doubtful`` (``[left, right]`` readings that make the left side another figure than the rule
    means, e.g. a 收入总计 equal to the year's appropriations: where one holds on the current basis,
    the left side is read from prose (a table's 总计 row is the template's own) and none of
    ``doubtful_unless`` is printed there, a failing comparison is made on that basis only and
    reported at most as a warning — the page's words, not its numbers, may be what differs; where
    the current basis balances, or its right side is not printed, there is no doubt and every
    basis is compared),
    ``when_equal`` (a basis: the comparison is made only where both sides print the same figure
    on it, and only between printed figures: one figure under two names, 财政拨款收入 and its total
    where no carry-over is printed, whose two stated changes are then compared), ``unless_printed``
    (measures: none of them printed or implied on any basis, else nothing is compared: a fund the
    document never names has no money), ``prose_left`` (compared only where the left side is
    printed in prose and no table prints it: a table's totals are the sum rules')."""
    p, index = rule.params, ctx.index
    left, right = tuple(p["left"]), tuple(p["right"])
    stated = _claimed(ctx, p.get("unless_claim", ""), left)
    equal_on = p.get("when_equal", "")
    if equal_on and not _printed_equal(ctx, left, right, equal_on):
        return
    if p.get("unless_printed") and not index.all_measures().isdisjoint(p["unless_printed"]):
        return
    prose = [f for f in (index.get(m, "current") for m in left) if f is not None]
    doubt = bool(prose) and all(f.origin == "text" for f in prose) \
        and _another_reading_holds(ctx, p.get("doubtful", ()), "current") \
        and all(index.get(m, "current") is None for m in p.get("doubtful_unless", ())) \
        and all(index.get(m, "current") is not None for m in right) \
        and not _another_reading_holds(ctx, ((left, right),), "current")  # balanced: no doubt
    for b in _bases(rule, ("current",)):
        if doubt and b != "current":
            continue
        lf = [f for f in (index.get(m, b) for m in left) if f is not None]
        rf = [f for f in (index.get(m, b) for m in right) if f is not None]
        if _skipped(ctx, rule, lf, rf, b):
            continue
        if stated is not None:
            yield na(rule, f"{left[0]}/{b}", f"文档自身的定义（“{stated.text[:60]}”，第"
                     f"{stated.source.page}页）与本项比较的口径不同，不作比较",
                     f"the document's own definition (“{stated.text[:60]}”, "
                     f"p.{stated.source.page}) has another scope: not compared")
            continue
        rf += [f for f in (index.get(m, b) for m in p.get("optional_right", ())) if f is not None]
        yield Check(rule=rule, instance=(rule.id, left, right, b), measure=lf[0].measure, basis=b,
                    stated=sum_intervals(index.interval(f) for f in lf),
                    expected=sum_intervals(index.interval(f) for f in rf),
                    terms=(*(Term("left", f) for f in lf), *(Term("right", f) for f in rf)),
                    relation=p.get("relation", "eq"), stated_decimals=index.digits(lf[0]),
                    severity="warning" if doubt else None,
                    fields={"left": " + ".join(_name(f) for f in lf),
                            "right": " + ".join(_name(f) for f in rf)})


def _skipped(ctx: Context, rule: Rule, lf: list, rf: list, basis: str) -> bool:
    """Whether ``basis`` is not compared: a side not printed, a measure of ``unless_present``
    printed on it, an implied figure where only printed ones count, a prose-only rule's left side
    in a table, or an alternative reading that holds."""
    p, index = rule.params, ctx.index
    return len(lf) < len(p["left"]) or len(rf) < len(p["right"]) \
        or any(index.get(m, basis) is not None for m in p.get("unless_present", ())) \
        or (bool(p.get("when_equal")) and not all(f.origin in _PRINTED for f in lf + rf)) \
        or (bool(p.get("prose_left")) and not all(f.origin == "text" for f in lf)) \
        or _another_reading_holds(ctx, p.get("alternatives", ()), basis)


def _printed_equal(ctx: Context, left: tuple, right: tuple, basis: str) -> bool:
    """Both sides printed on ``basis`` (table or text, never implied) with the same sum, to the
    last printed digit: the two names are one figure in this document."""
    index = ctx.index
    lf = [index.get(m, basis) for m in left]
    rf = [index.get(m, basis) for m in right]
    facts = lf + rf
    if any(f is None or f.origin not in _PRINTED for f in facts):
        return False
    return sum(f.value for f in lf if f is not None) == sum(f.value for f in rf if f is not None)


def _another_reading_holds(ctx: Context, alternatives: Sequence, basis: str) -> bool:
    """One of the declared alternative ``[left, right]`` readings, all of its figures printed,
    holds: the comparison is then the document's in that reading (北京 财政局 2026 calls its total
    with 上年结转结余 收入预算, so 本年收入 alone balances the spending)."""
    index = ctx.index
    for left, right in alternatives:
        lf = [f for f in (index.get(m, basis) for m in left) if f is not None]
        rf = [f for f in (index.get(m, basis) for m in right) if f is not None]
        if len(lf) == len(left) and len(rf) == len(right) and compare(
                sum_intervals(index.interval(f) for f in lf),
                sum_intervals(index.interval(f) for f in rf), settings=ctx.settings).holds:
            return True
    return False


def _claimed(ctx: Context, kind: str, measures: tuple) -> Optional[Claim]:
    """The first claim of ``kind`` the narrative states about one of ``measures``, if any."""
    if not kind or ctx.disclosure is None:
        return None
    return next((c for c in ctx.disclosure.claims if c.kind == kind and c.measure in measures), None)
