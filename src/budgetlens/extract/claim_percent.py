"""Percentage claims: a share of a whole ("占部门预算总支出的71.80%"), a completion rate
("完成年初预算的98%") and a percentage change ("增长5.45%").

Why one handler for three kinds: the same printed percentage is one of them by the marker word
before it (占 opened a share, 完成 a completion, a direction word a change), and all three take
their measure the same way: the clause's alias, or the figure just read ("基本支出342.81万元，占
63.35%" is the share of the amount before it).
"""

from __future__ import annotations

from typing import Optional

from .claim_basis import change_basis, direction_adjacent, direction_sign
from .claim_state import NOTHING, Context, FactFound, SentenceState, Step, Subject
from .claim_subjects import subject_for_number
from .tokens import Token


def read_percent(ctx: Context, st: SentenceState, tok: Token) -> Step:
    """A percentage: a share after 占, a completion after 完成, else a change after a direction."""
    subject, explicit = subject_for_number(ctx, st)
    if not explicit and st.mode == "normal":
        # "基本支出342.81万元，占63.35%": the share of the amount just read, if it was read
        last = st.last_number
        running = subject
        subject = Subject(last[0], subject.label if subject else "") if last else None
        if last is None and st.completion is None and st.share_at < 0 \
                and compared_after_amount(ctx, st, running):
            subject, explicit = running, True
    if st.share_at >= 0:
        return st.but(share_at=-1), read_share(ctx, st, tok, subject, explicit)
    if st.completion is not None:
        return st.but(completion=None), read_completion(st.completion, tok, subject)
    if direction_adjacent(ctx, st, tok):
        return st, read_percent_change(st, tok, subject, explicit, direction_sign(ctx, st, tok))
    if rate_in_brackets(ctx, st, tok):
        return st, read_bracketed_rate(ctx, st, tok)
    return st, NOTHING


#: what may stand between the bracket and its rate: nothing, or the rate's own sign
_SIGNS = ("", "-", "+", "−", "－", "＋")


def rate_in_brackets(ctx: Context, st: SentenceState, tok: Token) -> bool:
    """"比上年减少5万元（9.09%）": a percentage alone at the head of a bracket opened right after a
    change just read is that change's rate, signed as the change."""
    if not st.brackets or st.mode != "normal":
        return False
    at = st.brackets[-1][1]
    opened = ctx.tokens[at]
    before = ctx.tokens[at - 1] if at > 0 else None
    last = st.last_number
    return (ctx.norm[opened.end:tok.start] in _SIGNS and before is not None and before.role == "number"
            and before.end == opened.start and before.value.kind == "money"
            and last is not None and last[1].startswith("change_"))


def read_bracketed_rate(ctx: Context, st: SentenceState, tok: Token) -> tuple:
    """The rate of the change just read, signed as that change ("（-9.09%）" keeps its own sign)."""
    if st.last_number is None:  # rate_in_brackets asks for a change just read
        return NOTHING
    measure, basis = st.last_number
    change = next((f for f in reversed(ctx.facts) if f.measure == measure and f.basis == basis), None)
    if change is None:
        return NOTHING
    num = tok.value
    value = -num.value if change.value < 0 or ctx.norm[tok.start - 1:tok.start] in ("-", "−", "－") \
        else num.value
    return (FactFound(tok.start, measure, f"pct_{basis}", value, num.decimals, "percent",
                      change.label),)


def read_share(ctx: Context, st: SentenceState, tok: Token, subject: Optional[Subject],
               explicit: bool) -> tuple:
    """The subject's share of the whole the words name (else the subject's default whole)."""
    if subject is None or not subject.measure or not (explicit or st.mode == "normal"):
        return NOTHING
    whole = share_whole(ctx, st, tok) or ctx.lexicon.whole_of(subject.measure)
    if not whole or whole == subject.measure:
        return NOTHING
    num = tok.value
    return (FactFound(tok.start, subject.measure, "share", num.value, num.decimals, "percent",
                      subject.label, whole),)


def read_completion(basis: str, tok: Token, subject: Optional[Subject]) -> tuple:
    """The completion rate of the subject against ``basis`` ("" when the words name none)."""
    if not basis or subject is None or not subject.measure:
        return NOTHING
    num = tok.value
    return (FactFound(tok.start, subject.measure, f"completion_{basis}", num.value, num.decimals,
                      "percent", subject.label),)


def read_percent_change(st: SentenceState, tok: Token, subject: Optional[Subject],
                        explicit: bool, sign: int) -> tuple:
    """The percentage change of the clause's alias, or of the change (or, compared directly,
    the amount) just read; a reason's own percentages ("统一压减10%") are none of ours."""
    basis = change_basis(st)
    if explicit:
        if subject is None:  # an explicit subject is never None (subject_for_number)
            return NOTHING
        measure = subject.measure
    elif st.mode != "normal":
        return NOTHING
    else:  # "…增加27.98万元，增长5.45%": the percentage of the change just read
        last = st.last_number
        measure = last[0] if last and last[1].startswith("change_") else ""
        if last and last[1] == "current" and compared_directly(st):
            # "2024年预算安排53.84万元，比2023年预算执行数减少1.39%": the amount's change
            measure = last[0]
    if not basis or not measure:
        return NOTHING
    num = tok.value
    return (FactFound(tok.start, measure, f"pct_change_{basis}", num.value * sign,
                      num.decimals, "percent", subject.label if subject else ""),)


def compared_after_amount(ctx: Context, st: SentenceState, running: Optional[Subject]) -> bool:
    """A sentence of only a comparison and its rate right after the running subject's amount:
    "2016年机关运行经费支出115.46万元，主要用于…。比2015年下降308.51%" (平潭 教育局 决算): the rate
    is that amount's change (a decrease over 100% as printed: the check is the evaluator's)."""
    if running is None or not running.measure or not compared_directly(st) or not ctx.facts:
        return False
    last = ctx.facts[-1]
    if running == st.carry.parent and last.measure != running.measure:
        # the whole of the list just read (its parts' amounts stand between): its own amount
        last = next((f for f in reversed(ctx.facts[ctx.paragraph_first:])
                     if f.measure == running.measure), last)
    return last.measure == running.measure and last.basis == "current" \
        and last.source.text != ctx.quote


def compared_directly(st: SentenceState) -> bool:
    """The direction word follows the clause's comparator right away ("比上年执行数减少")."""
    if st.direction is None or st.cmp_end < 0:
        return False
    return st.cmp_end == st.direction[1] - len(st.direction[2])


def share_whole(ctx: Context, st: SentenceState, tok: Token) -> str:
    """The whole a share's words name between 占 and the figure ([[share_whole]])."""
    between = ctx.norm[st.share_at:tok.start]
    for item in ctx.lexicon.items:
        if item.role == "share_whole" and item.regex.search(between):
            return item.value
    return ""


__all__ = ["compared_after_amount", "compared_directly", "rate_in_brackets", "read_bracketed_rate", "read_completion",
           "read_percent", "read_percent_change", "read_share", "share_whole"]
