"""The header of a table printed without vertical rulings: which columns each header word heads.

Why its own module: without rulings a header's structure is only in where its words sit. Merged
(group) headers are centred over the columns they head; leaf headers sit over one column, often
wrapped over two or three printed lines that interleave with their neighbours' lines (a
one-line label is printed at the middle height of a three-line one). So the header is rebuilt
as group rows (one per nesting level, each group word spanning its columns) above one leaf row
in which each column's remaining text is stacked top to bottom; printed lines are never rows.
"""

from __future__ import annotations

from typing import Callable, Sequence

from budgetlens.model import Cell, Line, Word
from budgetlens.read.pdf_layout import join_stacked, line_box
from budgetlens.read.pdf_objects import Char
from budgetlens.read.pdf_tables import cell_text
from budgetlens.read.pdf_textgroups import STRADDLE, column_of, crosses, same_line_groups
from budgetlens.read.settings import DEFAULT_READ, TextTableSettings

# How far from a column run's centre a header word is centred over it (``centre_tol`` of the
# line height, or ``group_tol`` of the run's width):
# :class:`~budgetlens.read.settings.TextTableSettings`, passed as ``ts``.
_TS: TextTableSettings = DEFAULT_READ.text_tables


def _height(line: Line) -> float:
    return max((line.bbox[3] - line.bbox[1]) if line.bbox else 10.0, 4.0)


def word_span(w: Word, edges: Sequence[float], tol: float,
               extents: Sequence[tuple[float, float]], group_tol: float = _TS.group_tol
               ) -> tuple[int, int]:
    """The columns a header word heads: its own column when it is centred there or aligned
    with the body words under it (left or right), else the run of columns it is centred over
    (merged headers are centred), else the columns it covers."""
    ncol = len(edges) - 1
    mid = (w.x0 + w.x1) / 2
    own = column_of(mid, edges)
    lo, hi = extents[own]
    if abs((edges[own] + edges[own + 1]) / 2 - mid) <= tol or abs(w.x0 - lo) <= STRADDLE \
            or abs(w.x1 - hi) <= STRADDLE:
        return own, own
    best = None
    for a in range(ncol):
        for b in range(a + 1, ncol):
            if edges[a] - STRADDLE <= w.x0 and w.x1 <= edges[b + 1] + STRADDLE:
                d = abs((edges[a] + edges[b + 1]) / 2 - mid)
                if d <= max(tol, group_tol * (edges[b + 1] - edges[a])) \
                        and (best is None or d < best[0]):
                    best = (d, a, b)
    if best is not None:
        return best[1], best[2]
    return column_of(w.x0 + STRADDLE, edges), column_of(w.x1 - STRADDLE, edges)



def extents_of(rows: Sequence[Line], edges: Sequence[float],
               is_row: Callable[[Line], bool]) -> list[tuple[float, float]]:
    """Per column, the leftmost start and rightmost end of the numeric rows' words in it."""
    out = [(float("inf"), float("-inf"))] * (len(edges) - 1)
    for ln in rows:
        if is_row(ln):
            for w in ln.words:
                k = column_of((w.x0 + w.x1) / 2, edges)
                out[k] = (min(out[k][0], w.x0), max(out[k][1], w.x1))
    return out



def line_spans(lines: Sequence[Line], edges: Sequence[float],
                extents: Sequence[tuple[float, float]], ts: TextTableSettings = _TS
                ) -> list[list[tuple[int, int]]]:
    """For each header line, the column range each of its words heads.

    A word centred on its own column may still head a group of columns: when the columns on
    both sides are empty in its line, each has a header of its own further down, and the word
    is centred on the group (``2024年预算数`` over 总计 | 基本支出 | 项目支出). A word with
    nothing below it is a cell spanning rows, not a group (``合计`` printed between lines)."""
    tols = [centre_tolerance(ln, ts.centre_tol) for ln in lines]
    spans = [[word_span(w, edges, tol, extents, ts.group_tol) for w in ln.words]
             for ln, tol in zip(lines, tols)]
    _leaf_complete_groups(lines, spans, edges, tols, ts.group_tol)
    same_line_groups(lines, spans, edges, tols, ts)
    _groups_over_leaves(lines, spans, edges)
    for i, ln in enumerate(lines):
        below = {k for row in spans[i + 1:] for a, b in row for k in range(a, b + 1)}
        taken = {k for a, b in spans[i] for k in range(a, b + 1)}
        for j, (w, (a, b)) in enumerate(zip(ln.words, spans[i])):
            if a != b or a not in below:
                continue
            mid, best = (w.x0 + w.x1) / 2, (a, b)
            for d in range(1, len(edges)):
                lo, hi = a - d, a + d
                if lo < 0 or hi >= len(edges) - 1 or {lo, hi} & taken or not {lo, hi} <= below \
                        or crosses(spans[:i], lo, hi):
                    break
                tol = max(tols[i], ts.group_tol * (edges[hi + 1] - edges[lo]))
                if abs((edges[lo] + edges[hi + 1]) / 2 - mid) <= tol and (
                        not _fits(w, edges, a)
                        or _first_below(lines[i + 1:], edges, lo, hi) == set(range(lo, hi + 1))):
                    best = (lo, hi)
            spans[i][j] = best
    return spans



def _leaf_complete_groups(lines: Sequence[Line], spans: list[list[tuple[int, int]]],
                          edges: Sequence[float], tols: Sequence[float], group_tol: float
                          ) -> None:
    """Of the runs a group word is centred over, the widest whose every column has a header
    on the first printed line below it that heads any of them; with none such, the column it
    is printed in when it fits there. Why: a group over two columns
    is also centred over those two and their neighbours when the neighbours' labels are
    single cells printed at mid height (科目名称 … 总计 beside 其中 over 项目支出 | 基本支出);
    those labels sit on a line of their own, the group's leaves on the next one."""
    ncol = len(edges) - 1
    for i, ln in enumerate(lines):
        tol = tols[i]
        for j, (w, (a, b)) in enumerate(zip(ln.words, spans[i])):
            if a == b:
                continue
            mid, best = (w.x0 + w.x1) / 2, None
            for lo in range(ncol):
                for hi in range(lo + 1, ncol):
                    if not (edges[lo] - STRADDLE <= w.x0 and w.x1 <= edges[hi + 1] + STRADDLE):
                        continue
                    if abs((edges[lo] + edges[hi + 1]) / 2 - mid) \
                            > max(tol, group_tol * (edges[hi + 1] - edges[lo])):
                        continue
                    if _first_below(lines[i + 1:], edges, lo, hi) == set(range(lo, hi + 1)) \
                            and (best is None or hi - lo > best[1] - best[0]):
                        best = (lo, hi)
            own = column_of(mid, edges)
            if best is None and _fits(w, edges, own):
                best = (own, own)  # a heading over one leaf (基本支出 over 小计)
            if best is not None:
                spans[i][j] = best


def _fits(w: Word, edges: Sequence[float], k: int) -> bool:
    return edges[k] <= w.x0 and w.x1 <= edges[k + 1]


def _first_below(lines: Sequence[Line], edges: Sequence[float], lo: int, hi: int) -> set[int]:
    """The columns within [lo, hi] headed on the first line that heads any of them."""
    for ln in lines:
        cols = {column_of((w.x0 + w.x1) / 2, edges) for w in ln.words}
        cols = {k for k in cols if lo <= k <= hi}
        if cols:
            return cols
    return set()


def _groups_over_leaves(lines: Sequence[Line], spans: list[list[tuple[int, int]]],
                       edges: Sequence[float]) -> None:
    """A word heads a run of columns only when headers of at least two of them are printed
    below it: with equal column widths a word centred in its own cell is also centred on the
    run of cells around it, and a one-line header would else read as nested groups. Such a
    word heads the column of its centre."""
    for i in range(len(lines) - 1, -1, -1):
        below = {k for row in spans[i + 1:] for a, b in row for k in range(a, b + 1)}
        for j, (w, (a, b)) in enumerate(zip(lines[i].words, spans[i])):
            if a < b and len(below & set(range(a, b + 1))) < 2:
                k = column_of((w.x0 + w.x1) / 2, edges)
                spans[i][j] = (k, k)


def merge_ranges(spans: Sequence[tuple[int, int]], ncol: int) -> list[tuple[int, int]]:
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



def centre_tolerance(line: Line, share: float = _TS.centre_tol) -> float:
    """How far from a run's centre a word of ``line`` may sit and be centred over it."""
    return share * _height(line)



def stacked(bucket: Sequence[Char], row: Sequence[Line]) -> str:
    """A cell's text, printed line by line (a wrapped header label) joined into one; each
    char goes to the printed line whose middle is nearest to its own."""
    if not bucket:
        return ""
    if len(row) == 1:
        return cell_text(bucket)
    parts: list[list[Char]] = [[] for _ in row]
    for c in bucket:
        cy = c.top + c.bottom
        k = min(range(len(row)), key=lambda i: abs(line_box(row[i])[1] + line_box(row[i])[3] - cy))
        parts[k].append(c)
    return join_stacked([cell_text(p) for p in parts if p])




def _level(groups: list, i: int) -> int:
    """Nesting level of group ``i``: how many groups above it cover its columns."""
    w, (a, b) = groups[i]
    return sum(1 for j, (v, (c, d)) in enumerate(groups)
               if j != i and v.top < w.top and c <= a and b <= d)


def header_cells(lines: Sequence[Line], chars: Sequence[Char], edges: Sequence[float],
                 body: Sequence[Line], is_row: Callable[[Line], bool], page: int,
                 ts: TextTableSettings = _TS) -> tuple[list[Cell], list[float]]:
    """The header's cells (rows from 0) and its row boundaries (grouped with ``ts``)."""
    if not lines:
        return [], []
    ncol = len(edges) - 1
    spans = line_spans(lines, edges, extents_of(body, edges, is_row), ts)
    groups = [(w, sp) for ln, row in zip(lines, spans) for w, sp in zip(ln.words, row)
              if sp[0] < sp[1]]
    levels = [_level(groups, i) for i in range(len(groups))]
    n_groups = max(levels, default=-1) + 1
    cells: list[Cell] = []
    bounds = [min(line_box(ln)[1] for ln in lines)]
    first_line = lines[0].number
    taken = [g[0] for g in groups]
    # a column's own label starts below the lowest group over it and spans the rows down to
    # the leaf row (as a ruled header's rowspan cell would)
    top_row = [1 + max((lv for (_, (a, b)), lv in zip(groups, levels) if a <= k <= b),
                       default=-1) for k in range(ncol)]
    for lev in range(n_groups):
        mine = [g for g, lv in zip(groups, levels) if lv == lev]
        bottom = max(w.bottom for w, _ in mine)
        box_top = bounds[-1]
        k = 0
        while k < ncol:
            hit = next(((w, sp) for w, sp in mine if sp[0] <= k <= sp[1]), None)
            if hit is not None:
                (w, (a, b)) = hit
                cells.append(Cell(w.text, lev, a, 1, b - a + 1,
                                  (edges[a], box_top, edges[b + 1], bottom), page, first_line))
                k = b + 1
                continue
            if top_row[k] > lev:  # under a group, but no group of this level: a blank slot
                cells.append(Cell("", lev, k, 1, 1, (edges[k], box_top, edges[k + 1], bottom),
                                  page, first_line))
            k += 1
        bounds.append(max(bottom, bounds[-1]))
    bottom = max(line_box(ln)[3] for ln in lines)
    leaf = [c for c in chars if bounds[0] - 0.5 <= (c.top + c.bottom) / 2 <= bottom + 0.5
            and not any(_in_word(c, w) for w in taken)]
    buckets: list[list[Char]] = [[] for _ in range(ncol)]
    for c in leaf:
        buckets[column_of((c.x0 + c.x1) / 2, edges)].append(c)
    for k, bucket in enumerate(buckets):
        r = top_row[k]
        cells.append(Cell(stacked(bucket, lines), r, k, n_groups + 1 - r, 1,
                          (edges[k], bounds[r], edges[k + 1], bottom), page, first_line))
    bounds.append(max(bottom, bounds[-1]))
    return cells, bounds


def _in_word(c: Char, w: Word) -> bool:
    cx, cy = (c.x0 + c.x1) / 2, (c.top + c.bottom) / 2
    return w.x0 - 0.5 <= cx <= w.x1 + 0.5 and w.top - 0.5 <= cy <= w.bottom + 0.5
