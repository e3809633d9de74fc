"""Reason claims: "主要原因是…" after a change (the reason given for it), or a reason marker with
nothing after it (template residue: "主要原因是。" left unfilled), and the purpose clause
("主要用于…") whose figures are none of the subject's.

Why a handler of its own: a reason changes how the rest of the sentence is read (only figures of
an alias named in the same clause count, and a unit's name before it makes them that unit's),
and the claim it makes is about the last change read, whose measure and basis it takes.
"""

from __future__ import annotations

from typing import Optional

from .claim_state import NOTHING, ClaimFound, Context, SentenceState, Step
from .tokens import Token


def on_reason(ctx: Context, st: SentenceState, tok: Token, nxt: Optional[Token]) -> Step:
    """The reason of the last change (or of the subject), or residue when nothing follows."""
    st = st.but(mode="reason", local_alias=None)
    if st.carry.list_basis:  # a numbered item of a list announced by a change is its reason
        st = st.but_carry(list_reason=True)
    rest = ctx.norm[tok.end:ctx.sentence_end]
    measure, basis = st.last_change or ((st.subject.measure if st.subject else ""), "")
    if not rest.strip("。;,:!?"):
        return st, (ClaimFound("residue", tok.start, measure, basis, value=tok.text),)
    return st, (ClaimFound("reason", tok.start, measure, f"change_{basis}" if basis else "",
                           text=ctx.original(tok.start, ctx.sentence_end)),)


def on_purpose(ctx: Context, st: SentenceState, tok: Token, nxt: Optional[Token]) -> Step:
    """"主要用于…": what the money is for; its figures are read as none of the subject's."""
    if st.mode == "normal":
        return st.but(mode="purpose"), NOTHING
    return st, NOTHING


__all__ = ["on_purpose", "on_reason"]
