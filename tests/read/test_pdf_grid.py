"""The grid finder (read/pdf_grid.py) on a ruled table reportlab draws (tests/read/ruled_pdf.py):
collinear strokes that touch become one ruling, the rulings that cross become one grid of column
and row bounds, a header cell with no rule through it spans two columns, and a point is located
in its cell. Near misses: an underline and a framed paragraph are rulings but no grid; the same
table with the rule drawn through its header has no merged cell."""

from __future__ import annotations

import pytest

from budgetlens.read.page_view import open_page
from budgetlens.read.pdf_grid import GridCell, find_grids, merge_rulings
from budgetlens.read.settings import DEFAULT_READ

from .ruled_pdf import XS, YS, ruled_pdf

pytest.importorskip("reportlab")


@pytest.fixture(scope="module")
def view(tmp_path_factory):
    return open_page(ruled_pdf(tmp_path_factory.mktemp("grid") / "ruled.pdf"), 1)


def test_touching_strokes_are_one_ruling_and_lone_rules_stay_apart(view):
    bottom = [e for e in view.edges if e["orientation"] == "h" and e["top"] == YS[-1]]
    assert len(bottom) == 2  # drawn in two strokes
    hs = merge_rulings(view.edges, "h")
    assert [(r.start, r.end) for r in hs if r.pos == YS[-1]] == [(XS[0], XS[-1])]
    # the underline (100–240 at y=303) touches nothing: one ruling of its own length
    assert [(r.start, r.end) for r in hs if r.pos == 303.0] == [(100.0, 240.0)]
    assert all(r.orientation == "v" for r in merge_rulings(view.edges, "v"))


def test_crossing_rulings_are_one_grid_with_a_merged_header_cell(view):
    (grid,) = find_grids(view.edges)  # the underline and the framed paragraph are no grid
    assert grid.xs == XS and grid.ys == YS and grid.bbox == (XS[0], YS[0], XS[-1], YS[-1])
    assert grid.cells[:2] == (GridCell(0, 0, 1, 1), GridCell(0, 1, 1, 2))
    assert len(grid.cells) == 2 + 3 + 3
    assert grid.cell_bbox(grid.cells[1]) == (XS[1], YS[0], XS[3], YS[1])
    # both halves of the merged header locate to the same cell; outside the grid: -1
    assert grid.locate(300.0, 110.0) == grid.locate(400.0, 110.0) == 1
    assert grid.locate(400.0, 160.0) == 7 and grid.locate(500.0, 110.0) == -1


def test_the_rule_through_the_header_splits_the_merged_cell(tmp_path):
    edges = open_page(ruled_pdf(tmp_path / "split.pdf", merged=False), 1).edges
    (grid,) = find_grids(edges)
    assert len(grid.cells) == 9 and all(c.colspan == 1 for c in grid.cells)


def test_outer_columns_narrower_than_min_column_are_slivers(view):
    """``grid.min_column`` drops outer columns narrower than it, one after another (a double
    border's slivers): at 101 pt both 100-pt columns on the right go and one column is no table;
    the near miss: at 100 pt (the columns' own width) the table stands as drawn."""
    assert find_grids(view.edges, DEFAULT_READ.override({"grid.min_column": "101"}).grid) == []
    (grid,) = find_grids(view.edges, DEFAULT_READ.override({"grid.min_column": "100"}).grid)
    assert grid.xs == XS
