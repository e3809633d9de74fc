"""Amount claims: a money figure of a named measure, and the basis it is stated on
("一般公共预算财政拨款支出1962.78万元" current, "年初预算数0.00万元" initial budget, "2025年预算数
为9.23万元" in a 2026 budget: last year's).

Why a handler of its own: the basis of an amount comes from many places (a basis word before it,
a comparator whose figure it is, a completion phrase, the years dating its clause) and precision
depends on refusing every amount whose basis is unsure. A change of an amount (a direction word
right before it) is :mod:`.claim_change`'s.
"""

from __future__ import annotations

from budgetlens.rules.extract_words import load_extract_words
from budgetlens.rules.lexicon_records import SIGNED

from .claim_basis import (direction_adjacent, other_year, previous_year_only, whole_basis,
                          signed_after_comparator, whole_dated_elsewhere, years)
from .claim_change import money_change
from .claim_state import (CONTEXT, NOTHING, YEAR_RE, Context, FactFound, SentenceState, Step,
                          Subject, position)
from .claim_subjects import subject_for_number
from .tokens import Token


def read_money(ctx: Context, st: SentenceState, tok: Token) -> Step:
    """A money figure: the change of the subject, or its amount on the basis the words give."""
    subject, explicit = subject_for_number(ctx, st)
    if subject is None or not subject.measure or (subject.alias and subject.alias.kind == "count"):
        return st, NOTHING
    if direction_adjacent(ctx, st, tok):
        return money_change(ctx, st, tok, subject)
    if st.mode == "normal" and st.direction is None and signed_after_comparator(ctx, st, tok):
        # "比上年-5万元": no direction word, the printed sign gives the change's
        return money_change(ctx, st.but(direction=(SIGNED, st.cmp_end, "")), tok, subject)
    if st.mode != "normal" or st.direction is not None:
        # "增加部门预算1,464.3万元": a direction word not right before the amount
        return st, NOTHING
    if st.cmp_pending and st.cmp_basis:  # "比2025年年初预算数44021.20万元增加…": the basis's figure
        if _closed_comparator(ctx, st, tok):
            return _change_of_closed(ctx, st, tok, subject)
        return st, (_amount(tok, subject, st.cmp_basis),)
    if st.completion is not None:
        if st.completion:
            return st, (_amount(tok, subject, st.completion),)
        return st.but(subject_known=True), NOTHING  # "完成预算12.02万元的100%": which budget?
    if st.amount_basis == "prior_execution":
        # "2023年当年预算执行数为54.60万元" in a 2024 budget: dated the previous year, or not at all
        if years(ctx, st, tok) <= {ctx.year - 1 if ctx.year else 0} and not (
                st.of_which and not explicit):
            return st, (_amount(tok, subject, "prior_execution"),)
        return st.but(subject_known=True), NOTHING
    return _dated_amount(ctx, st, tok, subject, explicit)


#: the words that close a comparison ("与2016年相比"): the basis's own figure cannot follow
_CLOSING = load_extract_words()["claims"].rx["closed_comparator"]


def _closed_comparator(ctx: Context, st: SentenceState, tok: Token) -> bool:
    """The comparator closed with 相比 and only a comma before the amount: "与2016年相比21.79万元"
    states no basis figure (that would stand inside: "与2016年的155.49万元相比")."""
    return _CLOSING.search(ctx.norm, 0, st.cmp_end) is not None \
        and ctx.norm[st.cmp_end:tok.start] in ("", ",", "，")


def _change_of_closed(ctx: Context, st: SentenceState, tok: Token, subject: Subject) -> Step:
    """"与2016年相比21.79万元,增加14.01%": an amount after a closed comparison is the change, its
    sign the direction word of the percentage right after it; with none, which way is unsaid and
    nothing is claimed (never the basis's figure: read as last year's, 21.79 gave a prior of 21.79
    and a derived change of 155.49)."""
    at = ctx.index[tok.start] + 1
    for nxt in ctx.tokens[at:]:
        if nxt.start >= ctx.sentence_end or nxt.role not in ("punct", "unit", "direction"):
            break
        if nxt.role == "punct" and nxt.text not in ",，":
            break
        if nxt.role == "direction" and nxt.value[0] in (1, -1):
            follow = ctx.tokens[ctx.index[nxt.start] + 1:ctx.index[nxt.start] + 2]
            if follow and follow[0].role == "number" and follow[0].value.kind == "percent":
                return money_change(ctx, st.but(direction=(nxt.value[0], tok.start, nxt.text)),
                                    tok, subject)
            break
    return st.but(subject_known=True), NOTHING


def _dated_amount(ctx: Context, st: SentenceState, tok: Token, subject: Subject,
                  explicit: bool) -> Step:
    """An amount on the basis word before it (checked against the years of its clause), or the
    current amount an alias names directly."""
    misdated = False
    if st.amount_basis == "current" and previous_year_only(ctx, st, tok):
        misdated = compared_with_own_year(ctx, st, tok)
        if not misdated:
            # "2026年“三公经费”预算数为7.61万元，2025年预算数为9.23万元": last year's figure
            return st, (_amount(tok, subject, "prior"),)
    if st.amount_basis == "" or (other_year(ctx, st, tok) and not misdated):
        # "预算为…" in a final account (which budget?), "2023年当年预算执行数为60.13万元" in a
        # 2024 budget: a figure of the subject, but not one we can name a basis for
        return st.but(subject_known=True), NOTHING
    if st.amount_basis is not None:
        if st.of_which and not explicit:  # "…1682.76万元，其中当年预算1682.76万元": a part
            return st, NOTHING
        found = (_amount(tok, subject, st.amount_basis),)
        if st.amount_basis == "current":
            st = st.but(last_current=subject.measure)
        return st, found
    if st.of_which and explicit and (basis := whole_basis(ctx, st)):
        # the parts of a whole read as the budget's, or as last year's, are on its basis too
        return st, (_amount(tok, subject, basis),)
    if st.of_which and explicit and whole_dated_elsewhere(ctx, tok):
        return st.but(subject_known=True), NOTHING
    if explicit and subject.measure not in st.used and names_amount(ctx, st, subject, tok):
        return (st.but(used=st.used | {subject.measure}, last_current=subject.measure),
                (_amount(tok, subject, "current"),))
    return st, NOTHING


def _amount(tok: Token, subject: Subject, basis: str) -> FactFound:
    num = tok.value
    return FactFound(tok.start, subject.measure, basis, num.value, num.decimals, "money",
                     subject.label)


def compared_with_own_year(ctx: Context, st: SentenceState, tok: Token) -> bool:
    """The amount dated last year is compared with that same year right after it ("2025年
    “三公”经费预算13.85万元，比2025年减少5.45万元" in a 2026 budget): no year is compared with
    itself, so the date is a misprint of the document's year, whose figure the sentence
    states as the comparison with last year shows; read as last year's, the figure and the
    change would contradict each other and every table. Not when the sentence already gave
    the document's year a figure ("2026年…7.61万元，2025年预算数为9.23万元，和2025年相比…":
    the comparison is then between the two)."""
    if not ctx.year:  # a document of no known year dates nothing (previous_year_only)
        return False
    i = position(ctx, tok)
    start = next((t.end for t in reversed(ctx.tokens[:i])
                  if t.role == "punct" and t.value == "。"), 0)
    if st.last_current or any(int(m.group(1)) == ctx.year
                              for m in YEAR_RE.finditer(ctx.norm, start, tok.start)):
        return False
    for nxt in ctx.tokens[i + 1:]:
        if nxt.role == "comparator":
            m = nxt.value[1]
            year = m.groupdict().get("year") if m is not None else None
            return year is not None and year != "" and int(year) == ctx.year - 1
        if nxt.role in ("alias", "number") or (nxt.role == "punct" and nxt.value in "。;"):
            return False
    return False


def names_amount(ctx: Context, st: SentenceState, subject: Subject, tok: Token) -> bool:
    """An alias names the amount after it only through filler words ("支出决算为", "(类)支出");
    "上年结转项目资金1,443.44万元" is an amount of something narrower."""
    if subject.alias is not None and subject.alias.measure == CONTEXT:
        return False
    gap = ctx.norm[st.alias_end:tok.start] if st.alias_end >= 0 else ""
    return ctx.lexicon.alias_gap.fullmatch(gap) is not None


__all__ = ["compared_with_own_year", "names_amount", "read_money"]
