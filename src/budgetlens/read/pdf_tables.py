"""Grids + visible chars → the cells of one page's tables, with their texts.

Why chars go to cells by centre point: a glyph belongs to the cell its centre is printed in; the
clip test has already removed what a cell hides. A wrapped cell's lines are joined without spaces
between CJK fragments and with one between Latin words, so labels and amounts read as printed.
"""

from __future__ import annotations

from bisect import bisect_right
from typing import NamedTuple, Optional, Sequence

from budgetlens.model import BBox, Cell, Line
from budgetlens.read.pdf_grid import Grid
from budgetlens.read.pdf_layout import cluster_rows, join_stacked, row_text
from budgetlens.read.pdf_objects import Char


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


def cell_text(chars: Sequence[Char]) -> str:
    """Text of one cell: its printed rows joined as one label or one number."""
    return join_stacked([row_text(r, cjk_gap=float("inf")) for r in cluster_rows(chars)])


def grid_to_table(grid: Grid, chars: Sequence[Char], page: int) -> PageTable:
    """Fill a grid with the chars whose centre falls in each cell (the rest are ignored)."""
    buckets: list[list[Char]] = [[] for _ in grid.cells]
    xs, ys, slot_cell = grid.xs, grid.ys, grid.slot_cell
    x0, top, x1, bottom = grid.bbox
    last_col, last_row = len(xs) - 2, len(ys) - 2
    for c in chars:  # Grid.locate inlined: this runs for every char of a page with a grid
        cx, cy = (c[1] + c[3]) / 2, (c[2] + c[4]) / 2  # Char x0, x1 and top, bottom by index
        if x0 <= cx <= x1 and top <= cy <= bottom:
            col = bisect_right(xs, cx) - 1
            row = bisect_right(ys, cy) - 1
            k = slot_cell[row if row < last_row else last_row][col if col < last_col else last_col]
            if k >= 0:
                buckets[k].append(c)
    new = tuple.__new__  # Cell(...) through NamedTuple's generated __new__ costs a frame
    cells = tuple(
        new(Cell, (cell_text(b) if b else "", g.row, g.col, g.rowspan, g.colspan,
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
    first: dict[int, int] = {}
    grid = table.grid
    if grid is None:
        return table
    index = {(c.row, c.col): i for i, c in enumerate(table.cells)}
    for line in lines:
        if not inside(line.bbox, table.bbox):
            continue
        for w in line.words:
            k = grid.locate((w.x0 + w.x1) / 2, (w.top + w.bottom) / 2)
            if k >= 0:
                g = grid.cells[k]
                first.setdefault(index[(g.row, g.col)], line.number)
    if not first:
        return table
    # Cell.line set by slicing: ``_replace`` per cell cost a third of this function
    new, get, at = tuple.__new__, first.get, _LINE
    cells = tuple(new(Cell, c[:at] + (get(i),) + c[at + 1:]) for i, c in enumerate(table.cells))
    return table._replace(cells=cells)
