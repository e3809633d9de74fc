"""Subjects of the claim engine: which measure an alias names here, and which subject a number
of the clause takes.

Why apart from the handlers: naming the subject is where the sentence's context decides most (a
fund named before it, the whole listed before 其中, a 类/款/项 title, a word modifying it); the
handlers for amounts, changes, percentages and counts all ask the same two questions
(:func:`resolve` for an alias token, :func:`subject_for_number` for a number), so the answers
live here once. Functions of a :class:`Context` and a :class:`SentenceState`; :func:`resolve`
also returns the next state (naming a part may end the list 其中 opened).
"""

from __future__ import annotations

import re
from typing import Optional

from budgetlens.rules.extract_words import load_extract_words
from budgetlens.rules.lexicon import Alias

from .claim_state import (ALSO, CONTEXT, PART_SUFFIXES, Context, SentenceState, Subject, fund_of,
                          prev_token)
from .sentences import spaced_apart
from .tokens import Token

#: what may stand between an alias and the next one it modifies: nothing, or 的 ([claims])
_MODIFIER_LINKS = frozenset(("", *load_extract_words()["claims"].words["modifier_link"]))

#: a catch-all class name, a list's rest after items we cannot name (extract_words [claims])
_REMAINDER = load_extract_words()["claims"].rx["list_remainder"]
#: a character of a word (a name's last character before a bare 支出)
_CJK = re.compile(r"[\u4e00-\u9fff]")
# measures of the 财政拨款 account itself (a 收支 total of it is meant under a 财政拨款 heading)
FISCAL_PREFIX = "income.fiscal."


def fund_for(ctx: Context, st: SentenceState, token: Token) -> str:
    """The fund a fund-relative alias takes: its qualifier, the list's, the parent's, the
    section's, else all funds."""
    carry = st.carry
    if st.qualifier and st.qualifier[2] == token.start:
        return st.qualifier[0]
    if carry.list_fund and not (carry.parent_in_paragraph and st.of_which):
        return carry.list_fund
    parent = carry.parent
    if parent is not None:
        fund = fund_of(parent.measure)
        if fund == "all" and _fiscal_income(parent.measure) \
                and token.value[0].measure.startswith("income."):
            # "财政拨款收入X，其中:本年收入Y，上年结转收入Z" (昆明 审计局 2026): the account's own year;
            # an expense word after it (平潭 教育局 2016, one paragraph: "…其中政府性基金…。（二）本年支出…
            # 1. 基本支出…") is no part of that income
            fund = "fiscal"
        if fund == "fiscal" and not carry.parent_in_paragraph:
            fund = ""  # "财政拨款支出…其中：" names the fund of its own paragraph's parts only
        if fund:
            return fund
    return ctx.section.fund or "all"


def _fiscal_income(measure: str) -> bool:
    """财政拨款收入 or its total with carry-over (not a fund's share of it)."""
    return measure in ("income.fiscal", "income.fiscal.total_with_carryover")


def resolve(ctx: Context, st: SentenceState, token: Token) -> tuple[Optional[Subject], SentenceState]:
    """The subject an alias token names here (None when it cannot be named safely), and the
    state after naming it."""
    alias: Alias = token.value[0]
    carry = st.carry
    if alias.item and carry.item is not None:  # "1.…（项）。本年支出决算…"
        return Subject(carry.item.measure, token.text, carry.item.alias), st
    if alias.measure == CONTEXT:
        return _context_subject(ctx, st, token), st
    if not unmodified(ctx, st, token):  # "其他资金收入预算总计", "上年结转结余的一般公共预算收入"
        return Subject("", token.text, alias), st
    blocks = ctx.lexicon.plan_blocks or ("\0",)
    if alias.parts:  # "实有人员119人，其中行政108人": a part named through its whole
        # "安排购置车辆2辆，其中：机要通信用车0辆": a part of the purchase, not of the holdings
        subject, st = part_subject(ctx, st, token, alias)
        if st.plan and subject.measure.startswith(blocks):
            return Subject("", token.text, alias), st
        return subject, st
    if st.plan and alias.measure.startswith(blocks):
        return Subject("", token.text, alias), st  # "计划购置…单价100万元以上设备0台": not holdings
    parent = carry.parent if st.of_which else None
    if parent is not None and parent.measure and st.mode == "normal" \
            and not part_of(ctx, alias, parent) \
            and ctx.norm[st.clause_start - 1:st.clause_start] == ";":
        st = st.but(of_which=False)  # "…其中：机要通信用车13辆；单价100万元以上设备1台": the list ended
        parent = None
    if parent is not None and ".function." in parent.measure and not alias.function \
            and (st.brackets or st.last_number == (parent.measure, "current")):
        # "行政运行（项）拨款支出44.18万元（其中人员经费41.16万元…）", "…8.28万元，其中人员经费
        # 8.28万元": the item's own split, in brackets or right after its amount, not the document's
        # 人员经费 (a 类's 款 are function aliases and stay its parts; the parent of an earlier
        # sentence's list, "1.按支出功能分类，包括…其他支出…。2.按支出用途分类，包括人员支出…", is not)
        return Subject("", token.text, alias), st
    if parent is not None and st.mode == "normal" and not part_of(ctx, alias, parent):
        # "机关运行经费82万元，其中：…公务接待费2万元", "安排购置车辆0辆，其中：执法执勤用车0辆":
        # parts of another whole than the measure the alias names
        return Subject("", token.text, alias), st
    if coordinated(ctx, st, token):  # "会议费、培训费预算支出共263.72万元"
        return Subject("", token.text, alias), st.but(clause_alias=Subject(""))
    if alias.function and st.of_which and _REMAINDER.match(token.text) and _after_unnamed(ctx, token):
        return Subject("", token.text, alias), st  # the list's own 其他 (its siblings are no 类)
    measure, st = _fund_measure(ctx, st, token, alias)
    return Subject(_joined(ctx, st, alias, measure) or "", token.text, alias), st


def _after_unnamed(ctx: Context, token: Token) -> bool:
    """Between the sentence's 其中 and ``token`` stand figures but no alias: the list's items
    are words we have no key for, so a catch-all class after them is their list's rest."""
    figures = 0
    for prev in reversed(ctx.tokens[:ctx.index[token.start]]):
        if prev.role == "of_which":
            return figures > 0
        if prev.role == "alias":
            return False
        figures += prev.role == "number"
    return False


def _context_subject(ctx: Context, st: SentenceState, token: Token) -> Optional[Subject]:
    """A bare 支出 points back for a change, never names an amount of its own.

    One ending a word and directly followed by an amount is the tail of an item's name the lexicon
    does not know ("（三）其他法院支出257.1万元，较上年增加143.18万元", "教育局支出…"): that
    item, not the running subject, is what the clause's change is about, so it stays unattached.
    After a title ("…未归口管理的行政单位离退休（项）支出417.06万元") it is that item's."""
    if token.start and ctx.norm[token.end:token.end + 1].isdigit() \
            and _CJK.match(ctx.norm, token.start - 1):
        return Subject("", token.text, token.value[0])
    carry = st.carry
    parent = carry.parent if carry.parent_in_paragraph else None
    found = parent or st.subject or carry.subject
    if found is not None and other_flow(ctx, token.text, found.measure):
        side = _side_of_both(ctx, token.text, (parent, st.subject, carry.subject))
        # 收入决算…，支出决算…: not the income's
        return Subject(side or "", token.text, token.value[0])
    return Subject(found.measure, token.text, token.value[0]) if found is not None else None


def _side_of_both(ctx: Context, word: str, subjects: tuple) -> str:
    """The side ``word`` names of a total of both sides read before it ("财政拨款收支总预算X。收入
    …包括：…；支出包括：…": the 收支 total is income and expense at once, so after its income
    parts a bare 支出 is its expense side), or "" when no such total is in reach."""
    for subject in subjects:
        if subject is None or ALSO not in subject.measure:
            continue
        for measure in subject.measure.split(ALSO):
            if not other_flow(ctx, word, measure):
                return measure
    return ""


def _fund_measure(ctx: Context, st: SentenceState, token: Token, alias: Alias
                  ) -> tuple[Optional[str], SentenceState]:
    """The alias's measure in the fund the sentence gives it."""
    # the qualifier printed right before this alias (其中一般公共预算拨款…), if one was
    qualifier = st.qualifier if st.qualifier is not None and st.qualifier[2] == token.start \
        else None
    if alias.relative:
        fund = fund_for(ctx, st, token)
        if qualifier is not None:
            st = st.but(carry=st.carry.but(paired=(fund, alias.measure)))
        if alias.function and fund == "fiscal" and ctx.fiscal_general and not _of_a_wider_total(st):
            fund = "general"  # the tables of the other funds are printed empty
        return alias.for_fund(fund), st
    if alias.neutral or alias.function:
        return alias.measure, st
    if qualifier is not None or st.fund_scope:
        # "其中一般公共预算拨款政府采购0万元：政府采购货物预算0万元…": a fund's share of a
        # measure; the rest of the sentence lists that share's parts. Without a variant for
        # that fund the share has no key and its parts stay unattached.
        st = st.but(fund_scope=qualifier[0] if qualifier is not None else st.fund_scope)
        return alias.for_fund(st.fund_scope), st
    paired = _paired_fund(ctx, st, token)
    return (alias.for_fund(paired) or alias.measure) if paired else alias.measure, st


def _paired_fund(ctx: Context, st: SentenceState, token: Token) -> str:
    """The fund a qualifier named earlier in the paragraph for the other side of the account
    ("一般公共预算财政拨款本年收入979.53万元,比上年增加28.13万元;主要是…。…;本年支出869.0万元": the
    year's spending of that fund, not the department's), or "" when none did."""
    fund, measure = st.carry.paired
    return fund if fund and other_flow(ctx, token.text, measure) else ""


def _of_a_wider_total(st: SentenceState) -> bool:
    """The 类 are listed as parts of the 财政拨款 total with carry-over (财政拨款收支总预算…；支出包括：
    …, the list going on over its printed lines): the account's spending of all its money, not
    the 一般公共预算 of the year, even where the other funds print empty tables."""
    parent = st.carry.parent
    return parent is not None and fund_of(parent.measure) == "fiscal" \
        and parent.measure.endswith(("grand_total", "with_carryover"))


def _joined(ctx: Context, st: SentenceState, alias: Alias, measure: Optional[str]) -> Optional[str]:
    """The measure with what the sentence adds to it: the second measure of a bare 收支, the
    project part of a 类 listed under 项目支出."""
    parent = st.carry.parent if st.carry.parent_in_paragraph else None
    if measure and alias.also:
        # a bare 收支 only right after both were stated in its paragraph ("收入总计…，支出总计…，
        # 收支较上年增加…", or in the sentence before: "…支出总计5888.49万元。收支较上年决算数增加…");
        # never under a 财政拨款 heading (the department's totals are meant) unless the words name
        # 财政拨款 themselves (财政拨款收支总预算)
        stated = {f.measure for f in ctx.facts[max(ctx.paragraph_first, len(ctx.facts) - 8):]}
        named = not alias.boundary or {measure, alias.also} <= stated
        own = ctx.section.fund != "fiscal" or measure.startswith(FISCAL_PREFIX)
        measure = measure + ALSO + alias.also if named and own else ""
    if measure and alias.function and parent is not None and parent.measure.endswith(PART_SUFFIXES):
        # "项目支出…，其中：一般公共服务支出3.00万元": the 类's project part
        measure += parent.measure[parent.measure.rindex("."):]
    return measure


def part_subject(ctx: Context, st: SentenceState, token: Token, alias: Alias
                 ) -> tuple[Subject, SentenceState]:
    """The subject of an alias with ``parts``: after 其中, the part its whole names (another
    whole: nothing, unless a new clause after ；ended the list); otherwise its own measure.
    The alias is made concrete (counts in the part's measure) for the number rules."""
    parent = st.carry.parent if st.of_which else None
    parts = dict(alias.parts)
    if parent is not None and parent.measure not in parts \
            and ctx.norm[st.clause_start - 1:st.clause_start] == ";":
        st = st.but(of_which=False)  # "…其中行政编制111人；离退休人员104人": the list ended
        parent = None
    measure = alias.measure if parent is None else parts.get(parent.measure, "")
    if not measure:
        return Subject("", token.text, alias), st
    counts = tuple((unit, measure) for unit, _ in alias.counts)
    return Subject(measure, token.text, alias._replace(measure=measure, counts=counts, parts=())), st


def part_of(ctx: Context, alias: Alias, parent: Subject) -> bool:
    """Can this alias name a part of ``parent`` (the measure before 其中)?"""
    if not parent.measure:
        return False
    if alias.kind == "count" and parent.alias is not None and parent.alias.kind == "count":
        # a narrower key ("共有车辆70辆，其中执法执勤用车5辆"); the whole's own word again is a
        # subdivision we have no key for ("内设机构40个，其中：内设处室37个")
        # equipment above 100万元 after 其中 of that above 50万元: a subset ([nested_counts])
        return (alias.measure.startswith(parent.measure) and alias.measure != parent.measure) \
            or parent.measure in (ctx.lexicon.nested or {}).get(alias.measure, ())
    if alias.measure == CONTEXT or not alias.measure:
        return True
    if ".economic." in parent.measure and ".economic." not in alias.measure:
        return False  # "对个人和家庭的补助（303）…，其中：人员经费…": that class's part, not ours
    return ctx.lexicon.family(alias.measure) == ctx.lexicon.family(parent.measure)


def coordinated(ctx: Context, st: SentenceState, token: Token) -> bool:
    """Two aliases joined by 及/和/、 before one amount: the amount is of neither alone."""
    if st.clause_alias is None or st.alias_end < 0 or st.alias_used:
        return False
    return ctx.norm[st.alias_end:token.start] in ctx.lexicon.conjunctions


def other_flow(ctx: Context, word: str, measure: str) -> bool:
    """A context word of one side of the account ([flow]: 支出) cannot point back to a subject
    of the other side (政府性基金…收入): 三公经费支出预算…，支出决算… stays the expense's."""
    flows = ctx.lexicon.flows
    named = {family for family, rx in flows if rx.search(word)}
    subject = {family for family, _ in flows if measure.startswith(family + ".")}
    return bool(named and subject) and not named & subject


def unmodified(ctx: Context, st: SentenceState, token: Token) -> bool:
    """Nothing but lead-in words (a year, 本单位, numbering, a unit name) stands between the
    clause start or the previous marker and the alias; another alias right before it (with
    at most 的) modifies it, unless a space printed between two words parts them."""
    prev = prev_token(ctx, token)
    if token.start > st.clause_start and spaced_apart(
            ctx.original(st.clause_start, token.start + 1)[:-1],
            ctx.original(token.start, token.end)):
        return True  # "…债务发行费用支出 本 年 收 入 合 计": a flattened table's next cell
    if prev is not None and prev.role == "alias" and prev.end >= st.clause_start \
            and ctx.norm[prev.end:token.start] in _MODIFIER_LINKS:
        return False
    start = st.clause_start
    if prev is not None and prev.end > start and (
            prev.role not in ("punct", "number") or prev.text == "、"
            or (prev.role == "number" and prev.value.kind != "none")):
        start = prev.end
    lead = ctx.lexicon.alias_lead
    if lead.fullmatch(ctx.norm[start:token.start]) is not None:
        return True
    # a lead-in that opens with a fund's name ("一般公共预算安排“三公”经费支出…", 凉山州 2022): the
    # qualifier took its first words, the lead-in as declared holds them
    return prev is not None and prev.role == "qualifier" and prev.start >= st.clause_start \
        and start == prev.end and lead.fullmatch(ctx.norm[prev.start:token.start]) is not None


def subject_for_number(ctx: Context, st: SentenceState) -> tuple[Optional[Subject], bool]:
    """(subject, explicit): the clause's alias, else the running subject."""
    if st.mode == "reason":
        return st.local_alias, st.local_alias is not None
    if st.clause_alias is not None:
        return st.clause_alias, True
    if not st.lead_ok:  # "单位预留机动经费预算数为…": an unknown noun leads the clause
        return None, False
    if st.enumerated:
        # "其中：…、其他收入100.00万元，较上年增加142.30万元": after a list of parts, a clause
        # without an alias may be about the whole or the last part
        return None, False
    if st.subject is not None:
        return st.subject, False
    carried = st.carry.subject if st.carry.subject is not None else ctx.section.subject
    return _whole_relisted(ctx, st, carried), False


def _whole_relisted(ctx: Context, st: SentenceState, carried: Optional[Subject]) -> Optional[Subject]:
    """A bare change whose sentence goes on with 其中 listing the parts of the last list again is
    the whole's, not its last part's (涪陵 镇 2024: "…其中:…,公务接待费0万元。与2023年预算相比增长16.75%,
    其中因公出国(境)费增加0万元,公务用车运行维护费增加2.01万元": the rate is the 三公 total's; a
    part's own parts are not its siblings). Else ``carried``."""
    whole, listed = st.carry.parent, st.carry.listed
    if carried is None or whole is None or listed is None or whole.measure == carried.measure:
        return carried
    parts = {f.measure for f in ctx.facts[listed[1]:] if f.measure != whole.measure}
    if carried.measure not in parts:
        return carried
    after = False
    for tok in ctx.tokens[ctx.index.get(st.clause_start, 0):]:
        if tok.start < st.clause_start:
            continue
        if tok.role == "of_which":
            after = True
        elif after and tok.role == "alias" and not parts.isdisjoint(_named(tok.value[0])):
            return whole
    return carried


def _named(alias: Alias) -> tuple[str, ...]:
    """The measures an alias may name (fund-relative ones: each fund's)."""
    return alias.measure, alias.general, alias.gov_fund, alias.soe_capital


__all__ = ["coordinated", "fund_for", "other_flow", "part_of", "part_subject", "resolve",
           "subject_for_number", "unmodified"]
