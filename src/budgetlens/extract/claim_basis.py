"""What the words around a figure say about its basis: a change (a direction word right before
it, compared with what), or a date (the years printed in its clause).

Why apart: every kind of figure (amount, percentage, count) asks these questions before it knows
its own rules; they read the sentence and its state and change nothing.
"""

from __future__ import annotations

from budgetlens.rules.extract_words import load_extract_words
from budgetlens.rules.lexicon_records import SIGNED

from .claim_state import YEAR_RE, Context, SentenceState
from .tokens import Token


#: a sign printed before a figure (numbers are read unsigned)
MINUS = ("-", "−", "－")
PLUS = ("+", "＋")


def direction_adjacent(ctx: Context, st: SentenceState, tok: Token) -> bool:
    """A direction word (增加/减少…) stands right before the figure, with at most gap words (a
    signed word, 变化/变动, also its figure's sign)."""
    if st.direction is None:
        return False
    gap = ctx.norm[st.direction[1]:tok.start]
    if st.direction[0] == SIGNED and gap[-1:] in MINUS + PLUS:
        gap = gap[:-1]
    return ctx.lexicon.direction_gap.fullmatch(gap) is not None


def direction_sign(ctx: Context, st: SentenceState, tok: Token) -> int:
    """The sign of the change the figure states: the direction word's, or for a signed word
    ("与上年相比变化-5万元") the sign printed before the figure."""
    sign = st.direction[0] if st.direction is not None else 1
    if sign != SIGNED:
        return sign
    return -1 if ctx.norm[tok.start - 1:tok.start] in MINUS and tok.start > 0 else 1


def signed_after_comparator(ctx: Context, st: SentenceState, tok: Token) -> bool:
    """"比上年-5万元": a comparator followed by nothing but a signed figure states a change."""
    return (st.cmp_pending and bool(st.cmp_basis) and st.cmp_end >= 0
            and ctx.norm[st.cmp_end:tok.start] in MINUS + PLUS)


def change_basis(st: SentenceState) -> str:
    """The comparator of this sentence, else of the last change; a sentence opened by 其中
    lists parts of the previous sentence's change and inherits its basis, and so does a numbered
    item of a list announced by a change."""
    if st.cmp_basis is not None:
        return st.cmp_basis
    if not st.last_basis and st.inherits:
        return st.carry.last_basis
    if not st.last_basis and st.mode == "normal":
        # a numbered item of a list its lead announced with a change ("…比上年减少Y，其中：" then
        # "1.收入预算减少Y"): the lead's comparator; not inside a reason, whose figures are a
        # unit's or a cause's, not the item's
        return st.carry.list_basis
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
    if not ctx.year:
        return False
    return years(ctx, st, tok) == {ctx.year - 1}


def whole_dated_elsewhere(ctx: Context, tok: Token) -> bool:
    """A part listed after 其中 is dated as its whole: the sentence before it prints a year as a
    date (not "比2021年", a comparator; not "2021年12月31日" or "2021年底", a point in time), and
    none is the document's. "2021年度“三公”经费合计支出20.12万元，其中：公务接待12.39万元" in a 2022
    budget: last year's account, whose whole is not this year's figure and neither are its parts."""
    if not ctx.year:
        return False
    i = ctx.index[tok.start]
    start = ctx.tokens[0].start  # the sentence's (a year printed in it is a token of it)
    compared = [t for t in ctx.tokens[:i] if t.role == "comparator"]
    dated = set()
    for m in YEAR_RE.finditer(ctx.norm, start, tok.start):
        if any(t.start <= m.start() < t.end for t in compared) or _POINT.match(ctx.norm, m.end()):
            continue
        dated.add(int(m.group(1)))
    # "2025年“三公”经费预算13.85万元，比2025年减少5.45万元，其中：…" in a 2026 budget: no year is
    # compared with itself, so that date misprints the document's year (as compared_with_own_year)
    return bool(dated - _years_compared(compared)) and ctx.year not in dated


#: the bases of an amount other than the year's own (a whole read on one lends it to its parts)
OTHER_LEVELS = ("prior", "initial_budget", "adjusted_budget", "prior_execution")


def whole_basis(ctx: Context, st: SentenceState) -> str:
    """The basis a part listed after 其中 takes from its whole, when the paragraph read that
    whole on a basis other than the year's own, else "". 铜梁 安居镇 2021 (a final account):
    "2021年我镇“三公”经费预算为20万元,其中:因公出国(境)费0万元,公务接待费9万元,公务用车运行维护费
    11万元" — the parts are the budget's, as their whole; read as the year's spending they made
    the 三公 total of 9.07 "wrong" by 10.93. Before :func:`whole_dated_elsewhere`: a whole dated
    last year and read as the prior figure (鄂城区 2022, a final account: "2021年的三公经费决算数合计
    为807.95万元,其中:…公务用车购置费272.53万元") lends its parts that basis."""
    parent = st.carry.parent
    if parent is None or not parent.measure:
        return ""
    for fact in reversed(ctx.facts[ctx.paragraph_first:]):
        if fact.measure == parent.measure and fact.kind == "money":
            return fact.basis if fact.basis in OTHER_LEVELS else ""
    return ""


def _years_compared(comparators: list[Token]) -> set[int]:
    """The years the comparators name ("比2025年" → 2025)."""
    out = set()
    for t in comparators:
        m = t.value[1] if isinstance(t.value, tuple) and len(t.value) > 1 else None
        year = m.groupdict().get("year") if m is not None else None
        if year:
            out.add(int(year))
    return out


#: after a year, a month: a point in time (截至…), not the year a figure belongs to
_POINT = load_extract_words()["claims"].rx["year_point"]


__all__ = ["change_basis", "direction_adjacent", "other_year", "previous_year_only",
           "whole_basis", "whole_dated_elsewhere", "years"]
