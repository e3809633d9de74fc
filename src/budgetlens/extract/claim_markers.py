"""Marker handlers of the claim engine: the words that set up a claim before its figure.

An alias names the subject (:func:`on_alias`), a fund qualifier its fund (:func:`on_qualifier`),
a comparator the basis of a change (:func:`on_comparator`), a basis word the basis of an amount
(:func:`on_amount_basis`), 完成 a completion (:func:`on_completion`), 占 a share
(:func:`on_share`); 计划购置 a plan (:func:`on_plan`) and "…主要内容如下：" a list of one fund
(:func:`on_list_lead`). None of them makes a claim: each returns the next state for the figure
that follows (the handlers per kind of claim, :mod:`.claim_numbers`).
"""

from __future__ import annotations

import re
from typing import Optional

from budgetlens.rules.extract_words import load_extract_words
from budgetlens.rules.lexicon import Alias

from .claim_state import (BOUNDARY_CHARS, CONTEXT, NOTHING, NUMBERED_BEFORE, Context,
                          SentenceState, Step, Subject, fund_of, prev_token)
from .claim_clauses import lead_words
from .claim_subjects import resolve
from .tokens import Token, tokenize

#: a comparator whose year was cut out keeps its word (比2025年预算 → 比预算): extract_words [claims]
_COMPARATOR_YEAR_RE = load_extract_words()["claims"].rx["comparator_year"]


def on_alias(ctx: Context, st: SentenceState, tok: Token, nxt: Optional[Token]) -> Step:
    """An alias names the clause's subject (inside a reason: the reason's own figure's)."""
    if st.mode == "purpose" and st.share_at < 0:
        return _counted_in_purpose(st, tok)
    if st.mode == "purpose" or st.share_at >= 0:
        return st, NOTHING
    subject, st = resolve(ctx, st, tok)
    if subject is None:
        return st, NOTHING
    if st.mode == "reason":
        # "主要原因局本级会议费增加9.11万元，社科院增加20.62万元": one unit's part of the change (and
        # in the reason closing a list, a cause's share: below)
        local = Subject("", subject.label) if unit_named(ctx, st, tok) or st.carry.list_reason \
            else subject
        return st.but(local_alias=local), NOTHING
    if tok.value[0].in_reason or st.carry.list_reason:
        # "工资薪金…" outside a reason: no figure we name; in the reason that closes a list
        # announced by a change ("3.收支预算减少的主要原因，一是…；三是…基本支出增加24.86万元"), each
        # point's figure is a cause's share of the items' changes the list stated, not one of them
        subject = Subject("", subject.label, subject.alias)
    subject = under_title(ctx, st, subject)
    # a blocker (measure "") stops the running subject too
    return st.but(clause_alias=subject, alias_end=tok.end, alias_used=False, subject=subject), NOTHING


def _counted_in_purpose(st: SentenceState, tok: Token) -> Step:
    """Inside a purpose (主要用于…) no figure is the subject's, but an alias that counts its own
    units names the counts printed right after it: "公务接待费支出117万元,主要用于国内公务接待427批,
    4527人次" (青岛 政协 2015) are the receptions' batches and people (claim_numbers reads only
    counts there, and only of such an alias)."""
    alias = tok.value[0]
    if not alias.counts or not alias.measure or alias.in_reason:
        return st, NOTHING
    subject = Subject(alias.measure, tok.text, alias)
    return st.but(clause_alias=subject, alias_end=tok.end, alias_used=False), NOTHING


def under_title(ctx: Context, st: SentenceState, subject: Subject) -> Subject:
    """After a 类/款/项 label and ：(or under a heading naming one) the sentence is about that
    item: "检察（款）：2018年预算支出合计16,444.36万元" is the 款's spending (never the
    department's total), and any other named measure ("…（类）：基本支出…") is a part of the
    item we have no key for."""
    item = st.titled or ctx.section.item
    if item is None or subject.alias is None or subject.alias.function or not subject.measure \
            or subject.measure == item.measure or subject.alias.measure == CONTEXT:
        return subject  # "…（项）：年初预算0万元，支出决算33.26万元": 支出 points back to it
    if item.measure and subject.measure.startswith("expense.") and \
            subject.measure.endswith(".total"):
        return Subject(item.measure, subject.label, item.alias)
    return Subject("", subject.label, subject.alias)


def unit_named(ctx: Context, st: SentenceState, tok: Token) -> bool:
    """A unit's name stands right before the alias (after the clause start or the marker
    before it): "局本级会议费", not "本部门会议费" (the department itself)."""
    prev = prev_token(ctx, tok)
    start = prev.end if prev is not None and prev.end > st.clause_start else st.clause_start
    gap = ctx.norm[start:tok.start]
    unit = ctx.lexicon.unit_lead
    return bool(gap) and ctx.lexicon.lead_in.fullmatch(gap) is None and unit is not None \
        and unit.fullmatch(gap) is not None


def on_qualifier(ctx: Context, st: SentenceState, tok: Token, nxt: Optional[Token]) -> Step:
    """A fund named before a measure (一般公共预算…); alone before a figure, the fund's own
    measure ("其中：一般公共预算拨款4,005.29万元")."""
    fund, alone, alone_expense = tok.value[0]
    carry = st.carry
    parent = carry.parent if st.of_which and carry.parent_in_paragraph else None
    if alone_expense and parent is not None and parent.measure.startswith("expense."):
        alone = alone_expense  # "当年预算支出…，其中：一般公共预算拨款4,005.29万元": the fund's spending
    elif alone_expense and parent is None and _running(st) == alone_expense:
        # "一般公共预算财政拨款支出1264.92万元…。与2019年相比,一般公共预算财政拨款增加27.44万元":
        # the fund named alone right after a sentence about its own spending is that spending
        alone = alone_expense
    st = st.but(qualifier=(fund, alone, tok.end))
    # a fund part of the sentence's subject before the fund's own measure: "涉及一般公共预算当年财政
    # 拨款1593.16万元，政府性基金预算当年财政拨款836万元" (the second at a clause start)
    if alone and starts_clause(ctx, st, tok) and nxt is not None and nxt.start == tok.end \
            and nxt.role in ("number", "direction") \
            and (st.mode != "normal" or st.share_at >= 0 or fund_part(st, fund, tok) is None):
        alias = Alias(measure=alone)
        return on_alias(ctx, st, tok._replace(role="alias", value=(alias, None)), nxt)
    if st.mode == "normal" and st.share_at < 0:
        # "政府性基金拨款支出预算0.00万元": a fund named without a known measure after it is
        # an unknown subject, unless an alias follows (it then replaces this) or the
        # sentence's subject lists its fund parts ("实行绩效目标管理，涉及一般公共预算…")
        part = fund_part(st, fund, tok)
        st = st.but(clause_alias=part or Subject("", tok.text))
        if part is not None:
            st = st.but(alias_end=tok.end, alias_used=False)
    return st, NOTHING


def _running(st: SentenceState) -> str:
    """The measure the sentence, else the paragraph before it, is about ("" when none)."""
    subject = st.subject if st.subject is not None else st.carry.subject
    return subject.measure if subject is not None else ""


def fund_part(st: SentenceState, fund: str, tok: Token) -> Optional[Subject]:
    """The fund variant of a ``fund_parts`` subject named earlier in the sentence."""
    subject = st.subject
    if subject is None or subject.alias is None or not subject.alias.fund_parts:
        return None
    measure = subject.alias.for_fund(fund)
    return Subject(measure, tok.text, subject.alias) if measure else None


def starts_clause(ctx: Context, st: SentenceState, tok: Token) -> bool:
    """At the start of a clause, or right after 其中 / 主要是 ("其中：一般公共预算拨款…")."""
    if ctx.norm[tok.start - 1:tok.start] in BOUNDARY_CHARS \
            or NUMBERED_BEFORE.search(ctx.norm, tok.start, tok.start):
        return True
    prev = prev_token(ctx, tok)
    return prev is not None and prev.end == tok.start and prev.role in ("of_which", "reason")


def on_comparator(ctx: Context, st: SentenceState, tok: Token, nxt: Optional[Token]) -> Step:
    """比2023年 / 较上年决算数: the basis of the next change (a year other than the previous one:
    no basis we name); a figure right after it is that basis's amount."""
    basis, m = tok.value
    year = m.groupdict().get("year") if m is not None else None
    if year and ctx.year and int(year) == ctx.year:
        basis = same_year_basis(ctx, tok, m)
    elif year and ctx.year and int(year) != ctx.year - 1:
        basis = ""
    if st.mode == "purpose":
        st = st.but(mode="normal")
    if st.amount_basis is not None and st.clause_alias is None and st.mode == "normal":
        # "2026年预算比2025年预算增加…": 预算 is the subject here, and not one we can name
        st = st.but(clause_alias=Subject(""), subject=Subject(""))
    # "比2025年年初预算数44021.20万元增加…": an amount right after it is the basis's
    return st.but(cmp_basis=basis, cmp_end=tok.end, cmp_pending=True, amount_basis=None), NOTHING


def same_year_basis(ctx: Context, tok: Token, m: re.Match) -> str:
    """"比2025年预算减少…" in a 2025 final account: a comparison with the document's own year is
    the comparison without the year ("比预算": the budget), read by the comparators of the
    document's kind; one they do not name ("比2026年增加" in a 2026 budget) has no basis."""
    start, end = m.span("year")
    bare = tok.text[:start - m.start()] + tok.text[end - m.start():]
    bare = _COMPARATOR_YEAR_RE.sub(r"\1", bare)
    found = [t for t in tokenize(bare, ctx.lexicon, ctx.kind, ctx.year)
             if t.role == "comparator" and t.start == 0 and t.end == len(bare)]
    return found[0].value[0] if found and found[0].value[0] != "prior" else ""


def on_amount_basis(ctx: Context, st: SentenceState, tok: Token, nxt: Optional[Token]) -> Step:
    """"年初预算数0.00万元": the basis of the next amount, if only lead-in words precede it
    ("（去年预算数为0万元）" is not this measure's figure; it is then left unattached)."""
    start = st.clause_start
    prev = prev_token(ctx, tok)
    if prev is not None and prev.end > start and prev.role != "punct" and not (
            prev.role == "number" and prev.value.kind == "none"):
        start = prev.end
    gap = ctx.norm[start:tok.start]
    lexicon = ctx.lexicon
    if st.clause_alias is not None and st.alias_end >= st.clause_start and not st.alias_used:
        # "公务接待费支出决算0.53万元", "公务用车运行维护费2026年预算数100.80万元"
        clean = lexicon.alias_gap.fullmatch(ctx.norm[st.alias_end:tok.start]) is not None
    elif prev is not None and prev.role == "alias" and prev.end == start:
        clean = lexicon.alias_gap.fullmatch(gap) is not None
    else:
        clean = lead_words(ctx, st, start, tok.start)
    return st.but(amount_basis=tok.value[0] if clean else ""), NOTHING


def on_completion(ctx: Context, st: SentenceState, tok: Token, nxt: Optional[Token]) -> Step:
    """完成年初预算的: the next figure is a completion against that basis."""
    return st.but(completion=tok.value[0]), NOTHING


def on_share(ctx: Context, st: SentenceState, tok: Token, nxt: Optional[Token]) -> Step:
    """占: the next percentage is a share (its whole named between 占 and the figure)."""
    if st.mode != "purpose":
        return st.but(share_at=tok.end), NOTHING
    return st, NOTHING


def on_list_lead(ctx: Context, st: SentenceState, tok: Token, nxt: Optional[Token]) -> Step:
    """"财政拨款支出主要内容如下：" announces numbered items of that fund ("1.“社会保障和就业支出”
    科目1,756万元"): their function names take it, as after 其中 (a paragraph that is no
    numbered item ends the list). A lead in a sentence of its own ("政府性基金支出1406.49万元，…。
    主要原因是…。具体情况如下：") announces the running subject's items."""
    subject = st.subject if st.subject is not None else st.carry.subject
    fund = fund_of(subject.measure) if subject is not None and st.mode == "normal" else ""
    return st.but_carry(list_fund=fund if fund != "all" else ""), NOTHING


def on_plan(ctx: Context, st: SentenceState, tok: Token, nxt: Optional[Token]) -> Step:
    """计划购置…: a purchase plan, whose counts are never the holdings."""
    return st.but(plan=True), NOTHING


__all__ = ["on_alias", "on_amount_basis", "on_comparator", "on_completion", "on_list_lead",
           "on_plan", "on_qualifier", "on_share", "starts_clause", "under_title", "unit_named"]
