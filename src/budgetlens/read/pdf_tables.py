"""Grids + visible chars → the cells of one page's tables, with their texts.

Why chars go to cells by centre point: a glyph belongs to the cell its centre is printed in; the
clip test has already removed what a cell hides. A wrapped cell's lines are joined without spaces
between CJK fragments and with one between Latin words, so labels and amounts read as printed.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from typing import NamedTuple, Optional, Sequence

from budgetlens.model import BBox, Cell, Line
from budgetlens.read.pdf_grid import Grid
from budgetlens.read.pdf_layout import cluster_sorted, join_stacked, mid_order, mid_sorted, row_text
from budgetlens.read.pdf_objects import Char
from budgetlens.read.settings import LayoutSettings

_LAYOUT = LayoutSettings()


class PageTable(NamedTuple):
    """One table as found on one page, before stitching across pages."""

    page: int
    column_edges: tuple[float, ...]
    row_edges: tuple[float, ...]
    cells: tuple[Cell, ...]
    n_rows: int
    n_cols: int
    bbox: BBox
    grid: Optional[Grid] = None

    def rows(self) -> list[list[str]]:
        """Cell texts by row, merged cells' text repeated over their span."""
        out = [["" for _ in range(self.n_cols)] for _ in range(self.n_rows)]
        for c in self.cells:
            for r in range(c.row, min(c.row + c.rowspan, self.n_rows)):
                for k in range(c.col, min(c.col + c.colspan, self.n_cols)):
                    out[r][k] = c.text
        return out


_UNBOUNDED = float("inf")


def cell_text(chars: Sequence[Char], by_mid: bool = False,
              layout: LayoutSettings = _LAYOUT) -> str:
    """Text of one cell: its printed rows joined as one label or one number. ``by_mid``: the
    chars are in :func:`pdf_layout.mid_sorted` order already (as :func:`grid_to_table` fills
    its cells), so they are clustered without sorting them again."""
    if len(chars) == 1:  # one glyph (a digit, 0, -): its word, or nothing for a printed space
        c = chars[0]
        return "" if c[6] else c[0].strip()  # Char.space, Char.text
    rows = cluster_sorted(chars if by_mid else mid_sorted(chars), layout)
    if len(rows) == 1:  # join_stacked of one part is that part, stripped
        return row_text(rows[0], _UNBOUNDED, layout).strip()
    return join_stacked([row_text(r, _UNBOUNDED, layout) for r in rows])


def grid_to_table(grid: Grid, chars: Sequence[Char], page: int,
                  layout: LayoutSettings = _LAYOUT) -> PageTable:
    """Fill a grid with the chars whose centre falls in each cell (the rest are ignored).
    The chars are put in :func:`pdf_layout.mid_order` first: only the slice of them whose
    centre lies within the grid's height is looked at, and no cell sorts its chars again.
    (The PDF reader shares the page's rows with its cells instead: :mod:`pdf_rows`.)"""
    chars, mids = mid_order(chars)
    buckets: list[list[Char]] = [[] for _ in grid.cells]
    xs, ys, slot_cell = grid.xs, grid.ys, grid.slot_cell
    x0, top, x1, bottom = grid.bbox
    last_col, last_row = len(xs) - 2, len(ys) - 2
    # top <= (c.top + c.bottom) / 2 <= bottom, as a slice (halving and doubling are exact)
    band = chars[bisect_left(mids, 2 * top):bisect_right(mids, 2 * bottom)]
    for c in band:  # Grid.locate inlined: this runs for every char in the grid's band
        cx = (c[1] + c[3]) / 2  # Char x0, x1 by index
        if x0 <= cx <= x1:
            col = bisect_right(xs, cx) - 1
            row = bisect_right(ys, (c[2] + c[4]) / 2) - 1  # Char top, bottom
            k = slot_cell[row if row < last_row else last_row][col if col < last_col else last_col]
            if k >= 0:
                buckets[k].append(c)
    new = tuple.__new__  # Cell(...) through NamedTuple's generated __new__ costs a frame
    cells = tuple(
        new(Cell, (cell_text(b, True, layout) if b else "", g.row, g.col, g.rowspan, g.colspan,
                   (xs[g.col], ys[g.row], xs[g.col + g.colspan], ys[g.row + g.rowspan]),
                   page, None))
        for g, b in zip(grid.cells, buckets))
    return PageTable(page, grid.xs, grid.ys, cells, len(grid.ys) - 1, len(grid.xs) - 1,
                     grid.bbox, grid)


def has_text(table: PageTable) -> bool:
    return any(c.text for c in table.cells)


def inside(bbox: Optional[BBox], box: BBox, margin: float = 1.0) -> bool:
    """Is the centre of ``bbox`` inside ``box``?"""
    if bbox is None:
        return False
    cx, cy = (bbox[0] + bbox[2]) / 2, (bbox[1] + bbox[3]) / 2
    return (box[0] - margin <= cx <= box[2] + margin
            and box[1] - margin <= cy <= box[3] + margin)


_LINE = Cell._fields.index("line")


def cell_lines(table: PageTable, lines: Sequence[Line]) -> PageTable:
    """Give each cell the number of the first page line printed inside it."""
    grid = table.grid
    if grid is None:
        return table
    # a ruled table's cells are its grid's, in the grid's order (grid_to_table): the cell a
    # point lies in is the grid cell's index
    first: dict[int, int] = {}
    xs, ys, slot_cell = grid.xs, grid.ys, grid.slot_cell
    x0, top, x1, bottom = grid.bbox
    last_col, last_row = len(xs) - 2, len(ys) - 2
    box = table.bbox
    for line in lines:
        if not inside(line.bbox, box):
            continue
        number = line.number
        for w in line.words:  # Grid.locate inlined, as in grid_to_table
            cx, cy = (w[1] + w[3]) / 2, (w[2] + w[4]) / 2  # Word x0, x1 and top, bottom
            if x0 <= cx <= x1 and top <= cy <= bottom:
                col = bisect_right(xs, cx) - 1
                row = bisect_right(ys, cy) - 1
                k = slot_cell[row if row < last_row else last_row][col if col < last_col
                                                                   else last_col]
                if k >= 0 and k not in first:
                    first[k] = number
    if not first:
        return table
    # Cell.line set by slicing: ``_replace`` per cell cost a third of this function
    new, get, at = tuple.__new__, first.get, _LINE
    cells = tuple(new(Cell, c[:at] + (get(i),) + c[at + 1:]) for i, c in enumerate(table.cells))
    return table._replace(cells=cells)
