"""The page rows shared by a page's lines and its ruled tables' cells (read/pdf_rows.py) give
exactly what reading each cell from its own chars gives (pdf_tables.grid_to_table) and what
clustering the page alone gives (pdf_layout.to_lines): on real disclosures from the corpus, and
on a table drawn here with the cases the shared words must refuse (a label wrapped over two
lines, a word printed across a ruling, a cell whose text holds a printed space)."""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium
import pytest

from budgetlens.read.pdf import read_page_chars
from budgetlens.read.pdf_grid import find_grids
from budgetlens.read.pdf_layout import to_lines
from budgetlens.read.pdf_rows import PageRows
from budgetlens.read.pdf_tables import grid_to_table

CORPUS = Path(__file__).resolve().parents[2] / ".." / "shared" / "corpus" / "pdf"


def _pages(path: Path):
    """(chars, edges) of every page of ``path``, as the reader sees them."""
    pdf = pdfium.PdfDocument(str(path))
    try:
        for i in range(len(pdf)):
            _, chars, objects = read_page_chars(pdf, i, str(path))
            yield i + 1, chars, objects.edges
    finally:
        pdf.close()


def _same_as_cell_by_cell(path: Path) -> int:
    """Assert the shared reading equals the reference on every page; return the cells seen."""
    cells = 0
    for number, chars, edges in _pages(path):
        rows = PageRows(chars)
        assert rows.lines(number) == to_lines(chars, number)
        for grid in find_grids(edges):
            shared = rows.table(grid, number)
            assert shared == grid_to_table(grid, chars, number)
            cells += len(shared.cells)
    return cells


@pytest.mark.parametrize("name", [
    "beijing_czj_2026_yusuan.pdf",  # ruled tables, merged headers
    "fujian_quanzhou_zfbgs_2026_yusuan.pdf",
    "chongqing_jxw_2026_yusuan_textlayout.pdf",  # tables printed as text
])
def test_shared_rows_read_corpus_pages_as_cell_by_cell(name):
    path = CORPUS / name
    if not path.exists():
        pytest.skip(f"corpus file {name} not available")
    _same_as_cell_by_cell(path)


def test_cells_the_page_words_do_not_fit_are_read_from_their_own_chars(tmp_path):
    reportlab = pytest.importorskip("reportlab")  # noqa: F841
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    font = "STSong-Light"
    pdfmetrics.registerFont(UnicodeCIDFont(font))
    width, height = A4
    path = tmp_path / "t.pdf"
    c = canvas.Canvas(str(path), pagesize=A4)
    xs, ys = [60, 160, 260, 360], [100, 130, 160, 190]
    for y in ys:
        c.line(xs[0], height - y, xs[-1], height - y)
    for x in xs:
        c.line(x, height - ys[0], x, height - ys[-1])

    def text(x: float, top: float, s: str) -> None:
        c.setFont(font, 9)
        c.drawString(x, height - top - 9, s)

    text(63, 104, "其他一般公共")  # a label wrapped over two lines of one cell
    text(63, 115, "服务支出")
    text(163, 110, "1,234.50")
    text(263, 110, "项 目")  # a printed space inside a cell
    text(63, 140, "ABCDEFGHIJKLMNOPQRST")  # one word printed across the ruling at x = 160
    text(263, 140, "0")
    text(63, 170, "Total expense")
    text(163, 170, "合计")
    c.save()

    assert _same_as_cell_by_cell(path) == 9
    _, chars, edges = next(_pages(path))
    (grid,) = find_grids(edges)
    texts = {(cell.row, cell.col): cell.text for cell in PageRows(chars).table(grid, 1).cells}
    assert texts[(0, 0)] == "其他一般公共服务支出"
    assert texts[(0, 1)] == "1,234.50"
    assert texts[(0, 2)] == "项目"
    left, right = texts[(1, 0)], texts[(1, 1)]
    assert left and right and left + right == "ABCDEFGHIJKLMNOPQRST"
    assert texts[(1, 2)] == "0"
    assert texts[(2, 0)] == "Total expense" and texts[(2, 1)] == "合计"
