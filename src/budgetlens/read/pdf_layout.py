"""Visible chars → words → lines, and the joining rules shared by lines and table cells.

Why positions and not the text layer's order: layout readers interleave wrapped cells, content-order
readers keep them but scatter a page's columns (libraries.md §2 finding 3). Grouping by position,
then joining fragments by what they are (CJK, digits, Latin words), gives lines as printed and cell
texts that parse: ``事业单位`` + ``经营收入`` → ``事业单位经营收入``, ``1 234.50`` → ``1234.50``,
``Total`` + ``expense`` → ``Total expense``.
"""

from __future__ import annotations

from operator import add, itemgetter
from typing import Callable, Optional, Sequence

from budgetlens.model import BBox, Line, Word
from budgetlens.read.pdf_objects import Char
from budgetlens.read.settings import LayoutSettings

# The thresholds (word, digit, separator and CJK gaps, fake-bold doubles, line tolerance) are
# :class:`~budgetlens.read.settings.LayoutSettings`; every function takes them as ``layout``.
_LAYOUT = LayoutSettings()

_DIGITISH = frozenset("0123456789.,%，．-")


def is_cjk(ch: str) -> bool:
    """CJK ideographs and the punctuation printed between them (full-width forms, curly
    quotes, …, —, ·), which Chinese text sets without spaces."""
    o = ord(ch)
    return (0x2E80 <= o <= 0x9FFF or 0xF900 <= o <= 0xFAFF or 0xFF00 <= o <= 0xFF65
            or 0x3000 <= o <= 0x303F or 0x2018 <= o <= 0x201F or o in (0x2026, 0x2014, 0xB7))


def glue(left: str, right: str, gap: float, size: float, cjk_gap: Optional[float] = None,
         layout: LayoutSettings = _LAYOUT) -> str:
    """The separator between two fragments printed side by side on one line. Within one table
    cell ``cjk_gap`` is unbounded: a cell holds one label, however widely it is spaced (None:
    ``layout.cjk_gap``)."""
    if cjk_gap is None:
        cjk_gap = layout.cjk_gap
    a, b = left[-1], right[0]
    if a in _DIGITISH and b in _DIGITISH:
        # a separator next to a digit never stands alone: "1," + "121.39" is one number
        limit = layout.separator_gap if (a in ",." or b in ",.") else layout.digit_gap
        if gap < limit * size:
            return ""
    if (is_cjk(a) or is_cjk(b)) and gap < cjk_gap * size:
        return ""
    return " "


def join_stacked(parts: Sequence[str]) -> str:
    """Join the lines of one wrapped cell: a space only between two Latin words."""
    out = ""
    for p in parts:
        p = p.strip()
        if not p:
            continue
        if out and out[-1].isascii() and out[-1].isalpha() and p[0].isascii() and p[0].isalpha():
            out += " "
        out += p
    return out


def _mid(c: Char) -> float:
    return c.top + c.bottom


_left = itemgetter(1)  # Char.x0, read in C: rows are sorted by it for every line and cell
_top, _bottom = itemgetter(2), itemgetter(4)  # Char.top, .bottom, read in C
_x1 = itemgetter(3)  # Char.x1 (and Word.x1: the four fields of a box have the same places)


def doubled_mids(chars: Sequence[Char]) -> list[float]:
    """Every char's ``top + bottom`` (twice its centre), in order: built by C iterators (map),
    not a comprehension, as it is asked for every char of every page (~5% of the layout)."""
    return list(map(add, map(_top, chars), map(_bottom, chars)))

# The hot loops below read a Char by unpacking it (``text, x0, top, x1, bottom, size, space``)
# or by index, not by field name: a NamedTuple field is a property, and on CPython 3.11 reading
# one costs a descriptor call, several times an index into the tuple (cProfile showed these
# loops at a tenth of reading).


def mid_order(chars: Sequence[Char]) -> tuple[list[Char], list[float]]:
    """The chars by vertical centre, top to bottom (stable: ties keep their order in
    ``chars``), and their doubled centres (``top + bottom``) in that order, ascending. Why once
    per page: rows are clustered from this order for the page's lines and again for every cell;
    a cell's chars taken from it in this order are already in the order a sort of the cell's
    own chars would give (a stable sort of a subsequence is the subsequence of the stable
    sort), so no cell sorts again; and the chars within a band of height are one slice of it,
    found by bisecting the centres instead of testing every char of the page."""
    mids = doubled_mids(chars)  # twice the centres (as :func:`_mid`)
    # sorted through the indices: no Python call per char
    order = sorted(range(len(mids)), key=mids.__getitem__)
    return list(map(chars.__getitem__, order)), list(map(mids.__getitem__, order))


def mid_sorted(chars: Sequence[Char]) -> list[Char]:
    """The chars of :func:`mid_order`, without their centres."""
    mids = doubled_mids(chars)
    return list(map(chars.__getitem__, sorted(range(len(mids)), key=mids.__getitem__)))


def cluster_rows(chars: Sequence[Char], layout: LayoutSettings = _LAYOUT) -> list[list[Char]]:
    """Group chars into printed rows by vertical centre, each row sorted left to right."""
    if len(chars) < 2:
        return [[chars[0]]] if chars else []
    return cluster_sorted(mid_sorted(chars), layout)


def cluster_sorted(chars: Sequence[Char], layout: LayoutSettings = _LAYOUT) -> list[list[Char]]:
    """:func:`cluster_rows` of chars already in :func:`mid_sorted` order (see
    :func:`row_starts`), each row sorted left to right."""
    starts = row_starts(chars, None, layout)
    rows = [list(chars[a:b]) for a, b in zip(starts, starts[1:])]
    for r in rows:
        if len(r) > 1:
            r.sort(key=_left)
    return rows


def tolerance(c: Char, layout: LayoutSettings = _LAYOUT) -> float:
    """Twice how far (points) a char's centre may lie below the centre of the first char of a
    row, ``c``, and still be in that row: ``layout.line_tol`` of its height, the height capped
    by its font size, at least a point."""
    _, _, top, _, bottom, size, _ = c
    return size_tolerance(bottom - top, size, layout)


def size_tolerance(h: float, size: float, layout: LayoutSettings = _LAYOUT) -> float:
    """:func:`tolerance` of a char of height ``h`` and font size ``size``."""
    cap = (size if size > 1.0 else 1.0) * 1.3
    tol = 2 * layout.line_tol * (h if h < cap else cap)
    return tol if tol >= 2.0 else 2.0


def row_starts(chars: Sequence[Char], mids: Optional[Sequence[float]] = None,
               layout: LayoutSettings = _LAYOUT) -> list[int]:
    """Where each printed row begins in chars in :func:`mid_sorted` order, and ``len(chars)``
    last: a row takes the chars whose centre lies within :func:`tolerance` of its first
    char's, so every row is a run of that order. ``mids``: their doubled centres, as
    :func:`mid_order` gives them (computed here when not given)."""
    starts: list[int] = []
    ref = tol = 0.0
    for k, cy in enumerate(doubled_mids(chars) if mids is None else mids):
        if starts and cy - ref <= tol:  # doubled centres, compared with twice the tolerance
            continue
        starts.append(k)
        ref = cy
        tol = tolerance(chars[k], layout)
    starts.append(len(chars))
    return starts


_new = tuple.__new__  # Word(...) through NamedTuple's generated __new__ costs a Python frame


def to_words(row: Sequence[Char], layout: LayoutSettings = _LAYOUT) -> list[Word]:
    """Split one sorted row of chars into words at printed spaces and wide gaps."""
    return row_words(row, layout)[0]


def row_words(row: Sequence[Char], layout: LayoutSettings = _LAYOUT
              ) -> tuple[list[Word], list[int]]:
    """:func:`to_words`, and where in ``row`` each word's first char is (a cell whose chars
    are a run of the row between word boundaries has those words: :mod:`pdf_rows`)."""
    words: list[Word] = []
    firsts: list[int] = []
    text: list[str] = []
    x0 = top = x1 = bottom = last = 0.0
    limit = 0.0
    word_gap, duplicate = layout.word_gap, layout.duplicate
    for k, (ch, cx0, ctop, cx1, cbottom, size, space) in enumerate(row):
        if space:
            if text:
                words.append(_new(Word, ("".join(text), x0, top, x1, bottom)))
                text = []
            continue
        if text and cx0 - x1 <= limit:
            if ch == text[-1] and cx0 - last < duplicate:
                continue  # the same glyph drawn twice (fake bold): read it once
            last = cx0
            text.append(ch)
            if cx1 > x1:
                x1 = cx1
            if ctop < top:
                top = ctop
            if cbottom > bottom:
                bottom = cbottom
            continue
        if text:
            words.append(_new(Word, ("".join(text), x0, top, x1, bottom)))
        firsts.append(k)
        text = [ch]
        x0, top, x1, bottom = cx0, ctop, cx1, cbottom
        last = cx0
        limit = word_gap * (size if size > 1.0 else 1.0)
    if text:
        words.append(_new(Word, ("".join(text), x0, top, x1, bottom)))
    return words, firsts


def words_text(words: Sequence[Word], row: Sequence[Char], cjk_gap: Optional[float] = None,
               layout: LayoutSettings = _LAYOUT) -> str:
    """Text of a row of words: printed spaces kept (in a cell, not between CJK characters:
    ``项 目`` is the label 项目), other gaps joined by :func:`glue` (``cjk_gap`` None:
    ``layout.cjk_gap``)."""
    if len(words) < 2:  # nothing to join (most cells)
        return words[0][0] if words else ""  # Word.text
    return join_words(words, *row_facts(row), cjk_gap, layout)


def row_facts(row: Sequence[Char]) -> tuple[float, list[float]]:
    """What :func:`join_words` reads of a row's chars: its largest font size (10 when none)
    and the left edges of its printed spaces, in the row's order."""
    return (max([c[5] for c in row], default=10.0) or 10.0,  # Char.size
            [c[1] for c in row if c[6]])  # Char.x0 of the printed spaces


def join_words(words: Sequence[Word], size: float, spaced: Sequence[float],
               cjk_gap: Optional[float] = None, layout: LayoutSettings = _LAYOUT) -> str:
    """:func:`words_text` of two or more words, from their row's :func:`row_facts` (which the
    compiled layout gives from its arrays, without the chars' tuples: :mod:`pdf_rows`)."""
    if cjk_gap is None:
        cjk_gap = layout.cjk_gap
    unbounded = cjk_gap == float("inf")
    out = words[0][0]
    for prev, w in zip(words, words[1:]):  # Word text, x0, top, x1, bottom by index
        ptext, px1, wtext, wx0 = prev[0], prev[3], w[0], w[1]
        if spaced and any(px1 - 0.5 <= s <= wx0 + 0.5 for s in spaced) and not (
                unbounded and is_cjk(ptext[-1]) and is_cjk(wtext[0])):
            out += " " + wtext
        else:
            out += glue(ptext, wtext, wx0 - px1, size, cjk_gap, layout) + wtext
    return out


def row_text(row: Sequence[Char], cjk_gap: Optional[float] = None,
             layout: LayoutSettings = _LAYOUT) -> str:
    return words_text(to_words(row, layout), row, cjk_gap, layout)


def to_lines(chars: Sequence[Char], page: int, by_mid: bool = False,
             layout: LayoutSettings = _LAYOUT) -> list[Line]:
    """Lines of a page in reading order (top to bottom, left to right), numbered from 1.
    ``by_mid``: ``chars`` are in :func:`mid_sorted` order already."""
    rows = cluster_sorted(chars, layout) if by_mid else cluster_rows(chars, layout)
    return lines_of(rows, [to_words(r, layout) for r in rows], page, layout)


def lines_of(rows: Sequence[Sequence[Char]], words: Sequence[list[Word]], page: int,
             layout: LayoutSettings = _LAYOUT) -> list[Line]:
    """The lines of printed rows split into ``words`` (a row without words is no line)."""
    return lines_from(words, lambda r: row_facts(rows[r]), page, layout)


def lines_from(words: Sequence[list[Word]], facts: Callable[[int], tuple[float, list[float]]],
               page: int, layout: LayoutSettings = _LAYOUT) -> list[Line]:
    """:func:`lines_of` given, instead of the rows' chars, ``facts(r)``: :func:`row_facts` of
    row ``r`` (asked only for a row of two or more words, whose text joins them)."""
    lines: list[Line] = []
    for r, ws in enumerate(words):
        if not ws:
            continue
        # Word.x0, .top, .x1, .bottom by itemgetter (C iterators: a comprehension is a frame)
        bbox = (min(map(_left, ws)), min(map(_top, ws)), max(map(_x1, ws)), max(map(_bottom, ws)))
        text = ws[0][0] if len(ws) == 1 else join_words(ws, *facts(r), None, layout)
        lines.append(Line(text, page, len(lines) + 1, bbox, tuple(ws)))
    return lines


def line_box(line: Line) -> BBox:
    """The box of a line the PDF reader made. Why a check: the model's ``Line.bbox`` is Optional
    (text-like formats print no positions) while every PDF line has one (:func:`lines_of`); the
    PDF stages that measure lines go through here, so a line without one is named as the bug it
    is rather than failing as ``None[3]``."""
    if line.bbox is None:
        raise TypeError(f"PDF line {line.number} of page {line.page} has no box: {line.text!r}")
    return line.bbox
