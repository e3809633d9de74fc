"""pdfminer's reading of a page for the glyph recovery (read/pdf_minerpage.py): the glyphs it
keeps are where and what pdfplumber's ``page.chars`` says they are (the reader used those
before), and it stops at its limit, counted, not timed."""

from __future__ import annotations

import pdfplumber
import pytest

from budgetlens.read.pdf_minerpage import TooManyGlyphs, render_page
from budgetlens.read.pdf_paths import LostGlyph

from .handmade_pdf import lost, stsong, write_pdf

ANY = LostGlyph(0.0, 0.0, (1.0, 0.0, 0.0, 1.0, 0.0, 0.0), 10.0, 0)

#: what moves glyphs along a line: kerning in TJ arrays, char and word spacing, horizontal
#: scaling, rise, a rotated and scaled text matrix, T* / ' / ", a form XObject with its matrix,
#: lost glyphs and Latin text
CONTENT = (stsong(60, 780, "部门预算收支总表")
           + b"BT /F1 9 Tf 60 760 Td 1.5 Tc [<9879> -300 <7B97> 120 <6536> -2000 <5165>] TJ ET\n"
           + b"BT /F3 8 Tf 3 Tw 80 Tz 2 Ts 300 760 Td (12 345.60  7 890.1) Tj ET\n"
           + b"BT /F1 10 Tf 0.866 0.5 -0.5 0.866 200 600 Tm <652F51FA> Tj ET\n"
           + b"BT /F3 10 Tf 12 TL 60 500 Td (a) Tj T* (b c) ' 4 1 (d e) \" ET\n"
           + stsong(60, 700, "基本支") + lost(90, 700) + lost(300, 400, 3)
           + b"q 0.5 0 0 0.5 100 100 cm /X0 Do Q\n")
FORM = stsong(20, 20, "表内") + b"BT /F3 7 Tf 60 20 Td (0.00) Tj ET"


def _pdfplumber(path: str) -> list[tuple[float, float, str]]:
    with pdfplumber.open(path) as pdf:
        return [(c["matrix"][4], c["matrix"][5], c["text"]) for c in pdf.pages[0].chars
                if c["text"].strip()]


def _everything(path: str, limit=None) -> tuple[list[tuple[float, float, str]], int]:
    asked: list[tuple[float, float]] = []

    def lookup(x: float, y: float) -> LostGlyph:
        asked.append((x, y))
        return ANY._replace(x=x, y=y)

    found, rendered = render_page(path, 0, lookup, limit)
    assert len(asked) == rendered  # every glyph rendered is looked up once
    return [(g.x, g.y, text) for g, text in found], rendered


@pytest.mark.parametrize("rotate", [0, 90, 270])
def test_the_glyphs_are_pdfplumbers_chars_exactly(tmp_path, rotate):
    path = write_pdf(tmp_path / "page.pdf", CONTENT, rotate=rotate, forms=[FORM])
    got, rendered = _everything(path)
    expected = _pdfplumber(path)
    assert got == expected
    assert len(expected) == 8 + 4 + 14 + 2 + 5 + 3 + 1 + 3 + 2 + 4
    assert rendered == len(expected) + 6  # the Latin lines' spaces are rendered, not kept
    assert sum(text == "出" for _, _, text in got) == 1 + 1 + 3


def test_only_the_glyphs_the_lookup_places_are_kept(tmp_path):
    path = write_pdf(tmp_path / "page.pdf", CONTENT, forms=[FORM])
    near = [(x, y) for x, y, text in _pdfplumber(path) if text == "出"]

    def lookup(x: float, y: float):
        return ANY if (x, y) in near else None

    found, rendered = render_page(path, 0, lookup)
    assert [text for _, text in found] == ["出"] * 5 and rendered > 40


def test_it_stops_one_glyph_past_the_limit(tmp_path):
    path = write_pdf(tmp_path / "page.pdf", CONTENT, forms=[FORM])
    _, rendered = _everything(path)
    assert _everything(path, limit=rendered)[1] == rendered  # at the limit: read whole
    with pytest.raises(TooManyGlyphs) as stop:
        _everything(path, limit=rendered - 1)
    assert stop.value.rendered == rendered
    with pytest.raises(TooManyGlyphs) as early:
        _everything(path, limit=10)
    assert early.value.rendered == 11
