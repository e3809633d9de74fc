"""Recognise what a table is: its role (by title aliases, header as tie-breaker), phase, unit, note.

Why by alias and not by exact title: every region renames and renumbers the standard tables
(上海 部门财务收支预算总表, 江苏 公开01表 收支预算总表, 重庆 2024年XX单位财政拨款收支总表 …) and
wraps the role words in a year and a unit name. So the title is normalised (spaces, quotes and
table numbering removed) and searched with every family's aliases from ``rules/tables.toml``; the
longest match wins, and the header text breaks ties or stands in when a table has no title.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable, Optional, Sequence

from ..model import Document, Line, Metadata, Table
from ..rules.extract_words import load_extract_words
from ..rules.table_layouts import Family, TableLayouts
from .table_content import content_family, rows_contradict
from .table_terms import family_veto, term_family
from .table_grid import GridView, norm

_WORDS = load_extract_words()["titles"]  # rules/extract_words.toml [titles], compiled once
_TABLE_WORD = _WORDS.words["table_word"][0]
_META_LINE_RE = _WORDS.rx["meta_line"]

_QUOTES_RE = re.compile(r"[“”\"'‘’〝〞「」『』《》]")
#: an amount as printed in a table row (12.50, 1,234.56): a title line never carries two of them
_AMOUNT_RE = re.compile(r"(?<![\d.,])\d[\d,]*\.\d{2,}(?![\d%％])")


@dataclass(frozen=True)
class RoleMatch:
    """The recognised family and phase of one table, with the evidence used."""

    family: Optional[Family]
    kind: Optional[str]
    role: Optional[str]
    title: str
    by: str  # "title" | "header" | "terms" (table_terms.py) | "content" (table_content.py) | ""


def normalise_title(text: str, layouts: TableLayouts) -> str:
    """Title without spaces, quotes and leading table numbering (表一：, 公开01表, 表3-1, 一、).
    Numbering goes first, while the quotes still bound it: "表十一 “三公”经费…" would otherwise lose
    its 三 to the numeral run 十一三."""
    numbering = layouts.recognition.numbering
    return _strip_numbering(_QUOTES_RE.sub("", _strip_numbering(norm(text), numbering)), numbering)


def _strip_numbering(s: str, numbering: Sequence[re.Pattern]) -> str:
    """Leading table numbering removed, at most three layers (表一、公开01表 …)."""
    for _ in range(3):
        before = s
        for pat in numbering:
            s = pat.sub("", s, count=1)
        if s == before:
            break
    return s


def title_text(table: Table, view: GridView, layouts: TableLayouts) -> str:
    """The table's title: its title lines (minus unit/编制单位 lines), else title-like meta rows.

    A line carrying figures is a row of a table the reader did not find above this one (a
    table without rulings, header and 合计 only): it and the lines before it are no title."""
    rec = layouts.recognition
    lines = [ln.text.strip() for ln in table.title_lines]
    lines += [" ".join(t for t in view.raw[r] if t.strip()) for r in view.meta_rows]
    picked: list[str] = []
    for text in lines:
        s = norm(text)
        if not s or rec.note_pattern.search(s):
            continue
        if len(_AMOUNT_RE.findall(text)) >= 2:
            picked = []  # a row of figures: what came before it belongs to the table above
            continue
        s = rec.unit_pattern.sub("", s)
        s = _META_LINE_RE.sub("", s)
        if s:
            picked.append(s)
    return " ".join(dict.fromkeys(picked))


def _score(family: Family, title: str) -> int:
    if any(p.search(title) for p in family.exclude):
        return 0
    best = 0
    for pat in family.aliases:
        for m in pat.finditer(title):
            best = max(best, m.end() - m.start())
    return best


def _header_score(family: Family, header: str) -> int:
    return sum(1 for p in family.header_hints if p.search(header))


def header_text(view: GridView) -> str:
    return "|".join(c.label for c in view.columns if c.path)


def find_family(title: str, header: str, layouts: TableLayouts) -> tuple[Optional[Family], str]:
    """Best family for a title (longest alias match; header hints break ties), else by header."""
    scored = [(_score(f, title), _header_score(f, header), f) for f in layouts.families]
    scored = [s for s in scored if s[0] > 0]
    if scored:
        scored.sort(key=lambda s: (s[0], s[1]), reverse=True)
        return scored[0][2], "title"
    if _TABLE_WORD in title:
        return None, ""  # a printed title that names no known table: not guessed from the header
    hinted = [(_header_score(f, header), f) for f in layouts.families if f.header_hints]
    hinted = [h for h in hinted if h[0] > 0 and all(p.search(header) for p in h[1].header_hints)]
    if len(hinted) == 1 or (hinted and hinted[0][0] > max(h[0] for h in hinted[1:])):
        return hinted[0][1], "header"
    return None, ""


def _phase_words(text: str, layouts: TableLayouts) -> Optional[str]:
    rec = layouts.recognition
    s = text
    for word in rec.neutral_words:
        s = s.replace(word, "")
    if any(w in s for w in rec.final_words):
        return "final"
    if any(w in s for w in rec.budget_words):
        return "budget"
    return None


def find_kind(title: str, header: str, metadata: Metadata, layouts: TableLayouts) -> str:
    """预算 or 决算: the title's own words first, then the metadata, then the header, else budget."""
    kind = _phase_words(title, layouts)
    if kind:
        return kind
    if metadata.kind in ("budget", "final"):
        return metadata.kind
    if any(w in header for w in layouts.recognition.final_words):
        return "final"
    return "budget"


_ORPHAN_SENTENCE_RE = _WORDS.rx["orphan_sentence"]
_ORPHAN_QUALIFIER_RE = re.compile(r"[（(][^（()）]{1,16}[）)]$")
_PAGE_NUMBER_RE = _WORDS.rx["page_number"]


def _titled(lines: Sequence[Line]) -> Optional[int]:
    """Index of the first line that reads as a table title (ends in 表, not a sentence)."""
    for i, ln in enumerate(lines):
        s = _ORPHAN_QUALIFIER_RE.sub("", norm(ln.text))
        if s.endswith(_TABLE_WORD) and not _ORPHAN_SENTENCE_RE.search(s):
            return i
    return None


def orphan_title(document: Document, table: Table, reach: int) -> tuple[Line, ...]:
    """Title lines the reader did not attach to ``table`` (their lines, then its own), or ()
    when it has a title or none is found. Two layouts, both seen on unseen documents:

    * the title sits just above the lines the reader did attach (江苏 2017: "一般公共预算基本支出
      预算表" above "部门：… 单位：万元", only the latter attached): running-text lines of the same
      page between the previous table and this one;
    * the title is left at the foot of the previous page (江苏 2018: "四、…财政拨款收支预算总表 /
      单位：万元" end page 10, the grid starts page 11), for the first table of its page.

    At most ``reach`` lines (tables.toml ``orphan_lines``), one of which must end in 表 (a title, not a sentence)."""
    if _titled(table.title_lines) is not None or table.page < 1 \
            or table.page > len(document.pages):
        return ()
    firsts = [ln.number for ln in table.title_lines] + [table.line if table.line is not None
                                                        else 10 ** 6]
    here = document.pages[table.page - 1].lines
    above = [ln for ln in here if ln.number < min(firsts)]
    earlier = [ln.number for ln in above if ln.table is not None]
    if not earlier and not any(t.page == table.page and t.index < table.index
                               for t in document.tables):
        above = _page_tail(document, table.page - 1) + [ln for ln in above if ln.table is None]
    else:  # the last table line above, found once (per line it made a page of tables quadratic)
        last = max(earlier, default=-1)
        above = [ln for ln in above if ln.table is None and ln.number > last]
    tail = [ln for ln in above if not _PAGE_NUMBER_RE.fullmatch(ln.text)][-reach:]
    at = _titled(tail)
    return () if at is None else tuple(tail[at:]) + tuple(table.title_lines)


def _page_tail(document: Document, page: int) -> list[Line]:
    """Running-text lines below every table line of ``page`` (1-based; [] for page 0)."""
    if page < 1:
        return []
    lines = document.pages[page - 1].lines
    last_table = max((ln.number for ln in lines if ln.table is not None), default=-1)
    return [ln for ln in lines if ln.table is None and ln.number > last_table]


def recognise(table: Table, view: GridView, metadata: Metadata,
              layouts: TableLayouts) -> RoleMatch:
    title = title_text(table, view, layouts)
    ntitle = normalise_title(title, layouts)
    min_rows = layouts.recognition.content_min_rows
    header = header_text(view)
    family, by = find_family(ntitle, header, layouts)
    if family is not None and by == "title":  # an alias fragment whose title's terms say otherwise
        other = family_veto(family, ntitle, header, layouts, metadata.unit or "")
        if other is not None and not rows_contradict(other, view, min_rows):
            family, by = other, "terms"
    if family is None and _TABLE_WORD in ntitle:  # a title no alias knows: its terms, else its content
        family, by = term_family(ntitle, header, layouts, metadata.unit or ""), "terms"
        if family is not None and rows_contradict(family, view, min_rows):
            family = None  # the words fit, the rows (projects, units) do not
    if family is None and _TABLE_WORD in ntitle:
        family, by = content_family(ntitle, header, view, layouts), "content"
    if family is None:
        return RoleMatch(None, None, None, title, "")
    kind = None if family.kindless else find_kind(ntitle, header, metadata, layouts)
    return RoleMatch(family, kind, family.role(kind), title, by)


def money_unit(table: Table, view: GridView, family: Optional[Family],
               layouts: TableLayouts, printed: Optional[str] = None) -> str:
    """单位：万元/元/千元 as printed for the table (``printed``, else :func:`printed_unit`); else
    the layout default."""
    printed = printed or printed_unit(table, view, layouts)
    if printed:
        return printed
    return family.money_unit if family else layouts.default_money_unit


def printed_unit(table: Table, view: GridView, layouts: TableLayouts,
                 document: Optional[Document] = None) -> Optional[str]:
    """The money unit printed for the table: in its title lines or the grid's first rows, else
    (with ``document``) on a running-text line just above it on its page; None if none is.

    Why the lines above: a title line the reader could not attach (西安 表13: the title run
    together with the header's vertical text, ending 金额单位：元) still states the unit."""
    rec = layouts.recognition
    texts: list[str] = [ln.text for ln in table.title_lines]
    for r in list(view.meta_rows) + list(view.header_rows[:2]):
        texts.extend(view.raw[r])
    if document is not None:
        texts.extend(_lines_above(document, table))
    for text in texts:
        m = rec.unit_pattern.search(norm(text))
        if m:
            return m.group(1)
    return None


def _lines_above(document: Document, table: Table, limit: int = 4) -> list[str]:
    """Up to ``limit`` running-text lines printed just above the table on its first page (up to
    another table), nearest first; PDF lines by position, text lines by number."""
    page = next((p for p in document.pages if p.number == table.page), None)
    if page is None:
        return []
    top = table.bbox[1] if table.bbox is not None else None
    out: list[str] = []
    for ln in reversed(page.lines):
        if top is not None and ln.bbox is not None:
            if ln.bbox[1] >= top:
                continue
        elif table.line is None or ln.number >= table.line:
            continue
        if ln.table is not None and ln.table != table.index:
            break
        if ln.table is None and ln.text.strip():
            out.append(ln.text)
            if len(out) >= limit:
                break
    return out


def _lines_after(document: Document, table: Table) -> Iterable[str]:
    """Up to four running-text lines printed just below the table (its 备注/注).

    Text inputs locate the table by the cells' line numbers; PDFs by the bottom of the last
    page's cells."""
    last_page = max(((c.page or table.page) for c in table.cells), default=table.page)
    cells = [c for c in table.cells if (c.page or table.page) == last_page]
    last_line = max((c.line for c in cells if c.line is not None), default=None)
    bottom = max((c.bbox[3] for c in cells if c.bbox is not None), default=None)
    if last_line is None and bottom is None:
        return []
    out: list[str] = []
    for page in document.pages:
        if page.number < last_page:
            continue
        for ln in page.lines:
            if page.number == last_page and not _below(ln, last_line, bottom):
                continue
            if ln.table is not None and ln.table != table.index:
                return out
            if ln.table is None and ln.text.strip():
                out.append(ln.text.strip())
            if len(out) >= 4:
                return out
    return out


def _below(line: Line, last_line: Optional[int], bottom: Optional[float]) -> bool:
    """Whether ``line`` is printed below the table: after its last line number (text inputs),
    else below the bottom of its cells (PDFs)."""
    if last_line is not None:
        return line.number > last_line
    return line.bbox is not None and bottom is not None and line.bbox[1] >= bottom - 1


def table_note(document: Document, table: Table, view: GridView, layouts: TableLayouts) -> str:
    """The table's 备注/注/说明 text: from inside the grid, the title lines or the lines below."""
    rec = layouts.recognition
    notes = [" ".join(t.strip() for t in view.raw[r] if t.strip()) for r in view.note_rows]
    notes += [ln.text.strip() for ln in table.title_lines if rec.note_pattern.search(ln.text)]
    if not notes:
        for text in _lines_after(document, table):
            if rec.note_pattern.search(text):
                notes.append(text)
            elif notes:
                break
    return " ".join(dict.fromkeys(notes))
