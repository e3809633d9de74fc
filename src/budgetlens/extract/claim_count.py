"""Count claims: "实有人员119人", "设24个内设机构", "公务用车购置0辆", and their changes.

Why a handler of its own: a count takes the word it is printed before ("32个内设机构") as often as
the one before it ("内设机构40个"), and its measure depends on its unit (人, 辆, 个团组) through the
alias's ``counts``; a count never names a money measure.
"""

from __future__ import annotations

from typing import Optional

from .claim_basis import change_basis, direction_adjacent, other_year
from .claim_state import NOTHING, Context, FactFound, SentenceState, Step, Subject, prev_token
from .claim_subjects import part_of
from .tokens import Token


def read_count(ctx: Context, st: SentenceState, tok: Token, nxt: Optional[Token] = None) -> Step:
    """Counts take the word they are printed before (``Alias.before``: "设24个内设机构"), else
    the clause's alias, else the sentence's ("0个团组，0人")."""
    num = tok.value
    if st.mode == "purpose":  # only the counts of the alias named in the purpose (claim_markers),
        # or of the sentence's subject after a comma ("…427批,4527人次")
        return _read_counted(ctx, st, tok, st.clause_alias or (st.subject if st.lead_ok else None))
    subject = counted_word(ctx, st, tok, nxt)
    if subject is None and st.of_which and unkeyed_name_before(ctx, st, tok):
        # "其中：特种专业技术用车49辆、老干部服务用车0辆": a part the list names with a word we have no
        # key for; the clause's alias is not its subject (the number becomes an unnamed part)
        return st.but(clause_alias=Subject("")), NOTHING
    subject = subject or st.clause_alias or _echoed(ctx, st, tok)
    if subject is None and st.lead_ok:  # "0个团组，0人" but not "其中业务用车17辆"
        subject = st.subject
        if subject is not None and subject.alias is not None and subject.alias.before:
            return st, NOTHING  # "8个内设机构，和1个…下属事业单位": a word counted where it is printed
    if subject is None or subject.alias is None or not subject.measure or st.mode != "normal":
        return st, NOTHING
    return _read_counted(ctx, st, tok, subject)


def _read_counted(ctx: Context, st: SentenceState, tok: Token, subject: Optional[Subject]) -> Step:
    """The count ``tok`` of ``subject`` (its alias's unit → count measure): a change after a
    direction word, else the current figure, once per measure and unit."""
    num = tok.value
    if subject is None or subject.alias is None or not subject.measure:
        return st, NOTHING
    measure = subject.alias.count_measure(count_word(ctx, st, tok, subject) or num.unit)
    if not measure:
        return st, NOTHING
    if st.direction is not None and direction_adjacent(ctx, st, tok):
        basis = change_basis(st)
        if not basis:
            return st, NOTHING
        return st, (FactFound(tok.start, measure, f"change_{basis}", num.value * st.direction[0],
                              num.decimals, "count", subject.label),)
    if other_year(ctx, st, tok) or (measure, num.unit) in st.used:
        return st, NOTHING
    found = (FactFound(tok.start, measure, "current", num.value, num.decimals, "count", subject.label),)
    return st.but(used=st.used | {(measure, num.unit)}, last_current=measure), found


def count_word(ctx: Context, st: SentenceState, tok: Token, subject: Subject) -> str:
    """The count word printed right before the figure, when the subject's alias counts by it
    ("国内公务接待批次3978个,接待人次28598人" (鹿寨 2019): 批次 and 人次 name what is counted, the unit
    after the figure is only 个/人); "" when none."""
    counts = subject.alias.counts if subject.alias is not None else ()
    if any(len(key) > 1 and key == tok.value.unit for key, _ in counts):
        return ""  # the figure's own unit is a count word: it names what is counted (团组10人次)
    prev = prev_token(ctx, tok)
    start = max(prev.end if prev is not None else 0, st.clause_start)
    gap = ctx.norm[start:tok.start]
    for key, _ in counts:
        if len(key) > 1 and gap.endswith(key) and not key.endswith(tok.value.unit or "\0"):
            return key
    return ""


def _echoed(ctx: Context, st: SentenceState, tok: Token) -> Optional[Subject]:
    """A clause that opens with the end of the running subject's name and one of its count words
    is that subject's count: "国内公务接待批次3978个,接待人次28598人" — 接待 echoes 国内公务接待.
    Any other word before the count word names another subject."""
    subject, prev = st.subject, prev_token(ctx, tok)
    if subject is None or subject.alias is None or not subject.label or prev is None \
            or prev.end > st.clause_start:
        return None
    gap = ctx.norm[st.clause_start:tok.start]
    for key, _ in subject.alias.counts:
        echo = gap[:-len(key)] if len(key) > 1 and gap.endswith(key) else None
        if echo and len(echo) >= 2 and subject.label.endswith(echo):
            return subject
    return None


def unkeyed_name_before(ctx: Context, st: SentenceState, tok: Token) -> bool:
    """Words no token reads stand right before the count, after the previous token of its clause
    ("…49辆、老干部服务用车0辆"); lead-in words ("其中", a year) are no name."""
    prev = prev_token(ctx, tok)
    start = max(prev.end if prev is not None else 0, st.clause_start)
    gap = ctx.norm[start:tok.start]
    return bool(gap) and ctx.lexicon.alias_lead.fullmatch(gap) is None


def counted_word(ctx: Context, st: SentenceState, tok: Token, nxt: Optional[Token]) -> Optional[Subject]:
    """The word right after a count that takes the count before it ("32个内设机构、12个直属
    事业单位"); after 其中 under a count whole it must be a part of it ("内设机构40个，其中：…等3个
    处室" is a subdivision we have no key for: it names nothing)."""
    if nxt is None or nxt.role != "alias" or nxt.start != tok.end:
        return None
    alias = nxt.value[0]
    if not alias.before or not alias.count_measure(tok.value.unit):
        return None
    parent = st.carry.parent if st.of_which else None
    if parent is not None and parent.alias is not None and parent.alias.kind == "count" \
            and not part_of(ctx, alias, parent):
        return Subject("", nxt.text, alias)
    return Subject(alias.measure, nxt.text, alias)


__all__ = ["count_word", "counted_word", "read_count", "unkeyed_name_before"]
