"""Dates in the running text against the period the document covers (issue #8 item 4).

Why: a 2025 final account cannot state holdings "截至2027年…" (a date after the year it accounts
for: a template of another year, or a typing slip), and a 2026 budget that gives a project's
implementation period as 2022年—2024年 budgets a project that has ended. Both are read from the
document's own year (``Metadata.year``); without it nothing is judged.

* ``form-as-of-date``: a date of an "as of" phrase (``as_of`` regex with a ``year`` group) whose
  year is after the document year. Targets are no data ("主要达到如下目标：截至2026年年底…达到100%"):
  a sentence holding one of ``target_words`` is skipped.
* ``form-project-period``: a labelled period (``period`` regex with ``from``/``to`` groups: 实施期、
  项目期限 …) in a budget that ends before the budget year. A project merely named after past years
  ("2024-2025年信息化运维项目": the tail of a contract) has no label and is not read.
"""

from __future__ import annotations

import re
from typing import Optional

from budgetlens.reconcile.form_common import Outcome, assess, collect, finding, param, quote, str_list
from budgetlens.reconcile.form_text import FormContext
from budgetlens.rules.catalogue import Rule


def _year(m: re.Match, group: str) -> Optional[int]:
    value = m.groupdict().get(group)
    return int(value) if value and value.isdigit() else None


def _kinds(rule: Rule) -> tuple[str, ...]:
    return str_list(rule, "kinds", ["budget", "final"])


def check_as_of_date(ctx: FormContext, rule: Rule) -> Outcome:
    """Fields: ``date``, ``year``, ``text``. Params: ``as_of`` (regex, group ``year``),
    ``target_words``, ``kinds`` (document kinds judged)."""
    year = ctx.meta.year
    if year is None:
        return [], [assess(rule, "文档年度未识别，无法判断截至日期",
                           "the document's year was not recognised: the as-of date cannot be "
                           "judged")]
    if ctx.meta.kind not in _kinds(rule):
        return [], []
    pattern = re.compile(param(rule, "as_of", str))
    targets = str_list(rule, "target_words", [])
    layout = ctx.layout
    findings = []
    for m in pattern.finditer(layout.text):
        stated = _year(m, "year")
        if stated is None or stated <= year:
            continue
        start, end = layout.sentence(m.start())
        sentence = layout.text[start:end]
        if any(w in sentence for w in targets):
            continue
        src = layout.source(m.start(), m.end())._replace(text=sentence)
        findings.append(finding(rule, [quote(src, "dated-statement", m.group(0))],
                                stated=m.group(0), expected=f"不晚于{year}年末", date=m.group(0),
                                year=str(year), text=sentence[:80]))
    return collect(findings), []


def check_project_period(ctx: FormContext, rule: Rule) -> Outcome:
    """Fields: ``period``, ``year``, ``text``. Params: ``period`` (regex, groups ``from``/``to``),
    ``kinds`` (document kinds judged: budgets)."""
    year = ctx.meta.year
    if year is None:
        return [], [assess(rule, "文档年度未识别，无法判断项目实施期",
                           "the document's year was not recognised: project periods cannot be "
                           "judged")]
    if ctx.meta.kind not in _kinds(rule):
        return [], []
    pattern = re.compile(param(rule, "period", str))
    layout = ctx.layout
    findings = []
    for m in pattern.finditer(layout.text):
        first, last = _year(m, "from"), _year(m, "to")
        if last is None or last >= year or (first is not None and first > last):
            continue
        start, end = layout.sentence(m.start())
        sentence = layout.text[start:end]
        src = layout.source(m.start(), m.end())._replace(text=sentence)
        findings.append(finding(rule, [quote(src, "project-period", m.group(0))],
                                stated=m.group(0), expected=f"实施期覆盖{year}年",
                                period=m.group(0), year=str(year), text=sentence[:80]))
    return collect(findings), []


__all__ = ["check_as_of_date", "check_project_period"]
