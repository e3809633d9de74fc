"""Ruled tables as the PDF reader returns them (read/pdf_tables.py: ``PageTable``, the cells a
grid is filled with, the page line each cell's text was printed on), on a ruled table reportlab
draws (tests/read/ruled_pdf.py). Near misses: text outside the table (a note, a framed paragraph)
is in no cell and its lines belong to no table; a box whose centre is outside is not inside."""

from __future__ import annotations

import pytest

from budgetlens.read.page_view import open_page
from budgetlens.read.pdf_tables import has_text, inside

from .ruled_pdf import ROWS, XS, YS, ruled_pdf

pytest.importorskip("reportlab")


@pytest.fixture(scope="module")
def view(tmp_path_factory):
    return open_page(ruled_pdf(tmp_path_factory.mktemp("tables") / "ruled.pdf"), 1)


def test_a_ruled_table_reads_cell_by_cell_with_the_merged_cell_repeated(view):
    (table,) = view.tables
    assert table.grid is not None and (table.n_rows, table.n_cols) == (3, 3)
    assert table.bbox == (XS[0], YS[0], XS[-1], YS[-1])
    assert table.rows() == [["项目", "本年预算", "本年预算"], list(ROWS[1]), list(ROWS[2])]
    merged = [c for c in table.cells if c.colspan == 2]
    assert [(c.text, c.row, c.col) for c in merged] == [("本年预算", 0, 1)]
    assert has_text(table)
    assert not has_text(table._replace(cells=tuple(c._replace(text="") for c in table.cells)))


def test_each_cell_knows_the_page_line_it_was_printed_on(view):
    (table,) = view.tables
    by_text = {ln.text: ln.number for ln in view.lines}
    number = {c.text: c.line for c in table.cells}
    assert number["合计"] == number["100.00"] == by_text["合计 100.00 60.00"]
    assert number["基本支出"] == by_text["基本支出 40.00 20.00"] != number["合计"]
    notes = [ln for ln in view.lines if "说明" in ln.text or "本部门" in ln.text]
    assert len(notes) == 2 and all(view.line_table(ln) is None for ln in notes)
    assert not any(c.line == ln.number for c in table.cells for ln in notes)


def test_inside_goes_by_the_centre_of_a_box_with_a_margin():
    box = (100.0, 100.0, 200.0, 200.0)
    assert inside((190.0, 150.0, 209.0, 160.0), box)  # centre x 199.5
    assert inside((190.0, 150.0, 211.0, 160.0), box)  # centre x 200.5: within the 1-pt margin
    assert not inside((195.0, 150.0, 211.0, 160.0), box)  # centre x 203: a box straddling
    assert not inside((190.0, 150.0, 211.0, 160.0), box, margin=0.0)
    assert not inside(None, box)  # a line without a box is inside nothing
