"""A page's chars clustered into printed rows once, and split into words once, for its lines
and for the cells of its ruled tables.

Why: a cell's text is the rows and words of the chars printed in it (:func:`pdf_tables.cell_text`),
and the page's lines are the rows and words of all its chars: clustering and splitting the chars
of every cell again cost as much as doing it for the page. Most cells print one line of text
between word boundaries of the page's row (a figure, a label), and then the cell's own rows and
words are the page's, exactly: its chars are one run of one page row (so the cell's row, sorted
left to right, is that run); the run begins and ends where the page's word splitting starts a
word or meets a printed space (so splitting the run alone gives the same words, whose state is
reset there); and its centres lie within the row tolerance of its first char (so clustering
the cell alone gives one row too). A label wrapped over several page rows is such runs one
per row, and its rows are the page's when each run is one row of the cell alone and the next
run's first centre lies beyond the tolerance of the run before it (so clustering the cell alone
starts a row exactly where each run starts); its text is then the runs' texts stacked
(:func:`pdf_layout.join_stacked`, as :func:`pdf_tables.cell_text` stacks its rows). A cell that
fails any of these (two runs of one page row, runs the cell alone would cluster into one row, a
word the page joined across a ruling) is read from its own chars as before.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from functools import cached_property
from itertools import compress
from operator import itemgetter
from typing import Any, Optional, Sequence

from budgetlens.model import Cell, Line, Word
from budgetlens.read.pdf_grid import Grid
from budgetlens.read.pdf_layout import (join_stacked, join_words, lines_from, mid_order,
                                        row_facts, row_starts, row_words, size_tolerance,
                                        tolerance)
from budgetlens.read.pdf_native import CharArrays
from budgetlens.read.pdf_native_rows import grid_runs, page_rows
from budgetlens.read.pdf_objects import Char
from budgetlens.read.pdf_tables import PageTable, cell_text
from budgetlens.read.settings import LayoutSettings

_UNBOUNDED = float("inf")
_x0 = itemgetter(1)  # Char.x0
#: a run of chars in one cell: [page row, first position in the row, position after the last]
Run = list[int]


class PageRows:
    """The chars of one page by row: ``chars`` in :func:`pdf_layout.mid_order` (``mids`` their
    doubled centres), ``starts`` where each row begins in that order (``len(chars)`` last),
    per row the order of its chars left to right (``perms``, indices into ``chars``), the
    chars in that order (``rows``), its words and where each word's first char is.

    Laid out in compiled code (:mod:`pdf_native_rows`), the page keeps its chars as arrays
    (:class:`pdf_native.CharArrays`) and ``chars`` and ``rows`` are built only when read: the
    lines and most cells need only the words, a row's largest size and its printed spaces
    (:func:`pdf_layout.row_facts`), read from the arrays; a cell read from its own chars gets
    those chars' tuples alone."""

    def __init__(self, chars: Sequence[Char], layout: Optional[LayoutSettings] = None,
                 cols: Optional[dict[str, Any]] = None) -> None:
        self.layout = layout = LayoutSettings() if layout is None else layout
        # the same, in compiled code for the compiled char loop's page (or ``cols``:
        # pdf_native_rows.columns_of); the Python steps below for any other chars
        laid = page_rows(chars, layout, cols)
        self._source = chars
        if laid is not None:
            (self._order, self.mids, self.starts, self.perms, self.words, self.firsts,
             self._placed, self._native) = laid
            self._views = views = getattr(chars, "views", None)  # CharArrays' columns
            self._size = views["size"] if views else [c[5] for c in chars]  # Char.size
            self._x0 = views["x0"] if views else [c[1] for c in chars]  # Char.x0
            self._space = views["space"] if views else [c[6] for c in chars]  # Char.space
            return
        self._native = None
        self.chars, self.mids = mid_order(chars)
        self.starts = row_starts(self.chars, self.mids, layout)
        x0s = list(map(_x0, self.chars))  # Char.x0: rows are sorted by it, stably
        self.perms = [sorted(range(a, b), key=x0s.__getitem__)
                      for a, b in zip(self.starts, self.starts[1:])]
        at = self.chars.__getitem__
        self.rows = [list(map(at, p)) for p in self.perms]  # C iterators, no bytecode per char
        split = [row_words(r, layout) for r in self.rows]
        self.words = [w for w, _ in split]
        self.firsts = [f for _, f in split]

    # Built only when read, for a page laid out in compiled code (the Python steps set both).
    @cached_property
    def chars(self) -> list[Char]:
        return list(map(self._source.__getitem__, self._order))

    @cached_property
    def rows(self) -> list[list[Char]]:
        at = self.chars.__getitem__
        return [list(map(at, p)) for p in self.perms]

    def _char(self, k: int) -> Char:
        """The char at position ``k`` of the mid order, without building the others."""
        if self._native is None or "chars" in self.__dict__:
            return self.chars[k]
        source = self._source
        return source.at(self._order[k]) if isinstance(source, CharArrays) else source[
            self._order[k]]

    def _tolerance(self, k: int) -> float:
        """:func:`pdf_layout.tolerance` of the char at position ``k`` of the mid order (read
        from the arrays when the page has them: no tuple built for it)."""
        if self._native is None or self._views is None:
            return tolerance(self._char(k), self.layout)
        i, v = self._order[k], self._views
        return size_tolerance(v["bottom"][i] - v["top"][i], v["size"][i], self.layout)

    def _facts(self, r: int, i: int = 0, j: Optional[int] = None) -> tuple[float, list[float]]:
        """:func:`pdf_layout.row_facts` of positions ``i`` to ``j`` of row ``r``."""
        if self._native is None:
            return row_facts(self.rows[r][i:j])
        a, b = self.starts[r], self.starts[r + 1]
        placed = self._placed[a + i:b if j is None else a + j]
        spaced = list(map(self._x0.__getitem__, compress(placed, map(self._space.__getitem__,
                                                                      placed))))
        return max(map(self._size.__getitem__, placed), default=10.0) or 10.0, spaced

    def lines(self, page: int) -> list[Line]:
        """The page's lines, as :func:`pdf_layout.to_lines` gives them."""
        return lines_from(self.words, self._facts, page, self.layout)

    def table(self, grid: Grid, page: int) -> PageTable:
        """:func:`pdf_tables.grid_to_table` of the page's chars, from the shared rows."""
        runs = None if self._native is None else grid_runs(
            self._native, grid.xs, grid.ys, grid.slot_cell, len(grid.cells))
        if runs is None:
            runs = self._runs(grid)
        xs, ys = grid.xs, grid.ys
        new = tuple.__new__  # Cell(...) through NamedTuple's generated __new__ costs a frame
        cells = tuple(
            new(Cell, (self._text(rs) if rs else "", g.row, g.col, g.rowspan, g.colspan,
                       (xs[g.col], ys[g.row], xs[g.col + g.colspan], ys[g.row + g.rowspan]),
                       page, None))
            for g, rs in zip(grid.cells, runs))
        return PageTable(page, grid.xs, grid.ys, cells, len(grid.ys) - 1, len(grid.xs) - 1,
                         grid.bbox, grid)

    def _runs(self, grid: Grid) -> list[list[Run]]:
        """Per grid cell, the runs of its chars (a char belongs to the cell its centre lies in,
        as in :func:`pdf_tables.grid_to_table`) along the page rows that cross the grid."""
        runs: list[list[Run]] = [[] for _ in grid.cells]
        xs, ys, slot_cell = grid.xs, grid.ys, grid.slot_cell
        x0, top, x1, bottom = grid.bbox
        last_col, last_row = len(xs) - 2, len(ys) - 2
        # the chars with top <= centre <= bottom: a slice of the mid order (doubling is exact)
        lo, hi = bisect_left(self.mids, 2 * top), bisect_right(self.mids, 2 * bottom)
        starts, ordered = self.starts, self.chars
        for r in range(max(bisect_right(starts, lo) - 1, 0), bisect_left(starts, hi)):
            whole = lo <= starts[r] and starts[r + 1] <= hi
            prev = -1
            run: Run = []  # the open run of cell ``prev`` (set whenever prev >= 0)
            for p, k in enumerate(self.perms[r]):
                cell = -1
                if whole or lo <= k < hi:
                    c = ordered[k]
                    cx = (c[1] + c[3]) / 2  # Char x0, x1 by index
                    if x0 <= cx <= x1:
                        col = bisect_right(xs, cx) - 1
                        row = bisect_right(ys, (c[2] + c[4]) / 2) - 1  # Char top, bottom
                        cell = slot_cell[row if row < last_row else last_row][
                            col if col < last_col else last_col]
                if cell < 0:
                    prev = -1
                elif cell == prev:
                    run[2] = p + 1
                else:
                    run = [r, p, p + 1]
                    runs[cell].append(run)
                    prev = cell
        return runs

    def _text(self, runs: list[Run]) -> str:
        """A cell's text: from the page rows' words when the cell's own rows are its runs (see
        the module docstring), else from its own chars in mid order."""
        parts: list[str] = []
        for n, run in enumerate(runs):
            part = self._part(run, runs[n + 1] if n + 1 < len(runs) else None)
            if part is None:
                ranks = sorted(k for r, i, j in runs for k in self.perms[r][i:j])
                return cell_text(list(map(self._char, ranks)), True, self.layout)
            parts.append(part)
        return join_stacked(parts)

    def _part(self, run: Run, after: Optional[Run]) -> Optional[str]:
        """The text of run ``run`` of a cell (the run ``after`` it next, None when it is the
        last), from the page's words, or None when the cell's own rows or words could differ
        from the page's there."""
        r, i, j = run
        ranks = self.perms[r][i:j]
        first, last = min(ranks), max(ranks)  # the run's first and last chars in mid order
        tol = self._tolerance(first)
        if self.mids[last] - self.mids[first] > tol:
            return None  # the run alone clusters into more than one row
        if after is not None:  # the next run must start the cell's next row of its own
            nr, ni, nj = after  # (a later page row: all its chars come later in mid order)
            if nr <= r or self.mids[min(self.perms[nr][ni:nj])] - self.mids[first] <= tol:
                return None
        firsts, perm = self.firsts[r], self.perms[r]
        a, b = bisect_left(firsts, i), bisect_left(firsts, j)
        if not (self._spaced(perm[i]) or (a < len(firsts) and firsts[a] == i)):
            return None  # the run begins inside a word of the page's
        if j < len(perm) and not (self._spaced(perm[j]) or (b < len(firsts) and firsts[b] == j)):
            return None  # a word of the page's goes on past the run
        words: list[Word] = self.words[r][a:b]
        if len(words) < 2:
            return words[0][0] if words else ""  # Word.text (join_stacked strips the parts)
        return join_words(words, *self._facts(r, i, j), _UNBOUNDED, self.layout)

    def _spaced(self, k: int) -> bool:
        """Whether the char at position ``k`` of the mid order is a printed space."""
        if self._native is None:
            return bool(self.chars[k][6])  # Char.space
        return bool(self._space[self._order[k]])
