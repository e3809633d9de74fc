"""Tables printed without vertical rulings: rows from printed lines, columns from word positions.

Why: some report engines print tables as aligned text only, and 三线表 styles or Excel exports
with only horizontal borders leave no vertical ruling to find columns by. Then the columns are
where the words of the numeric rows line up: the union of their x-extents leaves gaps, and each
gap is a column boundary. Words, not wider segments, are used: Excel-style cells leave only a
few points between a right-aligned amount and the next column's label, less than a line's
height. Runs of lines that each carry :data:`MIN_NUMBERS` numbers in several columns make the
body (a few label-only lines between them, such as ``二、上年结转``, belong to it); running text
never does. The header is the label lines just above the body: a line whose words straddle a
column boundary is a row of merged cells (``收入`` over two columns), the other header lines are
stacked into one row per column (a header label wrapped over two printed lines is one label).
"""

from __future__ import annotations

import re
from typing import Sequence

from budgetlens.model import BBox, Cell, Line, Word
from budgetlens.read.pdf_layout import DIGIT_GAP, join_stacked
from budgetlens.read.pdf_objects import Char
from budgetlens.read.pdf_tables import PageTable, cell_text, inside

MIN_ROWS = 3
MIN_NUMBERS = 2
MIN_SEGMENTS = 3
# Words further apart than this share of the line height are in different columns (a row's
# segments, which decide whether a line is a table row at all).
COLUMN_GAP = 1.0
# A gap between the numeric rows' words narrower than this share of the font size is not a
# column boundary (kerning inside one number is narrower: pdf_layout.DIGIT_GAP).
MIN_COLUMN_GAP = DIGIT_GAP
# A line further below the previous one than this many line heights ends a table.
ROW_GAP = 2.5
MAX_HEADER_LINES = 6
# At most this many label-only lines between numeric rows are rows of the same table.
MAX_BRIDGE = 6
# A header word within this share of the line height of a column run's centre is centred
# over that run (column edges are estimated from gaps, so the tolerance is generous).
CENTRE_TOL = 0.5
# ... or within this share of the group's width (its edges are estimates too).
GROUP_TOL = 0.08
# A line printed this much taller than the body rows is a title, not a header row.
TITLE_SIZE = 1.25
# A word straddles a column boundary when it reaches this far (points) past it on both sides.
STRADDLE = 1.0

_NUMBER_RE = re.compile(r"^[-(（]?[\d,，]+(?:[.．]\d+)?%?[)）]?$")
# A title or unit line printed above a table is never part of its header.
_TITLE_RE = re.compile(r"单位[:：]|表[一二三四五六七八九十\d]*[:：]?\s*$|^表[一二三四五六七八九十\d]+")


def _height(line: Line) -> float:
    return max((line.bbox[3] - line.bbox[1]) if line.bbox else 10.0, 4.0)


def _segments(line: Line) -> list[tuple[float, float, str]]:
    """The line's words grouped into column segments separated by wide gaps."""
    h = _height(line)
    out: list[list] = []
    for w in line.words:
        if out and w.x0 - out[-1][1] <= COLUMN_GAP * h:
            out[-1][1] = w.x1
            out[-1][2] += w.text
        else:
            out.append([w.x0, w.x1, w.text])
    return [(a, b, t) for a, b, t in out]


def _numbers(line: Line) -> int:
    return sum(bool(_NUMBER_RE.match(w.text)) for w in line.words)


def _is_row(line: Line) -> bool:
    segs = _segments(line)
    return (len(segs) >= MIN_SEGMENTS
            and sum(bool(_NUMBER_RE.match(t)) for _, _, t in segs) >= MIN_NUMBERS)


def _close(upper: Line, lower: Line) -> bool:
    return lower.bbox[1] - upper.bbox[3] <= ROW_GAP * _height(upper)


def _blocks(lines: Sequence[Line]) -> list[tuple[int, int]]:
    """Index ranges [start, end) of runs of numeric multi-column lines; up to
    :data:`MAX_BRIDGE` close label-only lines between two numeric lines belong to the run."""
    runs: list[tuple[int, int]] = []
    start = last = None
    for i, ln in enumerate(lines):
        if not _is_row(ln):
            if start is not None and (i - last > MAX_BRIDGE or not _close(lines[i - 1], ln)):
                runs.append((start, last + 1))
                start = None
            continue
        if start is not None and not _close(lines[i - 1], ln):
            runs.append((start, last + 1))
            start = None
        if start is None:
            start = i
        last = i
    if start is not None:
        runs.append((start, last + 1))
    return [(a, b) for a, b in runs if sum(_is_row(ln) for ln in lines[a:b]) >= MIN_ROWS]


def _unions(spans: Sequence[tuple[float, float]], gap: float) -> list[list[float]]:
    merged: list[list[float]] = []
    for a, b in sorted(spans):
        if merged and a <= merged[-1][1] + gap:
            merged[-1][1] = max(merged[-1][1], b)
        else:
            merged.append([a, b])
    return merged


def _columns(rows: Sequence[Line], header: Sequence[Line] = ()) -> list[float]:
    """Column edges: the gaps left by the union of the numeric rows' word extents. A header
    word clear of every body column heads a column left blank in the body."""
    size = min(_height(ln) for ln in rows)
    gap = MIN_COLUMN_GAP * size
    merged = _unions([(w.x0, w.x1) for ln in rows if _is_row(ln) for w in ln.words], gap)
    words = [w for ln in header for w in ln.words]
    extra = [(w.x0, w.x1) for w in words
             if not any(w.x0 <= b + gap and w.x1 >= a - gap for a, b in merged)]
    if extra:
        merged = sorted(merged + _unions(extra, gap))
    edges = [merged[0][0] - 1.0]
    edges += [_edge_in(merged[i][1], merged[i + 1][0], words) for i in range(len(merged) - 1)]
    edges.append(merged[-1][1] + 1.0)
    return edges


def _edge_in(g0: float, g1: float, words: Sequence[Word]) -> float:
    """Where in the gap (g0, g1) between two body columns the boundary goes: inside the widest
    stretch that cuts the fewest header words (a centred header is wider than the
    right-aligned amounts under it, so the middle of the gap may cut it)."""
    cuts = sorted({g0, g1} | {x for w in words for x in (w.x0, w.x1) if g0 < x < g1})
    best = None
    for a, b in zip(cuts, cuts[1:]):
        m = (a + b) / 2
        key = (sum(w.x0 < m < w.x1 for w in words), -(b - a))
        if best is None or key < best[0]:
            best = (key, m)
    return best[1] if best else (g0 + g1) / 2


def _word_span(w: Word, edges: Sequence[float], tol: float,
               extents: Sequence[tuple[float, float]]) -> tuple[int, int]:
    """The columns a header word heads: its own column when it is centred there or aligned
    with the body words under it (left or right), else the run of columns it is centred over
    (merged headers are centred), else the columns it covers."""
    ncol = len(edges) - 1
    mid = (w.x0 + w.x1) / 2
    own = _column_of(mid, edges)
    lo, hi = extents[own]
    if abs((edges[own] + edges[own + 1]) / 2 - mid) <= tol or abs(w.x0 - lo) <= STRADDLE \
            or abs(w.x1 - hi) <= STRADDLE:
        return own, own
    best = None
    for a in range(ncol):
        for b in range(a + 1, ncol):
            if edges[a] - STRADDLE <= w.x0 and w.x1 <= edges[b + 1] + STRADDLE:
                d = abs((edges[a] + edges[b + 1]) / 2 - mid)
                if d <= tol and (best is None or d < best[0]):
                    best = (d, a, b)
    if best is not None:
        return best[1], best[2]
    return _column_of(w.x0 + STRADDLE, edges), _column_of(w.x1 - STRADDLE, edges)


def _straddles(w: Word, edges: Sequence[float]) -> bool:
    return any(w.x0 < e - STRADDLE and w.x1 > e + STRADDLE for e in edges[1:-1])


def _header_start(lines: Sequence[Line], start: int, edges: list[float]) -> int:
    """Include up to a few label lines just above the numeric rows as header rows: close to
    the row below, within the page's text column, not a title (larger type, ``…表``,
    ``单位：万元``) and without numbers."""
    i = start
    body = _height(lines[start])
    while i > 0 and start - i < MAX_HEADER_LINES:
        ln, below = lines[i - 1], lines[i]
        if not _close(ln, below) or _TITLE_RE.search(ln.text) or _numbers(ln) \
                or _height(ln) > TITLE_SIZE * body:
            break
        if ln.bbox[0] < edges[0] - 20:
            break
        i -= 1
    return i


def _extents(rows: Sequence[Line], edges: Sequence[float]) -> list[tuple[float, float]]:
    """Per column, the leftmost start and rightmost end of the numeric rows' words in it."""
    out = [(float("inf"), float("-inf"))] * (len(edges) - 1)
    for ln in rows:
        if _is_row(ln):
            for w in ln.words:
                k = _column_of((w.x0 + w.x1) / 2, edges)
                out[k] = (min(out[k][0], w.x0), max(out[k][1], w.x1))
    return out


def _line_spans(lines: Sequence[Line], edges: Sequence[float],
                extents: Sequence[tuple[float, float]]) -> list[list[tuple[int, int]]]:
    """For each header line, the column range each of its words heads.

    A word centred on its own column may still head a group of columns: when the columns on
    both sides are empty in its line, each has a header of its own further down, and the word
    is centred on the group (``2024年预算数`` over 总计 | 基本支出 | 项目支出). A word with
    nothing below it is a cell spanning rows, not a group (``合计`` printed between lines)."""
    spans = [[_word_span(w, edges, _centre_tolerance(ln), extents) for w in ln.words]
             for ln in lines]
    for i, ln in enumerate(lines):
        below = {k for row in spans[i + 1:] for a, b in row for k in range(a, b + 1)}
        taken = {k for a, b in spans[i] for k in range(a, b + 1)}
        for j, (w, (a, b)) in enumerate(zip(ln.words, spans[i])):
            if a != b or a not in below:
                continue
            mid, best = (w.x0 + w.x1) / 2, (a, b)
            for d in range(1, len(edges)):
                lo, hi = a - d, a + d
                if lo < 0 or hi >= len(edges) - 1 or {lo, hi} & taken or not {lo, hi} <= below:
                    break
                tol = max(_centre_tolerance(ln), GROUP_TOL * (edges[hi + 1] - edges[lo]))
                if abs((edges[lo] + edges[hi + 1]) / 2 - mid) <= tol:
                    best = (lo, hi)
            spans[i][j] = best
    return spans


def _header_rows(lines: Sequence[Line], edges: list[float],
                 extents: Sequence[tuple[float, float]]):
    """Header lines grouped into rows, with each row's cell ranges: a line heading merged
    columns is a row of its own, consecutive other lines are one row."""
    spans = _line_spans(lines, edges, extents)
    rows: list[tuple[list[Line], list[tuple[int, int]]]] = []
    run: list[Line] = []
    for ln, sp in zip(lines, spans):
        if any(a < b for a, b in sp):
            if run:
                rows.append((run, _merge_ranges([], len(edges) - 1)))
                run = []
            rows.append(([ln], _merge_ranges(sp, len(edges) - 1)))
        else:
            run.append(ln)
    if run:
        rows.append((run, _merge_ranges([], len(edges) - 1)))
    return rows


def _merge_ranges(spans: Sequence[tuple[int, int]], ncol: int) -> list[tuple[int, int]]:
    """All columns of a row as cell ranges [first, last], the given spans merged in."""
    owner = list(range(ncol))
    for a, b in spans:
        for k in range(a, b + 1):
            owner[k] = owner[a]
    out: list[tuple[int, int]] = []
    for k in range(ncol):
        if out and owner[k] == owner[out[-1][0]]:
            out[-1] = (out[-1][0], k)
        else:
            out.append((k, k))
    return out


def _centre_tolerance(line: Line) -> float:
    return CENTRE_TOL * _height(line)


def _column_of(x: float, edges: Sequence[float]) -> int:
    for k in range(len(edges) - 1):
        if x < edges[k + 1]:
            return k
    return len(edges) - 2


def _row_cells(row: Sequence[Line], spans: Sequence[tuple[int, int]], r: int,
               chars: Sequence[Char], edges: list[float], page: int
               ) -> tuple[list[Cell], float, float]:
    """The cells of one row, over the column ranges ``spans``."""
    top, bottom = min(ln.bbox[1] for ln in row), max(ln.bbox[3] for ln in row)
    buckets: list[list[Char]] = [[] for _ in spans]
    for c in chars:
        cy = (c.top + c.bottom) / 2
        if top - 0.5 <= cy <= bottom + 0.5:
            k = _column_of((c.x0 + c.x1) / 2, edges)
            for i, (a, b) in enumerate(spans):
                if a <= k <= b:
                    buckets[i].append(c)
                    break
    cells = []
    for (a, b), bucket in zip(spans, buckets):
        bbox = (edges[a], top, edges[b + 1], bottom)
        cells.append(Cell(_stacked(bucket, row), r, a, 1, b - a + 1, bbox, page, row[0].number))
    return cells, top, bottom


def _stacked(bucket: Sequence[Char], row: Sequence[Line]) -> str:
    """A cell's text, printed line by line (a wrapped header label) joined into one; each
    char goes to the printed line whose middle is nearest to its own."""
    if not bucket:
        return ""
    if len(row) == 1:
        return cell_text(bucket)
    parts: list[list[Char]] = [[] for _ in row]
    for c in bucket:
        cy = c.top + c.bottom
        k = min(range(len(row)), key=lambda i: abs(row[i].bbox[1] + row[i].bbox[3] - cy))
        parts[k].append(c)
    return join_stacked([cell_text(p) for p in parts if p])


def _to_table(header: Sequence[Line], body: Sequence[Line], chars: Sequence[Char],
              edges: list[float], page: int) -> PageTable:
    single = [(k, k) for k in range(len(edges) - 1)]
    rows = _header_rows(header, edges, _extents(body, edges)) + [([ln], single) for ln in body]
    cells: list[Cell] = []
    row_edges: list[float] = []
    for r, (row, spans) in enumerate(rows):
        got, top, bottom = _row_cells(row, spans, r, chars, edges, page)
        cells += got
        if not row_edges:
            row_edges.append(top)
        row_edges.append(bottom)
    bbox: BBox = (edges[0], row_edges[0], edges[-1], row_edges[-1])
    return PageTable(page, tuple(edges), tuple(row_edges), tuple(cells), len(rows),
                     len(edges) - 1, bbox)


def _fits(line: Line, edges: Sequence[float]) -> bool:
    """A label-only line inside the body is a row when no word of it straddles a column."""
    return not any(_straddles(w, edges) for w in line.words)


def find_text_tables(lines: Sequence[Line], chars: Sequence[Char], page: int,
                     taken: Sequence[BBox]) -> list[PageTable]:
    """Unruled tables among the page's lines that lie outside the ruled tables ``taken``."""
    free = [ln for ln in lines if ln.bbox and not any(inside(ln.bbox, b) for b in taken)]
    tables = []
    for start, end in _blocks(free):
        edges = _columns(free[start:end])
        if len(edges) < MIN_SEGMENTS + 1:
            continue
        body = list(free[start:end])
        while body and not _is_row(body[-1]):
            body.pop()
        body = [ln for ln in body if _is_row(ln) or _fits(ln, edges)]
        first = _header_start(free, start, edges)
        header = free[first:start]
        if header:  # columns blank in the body are known from the header only
            edges = _columns(free[start:end], header)
        rows = header + body
        edges[0] = min(edges[0], min(ln.bbox[0] for ln in rows) - 1.0)
        edges[-1] = max(edges[-1], max(ln.bbox[2] for ln in rows) + 1.0)
        box = (edges[0], rows[0].bbox[1], edges[-1], rows[-1].bbox[3])
        mine = [c for c in chars if inside((c.x0, c.top, c.x1, c.bottom), box, 0.5)]
        tables.append(_to_table(header, body, mine, edges, page))
    return tables
