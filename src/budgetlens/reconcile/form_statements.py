"""Statements the narrative must make, or must not contradict (standards §4.6 T4, T10).

* Empty 政府性基金 / 国有资本经营 tables need a note or a text statement; a text statement "无…"
  must not sit beside non-zero figures of the same fund (both directions of T10).
* A direction word (持平/增加/减少) must agree with the sign of the change stated in the same
  sentence (T4). That a stated change needs a reason (T4 too) is form_reasons.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Iterable, Mapping, Optional

from budgetlens.model import Basis, Claim, Fact
from budgetlens.reconcile.form_common import (Outcome, assess, claim_evidence, collect, fact_evidence,
                                               finding, param, str_list, table_evidence)
from budgetlens.rules.templates import role_family
from budgetlens.reconcile.form_reason_parts import printed_forms
from budgetlens.reconcile.form_text import FormContext, same_sentence
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


# --- T4: direction words (the reason check is form_reasons) ---------------------------------


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
    # by measure and printed line, in the text's order: a claim asks only the facts it may pair
    # with (the same measure, same_sentence's page and line); every fact per claim was lines² on
    # a one-page file (fuzz case html-2026-020096)
    facts: dict[tuple, list[Fact]] = {}
    for f in ctx.text_facts():
        if f.basis in bases and f.kind != "count":
            facts.setdefault((f.measure, f.source.page, f.source.line), []).append(f)
    findings = []
    for claim in ctx.claims("direction"):
        direction = _direction(claim.value or claim.text, lexicon)
        if direction is None or not claim.measure:
            continue
        for fact in facts.get((claim.measure, claim.source.page, claim.source.line), ()):
            if ((not claim.basis or claim.basis == fact.basis)
                    and same_sentence(claim.source, fact.source) and _disagrees(direction, fact.value)
                    and _same_clause(claim, fact, hedges)):
                findings.append(finding(
                    rule, [claim_evidence(claim, "direction-word"), fact_evidence(fact, "stated-change")],
                    stated=claim.value or claim.text, expected=str(fact.value), measure=fact.measure,
                    basis=fact.basis, word=claim.value or claim.text, value=str(fact.value),
                    label=fact.label or fact.measure))
                break
    return collect(findings), []

