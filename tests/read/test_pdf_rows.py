"""The page rows shared by a page's lines and its ruled tables' cells (read/pdf_rows.py) give
exactly what reading each cell from its own chars gives (pdf_tables.grid_to_table) and what
clustering the page alone gives (pdf_layout.to_lines): on real disclosures from the corpus, and
on a table drawn here with the cases the shared words must refuse (a label wrapped over two
lines, a word printed across a ruling, a cell whose text holds a printed space)."""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium
import pytest

from budgetlens.read import pdf_native, pdf_native_rows, pdf_rows
from budgetlens.read.pdf import read_page_chars
from budgetlens.read.pdf_grid import find_grids
from budgetlens.read.pdf_layout import to_lines
from budgetlens.read.pdf_objects import Char
from budgetlens.read.pdf_rows import PageRows
from budgetlens.read.pdf_tables import cell_text, grid_to_table

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


def _ch(text: str, x0: float, centre: float) -> Char:
    """A 10-pt glyph whose vertical centre is ``centre``."""
    return Char(text, x0, centre - 5.0, x0 + 10.0, centre + 5.0, 10.0, False)


@pytest.mark.parametrize("native", [False, True])
def test_a_label_wrapped_over_page_rows_is_read_from_the_page_words(monkeypatch, native):
    """A cell whose chars are runs of several page rows takes the rows' words when clustering
    the cell alone gives the same rows: 其他/支出 and Total/expense, each line its own page row
    and 12 pt apart (the tolerance is 4.5 pt). The near miss: 甲 and 乙 fall in two page rows
    (乙 is 6 pt below 号, the row's first char) but 3 pt apart, so the cell alone clusters them
    into one row, sorted left to right (乙甲): read from the cell's own chars. Both equal
    pdf_tables.grid_to_table, the Python steps and the compiled ones."""
    chars = [_ch("其", 5.0, 100.0), _ch("他", 15.0, 100.0), _ch("号", 205.0, 100.0),
             _ch("甲", 130.0, 103.0), _ch("乙", 110.0, 106.0),
             _ch("支", 5.0, 112.0), _ch("出", 15.0, 112.0),
             _ch("T", 5.0, 140.0), _ch("o", 15.0, 140.0), _ch("t", 25.0, 140.0),
             _ch("a", 35.0, 140.0), _ch("l", 45.0, 140.0), _ch("e", 5.0, 152.0),
             _ch("x", 15.0, 152.0), _ch("p", 25.0, 152.0), _ch("n", 35.0, 152.0)]
    edges = [{"orientation": "h", "top": y, "bottom": y, "x0": 0.0, "x1": 300.0}
             for y in (90.0, 130.0, 170.0)]
    edges += [{"orientation": "v", "x0": x, "x1": x, "top": 90.0, "bottom": 170.0}
              for x in (0.0, 100.0, 200.0, 300.0)]
    (grid,) = find_grids(edges)
    pdf_native.use(native)
    try:
        cols = pdf_native_rows.columns_of(chars) if native else None
        if native and not pdf_native.status()[0]:
            pytest.skip("the compiled loop is not built here (scripts/build_native.sh)")
        rows = PageRows(chars, None, cols)
        assert (rows._native is not None) == native
        read: list[int] = []
        monkeypatch.setattr(pdf_rows, "cell_text", lambda cs, *a: read.append(len(cs)) or
                            cell_text(cs, *a))
        table = rows.table(grid, 1)
    finally:
        pdf_native.use(True)
    assert table == grid_to_table(grid, chars, 1)
    texts = {(c.row, c.col): c.text for c in table.cells}
    assert texts[(0, 0)] == "其他支出" and texts[(1, 0)] == "Total expn"
    assert texts[(0, 1)] == "乙甲" and texts[(0, 2)] == "号"
    assert read == [2]  # only the near miss was read from its own chars
