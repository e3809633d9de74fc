"""部门 wording in a 单位 document, or the reverse (issue #8 item 4).

Why: a unit's disclosure compiled from its department's template keeps "本部门" and "部门预算"
headings; a reader then cannot tell whether the figures are the unit's or the department's. This is
a wording slip, never an arithmetic one: severity ``info``/``warning`` only.

Judged only where the document's own metadata is unambiguous: the level was decided by a printed
phrase of that level (``own``: "单位预算" in the title …, see ``Metadata.evidence``), and the title
lines the kind was read from do not print the other level's phrase (``other_title``). A phrase of the
other level (``phrases``) is then reported once per distinct wording, with its first place, unless
its clause says how the two relate (``excuses``: "是XX部门所属二级预算单位", "纳入部门预算").
``scope`` = ``headings`` reads heading titles only; ``text`` the whole running text.
"""

from __future__ import annotations

import re
from typing import Iterator, Optional

from budgetlens.model import Source
from budgetlens.reconcile.form_common import Outcome, collect, finding, param, quote, str_list
from budgetlens.reconcile.form_text import FormContext
from budgetlens.rules.catalogue import Rule

_CLAUSE = re.compile(r"[，,；;。：:]")
_LEVEL_ZH = {"unit": "单位", "department": "部门"}


def _evidence(ctx: FormContext, field: str) -> Optional[Source]:
    return next((src for name, src in ctx.meta.evidence if name == field), None)


def unambiguous(ctx: FormContext, rule: Rule) -> bool:
    """The metadata's level is the rule's and was read from a phrase of that level, and the title
    the kind was read from names no other level."""
    if ctx.meta.level != param(rule, "level", str):
        return False
    level_src, title_src = _evidence(ctx, "level"), _evidence(ctx, "kind")
    own = re.compile(param(rule, "own", str))
    other = re.compile(param(rule, "other_title", str))
    if level_src is None or not own.search(_squash(level_src.text)):
        return False
    return not any(src is not None and other.search(_squash(src.text))
                   for src in (level_src, title_src))


def _squash(text: str) -> str:
    return "".join(text.split())


def _clause(text: str, start: int, end: int) -> str:
    left = max((m.end() for m in _CLAUSE.finditer(text, 0, start)), default=0)
    right = _CLAUSE.search(text, end)
    return text[left:right.start() if right else len(text)]


def _hits(ctx: FormContext, rule: Rule) -> Iterator[tuple[str, Source]]:
    """(wording, source) of each phrase of the other level, excused clauses left out."""
    phrases = re.compile("|".join(f"(?:{p})" for p in str_list(rule, "phrases")))
    excuses = str_list(rule, "excuses", [])
    if param(rule, "scope", str, "text") == "headings":
        for p in ctx.headings:
            title = _squash(p.head.title)
            for m in phrases.finditer(title):
                if not any(x in _clause(title, m.start(), m.end()) for x in excuses):
                    yield m.group(0), p.source
        return
    layout = ctx.layout
    for m in phrases.finditer(layout.text):
        if not any(x in _clause(layout.text, m.start(), m.end()) for x in excuses):
            start, end = layout.sentence(m.start())
            yield m.group(0), layout.source(m.start(), m.end())._replace(
                text=layout.text[start:end])


def check_level_wording(ctx: FormContext, rule: Rule) -> Outcome:
    """Fields: ``word``, ``level`` (the document's, zh), ``count``, ``text``. Params: ``level``,
    ``own``, ``other_title``, ``phrases``, ``excuses``, ``scope``."""
    if not unambiguous(ctx, rule):
        return [], []
    seen: dict[str, list[Source]] = {}
    for word, src in _hits(ctx, rule):
        seen.setdefault(word, []).append(src)
    findings = []
    level = param(rule, "level", str)
    for word, sources in seen.items():
        findings.append(finding(rule, [quote(s, "wording", word) for s in sources[:3]],
                                stated=word, expected=f"{_LEVEL_ZH.get(level, level)}的表述",
                                word=word, level=_LEVEL_ZH.get(level, level), count=str(len(sources)),
                                text=sources[0].text[:60]))
    return collect(findings), []


__all__ = ["check_level_wording", "unambiguous"]
