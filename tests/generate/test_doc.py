"""The generated document as data (generate/doc.py), on the synthetic input's model: a table's
grid holds each cell at its anchor, the slots a span covers are known, the cells holding a
measure's figure and the listed items' figures are told apart, and a cell's figure is its value.
Near misses: a header cell is neither kind of figure, and asking it for one is a bug (an error)."""

from __future__ import annotations

import pytest

from .models import synthetic_model


@pytest.fixture(scope="module")
def model(tmp_path_factory):
    return synthetic_model(tmp_path_factory.mktemp("doc"))


def test_the_grid_holds_each_cell_at_its_anchor_and_spans_cover_slots(model):
    table = next(t for t in model.tables() if any(c.colspan > 1 for c in t.cells))
    grid = table.rows()
    assert len(grid) == table.n_rows and all(len(r) == table.n_cols for r in grid)
    assert all(grid[c.row][c.col] is c for c in table.cells)
    wide = next(c for c in table.cells if c.colspan > 1)
    covered = table.covered()
    assert (wide.row, wide.col + 1) in covered and (wide.row, wide.col) not in covered
    assert all(grid[r][k] is None for r, k in covered)


def test_figures_of_measures_and_of_listed_items_are_told_apart(model):
    expense = next(t for t in model.tables() if t.family == "gpb_expense")
    values = expense.value_cells()
    assert values and all(c.measure and c.figure == c.value for c in values)
    assert expense.item_cells() == []
    projects = next(t for t in model.tables() if t.family == "project_expense")
    items = projects.item_cells()
    assert items and all(not c.measure and c.value is not None for c in items)
    header = next(c for c in expense.cells if c.header)
    assert header not in values and header not in expense.item_cells()
    with pytest.raises(ValueError, match="holds no figure"):
        header.figure  # noqa: B018 (the property raises)


def test_the_document_lists_its_tables_and_sections_in_part_order(model):
    assert [t for p in model.parts for t in p.tables] == model.tables()
    assert [t.number for t in model.tables()] == list(range(1, len(model.tables()) + 1))
    assert [s.key for s in model.sections()][:2] == ["functions", "organisation"]
