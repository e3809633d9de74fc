"""The number handler of the claim engine: what a number token becomes, by its kind.

Why here: attaching a number is where precision is won or lost (a wrong measure is a false alarm
downstream). :func:`on_number` decides what kind of claim a number can make and hands it to that
kind's handler (:mod:`.claim_amount` for money amounts and changes, :mod:`.claim_percent` for
percentages, shares and completion rates, :mod:`.claim_count` for counts); whatever none of them
attached is counted (:class:`NumberSeen`) and may end the running subject. 各 pairs ("收、支总计
各是4125.49,4143.91万元") are resolved here too, since they decide which measure a figure takes.

A handler here is a function ``(ctx, state, token, next token) -> (state, found)`` over the
immutable :class:`SentenceState`; the helpers every kind shares (is a direction word right before
the figure, which basis does a change have, which years date it) are functions of the same.
"""

from __future__ import annotations

from typing import Optional

from budgetlens.rules.extract_words import load_extract_words

from .claim_amount import read_money
from .claim_count import read_count
from .claim_percent import read_percent
from .claim_state import (ALSO, NOTHING, ClaimFound, Context, FactFound, NumberSeen, SentenceState,
                          Step, Subject, position, prev_token)
from .numbers import to_wan
from .tokens import Num, Token

#: the unit of an amount printed without one (rules/extract_words.toml [claims])
_BARE_AMOUNT_UNIT = load_extract_words()["claims"].words["bare_amount_unit"][0]


def on_number(ctx: Context, st: SentenceState, tok: Token, nxt: Optional[Token]) -> Step:
    """A number token: its kind's handler, then the bookkeeping of an unattached number."""
    num = tok.value
    if num.threshold:
        return st, NOTHING
    if st.each:
        st, tok = _each_take(ctx, st, tok)
        num = tok.value
    if num.kind == "short":
        num = _short_amount(ctx, num)
        tok = tok._replace(value=num)
    if num.kind == "none":
        if not _unitless_amount(ctx, tok, nxt):
            return st, NOTHING
        num = num._replace(kind="money", unit=_BARE_AMOUNT_UNIT)
        tok = tok._replace(value=num)
    found: tuple = NOTHING
    if st.mode != "purpose":
        if num.kind == "percent":
            st, found = read_percent(ctx, st, tok)
        elif num.kind == "count":
            st, found = read_count(ctx, st, tok, nxt)
        else:
            st, found = read_money(ctx, st, tok)
    elif num.kind == "count" and any(s is not None and s.alias is not None and s.alias.counts
                                     for s in (st.clause_alias, st.subject if st.lead_ok else None)):
        # "主要用于国内公务接待427批,4527人次": counts of an alias named inside the purpose
        st, found = read_count(ctx, st, tok, nxt)
    facts = [f for f in found if isinstance(f, FactFound) and f.counted]
    attached = bool(facts)
    if not attached:
        st, unnamed = _unattached(st, tok)
        found += unnamed
    found += (NumberSeen(num.kind, num.unit, attached, tok.text),)
    return st.but(subject_known=False, last_number=(facts[-1].measure, facts[-1].basis) if facts else None,
                  alias_used=True, direction=None, amount_basis=None, cmp_pending=False), found


def _unattached(st: SentenceState, tok: Token) -> Step:
    """A figure of something we cannot name ends the running subject; after 其中 it is a part
    the list does not name ("共有车辆70辆，其中业务用车17辆"), so a sum over the named parts is
    incomplete."""
    num = tok.value
    unnamed = st.direction is None and st.mode == "normal" and not st.subject_known and (
        st.clause_alias is None or not st.clause_alias.measure)
    if unnamed and num.kind == "money":
        st = st.but(subject=Subject(""), last_current="")  # an amount of something we cannot name
    parent = st.carry.parent
    if unnamed and st.of_which and parent is not None and parent.measure and _same_unit(num, parent):
        return st, (ClaimFound("unnamed_part", tok.start, parent.measure, "current", tok.text),)
    return st, NOTHING


def on_each(ctx: Context, st: SentenceState, tok: Token, nxt: Optional[Token]) -> Step:
    """"收、支总计各是4125.49,4143.91万元", "…,各下降23.51%、38.28%": a pair of figures after 各
    is the two measures of an ``also`` subject in order. 各 must follow that alias right away or
    open its clause; one figure after 各 ("收、支总计各增加27.98万元") stays both's."""
    if st.mode != "normal" or not _pair_follows(ctx, tok):
        return st, NOTHING
    subject: Optional[Subject]
    if st.clause_alias is not None and st.alias_end == tok.start:
        subject = st.clause_alias
    elif st.clause_alias is None and st.clause_start == tok.start:
        subject = st.subject
    else:
        return st, NOTHING
    if subject is not None and ALSO in subject.measure:
        each = tuple((one, subject.label) for one in subject.measure.split(ALSO))
        return st.but(each=each, each_state=None), NOTHING
    return st, NOTHING


def _pair_follows(ctx: Context, each: Token) -> bool:
    """The next figures are two in a row, joined by ，or 、 only ("4125.49,4143.91万元")."""
    i = position(ctx, each)
    rest = [t for t in ctx.tokens[i + 1:i + 6] if t.role not in ("direction",)]
    return (len(rest) >= 3 and rest[0].role == "number" and rest[1].role == "punct"
            and rest[1].value in ",、" and rest[2].role == "number"
            and rest[2].value.kind != "none" and rest[1].start == rest[0].end
            and rest[2].start == rest[1].end)


def _each_take(ctx: Context, st: SentenceState, tok: Token) -> tuple[SentenceState, Token]:
    """The next measure of a 各 pair becomes the clause's alias; the second figure reads with
    the direction/basis words the first one had (a ，between them ends a clause)."""
    (measure, label), rest = st.each[0], st.each[1:]
    state = (st.direction, st.amount_basis, st.cmp_pending, st.completion)
    if st.each_state is None:
        st = st.but(each_state=state)
    else:
        direction, amount_basis, cmp_pending, completion = st.each_state
        if direction is not None:  # "各减少1267.86,2570.97万元": adjacent to both
            direction = (direction[0], tok.start, direction[2])
        st = st.but(direction=direction, amount_basis=amount_basis, cmp_pending=cmp_pending,
                    completion=completion)
    st = st.but(each=rest, clause_alias=Subject(measure, label), alias_end=tok.start, alias_used=False)
    num = tok.value
    if num.kind == "none":  # "4125.49,4143.91万元": the unit is printed once, after the pair
        unit = ctx.tokens[position(ctx, tok) + 2].value
        wan, decimals = to_wan(num.value, num.decimals, unit.unit)
        tok = tok._replace(value=unit._replace(value=wan, decimals=decimals))
    return st, tok


def _same_unit(num: Num, parent: Subject) -> bool:
    """An unnamed part is counted in its whole's unit (辆 of 车辆, money of an amount)."""
    alias = parent.alias
    if alias is not None and alias.kind == "count":
        return num.kind == "count" and alias.count_measure(num.unit) == parent.measure
    return num.kind == "money"


def _short_amount(ctx: Context, num: Num) -> Num:
    """"合计为1000.86万,其中：…399.25万元": a figure printed with 万 but no 元 is money in 万元
    when the sentence prints another amount in 万元 (a count would not sit among them); without
    one it stays a bare number (the sentence may count people or visits)."""
    for t in ctx.tokens:
        if t.role == "number" and t.value.kind == "money" and t.value.unit == num.unit:
            wan, decimals = to_wan(num.value, num.decimals, num.unit)
            return num._replace(kind="money", value=wan, decimals=decimals)
    return num._replace(kind="none", unit="")


def _unitless_amount(ctx: Context, tok: Token, nxt: Optional[Token]) -> bool:
    """"项目支出198.36，占…": a decimal number right after an alias, ending a clause."""
    prev = prev_token(ctx, tok)
    return (prev is not None and prev.role == "alias" and prev.end == tok.end - len(tok.text)
            and tok.value.decimals > 0 and (nxt is None or nxt.role == "punct"))


__all__ = ["on_each", "on_number"]
