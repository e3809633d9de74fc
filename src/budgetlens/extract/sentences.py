"""Running text → paragraphs → sentences, keeping where every character was printed.

Why: PDF lines end mid-sentence ("…本年度无购置" / "车辆的预算安排。"), so the sentences a claim is
read from must be joined across lines, while each number must still point to the line it sits on
(page, line, bbox). A :class:`Paragraph` is the joined text plus the character span of each line.

Matching runs on a normalised copy (:func:`normalize`): whitespace and quotes dropped, full-width
ASCII folded, traditional characters mapped (``rules/lexicon.toml`` [normalize]); ``index`` maps
every normalised character back to the original, so quotes are always the printed text.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple, Optional, Sequence

from budgetlens.model import Document, Line
from budgetlens.rules.extract_words import load_extract_words
from budgetlens.rules.lexicon import Lexicon, load_lexicon
from budgetlens.rules.memo import OwnedMemo
from budgetlens.rules.numbers import figures_apart

from .headings import HeadingHit

SENTENCE_END = "。!?！？"
#: one CJK character: a letter of a letter-spaced label (:func:`spaced_apart`)
_CJK_LETTER = re.compile(r"[\u4e00-\u9fff]")
# A line ending in one of these ends its paragraph; any other ending continues on the next line.
_PARAGRAPH_END = "。!?！？;；:："
# A count's 其中： at a line end opens the list of its parts on the next line (not a numbered
# item title as after "按照政府功能分类科目，其中：").
_CLAIM_WORDS = load_extract_words()["claims"]  # rules/extract_words.toml [claims], compiled once
_LIST_OPENER = _CLAIM_WORDS.rx["list_opener"]
#: Longest text _LIST_OPENER can match (its spaces are bounded so that a paragraph's end is decided
#: by its last characters only: see _tail).
_LIST_OPENER_SPAN = 1 + 20 + 1 + 20 + 1 + 20 + 2 + 20 + 1


class Paragraph(NamedTuple):
    """Joined text of consecutive lines of one section. ``starts[i]`` is where ``lines[i]``
    begins in ``text``; ``section`` is the index of the governing heading (-1 before any)."""

    text: str
    lines: tuple[Line, ...]
    starts: tuple[int, ...]
    section: int

    def line_at(self, offset: int) -> Line:
        """The line the character at ``offset`` of ``text`` was printed on."""
        return self.lines[max(bisect.bisect_right(self.starts, offset) - 1, 0)]


@dataclass(frozen=True, slots=True)  # not a NamedTuple: ``index`` would hide tuple.index
class Normalized:
    """A normalised copy of a text: ``text[i]`` came from ``original[index[i]]``."""

    text: str
    index: tuple[int, ...]


def normalize(text: str, lexicon: Lexicon) -> Normalized:
    """Fold a text for matching; see the module docstring. Runs of kept characters are found by
    one regex and folded by ``str.translate`` (a loop per character cost 0.2 s per million)."""
    kept, table = _FOLDINGS.get(lexicon, "folding", lambda: _folding(
        lexicon.drop, tuple(sorted(lexicon.variants.items()))))
    chars: list[str] = []
    index: list[int] = []
    last = None
    for m in kept.finditer(text):
        run = m.group()
        if last is not None and last[-1].isdigit() and run[0].isdigit() \
                and figures_apart(last, run):
            chars.append(" ")  # two figures printed apart stay apart (rules.numbers)
            index.append(m.start() - 1)
        chars.append(run.translate(table))
        index.extend(range(m.start(), m.end()))
        last = run
    return Normalized("".join(chars), tuple(index))


# The folding of the lexicon in use: its cache key (the sorted variants, hashed on every call)
# cost more than normalising the text itself (3% of extract+audit over the corpus).
_FOLDINGS: OwnedMemo[tuple[re.Pattern, dict]] = OwnedMemo(4)


@lru_cache(maxsize=4)
def _folding(drop: frozenset, variants: tuple[tuple[str, str], ...]) -> tuple[re.Pattern, dict]:
    """What :func:`normalize` keeps (no whitespace, nothing in ``drop``) and the one-character
    map it applies: full-width ASCII to ASCII, dashes to "-", then the lexicon's variants."""
    kept = re.compile("[^\\s" + "".join(re.escape(c) for c in sorted(drop)) + "]+")
    variant = dict(variants)
    folded = {chr(c): chr(c - 0xFEE0) for c in range(0xFF01, 0xFF5F)} | dict.fromkeys("—–−", "-")
    table = {ord(k): variant.get(v, v) for k, v in folded.items()}
    table.update({ord(k): v for k, v in variant.items() if k not in folded})
    return kept, table


def spaced_apart(left: str, right: str) -> bool:
    """Whether the whitespace printed between ``left`` and ``right`` (two stretches of one line,
    as printed) parts a letter-spaced label from the word beside it.

    Why: matching drops whitespace (:func:`normalize`), so a table flattened into one line
    ("…二十八、债务发行费用支出 本 年 收 入 合 计 16,745.59") reads as one phrase in which the cell
    before modifies the label. A label printed letter-spaced (one CJK character between single
    spaces: "本 年 收 入 合 计") is a word of its own: a gap between it and a word of two or more
    characters parts them. Spaces between words that are not letter-spaced ("PPP 项目 本年支出合计",
    "合计 本年") part nothing here: prose printed with spaces keeps its modifiers, and the letters of
    one spaced label ("一 般 公 共 预 算 本 年 …") stay one phrase."""
    if not left or not right or not (left[-1].isspace() or right[0].isspace()):
        return False
    before, after = left.split(), right.split()
    if not before or not after:
        return False
    return (len(before[-1]) >= 2 and _letter_spaced(after[:2])) \
        or (len(after[0]) >= 2 and _letter_spaced(before[-2:]))


def _letter_spaced(words: Sequence[str]) -> bool:
    """Two single CJK characters printed with a space between them."""
    return len(words) == 2 and all(_CJK_LETTER.fullmatch(w) is not None for w in words)


def is_prose(line: Line) -> bool:
    """Running text only: not inside a table, and not a tab-separated row of a text export
    (those are table rows whatever the reader decided)."""
    return line.table is None and "\t" not in line.text


def prose_lines(document: Document, lexicon: Lexicon) -> list[Line]:
    """The document's running-text lines in reading order, without page furniture: a page
    number printed alone as the first or last line of a page (it would otherwise be glued into a
    sentence running over the page break: "222.5" + "27" + "万元"), and a running header or
    footer ("苏州市交通运输局2026年度部门预算公开" atop every page: "…2,242.11万元，苏州市交通运输局…与上年
    相比减少210.84万元" would make the unit's name the subject of the change)."""
    running = running_lines(document, lexicon)
    out: list[Line] = []
    for page in document.pages:
        lines = page.lines
        edges = _edge_indexes(lines)
        for k, line in enumerate(lines):
            if not is_prose(line):
                continue
            if k in edges and (lexicon.page_furniture.match(line.text)
                               or _furniture_key(line.text) in running):
                continue
            out.append(line)
    return out


def _edge_indexes(lines: Sequence[Line], depth: int = 2) -> set[int]:
    """Indexes of the first and last ``depth`` non-blank lines of a page."""
    filled = [k for k, line in enumerate(lines) if line.text.strip()]
    return set(filled[:depth]) | set(filled[-depth:])


def _furniture_key(text: str) -> str:
    return "".join(text.split())  # = re.sub(r"\s+", "", text), without the regex call


def running_lines(document: Document, lexicon: Lexicon) -> set[str]:
    """Texts printed at a page edge (first or last two lines) on at least
    ``lexicon.running_pages`` pages: running headers and footers. A line with sentence
    punctuation (。；) is a statement, and a numbered line a heading ("一、项目概述" atop every
    project's page): never furniture."""
    pages: dict[str, set[int]] = {}
    for page in document.pages:
        for k in _edge_indexes(page.lines):
            line = page.lines[k]
            key = _furniture_key(line.text)
            if len(key) >= 4 and is_prose(line) and not re.search(r"[。；;]", key) \
                    and not any(style.regex.match(key) for style in lexicon.heading_styles):
                pages.setdefault(key, set()).add(page.number)
    return {key for key, seen in pages.items() if len(seen) >= lexicon.running_pages}


def _ends_paragraph(text: str, span: int) -> bool:
    """A count's 其中： at a line end opens a list on the next line ("实有人员138人，其中：" /
    "行政120人、事业18人。"): its parts must stay in the sentence of their whole. So does a
    bracket still open ("公务用车购置及运行维护费701.34万元（公务用车购置费331万元，…；" / "公务用车运行维护费
    370.34万元，…。）比上年增加66.79万元"): what follows its close is said of the whole before it."""
    stripped = text.rstrip()
    if _LIST_OPENER.search(stripped) or _open_bracket(stripped, span) >= 0:
        return False
    return not stripped or stripped[-1] in _PARAGRAPH_END


def _open_bracket(text: str, span: int, end: Optional[int] = None) -> int:
    """Where the innermost bracket still open at ``end`` was opened (within ``span`` characters:
    how far back an unclosed bracket still holds a paragraph or sentence open, lexicon.toml
    [layout] bracket_span), else -1."""
    end = len(text) if end is None else end
    opened: list[int] = []
    for m in _BRACKET.finditer(text, max(0, end - span), end):  # brackets only
        if m.group() in "(（":
            opened.append(m.start())
        elif opened:
            opened.pop()
    return opened[-1] if opened else -1


_BRACKET = re.compile(r"[()（）]")


def _tail(parts: Sequence[str], span: int) -> str:
    """The end of a paragraph being joined, as much as :func:`_ends_paragraph` can look at.

    Whether a paragraph ends depends on its last characters only (the bracket window and a list
    opener): joining and scanning the whole paragraph at every line made a paragraph of a million
    short lines quadratic (a 3 MB HTML table read as text, fuzz case html-2026-000284). Whole
    parts are taken, so the text is exactly the paragraph's end."""
    need, got, k = span + _LIST_OPENER_SPAN, 0, len(parts)
    while k > 0 and got < need:
        k -= 1
        got += len(parts[k])
    return "".join(parts[k:])


def to_paragraphs(lines: Sequence[Line], hits: Sequence[HeadingHit], span: Optional[int] = None
                  ) -> list[Paragraph]:
    """Join ``lines`` (narrative lines in reading order) into paragraphs. A heading line starts a
    new section; its body (text after "1．总体情况。") starts a paragraph. A line continues the
    previous paragraph when that one did not end with sentence punctuation (one blank line in
    between is tolerated: PDF-to-text exports insert them) or a bracket opened within ``span``
    characters is still open (None: the lexicon's ``bracket_span``)."""
    span = load_lexicon().bracket_span if span is None else span
    by_line = {h.line_index: (k, h) for k, h in enumerate(hits)}
    out: list[Paragraph] = []
    current: Optional[list] = None  # [texts, lines, starts, section, length]
    section = -1
    blank_run = 0

    def flush() -> None:
        nonlocal current
        if current and "".join(current[0]).strip():
            out.append(Paragraph("".join(current[0]), tuple(current[1]), tuple(current[2]), current[3]))
        current = None

    skip_to = -1
    for i, line in enumerate(lines):
        if i <= skip_to:
            continue
        if i in by_line:
            flush()
            section, hit = by_line[i]
            blank_run = 0
            if hit.last > i:  # a title wrapped over two lines: its body is in the last one
                skip_to, line = hit.last, lines[hit.last]
            if hit.body >= 0:
                body = line.text[hit.body:]
                current = [[body], [line], [0], section, len(body)]
            continue
        text = line.text
        if not text.strip():
            blank_run += 1
            if blank_run > 1 or current is None or _ends_paragraph(_tail(current[0], span), span):
                flush()
            continue
        blank_run = 0
        if current is not None and not _ends_paragraph(_tail(current[0], span), span):
            current[2].append(current[4])
            current[0].append(text.strip())
            current[1].append(line)
            current[4] += len(current[0][-1])
            continue
        flush()
        current = [[text], [line], [0], section, len(text)]
    flush()
    return out


# Two numbered items glued on one PDF line ("（二）本年其他资金收入0万元4.财政专户管理资金收入0万元。"): a
# list number right after an amount's unit starts a new sentence (a decimal point never follows 元/%).
_GLUED_ITEM = _CLAIM_WORDS.rx["glued_item"].pattern


def sentence_spans(norm: str, span: Optional[int] = None) -> list[tuple[int, int]]:
    """``[start, end)`` of each sentence of a normalised paragraph (end includes its 。). A 。
    inside a bracket that closes later ("（公务用车购置费96万元，…；公务用车运行维护费114.95万元，
    比上年减少19.5万元。）比上年减少95.5万元") ends no sentence: the bracket is an aside of its
    sentence (within ``span`` characters; None: the lexicon's ``bracket_span``)."""
    span = load_lexicon().bracket_span if span is None else span
    spans = []
    start = 0
    for m in re.finditer(f"[{re.escape(SENTENCE_END)}]+|{_GLUED_ITEM}", norm):
        if _closes_later(norm, m, span):
            continue
        spans.append((start, m.end()))
        start = m.end()
    if start < len(norm):
        spans.append((start, len(norm)))
    return spans


def _closes_later(norm: str, m: re.Match, span: int) -> bool:
    """An open bracket before ``m`` is closed after it, within ``span`` characters."""
    if _open_bracket(norm, span, m.start()) < 0:
        return False
    depth = 0
    for ch in norm[m.end():m.end() + span]:
        if ch == "(":
            depth += 1
        elif ch == ")":
            if depth == 0:
                return True
            depth -= 1
    return False


__all__ = ["Normalized", "Paragraph", "SENTENCE_END", "is_prose", "normalize", "prose_lines",
           "running_lines",
           "sentence_spans",
           "spaced_apart",
           "to_paragraphs"]
