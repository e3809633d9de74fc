"""Tables printed without vertical rulings: rows from printed lines, columns from word positions.

Why: some report engines print tables as aligned text only, and 三线表 styles or Excel exports with
only horizontal borders leave no vertical ruling to find columns by. Then the columns are where the
words of the numeric rows line up: the union of their x-extents leaves gaps, and each gap is a
column boundary. Words, not wider segments, are used: Excel-style cells leave only a few points
between a right-aligned amount and the next column's label, less than a line's height. Runs of
lines that each carry ``min_numbers`` numbers in several columns
(:class:`~budgetlens.read.settings.TextTableSettings`) make the body (a few label-only lines
between them, such as ``二、上年结转``, belong to it, and a label line printed against a row's amounts is
the wrapped part of that row's label); running text never does; a run of one or two such lines only
when it opens with a total (合计) under header lines naming amounts (:func:`_headed_total`), and a
line printing one figure on a column's figures next to the run belongs to it (a 合计 row whose code
cell is blank). The header is the label lines just above the body: which column each of its words
heads is decided by the figure bands beside them (:mod:`pdf_textcols`, pdfplumber's text-alignment
reading: a centred header sits beside right-aligned figures, over no figure at all in wide cells),
and its cells are rebuilt by :mod:`pdf_textheader` (merged group cells over one leaf row).
"""

from __future__ import annotations

from functools import partial
from typing import Optional, Sequence

from budgetlens.model import BBox, Cell, Line, Word
from budgetlens.read.pdf_layout import line_box
from budgetlens.read.pdf_objects import Char
from budgetlens.read.pdf_tables import PageTable, inside
from budgetlens.read.pdf_textcols import header_columns
from budgetlens.read.pdf_textheader import (STRADDLE, column_of, extents_of, header_cells,
                                            stacked)
from budgetlens.read.settings import TextTableSettings
from budgetlens.rules.numbers import is_numeric_cell
from budgetlens.rules.read_words import load_read_words
from budgetlens.rules.table_layouts import load_table_layouts

# How many rows, cells and segments make a table, how far apart columns and rows may be, how
# large a header may grow: :class:`~budgetlens.read.settings.TextTableSettings`, passed as ``ts``.
_TS = TextTableSettings()
# A title or unit line printed above a table is never part of its header (rules/read_words.toml
# [titles] above_header).
_TITLE_RE = load_read_words()["titles"].rx["above_header"]


def _height(line: Line) -> float:
    return max((line.bbox[3] - line.bbox[1]) if line.bbox else 10.0, 4.0)


def _type_size(line: Line) -> float:
    """The height of the line's typical word: staggered wrapped header cells clustered into
    one line make the line's box taller than its type."""
    heights = sorted(w.bottom - w.top for w in line.words)
    return heights[len(heights) // 2] if heights else _height(line)


def _segments(line: Line, ts: TextTableSettings) -> list[tuple[float, float, str]]:
    """The line's words grouped into column segments separated by wide gaps."""
    h = _height(line)
    out: list[list] = []
    for w in line.words:
        if out and w.x0 - out[-1][1] <= ts.column_gap * h:
            out[-1][1] = w.x1
            out[-1][2] += w.text
        else:
            out.append([w.x0, w.x1, w.text])
    return [(a, b, t) for a, b, t in out]


def _numbers(line: Line) -> int:
    return sum(is_numeric_cell(w.text) for w in line.words)


def _is_row(line: Line, ts: TextTableSettings = _TS) -> bool:
    segs = _segments(line, ts)
    if len(segs) >= ts.min_segments and sum(is_numeric_cell(t) for _, _, t in segs) \
            >= ts.min_numbers:
        return True
    # amount columns set close together (元 with thousands in narrow cells) run into one
    # segment: then three amounts in a line apart from its label make it a row
    return len(segs) >= 2 and _numbers(line) >= ts.min_numbers + 1


def _close(upper: Line, lower: Line, ts: TextTableSettings) -> bool:
    return line_box(lower)[1] - line_box(upper)[3] <= ts.row_gap * _height(upper)


def _blocks(lines: Sequence[Line], ts: TextTableSettings) -> list[tuple[int, int]]:
    """Index ranges [start, end) of runs of numeric multi-column lines; up to
    ``ts.max_bridge`` close label-only lines between two numeric lines belong to the run."""
    runs: list[tuple[int, int]] = []
    start: Optional[int] = None  # the open run's first line; ``last`` its last numeric one
    last = 0
    for i, ln in enumerate(lines):
        if not _is_row(ln, ts):
            if start is not None and (i - last > ts.max_bridge or not _close(lines[i - 1], ln, ts)):
                runs.append((start, last + 1))
                start = None
            continue
        if start is not None and not _close(lines[i - 1], ln, ts):
            runs.append((start, last + 1))
            start = None
        if start is None:
            start = i
        last = i
    if start is not None:
        runs.append((start, last + 1))
    return [(a, b) for a, b in runs
            if sum(_is_row(ln, ts) for ln in lines[a:b]) >= ts.min_rows
            or _headed_total(lines, a, ts)]


def _headed_total(lines: Sequence[Line], start: int, ts: TextTableSettings) -> bool:
    """A run of one or two figure rows is a table when its first row is a total (合计 …) under
    header lines naming amounts (合计, 金额 …): the 收入总表 or “三公”经费表 of a small unit
    prints only its 合计 row. Without both, two lines of figures are running text or a list.
    The header is the close label lines above (a merged header prints several)."""
    row = lines[start]
    label = row.words[0].text if row.words else ""
    total = load_table_layouts().recognition.total_header
    if is_numeric_cell(label) or total.search(label) is None:
        return False
    words: list[Word] = []
    i = start
    while i > 0 and _header_room(lines, i, start, ts) and _close(lines[i - 1], lines[i], ts) \
            and not _numbers(lines[i - 1]) and not _TITLE_RE.search(lines[i - 1].text):
        i -= 1
        words += lines[i].words
    return len(words) >= ts.min_segments and any(total.search(w.text) for w in words)


def _header_room(lines: Sequence[Line], i: int, start: int, ts: TextTableSettings) -> bool:
    """Whether the line above ``lines[i]`` may still join a header whose first body row is
    ``lines[start]``. Why rows and not printed lines: a three-level header of wrapped cells
    (a 三公 table with 因公出国（境）费 / 公务用车购置费 wrapped in narrow cells under two groups)
    prints its labels on many staggered lines, each overlapping the next, which are one row."""
    if start - i >= ts.max_header_printed:
        return False
    # the rows of lines[i - 1:start], the header with the line above joined
    rows = 1 + sum(line_box(lines[k])[3] <= line_box(lines[k + 1])[1]
                   for k in range(i - 1, start - 1))
    return rows <= ts.max_header_lines


def _unions(spans: Sequence[tuple[float, float]], gap: float) -> list[list[float]]:
    merged: list[list[float]] = []
    for a, b in sorted(spans):
        if merged and a <= merged[-1][1] + gap:
            merged[-1][1] = max(merged[-1][1], b)
        else:
            merged.append([a, b])
    return merged


def _bands(rows: Sequence[Sequence[Word]], gap: float) -> list[list[float]]:
    """The body's column bands: the union of the rows' word extents, split where one row
    prints words on both sides of a stretch no word covers. Why: a long label left-aligned in
    a cramped column may end within a kerning gap of the right-aligned figures of the next
    column in another row, and the union joins the two; a row printing its label and its
    figure apart inside one band shows the band holds two columns."""
    out: list[list[float]] = []
    for band in _unions([(w.x0, w.x1) for ws in rows for w in ws], gap):
        inner = [[w for w in ws if band[0] <= w.x0 and w.x1 <= band[1]] for ws in rows]
        parts = _unions([(w.x0, w.x1) for ws in inner for w in ws], 0.0)
        cuts = [i for i in range(len(parts) - 1)
                if any(any(w.x1 <= parts[i][1] for w in ws)
                       and any(w.x0 >= parts[i + 1][0] for w in ws) for ws in inner)]
        bounds = [-1] + cuts + [len(parts) - 1]
        out += [[parts[a + 1][0], parts[b][1]] for a, b in zip(bounds, bounds[1:])]
    return out


def _columns(rows: Sequence[Line], header: Sequence[Line] = (), ts: TextTableSettings = _TS
             ) -> list[float]:
    """Column edges: the gaps left by the union of the numeric rows' word extents (each union
    a column's band). A header word between two bands heads one of them (a header centred
    over a right-aligned amount column sits left of its figures, one over a left-aligned
    label column right of its text), unless its line holds a word for that band already:
    then it heads a column left blank in the body (:func:`header_columns`)."""
    size = min(_height(ln) for ln in rows)
    gap = ts.min_column_gap * size
    bands = _bands([ln.words for ln in rows if _is_row(ln, ts)], gap)
    words = [w for ln in header for w in ln.words]
    sides, extra = header_columns(bands, header, gap)
    if extra:
        bands = sorted(bands + _unions(extra, gap))
        sides, _ = header_columns(bands, header, gap)
    edges = [bands[0][0] - 1.0]
    edges += [_edge_in(bands[i][1], bands[i + 1][0], words, sides.get(i, (None, None)))
              for i in range(len(bands) - 1)]
    edges.append(bands[-1][1] + 1.0)
    return edges


def _edge_in(g0: float, g1: float, words: Sequence[Word],
             side: tuple[Optional[float], Optional[float]] = (None, None)) -> float:
    """Where in the gap (g0, g1) between two body columns the boundary goes: right of the
    header words that head the left column and left of those that head the right one
    (``side``), inside the widest stretch that cuts the fewest header words (a centred header
    is wider than the right-aligned amounts under it, so the middle of the gap may cut it)."""
    lo = max(g0, side[0]) if side[0] is not None else g0
    hi = min(g1, side[1]) if side[1] is not None else g1
    if hi <= lo:
        lo, hi = g0, g1
    cuts = sorted({lo, hi} | {x for w in words for x in (w.x0, w.x1) if lo < x < hi})
    best = None
    for a, b in zip(cuts, cuts[1:]):
        m = (a + b) / 2
        key = (sum(w.x0 < m < w.x1 for w in words), -(b - a))
        if best is None or key < best[0]:
            best = (key, m)
    return best[1] if best else (lo + hi) / 2


def _straddles(w: Word, edges: Sequence[float]) -> bool:
    return any(w.x0 < e - STRADDLE and w.x1 > e + STRADDLE for e in edges[1:-1])


def _header_start(lines: Sequence[Line], start: int, edges: list[float],
                  ts: TextTableSettings) -> int:
    """Include up to a few label lines just above the numeric rows as header rows: close to
    the row below, within the page's text column, not a title (larger type, ``…表``,
    ``单位：万元``) and without numbers."""
    i = start
    body = _type_size(lines[start])
    while i > 0 and _header_room(lines, i, start, ts):
        ln, below = lines[i - 1], lines[i]
        if not _close(ln, below, ts) or _TITLE_RE.search(ln.text) or _numbers(ln) \
                or _type_size(ln) > ts.title_size * body:
            break
        if line_box(ln)[0] < edges[0] - 20:
            break
        i -= 1
    return i


def _fragment_of(label: Line, row: Line, ts: TextTableSettings) -> float:
    """How far the label-only line is from the numeric line (negative: they overlap), or
    ``inf`` when it is too far to be a wrapped part of the same cell row."""
    gap = max(line_box(label)[1] - line_box(row)[3], line_box(row)[1] - line_box(label)[3])
    return gap if gap < ts.fragment_gap * _type_size(row) else float("inf")


def _row_groups(body: Sequence[Line], ts: TextTableSettings) -> list[list[Line]]:
    """Body lines grouped into table rows: a label-only line printed against a line of figures
    (a long 项目 name wrapped around the row's vertically centred amounts) joins its row, also
    when that line prints too few figures to be a row by itself (its label is all wrapped).""" 
    owner = list(range(len(body)))
    for i, ln in enumerate(body):
        if _numbers(ln):
            continue
        near = [(_fragment_of(ln, body[j], ts), j) for j in (i - 1, i + 1)
                if 0 <= j < len(body) and _numbers(body[j])]
        near = [(d, j) for d, j in near if d != float("inf")]
        if near:
            owner[i] = min(near)[1]
    groups: dict[int, list[Line]] = {}
    for ln, k in zip(body, owner):
        groups.setdefault(k, []).append(ln)
    return [groups[k] for k in sorted(groups)]


def _body_cells(rows: Sequence[Sequence[Line]], r0: int, chars: Sequence[Char],
                edges: list[float], page: int) -> tuple[list[Cell], list[float]]:
    """The cells of the body rows (numbered from ``r0``) and their lower boundaries. Each char
    goes to the printed line whose middle is nearest to its own (lines of wrapped cells
    overlap), and through it to that line's row."""
    ncol = len(edges) - 1
    lines = [(ln, r) for r, row in enumerate(rows) for ln in row]
    buckets: list[list[list[Char]]] = [[[] for _ in range(ncol)] for _ in rows]
    for c in chars:
        cy = c.top + c.bottom
        near = [(abs(line_box(ln)[1] + line_box(ln)[3] - cy), r) for ln, r in lines
                if 2 * line_box(ln)[1] - 1.0 <= cy <= 2 * line_box(ln)[3] + 1.0]
        if near:
            buckets[min(near)[1]][column_of((c.x0 + c.x1) / 2, edges)].append(c)
    cells, bottoms = [], []
    for r, (row, row_buckets) in enumerate(zip(rows, buckets)):
        top, bottom = min(line_box(ln)[1] for ln in row), max(line_box(ln)[3] for ln in row)
        first = min(ln.number for ln in row)
        cells += [Cell(stacked(b, row), r0 + r, k, 1, 1, (edges[k], top, edges[k + 1], bottom),
                       page, first) for k, b in enumerate(row_buckets)]
        bottoms.append(bottom)
    return cells, bottoms


def _to_table(header: Sequence[Line], body: Sequence[Line], chars: Sequence[Char],
              edges: list[float], page: int, ts: TextTableSettings) -> PageTable:
    cells, row_edges = header_cells(header, chars, edges, body, partial(_is_row, ts=ts), page,
                                    ts)
    rows = _row_groups(body, ts)
    more, bottoms = _body_cells(rows, len(row_edges) - 1 if row_edges else 0, chars, edges, page)
    cells += more
    if not row_edges:
        row_edges.append(min(line_box(ln)[1] for ln in rows[0]))
    for b in bottoms:
        row_edges.append(max(b, row_edges[-1]))
    bbox: BBox = (edges[0], row_edges[0], edges[-1], row_edges[-1])
    return PageTable(page, tuple(edges), tuple(row_edges), tuple(cells), len(row_edges) - 1,
                     len(edges) - 1, bbox)


def _fits(line: Line, edges: Sequence[float]) -> bool:
    """A label-only line inside the body is a row when no word of it straddles a column."""
    return not any(_straddles(w, edges) for w in line.words)


def _in_bands(line: Line, edges: Sequence[float], extents: Sequence[tuple[float, float]]
              ) -> bool:
    """Every figure of the line lies on the figures of its column in the rows found."""
    nums = [w for w in line.words if is_numeric_cell(w.text)]
    for w in nums:
        lo, hi = extents[column_of((w.x0 + w.x1) / 2, edges)]
        if not (w.x0 <= hi + STRADDLE and w.x1 >= lo - STRADDLE):
            return False
    return bool(nums)


def _sparse_rows(free: Sequence[Line], start: int, body: list[Line], edges: list[float],
                 ts: TextTableSettings) -> tuple[int, list[Line]]:
    """Rows printing fewer figures than a row needs (a 合计 row with its code cell blank in a
    table of one amount column; a row with one figure) just above or below the rows found
    belong to them when their figures sit on the figures of their columns and no word
    straddles a column."""
    extents = extents_of(body, edges, partial(_is_row, ts=ts))
    while start > 0 and _close(free[start - 1], body[0], ts) and _fits(free[start - 1], edges) \
            and _in_bands(free[start - 1], edges, extents):
        start -= 1
        body.insert(0, free[start])
    after = start + len(body)
    while after < len(free) and _close(body[-1], free[after], ts) and _fits(free[after], edges) \
            and _in_bands(free[after], edges, extents):
        body.append(free[after])
        after += 1
    return start, body


def find_text_tables(lines: Sequence[Line], chars: Sequence[Char], page: int,
                     taken: Sequence[BBox], ts: TextTableSettings = _TS) -> list[PageTable]:
    """Unruled tables among the page's lines that lie outside the ruled tables ``taken``
    (``ts``: how rows, columns and headers are told)."""
    free = [ln for ln in lines if ln.bbox and not any(inside(ln.bbox, b) for b in taken)]
    tables = []
    for start, end in _blocks(free, ts):
        edges = _columns(free[start:end], (), ts)
        if len(edges) < ts.min_segments + 1:
            continue
        body = list(free[start:end])
        while body and not _is_row(body[-1], ts):
            body.pop()
        start, body = _sparse_rows(free, start, body, edges, ts)
        # wrapped parts of the first and last rows' labels, printed above / below their amounts
        while start > 0 and not _is_row(free[start - 1], ts) and _fits(free[start - 1], edges) \
                and _fragment_of(free[start - 1], body[0], ts) != float("inf"):
            start -= 1
            body.insert(0, free[start])
        after = start + len(body)
        if after < len(free) and not _is_row(free[after], ts) and _fits(free[after], edges) \
                and _fragment_of(free[after], body[-1], ts) != float("inf"):
            body.append(free[after])
        body = [ln for ln in body if _is_row(ln, ts) or _fits(ln, edges)]
        first = _header_start(free, start, edges, ts)
        header = free[first:start]
        if header:  # columns blank in the body are known from the header only
            edges = _columns(free[start:end], header, ts)
        rows = header + body
        edges[0] = min(edges[0], min(line_box(ln)[0] for ln in rows) - 1.0)
        edges[-1] = max(edges[-1], max(line_box(ln)[2] for ln in rows) + 1.0)
        box = (edges[0], line_box(rows[0])[1], edges[-1], line_box(rows[-1])[3])
        mine = [c for c in chars if inside((c.x0, c.top, c.x1, c.bottom), box, 0.5)]
        tables.append(_to_table(header, body, mine, edges, page, ts))
    return tables
