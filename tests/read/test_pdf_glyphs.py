"""Char boxes from the metrics a PDF declares (read/pdf_glyphs.py): the em box a char matrix
gives, the matrix algebra that turns sideways text back, and the boxes of a page written byte by
byte (tests/read/handmade_pdf.py) in STSong-Light, not embedded — one em per ideograph from the
declared /DW whatever font the machine substitutes. Near miss: a Latin font's declared advance
is its own width, not the half-em used when a font cannot say."""

from __future__ import annotations

import ctypes
import math

import pypdfium2 as pdfium
import pytest

from budgetlens.read.pdf_ffi import address, by_address
from budgetlens.read.pdf_glyphs import (DESCENT, FontMetrics, GlyphReader, apply, compose, em_box,
                                        invert)

from .handmade_pdf import stsong, write_pdf


def test_em_box_follows_the_char_matrix():
    """Upright, a glyph's box runs from its origin along its advance and from the descent up
    one em; turned a quarter (a page printed sideways) the same box is turned with it."""
    upright = em_box(100.0, 700.0, (1, 0, 0, 1, 0, 0), 8.0, 0.5, -0.12)
    assert upright == pytest.approx((100.0, 700.0 - 0.96, 104.0, 700.0 + 7.04))
    turned = em_box(100.0, 700.0, (0, 1, -1, 0, 0, 0), 8.0, 1.0, -0.12)
    assert turned == pytest.approx((100.0 - 7.04, 700.0, 100.0 + 0.96, 708.0))
    c, s = math.cos(math.pi / 6), math.sin(math.pi / 6)
    slanted = em_box(0.0, 0.0, (c, s, -s, c, 0, 0), 10.0, 1.0, 0.0)
    assert slanted[2] == pytest.approx(10 * c) and slanted[0] == pytest.approx(-10 * s)


def test_a_matrix_composed_with_its_inverse_is_the_identity():
    turn = (0.0, 1.0, -1.0, 0.0, 300.0, 20.0)  # a quarter turn, then a shift
    scale = (2.0, 0.0, 0.0, 0.5, -10.0, 4.0)
    for m in (turn, scale, compose(turn, scale)):
        assert compose(m, invert(m)) == pytest.approx((1, 0, 0, 1, 0, 0))
        assert apply(invert(m), *apply(m, 7.0, 11.0)) == pytest.approx((7.0, 11.0))
    # ``inner`` first: turning then shifting is not shifting then turning
    assert apply(compose(turn, scale), 1.0, 0.0) == pytest.approx(apply(scale, *apply(turn, 1.0, 0.0)))
    assert compose(turn, scale) != compose(scale, turn)


def _boxes(path: str) -> list[tuple[str, tuple, float, bool]]:
    """(char, em box, user size, measured from declared metrics?) of every char of page 1."""
    text_object = by_address("FPDFText_GetTextObject", ctypes.c_void_p, ctypes.c_void_p,
                             ctypes.c_int)
    pdf = pdfium.PdfDocument(path)
    textpage = pdf[0].get_textpage()
    reader = GlyphReader(address(textpage.raw), metrics=FontMetrics())
    out = []
    for i in range(textpage.count_chars()):
        ch = textpage.get_text_range(i, 1)
        obj = text_object(address(textpage.raw), i)
        if ch.strip() and obj:
            box, size = reader.box(obj, i, ch)
            out.append((ch, box, size, reader.needs_metrics(obj)))
    textpage.close()
    pdf.close()
    return out


def test_ideographs_of_a_font_not_embedded_are_one_em_from_the_declared_width(tmp_path):
    path = write_pdf(tmp_path / "st.pdf", stsong(100, 700, "预算", 10)
                     + b"BT /F3 10 Tf 100 600 Td (AA) Tj ET\n")
    got = _boxes(path)
    cjk = [g for g in got if g[0] in "预算"]
    assert [g[0] for g in cjk] == ["预", "算"]
    for k, (_, box, size, measured) in enumerate(cjk):
        assert measured and size == pytest.approx(10.0)
        assert box == pytest.approx((100 + 10 * k, 700 + 10 * DESCENT, 110 + 10 * k,
                                     700 + 10 * (1 + DESCENT)))
    latin = [g for g in got if g[0] == "A"]
    assert len(latin) == 2
    # Helvetica's A is 667/1000 em wide (its standard metrics), not the 0.5 em fallback
    widths = [box[2] - box[0] for _, box, _, _ in latin]
    assert widths == pytest.approx([6.67, 6.67], abs=0.01)
    assert latin[1][1][0] == pytest.approx(latin[0][1][2], abs=0.01)  # the second after the first
