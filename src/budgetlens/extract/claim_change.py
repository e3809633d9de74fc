"""Change claims: "比2023年增加1110.21万元" (a signed change of the subject against a basis),
"与上年持平" (a change of zero), "上年无此项支出，无法比较" (a change that cannot be computed).

Why a handler of its own: a change names its basis through a comparator that may stand clauses
before it (or in the previous sentence, for the parts 其中 lists); the direction word gives the
sign, and the percentage that often follows takes the same basis (:mod:`.claim_percent`).
"""

from __future__ import annotations

from typing import Optional

from budgetlens.rules.lexicon_records import SIGNED

from .claim_basis import change_basis, direction_sign
from .claim_state import (NOTHING, ZERO, ClaimFound, Context, FactFound, SentenceState, Step,
                          Subject)
from .claim_subjects import subject_for_number
from .tokens import Token


def money_change(ctx: Context, st: SentenceState, tok: Token, subject: Subject) -> Step:
    """A money figure right after a direction word: the subject's change on the basis of the
    sentence's comparator (none known: nothing is claimed)."""
    basis = change_basis(st)
    if not basis or st.direction is None:  # read_money calls with a direction word read
        return st, NOTHING
    num = tok.value
    sign, word = direction_sign(ctx, st, tok), st.direction[2]
    found = (FactFound(tok.start, subject.measure, f"change_{basis}", num.value * sign,
                       num.decimals, "money", subject.label),
             ClaimFound("direction", tok.start, subject.measure, f"change_{basis}", word))
    return st.but(last_change=(subject.measure, basis), last_basis=basis), found


def on_direction(ctx: Context, st: SentenceState, tok: Token, nxt: Optional[Token]) -> Step:
    """增加/减少 waits for its figure; a flat word (持平) states a change of zero of the amount
    just read (or the subject), unless hedged ("基本持平": approximately, not zero)."""
    sign = tok.value[0]
    if sign == SIGNED and st.cmp_basis is None:
        return st, NOTHING  # "变化"/"变动" states a change only after a comparison ("与上年相比变化…")
    if sign != 0:
        return st.but(amount_basis=None, cmp_pending=False, direction=(sign, tok.end, tok.text)), NOTHING
    st = st.but(amount_basis=None, cmp_pending=False)
    if st.flat_done or st.mode != "normal":
        return st, NOTHING
    hedge = ctx.lexicon.flat_hedge
    if hedge is not None and hedge.search(ctx.norm, 0, tok.start):
        return st, NOTHING  # "与上年基本持平": approximately, not a zero change
    scope = ctx.lexicon.flat_scope
    if scope is not None and scope.search(ctx.norm, st.clause_start, tok.start):
        return st, NOTHING  # "公开口径与上年度保持一致": how figures are counted, no amount
    measure = st.last_current or (st.subject.measure if st.subject else "")
    basis = st.cmp_basis if st.cmp_basis is not None else "prior"
    if not measure or not basis:
        return st, NOTHING
    subject = st.subject
    kind = "count" if subject and subject.alias and subject.alias.kind == "count" else "money"
    found = (ClaimFound("direction", tok.start, measure, f"change_{basis}", tok.text),
             FactFound(tok.start, measure, f"change_{basis}", ZERO, 0, kind, tok.text,
                       counted=False))
    return st.but(flat_done=True), found


def on_not_comparable(ctx: Context, st: SentenceState, tok: Token, nxt: Optional[Token]) -> Step:
    """"无法比较": the percentage change of the last change (or the subject) is not computable."""
    subject, _ = subject_for_number(ctx, st)
    measure = st.last_change[0] if st.last_change else (subject.measure if subject else "")
    basis = st.cmp_basis or st.last_basis
    claim = ClaimFound("not_comparable", tok.start, measure,
                       f"pct_change_{basis}" if basis else "", tok.text)
    return st.but(direction=None), (claim,)


__all__ = ["money_change", "on_direction", "on_not_comparable"]
