"""Measures that are one figure in a given document: a reason given for one is the other's; and
a total whose declared parts each give their reason (:func:`declared_parts_explain`).

Why: a department with no 政府性基金 and no 国有资本经营 money prints the same figure as its
财政拨款 total and its 一般公共预算 total, and its text often explains the change once, under one
name ("财政拨款总收支较上年下降3.85%，主要原因是…", then "一般公共预算支出…下降3.85%。"):梧州 2025.
Which measures may be twins is data (``reason_twins`` of the rule, pairs of measure keys); whether
they are in this document is decided by its own printed figures: both measures' current values
printed (in a table or a sentence, never implied) and equal, to the last printed digit. Where the
two differ (a 政府性基金 part) a reason of one says nothing of the other.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace
from decimal import Decimal
from typing import Optional, Sequence

from budgetlens.model import Claim, Fact
from budgetlens.reconcile.form_text import FormContext

_PRINTED = ("table", "text")


def equal_twins(ctx: FormContext, pairs: Sequence[Sequence[str]]) -> dict[str, set[str]]:
    """measure → the measures of ``pairs`` it is equal to as printed in this document."""
    wanted = {m for pair in pairs for m in pair}
    values: dict[str, set[Decimal]] = defaultdict(set)
    for fact in ctx.disclosure.facts:
        if fact.measure in wanted and fact.basis == "current" and fact.origin in _PRINTED \
                and not fact.blank:
            values[fact.measure].add(fact.value)
    twins: dict[str, set[str]] = defaultdict(set)
    for a, b in pairs:
        if values[a] and values[a] == values[b]:
            twins[a].add(b)
            twins[b].add(a)
    return twins


def shared_reasons(ctx: FormContext, reasons: list[Claim], pairs: Sequence[Sequence[str]]
                   ) -> list[Claim]:
    """``reasons`` and, for each reason of a measure with an equal twin here, the same reason
    for the twin (its source and words unchanged: the evidence stays the printed sentence)."""
    if not pairs or not reasons:
        return reasons
    twins = equal_twins(ctx, pairs)
    return reasons + [replace(c, measure=other) for c in reasons for other in
                      sorted(twins.get(c.measure, ()))]



def declared_parts_explain(fact: Fact, changes: Sequence[Fact], reasons: Sequence[Claim],
                           parts: Optional[Sequence[str]]) -> bool:
    """A total whose parts are named apart (``declared_parts``: 公务用车购置及运行维护费 →
    购置费, 运行维护费, not measures under its name) is explained when every part whose change is
    stated right after it (same page, within two lines) gives its reason: 青岛 政协 2015 "…减少93.05
    万元,下降26.86%。其中:公务用车购置费…减少的主要原因是…;公务用车运行维护费…减少的主要原因是…".
    One part left without a reason leaves the total unexplained (池州 2024: 运行费 gives one, 购置费
    none). The parts share one sentence (split at 。only), so a reason marker in it proves
    nothing of each part: each needs a reason claim of its own measure (the claim takes the
    change it follows)."""
    if not parts:
        return False
    line = fact.source.line or 0
    stated = [f for f in changes if f.measure in parts and f.source.page == fact.source.page
              and line <= (f.source.line or 0) <= line + 2 and f.source.text != fact.source.text]
    return bool(stated) and all(any(c.measure == f.measure for c in reasons) for f in stated)


__all__ = ["declared_parts_explain", "equal_twins", "shared_reasons"]
