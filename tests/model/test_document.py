"""The records every reader returns (model/document.py): a table's grid keeps each blank in its
own slot and a merged cell at its top-left (repeated over its span only when asked), a slot is
found from any position its cell covers, and a document's lines and text run page by page."""

from __future__ import annotations

from pathlib import Path

import pytest

from budgetlens.model import Cell, Document, Line, Page, Table
from budgetlens.read import read_document

from ..conftest import seed_path


def _merged_header() -> Table:
    """收入 over two columns, 项目 over two rows: a header as DOCX, XLSX and HTML print it."""
    cells = (Cell("项目", 0, 0, rowspan=2), Cell("收入", 0, 1, colspan=2),
             Cell("本年", 1, 1), Cell("上年", 1, 2),
             Cell("合计", 2, 0), Cell("", 2, 1), Cell("90.00", 2, 2))
    return Table(index=0, page=1, n_rows=3, n_cols=3, cells=cells)


def test_a_merged_cell_sits_at_its_top_left_and_blanks_keep_their_slot():
    table = _merged_header()
    assert table.grid() == [["项目", "收入", ""], ["", "本年", "上年"], ["合计", "", "90.00"]]
    assert table.grid(fill_spans=True) == [["项目", "收入", "收入"], ["项目", "本年", "上年"],
                                           ["合计", "", "90.00"]]


def test_cell_at_finds_the_cell_covering_a_slot():
    table = _merged_header()
    assert table.cell_at(0, 2).text == "收入" and table.cell_at(1, 0).text == "项目"
    assert table.cell_at(2, 1) == Cell("", 2, 1)  # a blank is a cell of its own
    assert table.cell_at(3, 0) is None  # near miss: below the last row


def test_a_cell_outside_the_declared_grid_is_left_out():
    table = Table(index=0, page=1, n_rows=1, n_cols=2,
                  cells=(Cell("a", 0, 0), Cell("b", 0, 1), Cell("stray", 1, 0)))
    assert table.grid() == [["a", "b"]]


def test_a_read_seed_keeps_its_lines_in_reading_order_and_its_tables_as_grids():
    path = seed_path("004")
    document, _ = read_document(path)
    assert document.n_pages == len(document.pages) >= 1
    lines = list(document.lines())
    assert lines == [ln for page in document.pages for ln in page.lines]
    assert document.text() == "\n".join(ln.text for ln in lines)
    text = Path(path).read_text(encoding="utf-8")
    for table in document.tables:
        grid = table.grid()
        assert len(grid) == table.n_rows and all(len(r) == table.n_cols for r in grid)
        first = [ln for ln in lines if ln.table == table.index][0]
        assert first.text.split("\t")[0] == grid[0][0]  # the grid is the printed rows
    assert document.tables and all(ln.text in text for ln in lines)


def test_an_empty_document_has_no_lines():
    document = Document(path="x.txt", format="text", pages=(Page(1, ()),))
    assert list(document.lines()) == [] and document.text() == "" and document.n_pages == 1
    two = Document("x.txt", "text", (Page(1, (Line("甲", 1, 1),)), Page(2, (Line("乙", 2, 1),))))
    assert two.text() == "甲\n乙"


def test_records_are_frozen():
    with pytest.raises(AttributeError):
        _merged_header().n_rows = 4  # type: ignore[misc]
