"""Wording checks on the narrative: years that do not belong, template residue (standards §4.6 T11).

Why context patterns rather than "every year": disclosures legitimately cite older years (机构改革
in 2019, 《…》 titles, document numbers 〔2015〕14号, 截至 dates, 立项依据). A wrong year is a defect
when it dates a budget figure or a comparison (比2022年增加 in a 2025 budget), which is what the
declared patterns capture; whitelisted spans are removed before matching.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Iterable

from budgetlens.extract.token_literals import one_literal
from budgetlens.model import Evidence, Source
from budgetlens.reconcile.form_common import (Outcome, assess, collect, finding, param, quote,
                                               str_list)
from budgetlens.reconcile.form_text import FormContext, Passage
from budgetlens.rules.catalogue import Rule, RuleError

_YEAR_RE = re.compile(r"((?:19|20)\d{2})\s*年")
_FOLD = str.maketrans("（）：；，", "():;,")


@lru_cache(maxsize=64)
def _compile(rule_id: str, patterns: tuple[str, ...]) -> tuple[re.Pattern, ...]:
    try:
        return tuple(re.compile(p) for p in patterns)
    except re.error as exc:
        raise RuleError(f"{rule_id}: bad regular expression ({exc})") from exc


def _patterns(rule: Rule, key: str, default: list | None = None) -> tuple[re.Pattern, ...]:
    return _compile(rule.id, str_list(rule, key, default))


def _strip(text: str, whitelist: Iterable[re.Pattern]) -> str:
    for pat in whitelist:
        text = pat.sub(lambda m: " " * len(m.group(0)), text)
    return text


#: a decimal digit, as ``int`` reads them (Unicode category Nd, as ``\d`` matches)
_DIGIT = re.compile(r"\d")


#: the word a context's ``kind`` group matches for each document kind
_KIND_WORDS = {"budget": "预算", "final": "决算"}


def _years_out_of_range(text: str, whitelist: tuple[re.Pattern, ...],
                        contexts: tuple[re.Pattern, ...], allowed: set[int],
                        kind: str | None = None) -> list[int]:
    """The years ``contexts`` find in ``text`` outside ``allowed``, once the ``whitelist``'s
    spans are blanked. A text without a digit has none: a year is ``int`` of what a context's
    group matched (a digit at least), and blanking never makes one — so the whitelist's
    substitutions are not run over every passage (most narrative lines print no figure).
    A context with a ``kind`` group (预算/决算) dates the document's own account only when it
    names the document's kind: a budget may cite last year's 决算 scope, never its own 预算's."""
    if _DIGIT.search(text) is None:
        return []
    text = _strip(text, whitelist)
    years = []
    own = _KIND_WORDS.get(kind or "")
    for pat in contexts:
        for m in pat.finditer(text):
            if "kind" in pat.groupindex and m.group("kind") != own:
                continue
            year = int(m.group("year"))
            if year not in allowed and year not in years:
                years.append(year)
    return years


def check_year_in_text(ctx: FormContext, rule: Rule) -> Outcome:
    """Fields: ``years`` (、-joined), ``year`` (the document's), ``text`` (the sentence)."""
    year = ctx.meta.year
    if year is None:
        return [], [assess(rule, "未识别文档年度，无法检查年度一致性",
                           "the document's year was not recognised: years cannot be checked")]
    allowed = {year + k for k in param(rule, "allowed_offsets", list, [0, -1])}
    findings = []
    whitelist, contexts = _patterns(rule, "whitelist", []), _patterns(rule, "contexts")
    for p in ctx.texts:
        years = _years_out_of_range(p.text, whitelist, contexts, allowed, ctx.meta.kind)
        if years:
            shown = "、".join(str(y) for y in years)
            findings.append(finding(rule, [quote(p.source, "sentence", value=shown)], stated=shown,
                                    expected="、".join(str(y) for y in sorted(allowed)),
                                    years=shown, year=year, text=p.text.strip()[:120]))
    return collect(findings), []


def check_year_in_table_title(ctx: FormContext, rule: Rule) -> Outcome:
    """Fields: ``title``, ``stated`` (the title's year), ``year`` (the document's)."""
    year = ctx.meta.year
    if year is None:
        return [], [assess(rule, "未识别文档年度，无法检查表格标题年度",
                           "the document's year was not recognised: years in table titles "
                           "cannot be checked")]
    findings = []
    for table in ctx.disclosure.tables:
        years = [int(y) for y in _YEAR_RE.findall(table.title or "")]
        # a title naming the document year is right even if it also cites another year
        # (…（2021年…补助资金）项目绩效自评表（2022年度）)
        if not years or year in years:
            continue
        m = _YEAR_RE.search(table.title)
        if m is None:  # years were found in the title: never taken
            continue
        source = table.source or Source(file=ctx.disclosure.path, page=table.page,
                                        table=table.index, text=table.title)
        findings.append(finding(rule, [Evidence(source=source, value=m.group(1), role="table-title")],
                                stated=m.group(1), expected=str(year), title=table.title,
                                year=year))
    return collect(findings), []


def _residue_sources(ctx: FormContext) -> list[Passage]:
    """Narrative passages (residue claims included, they carry their sentence) and table titles
    and notes: where a template placeholder would show."""
    out = list(ctx.texts)
    for t in ctx.disclosure.tables:
        src = t.source or Source(file=ctx.disclosure.path, page=t.page, table=t.index)
        for text in (t.title, t.note):
            if text:
                out.append(Passage(src._replace(text=text), text))
    return out


def check_template_residue(ctx: FormContext, rule: Rule) -> Outcome:
    """Fields: ``match`` (the residue), ``text`` (the sentence). The declared patterns decide:
    extraction's residue claims only point at sentences to look at (a heading "主要原因是："
    followed by a list is not residue). One finding per sentence."""
    patterns = _patterns(rule, "patterns")
    needs = [(one_literal(pat) or "", pat) for pat in patterns]  # most passages hold no residue word
    seen: dict[tuple, list[int]] = {}
    places: set = set()
    findings = []
    for p in _residue_sources(ctx):
        m = next((m for need, pat in needs if need in p.text for m in [pat.search(p.text)] if m),
                 None)
        if m is None:
            continue
        # the same sentence quoted by a claim and by a fact (or a line) lies within two lines
        key = (p.source.page, p.source.table, re.sub(r"\s+", "", p.text).translate(_FOLD))
        line = p.source.line or 0
        where = (p.source.page, p.source.table, line) if p.source.line else None
        if where in places or any(abs(line - other) <= 2 for other in seen.get(key, ())):
            continue
        seen.setdefault(key, []).append(line)
        places.add(where)
        findings.append(finding(rule, [quote(p.source, "residue", value=m.group(0))],
                                stated=m.group(0), match=m.group(0), text=p.text.strip()[:120]))
    return collect(findings), []
