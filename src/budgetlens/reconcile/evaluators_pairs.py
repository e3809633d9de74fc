"""Evaluator of a count and the amount of the same things, stated together: nothing counted,
nothing spent (kind ``zero_pair``).

Why its own kind: "共0个项目实行绩效目标管理，涉及财政性资金合计20万元" is a contradiction no sum,
change or percentage sees — no identity relates 12 projects to 300万元, but a zero on one side
decides the other: no project has no funds, and funds of 0万元 belong to no project. The pairs
(count measure, amount measure) are data (``pairs`` of the rule); the sentence that states both
is their common ground (the same scope: one sentence or one table), so a count of another set of
projects in another sentence (even one starting on the same line), or a count not stated at all,
is never paired with the amount.

A rule judges one side's zero (``zero``):

* ``count``: the count is 0 (counts are exact) → the amount must be 0 (stated: the amount);
* ``amount``: the amount is printed as an exact zero ("0万元": an integer zero means nothing at
  all, tolerance ``exact_integer_zero``) → the count must be 0 (stated: the count). A zero
  printed with decimals (0.00) may stand for a few 元, so it bounds nothing and is not judged.

Where one scope states two different counts (or amounts) of the measure ("共12个项目…其中新增0个")
the pair is ambiguous and not judged. Pairs with no zero on the judged side are not instances:
the rule relates nothing there, and counting them as holding would only inflate the tally.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Iterator, Optional

from ..imply.index import FactIndex
from ..model import Fact
from ..rules.catalogue import Rule
from .checks import Check, Context, Term
from .tolerance import Interval

ZERO_SIDES = ("count", "amount")


def _one(index: FactIndex, scope: str, measure: str, basis: str) -> Optional[Fact]:
    """The stated fact of ``measure`` in ``scope``; None when absent, derived, or stated twice
    with different values in that scope (which one the other side pairs with is unknown)."""
    first = index.in_scope(scope, measure, basis)
    if first is None or first.origin == "derived":
        return None
    values = {f.value for f in index.stated.get((measure, basis), ()) if f.scope == scope}
    return first if len(values) <= 1 else None


def _together(count: Fact, amount: Fact) -> bool:
    """Stated in one sentence: a text scope is the line a sentence starts on, which two short
    sentences may share ("共0个项目开展绩效自评。对3个项目…涉及资金164.85万元"); a text fact quotes
    its whole sentence, so the quotes tell them apart."""
    return count.origin != "text" or count.source.text == amount.source.text


def _exact_zero(index: FactIndex, fact: Fact) -> bool:
    iv = index.interval(fact)
    return iv.lo == iv.hi == 0


def check_zero_pair(rule: Rule, ctx: Context) -> Iterator[Check]:
    """For each declared ``pairs`` entry (count measure → amount measure) stated in one scope on
    one of ``bases`` (default current), the judged side's zero (``zero``: ``count`` or
    ``amount``) requires the other side to be zero."""
    index = ctx.index
    zero_side = rule.params.get("zero", "count")
    bases = tuple(rule.params.get("bases", ("current",)))
    for count_m, amount_m in sorted(rule.params["pairs"].items()):
        for basis in bases:
            for scope in index.scopes.get((count_m, basis), ()):
                count = _one(index, scope, count_m, basis)
                amount = _one(index, scope, amount_m, basis) if count is not None else None
                if count is None or amount is None or count.kind != "count" or not _together(
                        count, amount):
                    continue
                premise, judged = (count, amount) if zero_side == "count" else (amount, count)
                if not _exact_zero(index, premise):
                    continue
                yield Check(rule=rule, instance=(rule.id, judged.measure, basis, scope),
                            measure=judged.measure, basis=basis, stated=index.interval(judged),
                            expected=Interval.exact(Decimal(0)),
                            terms=(Term("stated", judged), Term("zero", premise)),
                            stated_decimals=index.digits(judged))
