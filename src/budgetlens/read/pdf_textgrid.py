"""Tables printed without ruling lines: rows from printed lines, columns from word positions.

Why: some report engines print tables as aligned text only. Without rulings the columns are where
the words of the numeric rows line up: the union of their x-extents leaves gaps, and each gap is a
column boundary. Only runs of at least :data:`MIN_ROWS` lines that each carry several separated
segments, :data:`MIN_NUMBERS` of them numbers, are taken as tables, so running text never is.
"""

from __future__ import annotations

import re
from typing import Sequence

from budgetlens.model import BBox, Cell, Line
from budgetlens.read.pdf_objects import Char
from budgetlens.read.pdf_tables import PageTable, cell_text, inside

MIN_ROWS = 3
MIN_NUMBERS = 2
MIN_SEGMENTS = 3
# Words further apart than this share of the line height are in different columns.
COLUMN_GAP = 1.0
# A line further below the previous one than this many line heights ends a table.
ROW_GAP = 2.5
MAX_HEADER_LINES = 3

_NUMBER_RE = re.compile(r"^[-(（]?[\d,，]+(?:[.．]\d+)?%?[)）]?$")


def _segments(line: Line) -> list[tuple[float, float, str]]:
    """The line's words grouped into column segments separated by wide gaps."""
    h = max((line.bbox[3] - line.bbox[1]) if line.bbox else 10.0, 4.0)
    out: list[list] = []
    for w in line.words:
        if out and w.x0 - out[-1][1] <= COLUMN_GAP * h:
            out[-1][1] = w.x1
            out[-1][2] += w.text
        else:
            out.append([w.x0, w.x1, w.text])
    return [(a, b, t) for a, b, t in out]


def _is_row(segs) -> bool:
    return (len(segs) >= MIN_SEGMENTS
            and sum(bool(_NUMBER_RE.match(t)) for _, _, t in segs) >= MIN_NUMBERS)


def _blocks(lines: Sequence[Line]) -> list[tuple[int, int]]:
    """Index ranges [start, end) of runs of numeric multi-column lines."""
    runs, start = [], None
    for i, ln in enumerate(lines):
        ok = _is_row(_segments(ln))
        if ok and start is not None:
            prev = lines[i - 1]
            height = max(prev.bbox[3] - prev.bbox[1], 4.0)
            if ln.bbox[1] - prev.bbox[3] > ROW_GAP * height:
                runs.append((start, i))
                start = i
            continue
        if ok:
            start = i
        elif start is not None:
            runs.append((start, i))
            start = None
    if start is not None:
        runs.append((start, len(lines)))
    return [(a, b) for a, b in runs if b - a >= MIN_ROWS]


def _columns(rows: Sequence[Line]) -> list[float]:
    """Column edges: the gaps left by the union of the numeric rows' segment extents."""
    spans = sorted((a, b) for ln in rows for a, b, _ in _segments(ln))
    merged: list[list[float]] = []
    for a, b in spans:
        if merged and a <= merged[-1][1] + 1.0:
            merged[-1][1] = max(merged[-1][1], b)
        else:
            merged.append([a, b])
    edges = [merged[0][0] - 1.0]
    edges += [(merged[i][1] + merged[i + 1][0]) / 2 for i in range(len(merged) - 1)]
    edges.append(merged[-1][1] + 1.0)
    return edges


def _header_start(lines: Sequence[Line], start: int, edges: list[float]) -> int:
    """Include up to a few label lines just above the numeric rows as header rows."""
    i = start
    while i > 0 and start - i < MAX_HEADER_LINES:
        ln, below = lines[i - 1], lines[i]
        height = max(ln.bbox[3] - ln.bbox[1], 4.0)
        if below.bbox[1] - ln.bbox[3] > ROW_GAP * height or len(_segments(ln)) < 2:
            break
        if ln.bbox[0] < edges[0] - 20 or ln.bbox[2] > edges[-1] + 20:
            break
        i -= 1
    return i


def _to_table(rows: Sequence[Line], chars: Sequence[Char], edges: list[float],
              page: int) -> PageTable:
    ncol = len(edges) - 1
    cells: list[Cell] = []
    row_edges = [rows[0].bbox[1]]
    for r, ln in enumerate(rows):
        top, bottom = ln.bbox[1], ln.bbox[3]
        row_edges.append(bottom)
        buckets: list[list[Char]] = [[] for _ in range(ncol)]
        for c in chars:
            cy = (c.top + c.bottom) / 2
            if top - 0.5 <= cy <= bottom + 0.5:
                cx = (c.x0 + c.x1) / 2
                for k in range(ncol):
                    if edges[k] <= cx < edges[k + 1]:
                        buckets[k].append(c)
                        break
        for k, b in enumerate(buckets):
            bbox = (edges[k], top, edges[k + 1], bottom)
            cells.append(Cell(cell_text(b) if b else "", r, k, 1, 1, bbox, page, ln.number))
    bbox: BBox = (edges[0], row_edges[0], edges[-1], row_edges[-1])
    return PageTable(page, tuple(edges), tuple(row_edges), tuple(cells), len(rows), ncol, bbox)


def find_text_tables(lines: Sequence[Line], chars: Sequence[Char], page: int,
                     taken: Sequence[BBox]) -> list[PageTable]:
    """Unruled tables among the page's lines that lie outside the ruled tables ``taken``."""
    free = [ln for ln in lines if ln.bbox and not any(inside(ln.bbox, b) for b in taken)]
    tables = []
    for start, end in _blocks(free):
        edges = _columns(free[start:end])
        if len(edges) < MIN_SEGMENTS + 1:
            continue
        first = _header_start(free, start, edges)
        rows = free[first:end]
        edges[0] = min(edges[0], min(ln.bbox[0] for ln in rows) - 1.0)
        edges[-1] = max(edges[-1], max(ln.bbox[2] for ln in rows) + 1.0)
        box = (edges[0], rows[0].bbox[1], edges[-1], rows[-1].bbox[3])
        mine = [c for c in chars if inside((c.x0, c.top, c.x1, c.bottom), box, 0.5)]
        tables.append(_to_table(rows, mine, edges, page))
    return tables

