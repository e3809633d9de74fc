"""Group headings of a table printed without rulings that share one header line: which run of
columns each heads.

Why its own module: a group heading is only known by being centred over its columns, and the
column edges of an unruled table are estimates (the gap between a left-aligned label column
and right-aligned figures is wide, and in equal-width cells a word centred over a run of
columns is also centred over that run widened by one column on each side). One heading alone
cannot tell those runs apart; the headings of one line together can. They head disjoint runs
(no column is under two headings of one level), and in the comparison layouts that print a
three-level header (``2024年执行`` | ``本年预算`` over 总计 / 基本支出 over 人员经费 and 公用经费 /
项目支出) the runs of the groups repeat the same labels. So the headings of one line are
placed together: runs disjoint, each centred within tolerance with a label below in every
column, the longest stretch of runs that repeat one another's labels first, then the runs
nearest their centres. A heading further down nests in one run of the line above or stays
clear of it (:func:`crosses`).
"""

from __future__ import annotations

from itertools import product
from typing import Optional, Sequence

from budgetlens.model import Line, Word
from budgetlens.read.settings import DEFAULT_READ, TextTableSettings

# A word straddles a column boundary when it reaches this far (points) past it on both sides.
# A measuring slack, not a layout choice: the edges are placed in the gaps between the same
# words' boxes, and a glyph box overhangs its advance by its side bearing (under a point).
STRADDLE = 1.0
# How far from a run's centre a group word may sit (``group_tol``), how close under a word its
# wrapped second line is (``wrap_gap``) and how many placements are compared
# (``max_placements``): :class:`~budgetlens.read.settings.TextTableSettings`, passed as ``ts``.
_TS: TextTableSettings = DEFAULT_READ.text_tables

Run = tuple[int, int]


def column_of(x: float, edges: Sequence[float]) -> int:
    for k in range(len(edges) - 1):
        if x < edges[k + 1]:
            return k
    return len(edges) - 2


def crosses(upper: Sequence[Sequence[Run]], lo: int, hi: int) -> bool:
    """Whether the run [lo, hi] cuts across a group run of the lines above (overlaps it
    without lying inside it): a sub-heading belongs to one group."""
    return any(a < b and a <= hi and lo <= b and not (a <= lo and hi <= b)
               for row in upper for a, b in row)


def _continues(upper: Word, lower: Word, tol: float, wrap_gap: float) -> bool:
    """Whether ``lower`` is the next printed line of the cell ``upper`` starts: centred alike,
    at the line spacing under it (closer than ``wrap_gap`` of its height)."""
    size = upper.bottom - upper.top
    return 0 <= lower.top - upper.bottom + 0.5 < wrap_gap * size + 0.5 \
        and abs((upper.x0 + upper.x1) / 2 - (lower.x0 + lower.x1) / 2) <= tol


def _allowed(run: Run, w: Word, lines: Sequence[Line], spans: Sequence[Sequence[Run]],
             tol: float, wrap_gap: float) -> bool:
    """A heading's run nests in each group run above it, strictly unless the heading is the
    wrapped continuation of the heading of that run."""
    lo, hi = run
    if crosses(spans, lo, hi):
        return False
    return all(not (a < b and (a, b) == run) or _continues(v, w, tol, wrap_gap)
               for ln, row in zip(lines, spans) for v, (a, b) in zip(ln.words, row))


def _fits(w: Word, edges: Sequence[float], k: int) -> bool:
    return edges[k] - STRADDLE <= w.x0 and w.x1 <= edges[k + 1] + STRADDLE


def _labels(lines: Sequence[Line], edges: Sequence[float]) -> list[str]:
    """Per column, the text of the header words below that lie within it, top down (a
    sub-heading over two columns belongs to neither)."""
    out = [""] * (len(edges) - 1)
    for ln in lines:
        for w in ln.words:
            k = column_of((w.x0 + w.x1) / 2, edges)
            if _fits(w, edges, k):
                out[k] += w.text
    return out


def _label_extents(lines: Sequence[Line], edges: Sequence[float]
                   ) -> list[Optional[tuple[float, float]]]:
    """Per column, the x-extent of the header words below that lie within it (None: none)."""
    out: list[Optional[tuple[float, float]]] = [None] * (len(edges) - 1)
    for ln in lines:
        for w in ln.words:
            k = column_of((w.x0 + w.x1) / 2, edges)
            if _fits(w, edges, k):
                e = out[k]
                out[k] = (w.x0, w.x1) if e is None else (min(e[0], w.x0), max(e[1], w.x1))
    return out


def _centres(lo: int, hi: int, edges: Sequence[float],
             extents: Sequence[Optional[tuple[float, float]]]) -> list[float]:
    """Estimates of the middle of columns lo..hi: from the edges, and from the labels of the
    first and last column, each centred in a cell reaching as far as its nearer edge. Why the
    second: an edge in the wide gap between a label column and the first figures is placed in
    the middle of that gap, far from where the cell begins, while its label is centred in it."""
    out = [(edges[lo] + edges[hi + 1]) / 2]
    first, last = extents[lo], extents[hi]
    if first is not None and last is not None:
        c0, c1 = sum(first) / 2, sum(last) / 2
        h0 = min(c0 - edges[lo], edges[lo + 1] - c0)
        h1 = min(c1 - edges[hi], edges[hi + 1] - c1)
        out.append((c0 - h0 + c1 + h1) / 2)
    return out


def _runs(w: Word, edges: Sequence[float], tol: float, headed: set[int],
          extents: Sequence[Optional[tuple[float, float]]], group_tol: float
          ) -> list[tuple[float, int, int]]:
    """The runs of two or more columns the word lies within and is centred over, every column
    headed below it, as (distance from centre as a share of the tolerance, first, last)."""
    ncol, mid = len(edges) - 1, (w.x0 + w.x1) / 2
    out = []
    for lo in range(ncol):
        for hi in range(lo + 1, ncol):
            if not (edges[lo] - STRADDLE <= w.x0 and w.x1 <= edges[hi + 1] + STRADDLE) \
                    or not set(range(lo, hi + 1)) <= headed:
                continue
            room = max(tol, group_tol * (edges[hi + 1] - edges[lo]))
            d = min(abs(c - mid) for c in _centres(lo, hi, edges, extents))
            if d <= room:  # (room 0: both tolerances set to 0, only an exact centre)
                out.append((d / room if room else 0.0, lo, hi))
    return out


def _repeated(runs: Sequence[Run], labels: Sequence[str]) -> int:
    """How many columns lie in runs whose labels another run of the placement repeats."""
    seqs = [tuple(labels[lo:hi + 1]) for lo, hi in runs]
    return sum(hi - lo + 1 for (lo, hi), s in zip(runs, seqs) if seqs.count(s) > 1)


def _place(options: Sequence[Sequence[tuple[float, int, int]]], labels: Sequence[str]
           ) -> Optional[list[Run]]:
    """One run per heading, no two sharing a column: most columns under repeated labels, then
    least summed distance from centre."""
    best: Optional[tuple[tuple[int, float], list[Run]]] = None
    for pick in product(*options):
        runs = [(lo, hi) for _, lo, hi in pick]
        cols = [k for lo, hi in runs for k in range(lo, hi + 1)]
        if len(cols) != len(set(cols)):
            continue
        key = (-_repeated(runs, labels), sum(d for d, _, _ in pick))
        if best is None or key < best[0]:
            best = (key, runs)
    return best[1] if best else None


def same_line_groups(lines: Sequence[Line], spans: list[list[Run]], edges: Sequence[float],
                     tols: Sequence[float], ts: TextTableSettings = _TS) -> None:
    """Place the group headings of each header line together (module docstring). A line is
    changed only when its spans overlap, or when a placement of two or more headings repeats
    labels; a heading is a candidate when its own column has a label below it."""
    for i, ln in enumerate(lines):
        row, below = spans[i], lines[i + 1:]
        _wrapped(ln, row, lines[:i], spans[:i], tols[i], ts.wrap_gap)
        own = [column_of((w.x0 + w.x1) / 2, edges) for w in ln.words]
        headed = {column_of((v.x0 + v.x1) / 2, edges) for low in below for v in low.words}
        single = {a for a, b in row if a == b and a not in headed}
        movers = [j for j, (a, b) in enumerate(row) if a < b or own[j] in headed
                  and not any(_continues(ln.words[j], v, tols[i], ts.wrap_gap) for low in below
                              for v in low.words)]
        extents = _label_extents(below, edges)
        options = [[r for r in _runs(ln.words[j], edges, tols[i], headed - single, extents,
                                     ts.group_tol)
                    if _allowed(r[1:], ln.words[j], lines[:i], spans[:i], tols[i], ts.wrap_gap)]
                   for j in movers]
        # a heading may stay over its own column only when it was there
        options = [opts + ([(1.0, row[j][0], row[j][1])] if row[j][0] == row[j][1] else [])
                   for j, opts in zip(movers, options)]
        if not movers or not all(options):
            continue
        size = 1
        for o in options:
            size *= len(o)
        if size > ts.max_placements:
            continue
        overlap = _overlaps(row)
        if not overlap and len(movers) < 2:
            continue
        labels = _labels(below, edges)
        placed = _place(options, labels)
        if placed is None or (not overlap and not _repeated(placed, labels)):
            continue
        for j, run in zip(movers, placed):
            row[j] = run


def _wrapped(ln: Line, row: list[Run], upper: Sequence[Line], spans: Sequence[Sequence[Run]],
             tol: float, wrap_gap: float) -> None:
    """A word printed on the line under a heading, centred alike at the line spacing, is the
    heading's wrapped second line: it heads the heading's columns (``2024年`` / ``执行`` over
    one column)."""
    for j, w in enumerate(ln.words):
        for up, up_row in zip(upper, spans):
            for v, run in zip(up.words, up_row):
                if _continues(v, w, tol, wrap_gap):
                    row[j] = run


def _overlaps(row: Sequence[Run]) -> bool:
    cols = [k for a, b in row for k in range(a, b + 1)]
    return len(cols) != len(set(cols))
