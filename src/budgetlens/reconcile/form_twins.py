"""Measures that are one figure in a given document: a reason given for one is the other's.

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
from typing import Sequence

from budgetlens.model import Claim
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


__all__ = ["equal_twins", "shared_reasons"]
