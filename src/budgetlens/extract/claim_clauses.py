"""Clause handlers of the claim engine: punctuation that ends a clause, bracketed asides, and
whether only lead-in words open the clause so far.

Why apart from the marker words: these decide *where* a claim's words may come from (a clause
boundary resets the alias, the basis and the direction; an aside with figures of its own is read
and then left, so the sentence resumes where it stood), whatever kind of claim follows.
"""

from __future__ import annotations

from dataclasses import fields
from typing import Mapping, Optional

from budgetlens.rules.extract_words import load_extract_words

from .claim_state import NOTHING, Context, SentenceState, Step, Subject, position, prev_token
from .claim_subjects import part_of
from .tokens import CLAUSE_END, Token

#: the sentence state a bracketed aside leaves as it found (all but the brackets still open, the
#: lead-in position, which moves past the aside, and what the sentence carries on)
_ASIDE_RESTORED = tuple(f.name for f in fields(SentenceState)
                        if f.name not in ("brackets", "lead_end", "inherits", "carry"))
#: a label naming a function item by its level ("（一）公共安全支出（类）检察（款）：")
_TITLE_MARK = load_extract_words()["claims"].rx["title_mark"]  # compiled once
#: an item title before an amount: a level mark, or a classification code opening the clause
_ITEM_TITLE = load_extract_words()["claims"].rx["item_title"]  # compiled once
#: a list item's numbering after a comma (…，三、…): rules/extract_words.toml [claims] list_item
_LIST_ITEM_RE = load_extract_words()["claims"].rx["list_item"]
#: an aside restating what a total with carry-over includes, and those totals ([claims])
_INCLUSIVE_GLOSS = load_extract_words()["claims"].rx["inclusive_gloss"]
_INCLUSIVE_TOTALS = frozenset(load_extract_words()["claims"].words["inclusive_totals"])
#: markers whose own wording may stand between them and the next token
_OWN_GAP = ("direction", "completion", "share", "amount_basis", "not_comparable", "comparator", "each")
#: characters after which a bracket opens no gloss of a word (punctuation, digits, spaces)
_NOT_A_WORD = frozenset(",，;；:：。、.\"“”‘’ 0123456789)）")
#: what a clause boundary resets
_CLAUSE_RESET: Mapping[str, object] = dict(
    lead_ok=None, alias_end=-1, cmp_pending=False, clause_alias=None, local_alias=None,
    direction=None, amount_basis=None, completion=None, share_at=-1, flat_done=False,
    used=frozenset())


def on_bracket(ctx: Context, st: SentenceState, tok: Token, nxt: Optional[Token]) -> Step:
    """A bracketed aside with figures or clauses of its own ("公务用车购置及运行维护费210.95万元
    （公务用车购置费96万元，比上年减少76万元；公务用车运行维护费114.95万元，…）比上年减少95.5万元，
    下降31.2%"): after it closes the sentence goes on where it stood before it opened, so the
    change is the whole's, not the last item's in the brackets. An aside without figures
    ("（含外宾接待）") changes nothing. An aside opening right after the subject's amount is its
    breakdown, as after 其中 ("一般公共预算财政拨款支出1000万元（基本支出800万元，项目支出200万元）":
    the parts are the general fund's); the parent it set ends with it."""
    if tok.value == "(":
        inside_st = st.but(brackets=st.brackets + ((st.but(brackets=()), position(ctx, tok)),))
        return _breakdown(ctx, inside_st, tok), NOTHING
    if not st.brackets:
        return st, NOTHING
    (before, opened), st = st.brackets[-1], st.but(brackets=st.brackets[:-1])
    kept = before.carry
    st = st.but_carry(parent=kept.parent, parent_in_paragraph=kept.parent_in_paragraph,
                      listed=kept.listed)
    inside = ctx.tokens[opened + 1:position(ctx, tok)]
    if _restates_total(ctx, before, opened, tok):  # the aside is part of the total's name
        restored = {name: getattr(before, name) for name in _ASIDE_RESTORED}
        return st.but(**{**restored, "lead_end": tok.end, "alias_end": tok.end}), NOTHING
    if not any((t.role == "number" and t.value.kind != "none")
               or (t.role == "punct" and t.value in CLAUSE_END + "。") for t in inside):
        if not _after_amount(ctx, opened):
            return _gloss_closed(ctx, st, before, ctx.tokens[opened]), NOTHING
        # a note on the amount just read ("三公经费支出合计585.53万元(包括基本支出和项目支出安排的
        # 经费),同比减少144.92万元": 天山区 2019) says what it includes: the change after it is still
        # the amount's subject's, not 项目支出's
    return st.but(lead_end=tok.end, **{name: getattr(before, name) for name in _ASIDE_RESTORED}), NOTHING


def _restates_total(ctx: Context, before: SentenceState, opened: int, closing: Token) -> bool:
    """The aside opens right after a total with carry-over's alias and only says what that total
    includes ("收入总计(含结转和结余)1323.65万元"): the sentence goes on as before it."""
    prev = ctx.tokens[opened - 1] if opened > 0 else None
    subject = before.clause_alias
    return prev is not None and prev.role == "alias" and prev.end == ctx.tokens[opened].start \
        and subject is not None and _INCLUSIVE_TOTALS.issuperset(subject.measure.split("+")) \
        and _INCLUSIVE_GLOSS.match(ctx.norm[ctx.tokens[opened].end:closing.start]) is not None


def _after_amount(ctx: Context, opened: int) -> bool:
    """The bracket at token ``opened`` opens right after a money figure."""
    prev = ctx.tokens[opened - 1] if opened > 0 else None
    return prev is not None and prev.role == "number" and prev.value.kind == "money" \
        and prev.end == ctx.tokens[opened].start


def _gloss_closed(ctx: Context, st: SentenceState, before: SentenceState,
                  bracket: Token) -> SentenceState:
    """An aside without figures printed right after a name the clause has no alias for glosses
    that name: "（1）行政运行（行政及参公单位基本支出）2678.58万元，较上年减少…" is the 项 行政运行's
    figure, never 基本支出's. An alias inside it names no subject: the clause's is unknown. (After
    an alias, "项目支出（含上年结转）", the aside may change its 口径: left as it reads.)"""
    if bracket.start <= st.clause_start or ctx.norm[bracket.start - 1] in _NOT_A_WORD:
        return st
    whole = _whole_of_list(ctx, bracket)
    if whole is not None:  # the list ends there; the gloss's name leads the amount after it
        return st.but(clause_alias=whole[0], subject=whole[0], of_which=False, alias_end=whole[1])
    if before.clause_alias is not None or st.clause_alias == before.clause_alias:
        return st
    return st.but(clause_alias=Subject(""), subject=before.subject)


def _whole_of_list(ctx: Context, bracket: Token) -> Optional[tuple[Subject, int]]:
    """The one alias inside a gloss that closes a list of its own parts names the list's whole:
    "因公出国(境)经费、公务接待费、公车购置费,公车运行费(“三公”经费)决算总额2771万元" (龙泉 2018) is
    the 三公 total, at least two of its parts listed before it in the sentence with 、."""
    opened, closed = position(ctx, bracket), -1
    inside = []
    for tok in ctx.tokens[opened + 1:]:
        if tok.role == "bracket":
            closed = tok.end
            break
        inside.append(tok)
    if len(inside) != 1 or inside[0].role != "alias" or not inside[0].value[0].measure:
        return None
    named = Subject(inside[0].value[0].measure, inside[0].text, inside[0].value[0])
    listed, at = 0, opened - 1
    while at >= 0 and not (ctx.tokens[at].role == "punct" and ctx.tokens[at].value == "。"):
        prev = ctx.tokens[at]
        if prev.role == "alias" and prev.value[0].measure != named.measure \
                and part_of(ctx, prev.value[0], named):
            listed += 1
        at -= 1
    if listed < 2 or "、" not in ctx.norm[ctx.tokens[max(at, 0)].start:bracket.start]:
        return None
    return named, closed


def _breakdown(ctx: Context, st: SentenceState, tok: Token) -> SentenceState:
    """The state inside a bracket that opens right after the current amount of a known subject,
    in a normal clause and outside a 其中 list: the subject becomes the parent of the parts inside."""
    prev = prev_token(ctx, tok)
    if (prev is None or prev.role != "number" or prev.value.kind != "money" or prev.end != tok.start
            or st.mode != "normal" or st.of_which):
        return st
    subject = st.subject
    if subject is None or not subject.measure or st.last_number != (subject.measure, "current"):
        if _ITEM_TITLE.search(ctx.norm[st.clause_start:prev.start]) is None:
            return st  # (after a change, "（去年预算数为0万元…）" tells its basis, not parts)
        # an item titled by its level or code whose name we could not resolve ("2010301一般公共
        # 服务支出（类）…行政运行（项）拨款支出768.66万元（人员经费699.09万元、…）"): the parts
        # inside are that item's, so none of them is the document's
        subject = Subject("")
    return st.but(of_which=True).but_carry(parent=subject, parent_in_paragraph=True)


def lead_words(ctx: Context, st: SentenceState, start: int, end: int) -> bool:
    """Only lead-in words between ``start`` and ``end``; at the clause's start a unit's or place's
    name may open them ([markers] name_lead: "贵阳国家高新区2024年财政拨款安排“三公”经费…" is
    "本单位2024年财政拨款安排…" with the unit named)."""
    gap = ctx.norm[start:end]
    if ctx.lexicon.lead_in.fullmatch(gap) is not None:
        return True
    name = ctx.lexicon.name_lead
    return start == st.clause_start and name is not None and name.fullmatch(gap) is not None


def track_lead(ctx: Context, st: SentenceState, prev: Optional[Token], tok: Token) -> SentenceState:
    """``lead_ok``: nothing but lead-in words so far in the clause between its tokens (a year,
    本单位, numbering, 的). "其中业务用车17辆" or "元，与上年相比…" names an unknown subject, so
    the running subject must not take the clause's numbers. Explicit aliases do not need it.
    (``prev``: the token before ``tok``)."""
    if tok.role == "bracket" or (tok.role == "punct" and tok.text != "、"):
        return st
    if tok.role == "number" and tok.value.kind == "none":
        return st
    gap_start = st.lead_end if st.lead_end > st.clause_start else st.clause_start
    gap = ctx.norm[gap_start:tok.start]
    clean = lead_words(ctx, st, gap_start, tok.start)
    if prev is not None and prev.role in _OWN_GAP and prev.end == st.lead_end:
        # "减少数55.34万元", "完成年初预算的98%": that marker's own wording; after a basis only
        # filler ("预算安排…"): "1.预算准备金2,000.00万元" is an amount of a reserve fund
        clean = prev.role != "amount_basis" or ctx.lexicon.alias_gap.fullmatch(gap) is not None
    lead_ok = st.lead_ok
    if tok.role != "alias":  # text right before an alias is the alias's own business
        lead_ok = clean if lead_ok is None else (lead_ok and clean)
    elif lead_ok is None:
        lead_ok = True
    return st.but_lead(lead_ok, tok.end)


def on_punct(ctx: Context, st: SentenceState, tok: Token, nxt: Optional[Token]) -> Step:
    """、 after a money part of a 其中 list marks an enumeration; ，；： end a clause (a label
    before ：may name an item, or a new unknown topic); after ；or ：a reason or purpose ends
    when a new statement follows."""
    if tok.value not in CLAUSE_END:
        if tok.value == "、" and st.of_which and st.mode == "normal":
            prev = prev_token(ctx, tok)
            if prev is not None and prev.role == "number" and prev.value.kind == "money":
                return st.but(enumerated=True), NOTHING  # "其中：A 4,005.29万元、B 98.18万元、…"
        if tok.value == "、" and st.mode == "reason" and st.local_alias is not None:
            prev = prev_token(ctx, tok)
            if prev is not None and prev.role == "number" and prev.value.kind == "money":
                # "主要原因是人员经费增加126.22万元、商品和服务支出增加34.06万元": the next item
                # names its own subject (one we may have no key for), not the last alias's
                return st.but(local_alias=None), NOTHING
        return st, NOTHING
    label = ctx.norm[st.clause_start:tok.start]
    if tok.value == ":" and st.mode == "normal" and _TITLE_MARK.search(label):
        item = st.subject if st.subject is not None and st.subject.alias is not None \
            and st.subject.alias.function else None
        st = st.but(titled=item if item is not None and item.measure else Subject(""))
    if tok.value == ":" and st.lead_ok is None and label and st.mode == "normal" \
            and ctx.lexicon.lead_in.fullmatch(label) is None:
        # "绩效自评综述：全年预算数…": a label names a new, unknown topic
        st = st.but(subject=Subject("")).but_carry(subject=Subject(""))
    st = st.but_reset(_CLAUSE_RESET, clause_start=tok.end, lead_end=tok.end)
    if tok.value in ";:" and st.mode != "normal" and new_statement_follows(ctx, tok) \
            or tok.value == "," and st.mode != "normal" and _list_item_follows(ctx, tok):
        st = st.but(mode="normal")
        prev = prev_token(ctx, tok)
        if prev is not None and prev.role == "of_which":
            # "项目支出预算40233.95万元，主要是…，其中：一般公共服务支出3.00万元": the parts
            # listed after the reason's 其中 are the subject's
            return on_of_which(ctx, st, prev, nxt)
    return st, NOTHING


def _list_item_follows(ctx: Context, punct: Token) -> bool:
    """After a comma inside a reason or purpose: does the next item of a numbered list start
    here, stating an amount of its own ("…主要原因是严控经费，三、2023年公务接待费预算200万元")?
    The list's items run on in one sentence joined by commas, and each names its own subject."""
    m = _LIST_ITEM_RE.match(ctx.norm, punct.end)
    return m is not None and new_statement_follows(ctx, punct, m.end())


def new_statement_follows(ctx: Context, punct: Token, opening: Optional[int] = None) -> bool:
    """After ；or ：inside a reason or purpose: does the next clause state an amount of its own
    ("…；项目支出267.92万元", "主要用于以下方面：社会保障和就业支出754.75万元")? Otherwise
    the reason goes on ("…降低；公务接待次数…下降"). ``opening``: where the clause's own text
    starts (after a list item's numbering), by default right after the mark."""
    seen_alias = False
    opening = punct.end if opening is None else opening
    for tok in ctx.tokens[position(ctx, punct) + 1:]:
        if tok.start < opening:  # the list item's own numbering (3.)
            continue
        if tok.role == "punct" and tok.value in CLAUSE_END + "。":
            return False
        if tok.role == "alias":
            seen_alias = True
        elif tok.role == "number" and tok.value.kind == "none" and tok.start == opening:
            # "…减少；2022年本部门财政拨款支出…": a year opening the clause leads a new
            # statement ("；二是2026年更新报废车辆较上年有所减少" is the reason's next point)
            continue
        elif tok.role in ("number", "amount_basis", "comparator"):
            return seen_alias
    return False


def on_of_which(ctx: Context, st: SentenceState, tok: Token, nxt: Optional[Token]) -> Step:
    """其中/包括: the next aliases are parts of the current subject (the parent carried on)."""
    if prev_token(ctx, tok) is None:  # "其中：…" opens the sentence: parts of the last one's change
        st = st.but(inherits=True)
    if st.mode != "normal":
        return st, NOTHING
    carry = st.carry
    parent = st.subject or carry.subject or ctx.section.subject
    st = st.but(of_which=True)
    if parent is not None:
        st = st.but_carry(listed=(carry.parent, len(ctx.facts)), parent=parent,
                          parent_in_paragraph=True)
    return st, NOTHING


__all__ = ["new_statement_follows", "on_bracket", "on_of_which", "on_punct", "track_lead"]
