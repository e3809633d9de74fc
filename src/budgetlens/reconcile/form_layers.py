"""The same sentence twice in a row on one page: overlapping text layers (issue #8 item 4).

Why a reading note and not a finding against the document: a PDF whose text was laid down twice
(a bold effect drawn as two passes, a page stamped over its own OCR layer) reads as every sentence
doubled, while the printed page shows it once. Figures read from such a page may then be counted
twice (a total stated twice is harmless, a part read twice is not), so the reviewer should know;
but the document did not say anything twice. Severity is ``info``, category ``reading``.

A repeat is a sentence (or a line) of at least ``min_chars`` characters followed on the same page by
the very same text. One note per page, naming how many repeats it holds.
"""

from __future__ import annotations

import re
from typing import Iterator

from budgetlens.model import Source
from budgetlens.reconcile.form_common import Outcome, collect, finding, param, quote
from budgetlens.reconcile.form_layout import SENTENCE_END, Layout, squash
from budgetlens.reconcile.form_text import FormContext
from budgetlens.rules.catalogue import Rule

#: a letter of a word (a line without one is figures and markup: a table's cell)
_WORD = re.compile(r"[\u4e00-\u9fffA-Za-z]")


def _line_repeats(layout: Layout, min_chars: int) -> Iterator[tuple[int, Source]]:
    """(page, source) of each line printed again right below itself. The document's first line
    printed again is its title over its heading (a web page's <title> and <h1>: 鹿寨县 2019
    "2019年度鹿寨县“三公”经费支出决算情况" twice), not a doubled text layer, which doubles every line.
    A line of figures alone is a table's cell printed one a line (汨罗市中医院 2017: "-8,484,100.00 |"
    under 收支结余 and again under its 小计): a whole and its only part are the same figure, no text."""
    for k, (prev, line) in enumerate(zip(layout.lines, layout.lines[1:])):
        if k == 0:
            continue
        text = squash(line.text)
        if not _WORD.search(text):
            continue
        if line.page == prev.page and len(text) >= min_chars and text == squash(prev.text):
            yield line.page, Source(layout.disclosure.path, line.page, line.number, line.bbox,
                                    text=line.text)


def _sentence_repeats(layout: Layout, min_chars: int) -> Iterator[tuple[int, Source]]:
    """(page, source) of each sentence followed at once by itself ("A。A。"), on one page."""
    text = layout.text
    bounds = [0] + [m.end() for m in SENTENCE_END.finditer(text)]
    for a, b, c in zip(bounds, bounds[1:], bounds[2:]):
        first, second = text[a:b], text[b:c]
        if len(first) < min_chars or first != second:
            continue
        one, two = layout.line_at(a), layout.line_at(b)
        if one is None or two is None or one.page != two.page:
            continue
        yield two.page, layout.source(b, c)


def check_repeated_text(ctx: FormContext, rule: Rule) -> Outcome:
    """Fields: ``count``, ``page``, ``text``. Params: ``min_chars``."""
    min_chars = param(rule, "min_chars", int, 12)
    layout = ctx.layout
    by_page: dict[int, list[Source]] = {}
    for page, src in list(_line_repeats(layout, min_chars)) + list(_sentence_repeats(layout, min_chars)):
        if not any(s.text == src.text for s in by_page.get(page, [])):
            by_page.setdefault(page, []).append(src)
    findings = []
    for page, sources in sorted(by_page.items()):
        first = sources[0]
        findings.append(finding(rule, [quote(s, "repeated-text") for s in sources[:3]],
                                stated=first.text[:60], expected="每句印一次", count=str(len(sources)),
                                page=str(page), text=first.text[:60]))
    return collect(findings), []


__all__ = ["check_repeated_text"]
