"""What the words around a figure say about its basis: a change (a direction word right before
it, compared with what), or a date (the years printed in its clause).

Why apart: every kind of figure (amount, percentage, count) asks these questions before it knows
its own rules; they read the sentence and its state and change nothing.
"""

from __future__ import annotations

from .claim_state import YEAR_RE, Context, SentenceState
from .tokens import Token


def direction_adjacent(ctx: Context, st: SentenceState, tok: Token) -> bool:
    """A direction word (增加/减少…) stands right before the figure, with at most gap words."""
    if st.direction is None:
        return False
    gap = ctx.norm[st.direction[1]:tok.start]
    return ctx.lexicon.direction_gap.fullmatch(gap) is not None


def change_basis(st: SentenceState) -> str:
    """The comparator of this sentence, else of the last change; a sentence opened by 其中
    lists parts of the previous sentence's change and inherits its basis."""
    if st.cmp_basis is not None:
        return st.cmp_basis
    if not st.last_basis and st.inherits:
        return st.carry.last_basis
    return st.last_basis


def years(ctx: Context, st: SentenceState, tok: Token) -> set[int]:
    """The years the clause dates the amount to (comparators such as 比2023年 are not dates)."""
    return {int(m.group(1)) for m in YEAR_RE.finditer(ctx.norm, st.clause_start, tok.start)}


def other_year(ctx: Context, st: SentenceState, tok: Token) -> bool:
    """The clause dates the amount to a year other than the document's (comparators such
    as 比2023年 are not dates of the amount)."""
    if not ctx.year:
        return False
    for m in YEAR_RE.finditer(ctx.norm, st.clause_start, tok.start):
        if int(m.group(1)) != ctx.year:
            return True
    return False


def previous_year_only(ctx: Context, st: SentenceState, tok: Token) -> bool:
    """The clause dates the amount to the previous year, and to no other."""
    return bool(ctx.year) and years(ctx, st, tok) == {ctx.year - 1}


__all__ = ["change_basis", "direction_adjacent", "other_year", "previous_year_only", "years"]
