"""The compiled rows and words of a page (read/native/pdfrows.c via read/pdf_native_rows.py) are
exactly what the Python steps of pdf_rows.PageRows make, on chars made here to reach each case
and on every page of corpus PDFs.

Why these cases: the C side sorts by centre and by left edge (ties must keep their order, as
Python's stable sort does), cuts rows by the tolerance of each row's first char, splits words at
printed spaces and wide gaps, and reads a glyph drawn twice (fake bold) once; each case sits
beside its near miss (a gap just inside and just outside the word gap, a second glyph just under
and just over the duplicate distance, centres within and beyond the tolerance). What it cannot
carry exactly — a NaN centre, an int coordinate, a text of two code points — goes to the Python
steps, and the result is the same.
"""

from __future__ import annotations

import math
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from budgetlens.read import pdf_native, pdf_native_rows
from budgetlens.read.pdf import read_page_chars
from budgetlens.read.pdf_grid import find_grids
from budgetlens.read.pdf_objects import Char
from budgetlens.read.pdf_rows import PageRows
from budgetlens.read.settings import LayoutSettings

REPO = Path(__file__).resolve().parents[2]
CORPUS = REPO / ".." / "shared" / "corpus" / "pdf"
_FIELDS = ("chars", "mids", "starts", "perms", "rows", "words", "firsts")


@pytest.fixture(autouse=True)
def _restore():
    yield
    pdf_native.use(True)


def _compiled() -> None:
    pdf_native.use(True)
    if not pdf_native.status()[0]:
        pytest.skip("the compiled loop is not built here (scripts/build_native.sh)")


def _both(chars: list, layout: LayoutSettings = LayoutSettings()) -> tuple[tuple, tuple, bool]:
    """PageRows' fields from the Python steps and from the compiled ones (``repr`` of each, so
    that 1 and 1.0 or -0.0 and 0.0 differ), and whether the compiled steps answered."""
    pdf_native.use(False)
    plain = PageRows(chars, layout)
    pdf_native.use(True)
    cols = pdf_native.columns(chars) or pdf_native_rows.columns_of(chars)
    answered = cols is not None and pdf_native_rows.page_rows(chars, layout, cols) is not None
    compiled = PageRows(chars, layout, cols)
    return (tuple(repr(getattr(plain, f)) for f in _FIELDS),
            tuple(repr(getattr(compiled, f)) for f in _FIELDS), answered)


def _c(text: str, x0: float, top: float, width: float = 10.0, height: float = 10.0,
       size: float = 10.0, space: bool = False) -> Char:
    return Char(text, x0, top, x0 + width, top + height, size, space)


def test_each_case_reads_as_the_python_steps_read_it():
    _compiled()
    chars = [
        # row 1: a word, a gap of 2.4 (inside 0.25 × 10) and of 2.6 (outside), a printed space
        _c("合", 10.0, 100.0), _c("计", 20.0, 100.0), _c("1", 32.4, 100.0), _c("2", 45.0, 100.0),
        _c(" ", 55.0, 100.0, space=True), _c("元", 65.0, 100.0),
        # fake bold: the same glyph again 0.5 pt on (dropped) and 1.5 pt on (kept)
        _c("预", 80.0, 100.0), _c("预", 80.5, 100.0), _c("算", 90.0, 100.0),
        _c("算", 91.5, 100.0),
        # equal centres and equal left edges: ties keep the page's order
        _c("甲", 120.0, 100.0), _c("乙", 120.0, 100.0),
        # a centre 4 pt lower (doubled 8 < 2 × 0.45 × 10 = 9: same row) and 5 pt (next row)
        _c("上", 140.0, 104.0), _c("下", 150.0, 105.0),
        # row 3 printed in reverse order, a tiny font (size below 1 reads as 1), a -0.0 edge
        _c("c", 30.0, 130.0, size=0.5), _c("b", 20.0, 130.0, size=0.5), _c("a", -0.0, 130.0),
    ]
    plain, compiled, answered = _both(chars)
    assert answered and plain == compiled
    rows = PageRows(chars)
    assert [w.text for w in rows.words[0]][:6] == ["合计1", "2", "元", "预算算", "甲乙", "上"]
    assert len(rows.starts) == 4  # two rows of the first band (上 with it, 下 below), the third, the end


def test_what_the_arrays_cannot_carry_goes_to_the_python_steps():
    """A NaN edge, an int coordinate and a two-code-point text are answered None by the
    compiled steps and read by the Python ones: the page reads the same."""
    _compiled()
    base = [_c("合", 10.0, 100.0), _c("计", 20.0, 100.0)]
    for odd in (_c("x", math.nan, 100.0), Char("x", 30, 100, 40, 110, 10, False),
                _c("ﬁx", 30.0, 100.0)):
        plain, compiled, answered = _both(base + [odd])
        assert not answered and plain == compiled
    assert _both(base)[2]  # the near miss: the same chars without the odd one are answered
    assert pdf_native_rows.page_rows([], LayoutSettings()) is None  # nothing to lay out


def test_only_the_compiled_loops_own_page_is_laid_out_in_c():
    """Chars the compiled char loop made are laid out from its arrays, which the page's chars
    own (pdf_native.CharArrays): reading the next page leaves them, and the layout of the lines
    and of a ruled grid builds no Char tuple. The same chars as a list, or with one more (as
    pdf_recover adds lost glyphs), are read by the Python steps: the same lines and table."""
    path = CORPUS / "chongqing_jxw_2026_yusuan_textlayout.pdf"
    if not path.is_file():
        pytest.skip("shared corpus not available")
    _compiled()
    pdf = pdfium.PdfDocument(str(path))
    try:
        chars = read_page_chars(pdf, 0)[1]
        following = read_page_chars(pdf, 1)[1]  # the loop's buffers now hold page 2
    finally:
        pdf.close()
    assert isinstance(chars, pdf_native.CharArrays) and len(following) > 0
    assert pdf_native.columns(chars) is not None and PageRows(chars)._native is not None
    assert pdf_native.columns(list(chars)) is None and PageRows(list(chars))._native is None
    edges = [{"orientation": "h", "top": y, "bottom": y, "x0": 0.0, "x1": 600.0}
             for y in (0.0, 900.0)]
    edges += [{"orientation": "v", "x0": x, "x1": x, "top": 0.0, "bottom": 900.0}
              for x in (0.0, 300.0, 600.0)]
    (grid,) = find_grids(edges)
    fresh = pdf_native.CharArrays  # a page read and laid out without any tuple built
    pdfium_doc = pdfium.PdfDocument(str(path))
    try:
        lazy = read_page_chars(pdfium_doc, 0)[1]
    finally:
        pdfium_doc.close()
    assert isinstance(lazy, fresh)
    rows = PageRows(lazy)
    lines, table = rows.lines(1), rows.table(grid, 1)
    assert lazy._tuples is None and "chars" not in vars(rows)  # no Char tuple was built
    assert pdf_native_rows.grid_runs(rows._native, grid.xs, grid.ys, grid.slot_cell,
                                     len(grid.cells)) is not None
    plain = PageRows(list(chars))  # the Python steps on the same chars
    assert repr(plain.lines(1)) == repr(lines) and repr(plain.table(grid, 1)) == repr(table)
    assert repr(plain.chars) == repr(rows.chars) and repr(plain.rows) == repr(rows.rows)
    more = PageRows([*chars, _c("补", 10.0, 10.0)])  # one more char: the Python steps
    assert more._native is None and "补" in repr(more.lines(1))
    pdf_native.use(False)
    pdf = pdfium.PdfDocument(str(path))
    try:
        python = read_page_chars(pdf, 0)[1]  # the Python loop: a list of the same tuples
    finally:
        pdf.close()
    assert isinstance(python, list) and chars == python and repr(chars) == repr(python)


def test_layout_settings_reach_the_compiled_steps():
    """A wider word gap joins what the default splits, the same both ways."""
    _compiled()
    chars = [_c("1", 10.0, 100.0), _c("2", 23.0, 100.0)]
    for gap in (0.25, 0.5):
        plain, compiled, answered = _both(chars, LayoutSettings(word_gap=gap))
        assert answered and plain == compiled
    pdf_native.use(True)
    assert len(PageRows(chars, LayoutSettings(word_gap=0.5)).words[0]) == 1
    assert len(PageRows(chars).words[0]) == 2


def _tables(chars: list, edges: list, native: bool) -> str:
    """``repr`` of the page's ruled tables read from its shared rows (PageRows.table: the
    cells' runs of chars, compiled or not)."""
    pdf_native.use(native)
    cols = (pdf_native.columns(chars) or pdf_native_rows.columns_of(chars)) if native else None
    rows = PageRows(chars, LayoutSettings(), cols)
    assert (rows._native is not None) == native  # the compiled runs are the ones compared
    return repr([rows.table(g, 1) for g in find_grids(edges)])


def test_a_ruled_grid_takes_the_same_runs_both_ways():
    """Cells' runs (PageRows._runs): a word cut by a column bound, a label wrapped over two rows
    of one cell, a char right on a bound, a char outside the grid (the near miss)."""
    _compiled()
    edges = [{"orientation": "h", "top": y, "bottom": y, "x0": 0.0, "x1": 200.0}
             for y in (90.0, 130.0, 160.0)]
    edges += [{"orientation": "v", "x0": x, "x1": x, "top": 90.0, "bottom": 160.0}
              for x in (0.0, 50.0, 200.0)]
    chars = [_c("项", 10.0, 100.0), _c("目", 45.0, 100.0), _c("名", 52.0, 100.0),
             _c("称", 10.0, 115.0), _c("1", 60.0, 140.0), _c("2", 45.0, 140.0),
             _c("外", 250.0, 140.0)]
    plain, compiled = _tables(chars, edges, False), _tables(chars, edges, True)
    assert plain == compiled and "text='项称'" in plain  # 目 centred on the bound: column 2


@pytest.mark.parametrize("name", ["fujian_fuzhou_gaj_zazd_2026_yusuan_danwei.pdf",
                                  "chongqing_jxw_2026_yusuan_textlayout.pdf"])
def test_corpus_pages_read_the_same_both_ways(name):
    path = CORPUS / name
    if not path.is_file():
        pytest.skip("shared corpus not available")
    _compiled()
    pdf = pdfium.PdfDocument(str(path))
    answered = grids = 0
    try:
        for i in range(min(len(pdf), 12)):
            _, chars, objects = read_page_chars(pdf, i)
            plain, compiled, got = _both(chars)
            assert plain == compiled, (name, i)
            answered += got
            assert _tables(chars, objects.edges, False) == _tables(chars, objects.edges, True)
            grids += len(find_grids(objects.edges))
    finally:
        pdf.close()
    assert answered >= 1 and grids >= 1
