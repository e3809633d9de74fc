"""The narrative as the form checks see it: located passages in reading order, and sections.

Why a derived view: a :class:`~budgetlens.model.Disclosure` carries the narrative only as what
extraction kept of it (headings, claims, sentences that produced facts), each with its
:class:`~budgetlens.model.Source`. The form checks need "the sentences of the 三公 section" or
"every narrative sentence that names a year"; this module rebuilds that view once per disclosure,
from those records only, and never writes anything back.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property
from typing import Any, Callable, Iterable, NamedTuple, Optional, Sequence

from budgetlens.model import Claim, Disclosure, Fact, Heading, Source, TableInfo
from budgetlens.reconcile.form_index import unquoted_remainders
from budgetlens.reconcile.form_layout import Layout
from budgetlens.rules.form_words import load_form_words
from budgetlens.rules.templates import Template, Templates, load_templates

from .tolerance import ToleranceSettings


#: what a sentence (or a quoted or bracketed clause closing one) ends with, and the shortest
#: last line read as a sentence cut rather than a heading or a cell (:attr:`FormContext.cut_end`)
_SENTENCE_END = tuple("。！？!?；;…）)”\"")
_CUT_MIN_CHARS = 20


class Passage(NamedTuple):
    """One located piece of narrative text. ``heading`` is set when the passage is a heading."""

    source: Source
    text: str
    heading: Optional[Heading] = None

    @property
    def head(self) -> Heading:
        """The heading of a passage taken from ``FormText.headings`` (where every one has it)."""
        if self.heading is None:
            raise TypeError(f"not a heading: {self.text[:40]!r}")
        return self.heading

    @property
    def position(self) -> tuple[int, int]:
        return (self.source.page or 0, self.source.line or 0)


def _reading_order(p: Passage) -> tuple[int, int, bool]:
    """Page, line, a heading before the text of its line: ``(position, heading is None)`` as one
    flat tuple (sorting every narrative line through the ``position`` property was 2% of the
    audit)."""
    source = p.source
    return (source.page or 0, source.line or 0, p.heading is None)


def _passages(disclosure: Disclosure) -> tuple[Passage, ...]:
    """Headings, claims and text facts, deduplicated by (page, line, text), in reading order.
    Table cells are not narrative: anything whose source points into a table is left out."""
    seen: dict[tuple, Passage] = {}
    items: list[Passage] = [Passage(h.source, h.source.text or h.title, h)
                            for h in disclosure.headings]
    items += [Passage(c.source, c.source.text or c.text) for c in disclosure.claims]
    items += [Passage(f.source, f.source.text) for f in disclosure.facts if f.origin == "text"]
    for p in items:
        if p.source.table is not None or not p.text.strip():
            continue
        key = (p.source.page, p.source.line, p.text)
        if key not in seen or (p.heading is not None and seen[key].heading is None):
            seen[key] = p
    return tuple(sorted(seen.values(), key=_reading_order))


@dataclass(frozen=True)
class SectionText:
    """A heading and the passages under it (up to the next heading of the same or higher level)."""

    heading: Passage
    passages: tuple[Passage, ...]

    @property
    def text(self) -> str:
        return "\n".join([self.heading.text] + [p.text for p in self.passages])


class FormContext:
    """Everything the form evaluators share about one disclosure, computed lazily, once.
    ``settings`` are the audit's tolerance settings (``audit --percent-slack`` …): a form check
    that compares figures judges them as the identities do."""

    def __init__(self, disclosure: Disclosure, templates: Optional[Templates] = None,
                 settings: Optional[ToleranceSettings] = None):
        self.disclosure = disclosure
        self.templates = templates or load_templates()
        self.meta = disclosure.metadata
        self.settings = settings or ToleranceSettings()
        self._shared: dict[str, Any] = {}

    def shared(self, key: str, compute: Callable[[], Any]) -> Any:
        """A view of this disclosure that several checks read (the coded facts …), computed on
        the first ask. Kept on the context, so it lives and dies with one document's audit."""
        if key not in self._shared:
            self._shared[key] = compute()
        return self._shared[key]

    @cached_property
    def passages(self) -> tuple[Passage, ...]:
        return _passages(self.disclosure)

    @cached_property
    def lines(self) -> tuple[Passage, ...]:
        """Running-text lines, less what a passage of the same page already quotes: the wording
        that no heading, claim or fact carries (an unnumbered 名词解释, a sentence without
        figures). ``text`` is that remainder; ``source.text`` the printed line. The quotes a
        line holds are looked up by their first characters (``form_index``), not each asked: an
        HTML file is one page, and lines × passages of it was a fuzz hang (html-2026-020096)."""
        quotes: dict[Optional[int], list[str]] = {}
        printed: dict[Optional[int], list[str]] = {}
        for p in self.passages:
            quotes.setdefault(p.source.page, []).append(_squash(p.text))
        for line in self.disclosure.narrative:
            printed.setdefault(line.page, []).append(_squash(line.text))
        left = {page: unquoted_remainders(quotes.get(page, ()), texts)
                for page, texts in printed.items()}
        out = []
        for line in self.disclosure.narrative:
            rest = left[line.page].get(_squash(line.text), "").strip("\n ")
            if rest.strip("\n，,。；;:： "):
                out.append(Passage(Source(file=self.disclosure.path, page=line.page,
                                          line=line.number, bbox=line.bbox, text=line.text), rest))
        return tuple(out)

    @cached_property
    def texts(self) -> tuple[Passage, ...]:
        """Passages and the remaining lines, in reading order: everything narrative, once."""
        return tuple(sorted(self.passages + self.lines, key=_reading_order))

    @cached_property
    def _places(self) -> dict[int, int]:
        """Where each passage object stands in ``texts`` (``texts.index`` per section was a scan
        of the document per heading)."""
        places: dict[int, int] = {}
        for k, p in enumerate(self.texts):
            places.setdefault(id(p), k)
        return places

    @cached_property
    def layout(self) -> Layout:
        """The running text joined with positions, built once: six checks read it, and each
        building its own cost a pass over every narrative line and text fact per check."""
        return Layout(self.disclosure)

    @cached_property
    def headings(self) -> tuple[Passage, ...]:
        return tuple(p for p in self.passages if p.heading is not None)

    @cached_property
    def template(self) -> Optional[Template]:
        return self.templates.select(self.meta.kind, self.meta.level, self.meta.template)

    @cached_property
    def recognised_tables(self) -> tuple[TableInfo, ...]:
        return tuple(t for t in self.disclosure.tables if t.role)

    @cached_property
    def truncated(self) -> bool:
        """The narrative stops short of its own table of contents: the first heading comes back
        after a 目录 (so the headings before it are TOC entries), and a good share of those
        entries never shows up in the body. An excerpt, or a document cut in parts, must not be
        audited for sections it simply does not include."""
        titles = [_squash(p.head.title) for p in self.headings]
        leaders = sum(1 for p in self.headings
                      if _TOC_RE.search(p.source.text or p.head.title) is not None)
        if titles and leaders >= 0.5 * len(titles):
            return True  # nothing but a table of contents (PAGEREF fields, dot leaders)
        if self._contents_only:
            return True
        cut = self._toc_end(titles) if len(titles) >= 4 else None
        if cut is None:
            return len(titles) >= 4 and self._contents_first
        # a TOC also lists the tables, which narrative-only files publish separately
        toc = [t for t in titles[:cut] if not t.endswith(load_form_words().title_ends)]
        body = titles[cut:]
        missing = [t for t in toc if not any(_similar(t, b) for b in body)]
        return len(missing) >= max(2, self.templates.truncated_share * len(toc))

    @property
    def _contents_only(self) -> bool:
        """Half the running-text lines or more are entries of a table of contents (a dot leader
        to a page number or a page range, or to the text's end): the text stops inside its 目录.
        温泉街道 2022 (an excerpt): 目录 entries "五、一般公共预算财政拨款支出决算情况说明........16-18"
        down to a cut "十三、预算绩效情况说明......" — few of them parse as headings, so the heading
        count above missed it, and the 名词解释 its 目录 had no room for was reported missing."""
        lines = [line.text for line in self.disclosure.narrative if line.text.strip()]
        entries = sum(1 for text in lines if _TOC_RE.search(text) is not None)
        return bool(lines) and entries >= 0.5 * len(lines)

    @property
    def _contents_first(self) -> bool:
        """A 目录 line comes before the first heading, and (the caller found) none of its entries
        is printed again: the text stops before the body's first heading. 河西务镇 2023 (an
        excerpt) lists 第一部分 … 第四部分 under 目 录, then its 概况 paragraphs are cut off, so
        情况说明 sections it lists under "其他重要事项的情况说明" were reported missing; 交口街道
        2021 stops in the preamble after its 目录. A whole document prints its headings again."""
        if not self.headings:
            return False
        first = self.headings[0].position
        contents = load_form_words().contents  # rules/form_words.toml [titles]
        return any(_squash(line.text) in contents and (line.page or 0, line.number or 0) < first
                   for line in self.disclosure.narrative)

    def _toc_end(self, titles: list[str]) -> Optional[int]:
        """Where the body starts after a 目录: the first heading printed again, or the first part
        heading numbered again (第一部分 …). A body may reprint its parts under the unit's own
        name (目录 "第一部分 部门概况", body "第一部分 朝阳市公安局概况"), so a part's number says
        the 目录 is over where its title does not. Only part numbers count: 一、 restarts in
        every part of a body without a 目录. A body that prints no part heading at all starts
        where one of the 目录's first entries comes back (大英 福禄小学 2023: 目录 "第一部分 2023年
        部门预算编制说明 / 一、基本职能及主要工作 / …", body "…编制说明 / 一、基本职能及主要工作")."""
        first = self.headings[0].head
        for i, p in enumerate(self.headings[1:], 1):
            if titles[i] == titles[0] or titles[i] in titles[1:min(i, 3)]:
                return i
            if first.level == 0 == p.head.level and first.number \
                    and _squash(p.head.number) == _squash(first.number):
                return i
        return None

    @cached_property
    def cut_end(self) -> Optional[Source]:
        """Where the text stops in the middle of a sentence, if it does: its last narrative line
        is the document's last printed thing (no table after it), a long line with a comma that
        ends no sentence — a page excerpt cut there (防城港 2018: "…同比增长2.8%。其中:一般公共财政
        预算拨"; 云南 中西医结合医院 2017: "…4.46元,完"). What the text would go on to say (a
        section, the reason of a change) is not in the copy. A line ending its sentence, or a
        short one (a table cell, a heading), is no cut."""
        if not self.texts:
            return None
        end = self.texts[-1].source
        lines = self.disclosure.narrative
        last = max(lines, key=lambda ln: (ln.page or 0, ln.number or 0)) if lines else None
        at_end = (last.page or 0, last.number or 0) if last is not None else (end.page or 0,
                                                                               end.line or 0)
        after = ((t.page, t.source.line or 0 if t.source else 0) for t in self.disclosure.tables)
        if at_end < (end.page or 0, end.line or 0) or any(at > at_end for at in after):
            return None
        # the last printed line decides, not the line the last passage starts on (a sentence over
        # four lines: "九、机关运行经费：指…办公及印刷费、" … "…及其他费用。", 江苏 高级法院 2018)
        text = (last.text if last is not None else self.texts[-1].text).strip()
        cut = len(text) >= _CUT_MIN_CHARS and bool(re.search(r"[，,]", text)) \
            and not text.endswith(_SENTENCE_END)
        return end if cut else None

    @property
    def has_narrative(self) -> bool:
        """Enough headings or sentences to call the document a narrative (not a tables-only file)."""
        return (len(self.headings) >= self.templates.min_headings
                or len(self.passages) >= self.templates.min_passages)

    @cached_property
    def core_tables(self) -> tuple[TableInfo, ...]:
        """Recognised tables of a role the template expects (performance forms do not count)."""
        t = self.template
        expected = set(t.required_tables + t.recommended_tables) if t else set()
        return tuple(x for x in self.recognised_tables if x.role in expected)

    @property
    def has_tables_part(self) -> bool:
        """Only recognised core tables count: a 部门预算表 heading alone is printed by
        narrative-only files whose tables are published separately (报表另行发布, 公开表附后), and
        an attachment of 140 绩效目标表 is not the tables part either."""
        return len({x.role for x in self.core_tables}) >= self.templates.min_recognised_tables

    @cached_property
    def tables_heading(self) -> Optional[Passage]:
        """The heading announcing the tables part (第二部分 部门预算表), if printed."""
        keys = self.templates.tables_heading_keywords
        for p in self.headings:
            if any(k in p.head.title for k in keys) and len(p.head.title) <= 40:
                return p
        return None

    def section(self, heading: Passage) -> SectionText:
        """The texts under ``heading`` until a heading of the same or a higher level."""
        level = heading.head.level
        start = self._places.get(id(heading))
        if start is None:  # an equal passage made elsewhere
            start = self.texts.index(heading)
        body: list[Passage] = []
        for p in self.texts[start + 1:]:
            if p.heading is not None and p.heading.level <= level:
                break
            body.append(p)
        return SectionText(heading, tuple(body))

    def find_headings(self, keywords: Iterable[str], exclude: Sequence[str] = ()) -> list[Passage]:
        """Headings whose title holds any keyword and none of ``exclude``."""
        keywords = tuple(keywords)
        return [p for p in self.headings
                if any(k in p.head.title for k in keywords)
                and not any(x in p.head.title for x in exclude)]

    def text_facts(self) -> Iterable[Fact]:
        return (f for f in self.disclosure.facts if f.origin == "text")

    def claims(self, *kinds: str) -> list[Claim]:
        return [c for c in self.disclosure.claims if not kinds or c.kind in kinds]


def _squash(text: str) -> str:
    """Whitespace removed: a PDF line and the sentence quoting it differ only in spacing."""
    return "".join(text.split())


_TOC_RE = re.compile(r"PAGEREF|[.．…·]{4,}\s*\d*(?:\s*[-－–—~]\s*\d+)?\s*$")


def _similar(a: str, b: str) -> bool:
    """Two heading titles name the same section (a TOC entry and its heading in the body)."""
    if not a or not b:
        return False
    return a in b or b in a or (len(a) >= 6 and a[:6] == b[:6])


def same_sentence(a: Source, b: Source) -> bool:
    """Two sources quote the same sentence (same page and line, and one text holds the other)."""
    if (a.page, a.line) != (b.page, b.line):
        return False
    return not a.text or not b.text or a.text in b.text or b.text in a.text
