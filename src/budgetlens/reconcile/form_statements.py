"""Statements the narrative must make, or must not contradict (standards §4.6 T4, T10).

* Empty 政府性基金 / 国有资本经营 tables need a note or a text statement; a text statement "无…"
  must not sit beside non-zero figures of the same fund (both directions of T10).
* A stated change (比上年增加 X 万元) needs a reason; a direction word (持平/增加/减少) must agree
  with the sign of the change stated in the same sentence (T4).
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Iterable, Mapping, Optional

from budgetlens.model import Basis, Claim, Fact, Source
from budgetlens.reconcile.form_common import (Outcome, assess, claim_evidence, collect, fact_evidence,
                                               finding, param, str_list, table_evidence)
from budgetlens.rules.templates import role_family
from budgetlens.reconcile.form_reason_parts import explained_by_declared_parts, printed_forms
from budgetlens.reconcile.form_text import FormContext, same_sentence
from budgetlens.reconcile.form_twins import shared_reasons
from budgetlens.rules.catalogue import Rule
from budgetlens.rules.form_words import load_form_words

_STATEMENT_KINDS = ("empty_statement", "no_expense", "not_applicable")


def _families(rule: Rule) -> list[Mapping]:
    return param(rule, "families", list)


def _family_of_claim(claim: Claim, families: Iterable[Mapping]) -> Optional[Mapping]:
    """The fund a "无…" statement is about: by its measure, else by the words of its own clause
    (not of the whole quote: table titles glued before a note "故此表无数据" name other tables)."""
    for fam in families:
        if fam["segment"] in claim.measure.split("."):
            return fam
    if claim.measure:
        return None
    words = _clause(claim)
    for fam in families:
        if any(k in words for k in fam["keywords"]):
            return fam
    return None


def _clause(claim: Claim) -> str:
    """The clause of ``claim.text`` that holds the statement and the clause before it ("本部门无
    政府性基金预算，故此表无数据"); the statement alone when it is not found in the text."""
    phrase = claim.value or claim.text
    at = claim.text.find(phrase)
    if at < 0:
        return phrase
    head = "".join(_NOTE_CLAUSE_RE.split(claim.text[:at])[-2:])
    tail = _NOTE_CLAUSE_RE.split(claim.text[at + len(phrase):])[0]
    return head + phrase + tail


def _stated(ctx: FormContext, fam: Mapping, cues: tuple[str, ...],
            zero: Optional[re.Pattern] = None) -> bool:
    """A statement about the fund exists: a claim, a sentence naming it with a "none" cue, or
    a current figure of zero the text states for it ("…政府性基金支出预算支出0万元。": 江苏 高院 2018,
    上海 2026 单位 "政府性基金拨款支出预算0万元，与2025年预算持平")."""
    for claim in ctx.claims(*_STATEMENT_KINDS):
        if _family_of_claim(claim, [fam]) is fam:
            return True
    segment = f".{fam['segment']}"
    if any(f.origin == "text" and f.basis == "current" and f.value == 0
           and (f.measure.endswith(segment) or f".{fam['segment']}." in f.measure)
           for f in ctx.disclosure.facts):
        return True
    if zero is not None and any(any(k in p.text for k in fam["keywords"]) and zero.search(p.text)
                                for p in ctx.texts):
        return True
    return any(any(k in p.text for k in fam["keywords"]) and any(c in p.text for c in cues)
               for p in ctx.texts)


def check_empty_table_unexplained(ctx: FormContext, rule: Rule) -> Outcome:
    """Fields: ``name``, ``title``. Params: ``families`` (segment, keywords, name), ``cues``,
    ``zero_amount`` (regex: a zero amount in a sentence naming the fund states it empty)."""
    families = {f["segment"]: f for f in _families(rule)}
    cues = str_list(rule, "cues")
    zero_text = rule.params.get("zero_amount")
    zero = re.compile(str(zero_text)) if zero_text else None
    findings, assessments = [], []
    for table in ctx.disclosure.tables:
        fam = families.get(role_family(table.role or ""))
        if fam is None or not table.empty or table.note.strip():
            continue
        if _stated(ctx, fam, cues, zero):
            continue
        if not ctx.has_narrative:
            assessments.append(assess(rule, f"{fam['name']}表为空表且无备注；文档无情况说明，"
                                            "说明可能另行发布，无法判断",
                                      f"the {fam.get('name_en', fam['segment'])} table is empty "
                                      "with no note, and the document has no explanatory text "
                                      "(it may be published apart): cannot be judged"))
            continue
        findings.append(finding(rule, [table_evidence(table, ctx.disclosure.path)],
                                stated="空表且无说明", expected="注明无数据原因", name=fam["name"],
                                name_en=fam.get("name_en", fam["segment"]),
                                title=table.title))
    return collect(findings), assessments


def _sides(text: str) -> set[str]:
    """Which side a "无…" statement denies: income, expense, or both when it does not say."""
    words = load_form_words()  # rules/form_words.toml [statements]
    sides = set()
    if any(w in text for w in words.income):
        sides.add("income")
    if any(w in text for w in words.expense):
        sides.add("expense")
    return sides or {"income", "expense"}


_YEAR_RE = re.compile(r"((?:19|20)\d{2})\s*年")
_CLAUSE_RE = re.compile(r"[，,；;。]")
_NOTE_CLAUSE_RE = re.compile(r"[，,；;。：:]")


def _about_other_year(claim: Claim, year: Optional[int]) -> bool:
    """The clause holding the statement dates it to another year (2023年无…, 上年无…): then it does
    not deny this year's figures."""
    phrase = claim.value or claim.text
    at = claim.text.find(phrase)
    if at < 0:
        return False
    clause = _CLAUSE_RE.split(claim.text[:at])[-1]
    years = [int(y) for y in _YEAR_RE.findall(clause)]
    return any(w in clause for w in load_form_words().prior_year) \
        or (year is not None and any(y != year for y in years))


def _contradicting(ctx: FormContext, claim: Claim, fam: Mapping) -> list[Fact]:
    if _about_other_year(claim, ctx.meta.year):
        return []
    basis = claim.basis or Basis.CURRENT
    sides = _sides(claim.value or claim.text)
    return [f for f in ctx.disclosure.facts
            if f.kind == "money" and f.basis == basis and f.value != 0 and not f.blank
            and fam["segment"] in f.measure.split(".") and f.measure.split(".")[0] in sides]


def check_empty_statement_contradicted(ctx: FormContext, rule: Rule) -> Outcome:
    """Fields: ``name``, ``text`` (the statement), ``value`` (a contradicting figure)."""
    families = _families(rule)
    findings = []
    for claim in ctx.claims(*_STATEMENT_KINDS):
        fam = _family_of_claim(claim, families)
        if fam is None:
            continue
        facts = _contradicting(ctx, claim, fam)
        if not facts:
            continue
        evidence = [claim_evidence(claim)] + [fact_evidence(f, "contradicting-figure")
                                              for f in facts[:4]]
        findings.append(finding(rule, evidence, stated=claim.text, expected=str(facts[0].value),
                                measure=facts[0].measure, basis=facts[0].basis, name=fam["name"],
                                name_en=fam.get("name_en", fam["segment"]),
                                text=claim.text, value=str(facts[0].value)))
    return collect(findings), []


# --- T4: reasons for changes, direction words ------------------------------------------------


def _magnitude_in_tier(fact: Fact, rule: Rule) -> bool:
    value = abs(fact.value)
    lo_key, hi_key = ("min_pct", "max_pct") if fact.kind == "percent" else ("min_abs", "max_abs")
    lo = Decimal(str(param(rule, lo_key, float, 0.0)))
    hi = rule.params.get(hi_key)
    return value > 0 and value >= lo and (hi is None or value < Decimal(str(hi)))


def _has_reason(fact: Fact, markers: re.Pattern, reasons: list[Claim]) -> bool:
    """A reason in the fact's own sentence (or the sentence is itself part of a reason), or a
    reason claim for the same measure and basis."""
    if markers.search(fact.source.text or ""):
        return True
    return any((c.measure == fact.measure and (not c.basis or c.basis == fact.basis))
               or same_sentence(c.source, fact.source) for c in reasons if c.measure or c.source.text)


def _components(ctx: FormContext, fact: Fact, changes: list[Fact], lead: Optional[re.Pattern],
                window: int, first_item: Optional[re.Pattern] = None,
                opening: Optional[re.Pattern] = None) -> list[Fact]:
    """Changes of the parts of ``fact``'s measure stated close after it (其中：基本支出…增加…):
    ``expense.general.total`` → ``expense.general.basic``; same page, within two lines. A
    sentence that announces a list ("…增加78.79万元，具体如下：", or the next sentence opens with
    其中：) hands its explanation to the items that follow, each in its own paragraph and often
    over the page end: there the changes of its family ("收、支预算总计各减少…。其中：（一）…一般
    公共预算拨款收入…减少…主要原因是…") stated within ``window`` lines count."""
    line = fact.source.line or 0
    if lead is not None and _announces_list(ctx, fact, lead, first_item, opening):
        family = fact.measure.split(".", 1)[0]
        return [f for f in changes if f.measure.split(".", 1)[0] == family and f.measure != fact.measure
                and f.source.text != fact.source.text and _soon_after(fact.source, f.source, window)]
    base = fact.measure[:-len(".total")] if fact.measure.endswith(".total") else fact.measure
    return [f for f in changes if f.measure.startswith(base + ".") and f.measure != fact.measure
            and f.source.text != fact.source.text
            and f.source.page == fact.source.page and line <= (f.source.line or 0) <= line + 2]


def _announces_list(ctx: FormContext, fact: Fact, lead: re.Pattern,
                    first_item: Optional[re.Pattern], opening: Optional[re.Pattern] = None) -> bool:
    """The fact's sentence ends with a list lead (…具体如下：), the next sentence is the first
    item of a numbered list ("…增加61.2万元。" then "1.因公出国（境）费用。…"), or a printed line
    shows the sentence followed by a lead ("…减少17.92%。其中：" before "（一）收入预算总计…": the
    sentence splitter leaves the lone 其中： to no sentence) or by a list's opening words
    (``opening``: "…增长85.2%。其中，公务用车购置支出…")."""
    text = (fact.source.text or "").rstrip()
    if lead.search(text):
        return True
    if first_item is not None:
        after = next((p for p in ctx.texts if p.position > (fact.source.page or 0, fact.source.line or 0)
                      and p.text.strip() and text.find(p.text.strip()) < 0), None)
        if after is not None and first_item.match(after.text.strip()):
            return True
    tail, page, line = text[-6:], fact.source.page, fact.source.line or 0
    if not tail:
        return False
    printed_texts = {p2 for p in ctx.texts
                     if p.source.page == page and line <= (p.source.line or 0) <= line + 4
                     for p2 in (p.text, "".join((p.source.text or "").split()))}
    for printed, ends in [(t, 0) for t in printed_texts] + _line_pairs(ctx, page, line, line + 4):
        at = printed.find(tail)
        rest = printed[at + len(tail):] if at >= 0 and at + len(tail) >= ends else ""
        if rest and (lead.search(rest) or (opening is not None and opening.match(rest))):
            return True
    return False


def _line_pairs(ctx: FormContext, page: Optional[int], first: int, last: int
                ) -> list[tuple[str, int]]:
    """Each printed line from ``first`` to ``last`` of ``page`` joined with the next one, spaces
    dropped, with the length of the first: a sentence's end and the list lead after it may
    straddle a line break ("…增加3,013.74" / "万元。其中：基本支出…"; "…增长17.98%。" / "其中：").
    Only a sentence ending at or past the break is looked up there (a lead inside one printed
    line is the passages' business, as before)."""
    lines = sorted((ln.number, "".join(ln.text.split())) for ln in ctx.disclosure.narrative
                   if ln.page == page and first <= ln.number <= last + 1)
    return [(a + b, len(a)) for (n, a), (m, b) in zip(lines, lines[1:]) if m == n + 1]


def _soon_after(first: Source, then: Source, window: int) -> bool:
    """``then`` starts on ``first``'s line or within ``window`` lines after it, the top of the
    next page included (a sentence broken by a page end)."""
    page, line, other = first.page or 0, first.line or 0, then.line or 0
    return ((then.page or 0) == page and line <= other <= line + window) or (
        (then.page or 0) == page + 1 and other <= window)


def _reason_follows(fact: Fact, ctx: FormContext, markers: re.Pattern, window: int,
                   change_sentences: set[str]) -> bool:
    """A stand-alone reason sentence (a reason marker and no change figure of its own) within
    ``window`` lines after the fact, same page: "…增加107.62万元。…财政拨款收入支出增加的主要原因是…"
    (in PDFs the reason often opens the next line or closes the paragraph)."""
    return any(_soon_after(fact.source, p.source, window) and p.heading is None and p.text != fact.source.text
               and p.text not in change_sentences and markers.search(p.text)
               for p in ctx.texts)


def _explained(ctx: FormContext, fact: Fact, changes: list[Fact], markers: re.Pattern,
               reasons: list[Claim], window: int, lead: Optional[tuple] = None,
               memo: Optional[dict] = None) -> bool:
    """Explained in place, by a reason sentence that follows, or through its parts (a total
    whose stated parts carry reasons; after a list lead, each part's reason may follow it)."""
    sentences = {f.source.text for f in changes}
    if _has_reason(fact, markers, reasons) or _reason_follows(fact, ctx, markers, window, sentences) \
            or explained_by_declared_parts(fact, changes, markers, window):
        return True
    pattern, lines, first, opening = lead if lead is not None else (None, 0, None, None)
    if any(_has_reason(part, markers, reasons)
           or (pattern is not None and _reason_follows(part, ctx, markers, window, sentences))
           for part in _components(ctx, fact, changes, pattern, lines, first, opening)):
        return True
    return lead is not None and _list_closing_reason(ctx, fact, changes, reasons, lead,
                                                     {} if memo is None else memo)


def _list_closing_reason(ctx: FormContext, fact: Fact, changes: list[Fact], reasons: list[Claim],
                         lead: tuple, memo: dict) -> bool:
    """An item of a list announced by a change whose reason closes the list explains the item
    too: "收支预算X，比上年减少Y，其中：" / "1.收入预算减少…" / "2.支出预算减少…，其中基本支出增加…" /
    "3.收支预算减少的主要原因，一是…" (烟台): the last item gives the reason of the whole the items
    break down, so of each item; a reason of another measure, or one before the item, does not.
    ``memo`` (one per check) keeps each whole's last closing reason and its items, which do not
    depend on the item asked about: a text of many changes asks about each (items × wholes)."""
    pattern, lines, first, opening = lead
    at = (fact.source.page or 0, fact.source.line or 0)
    for i, whole in enumerate(changes):
        if ("last", i) not in memo:
            memo["last", i] = max(((c.source.page or 0, c.source.line or 0) for c in reasons
                                   if c.measure == whole.measure
                                   and _soon_after(whole.source, c.source, lines)), default=None)
        last = memo["last", i]
        if whole.source.text == fact.source.text or last is None or last <= at:
            continue
        if ("items", i) not in memo:  # ids: the items are elements of ``changes``, as ``fact`` is
            memo["items", i] = {id(f) for f in _components(ctx, whole, changes, pattern, lines,
                                                           first, opening)}
        if id(fact) in memo["items", i]:
            return True
    return False


def check_change_reason(ctx: FormContext, rule: Rule) -> Outcome:
    """Fields: ``label``, ``value``, ``basis``. Params: ``bases``, ``reason_markers`` (regex),
    ``reason_window_lines`` (how far a stand-alone reason sentence may follow), ``list_lead``
    (regex: the sentence announces the list of its parts), ``list_first_item`` (regex: the next
    sentence, or heading, opens a numbered list), ``list_window_lines``, ``min_abs``/
    ``max_abs`` (万元) and ``min_pct``/``max_pct`` (percent) for the tier, ``reason_twins``
    (pairs of measures whose reason is shared where they are equal as printed: form_twins)."""
    bases = set(str_list(rule, "bases"))
    markers = re.compile(param(rule, "reason_markers", str))
    window = param(rule, "reason_window_lines", int, 4)
    immaterial = str_list(rule, "immaterial_markers", [])
    lead_text = rule.params.get("list_lead")
    first, opening = rule.params.get("list_first_item"), rule.params.get("list_opening")
    lead = (re.compile(str(lead_text)), param(rule, "list_window_lines", int, 30),
            re.compile(str(first)) if first else None,
            re.compile(str(opening)) if opening else None) if lead_text else None
    reasons = shared_reasons(ctx, ctx.claims("reason"), param(rule, "reason_twins", list, []))
    changes = [f for f in ctx.text_facts()
               if f.basis in bases and f.value != 0 and f.kind != "count"]
    by_sentence: dict[tuple, Fact] = {}
    for fact in changes:
        key = (fact.source.page, fact.source.line, fact.source.text, fact.measure)
        if key not in by_sentence or by_sentence[key].kind == "percent":
            by_sentence[key] = fact
    findings = []
    memo: dict = {}  # one per check: what _list_closing_reason found of each whole
    for fact in by_sentence.values():
        if not _magnitude_in_tier(fact, rule) or _explained(ctx, fact, changes, markers, reasons,
                                                            window, lead, memo):
            continue
        if any(m in (fact.source.text or "") for m in immaterial):
            continue
        findings.append(finding(rule, [fact_evidence(fact, "stated-change")], stated=str(fact.value),
                                expected="说明变动原因", measure=fact.measure, basis=fact.basis,
                                label=fact.label or fact.measure, value=str(fact.value)))
    return collect(findings), []


def _direction(word: str, lexicon: Mapping[str, list]) -> Optional[str]:
    for direction, words in lexicon.items():
        if any(w in word for w in words):
            return direction
    return None


def _disagrees(direction: str, value: Decimal) -> bool:
    return ((direction == "flat" and value != 0) or (direction == "up" and value < 0)
            or (direction == "down" and value > 0))


def _same_clause(claim: Claim, fact: Fact, hedges: tuple[str, ...]) -> bool:
    """The direction word and the number sit in one clause (split at ；。): a sentence listing
    several funds ("…减少2,389.52万元；政府性基金…持平") pairs each word with its own figure.
    A hedged word (基本持平, 略有增加) does not contradict a small change."""
    word = claim.value or ""
    text = claim.source.text or fact.source.text or ""
    for clause in re.split(r"[；;。]", text):
        at = clause.find(word) if word else -1
        if at < 0 or any(clause[:at].endswith(h) for h in hedges):
            continue
        if any(p in clause for p in printed_forms(fact.value)):
            return True
    return False


def check_change_direction(ctx: FormContext, rule: Rule) -> Outcome:
    """Fields: ``word``, ``value``, ``label``. Params: ``bases``, ``lexicon`` (up/down/flat words)."""
    bases = set(str_list(rule, "bases"))
    lexicon = param(rule, "lexicon", dict)
    hedges = str_list(rule, "hedges", [])
    facts = [f for f in ctx.text_facts() if f.basis in bases and f.kind != "count"]
    findings = []
    for claim in ctx.claims("direction"):
        direction = _direction(claim.value or claim.text, lexicon)
        if direction is None or not claim.measure:
            continue
        for fact in facts:
            if (fact.measure == claim.measure and (not claim.basis or claim.basis == fact.basis)
                    and same_sentence(claim.source, fact.source) and _disagrees(direction, fact.value)
                    and _same_clause(claim, fact, hedges)):
                findings.append(finding(
                    rule, [claim_evidence(claim, "direction-word"), fact_evidence(fact, "stated-change")],
                    stated=claim.value or claim.text, expected=str(fact.value), measure=fact.measure,
                    basis=fact.basis, word=claim.value or claim.text, value=str(fact.value),
                    label=fact.label or fact.measure))
                break
    return collect(findings), []

