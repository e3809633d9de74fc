"""Headings of the narrative: 第一部分, 一、, （一）, 1．, (1), ① and their mixtures, as a tree.

Why: a sentence's meaning depends on its section ("支出情况。…支出541.17万元" under
"（三）一般公共预算财政拨款支出决算情况说明" is the 一般公共预算 total; under a 三公 heading
公务接待费 is the 三公 item). So headings are found first, each with its path from the root, and
the sentence extractor reads the path.

A numbered line is a heading when what follows the number is a short title: on its own
("（二）单位构成"), or ended by ：/。 and followed by body text ("1．总体情况。2020年度收入总计…",
"（一）收入预算：2024年…"); the body is then a paragraph of the section. A numbered line whose first
clause ends with ，/； ("（1）一般公共服务支出422.47万元，占…") is a list item, not a heading.
Numbering styles live in ``rules/lexicon.toml`` ([headings]).
"""

from __future__ import annotations

import re
from typing import NamedTuple, Optional, Sequence

from budgetlens.model import Heading, Line, Source
from budgetlens.rules.extract_words import load_extract_words
from budgetlens.rules.lexicon import Lexicon

_WORDS = load_extract_words()["headings"]  # rules/extract_words.toml [headings], compiled once
_SPACE_RE = re.compile(r"[\s\u3000]*")
# an amount, or a number cut by the line end ("支出2340.35万" / next line "元，…")
_AMOUNT_RE = _WORDS.rx["amount"]
_DELIMS = "：:。，,；;"
_CONTINUATION_RE = _WORDS.rx["continuation"]
# A numbered line that opens a 类/款 chain and breaks inside the next name ("13. 卫生健康支出（类）卫生
# 健康管理事务（款）其他卫生健" / "康管理事务支出（项）。"): the rest of that name may be longer.
_OPEN_CHAIN_RE = _WORDS.rx["open_chain"]
_CHAIN_REST_RE = _WORDS.rx["chain_rest"]
# The rest of a title wrapped to the next line ("九、一般公共预算“三公”经费…支出预算情" / "况说明"): a few
# characters with no figure, ending the title on a word titles end with, alone or before ：/。 and the body.
_TITLE_REST_RE = re.compile(r"^\s*([^\s\d，。,;；:：、（()）“”]{1,6})\s*(?:([：:。])\s*(.*))?$")
_TITLE_END_RE = _WORDS.rx["title_end"]


class HeadingHit(NamedTuple):
    """A heading found on a line: the record, the line's position in the narrative line list,
    and where the body text after the title starts in ``line.text`` (-1 when none)."""

    heading: Heading
    line_index: int
    body: int = -1
    #: the last line of a title wrapped over two ("…预算情" / "况说明"): ``body`` is in that line
    last: int = -1


def match_heading(text: str, lexicon: Lexicon) -> Optional[tuple[int, str, str, int]]:
    """``(level, number, title, body_offset)`` when ``text`` is a heading line, else None.
    ``body_offset`` is -1 when the line holds the title only."""
    pos = _blank_end(text, 0)
    for style in lexicon.heading_styles:
        m = style.regex.match(text, pos)
        if not m:
            continue
        number = m.group(0).strip()
        rest_at = _blank_end(text, m.end())
        period = lexicon.max_title_period
        parsed = _split_title(text, rest_at, lexicon.max_title,
                              lexicon.max_title if period is None else period)
        if parsed is None:
            return None
        title, body = parsed
        return style.level, number, title, body
    return None


def _blank_end(text: str, pos: int) -> int:
    """Where the blanks (ASCII, full-width) from ``pos`` end: the pattern matches the empty
    string, so there is always a match."""
    m = _SPACE_RE.match(text, pos)
    return m.end() if m is not None else pos


def _split_title(text: str, start: int, max_title: int, max_period: int
                 ) -> Optional[tuple[str, int]]:
    """Title and body offset of what follows a heading number, or None for a list item. A short
    title ended by 。 ("总体情况。") is shorter than one ended by ： ("收入预算："): at most
    ``max_period`` characters (lexicon.toml [headings] max_title_period)."""
    rest = text[start:]
    cut = next((i for i, ch in enumerate(rest) if ch in _DELIMS), -1)
    if cut < 0:
        title = rest.strip()
        ok = 0 < len(title) <= max_title and not _AMOUNT_RE.search(title)
        return (title, -1) if ok else None
    title, delim = rest[:cut].strip(), rest[cut]
    if delim in "，,；;" or not title or _AMOUNT_RE.search(title):
        return None
    limit = max_period if delim == "。" else max_title
    if len(title) > limit:
        return None
    body = start + cut + 1
    body = _blank_end(text, body)
    return title, (body if body < len(text) else -1)


def _continues(lines: Sequence[Line], i: int) -> bool:
    """The next line carries on the same sentence ("…行政单位医疗" / "（项）。主要用于…"), so
    this numbered line is the start of a list item, not a heading."""
    following = next((l.text.strip() for l in lines[i + 1:i + 3] if l.text.strip()), "")
    if _OPEN_CHAIN_RE.search(lines[i].text.strip()) and _CHAIN_REST_RE.match(following):
        return True
    return bool(_CONTINUATION_RE.match(following))


def find_headings(lines: Sequence[Line], lexicon: Lexicon, file: str) -> list[HeadingHit]:
    """Every heading among ``lines`` (narrative lines, in reading order), with paths: a heading's
    parent is the nearest earlier heading of a smaller level."""
    hits: list[HeadingHit] = []
    stack: list[Heading] = []
    for i, line in enumerate(lines):
        parsed = match_heading(line.text, lexicon)
        if parsed is None or (parsed[3] < 0 and _continues(lines, i)):
            continue
        level, number, title, body = parsed
        last = -1
        if body < 0 and i + 1 < len(lines):
            title, body, last = _wrapped_title(title, lines, i + 1)
        while stack and stack[-1].level >= level:
            stack.pop()
        path = tuple(h.title for h in stack) + (title,)
        source = Source(file, line.page, line.number, line.bbox, text=line.text.strip())
        heading = Heading(level, number, title, source, path)
        stack.append(heading)
        hits.append(HeadingHit(heading, i, body, last))
    return hits


def _wrapped_title(title: str, lines: Sequence[Line], k: int) -> tuple[str, int, int]:
    """(title, body offset, last line) of a title whose end is printed on line ``k``
    ("…绩效目标情" / "况说明"), else the title unchanged and (-1, -1): the rest must be short, hold
    no figure and make the title end as titles do (a one-line paragraph "无。" is no title's end)."""
    m = _TITLE_REST_RE.match(lines[k].text)
    if m is None or not _TITLE_END_RE.search(title + m.group(1)) or _TITLE_END_RE.search(title):
        return title, -1, -1
    body = m.start(3) if m.group(3) else -1
    return title + m.group(1), body, k


__all__ = ["HeadingHit", "find_headings", "match_heading"]
