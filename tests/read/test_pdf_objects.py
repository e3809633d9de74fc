"""The per-char reader (read/pdf_objects.py): which of PDFium's boxes a glyph gets.

A glyph printed wider than 0.7 em in the loose box (a font giving digits a full em, text
stretched by horizontal scaling) takes its tight extent along the line; one narrower keeps the
loose box. The per-char loop makes that choice inline; these tests read the same chars through
pypdfium2's public API (``PdfTextPage.get_charbox``) and check each read char against the box
the rule names, on a PDF the test draws and on the corpus.
"""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium
import pytest

from budgetlens.read.pdf import read_page_chars
from budgetlens.read.pdf_objects import SIZE_HIGH, SIZE_LOW
from .fonts import embedded_cjk_font

CORPUS = Path(__file__).resolve().parents[2] / ".." / "shared" / "corpus" / "pdf"


def _expected(pdf, index: int) -> list[tuple[tuple, str]]:
    """Per ASCII char of the page, the top-left box and size the rule gives it from PDFium's
    public boxes, and which case of the rule it is: "plain" (the loose box), "wide" (the tight
    extent along the line) or "scaled" (a text matrix scaling the font: the printed height)."""
    page = pdf[index]
    tp = page.get_textpage()
    try:
        left, _, _, top = page.get_cropbox()
        out = []
        for i in range(tp.count_chars()):
            ch = tp.get_text_range(i, 1)
            if not ch or not "!" <= ch < "\x7f":
                continue
            font = pdfium.raw.FPDFTextObj_GetFont(pdfium.raw.FPDFText_GetTextObject(tp.raw, i))
            if not font or not pdfium.raw.FPDFFont_GetIsEmbedded(font):
                continue  # measured from the declared metrics (tests/read/test_pdf_fonts.py)
            l, b, r, t = tp.get_charbox(i, loose=True)
            size = pdfium.raw.FPDFText_GetFontSize(tp.raw, i)
            case = "plain"
            if not SIZE_LOW * (t - b) <= size <= SIZE_HIGH * (t - b):
                if t - b < 0.01:
                    continue  # degenerate: measured from the declared metrics
                case, size = "scaled", (t - b) / 1.15
            elif r - l > 0.7 * size:
                case = "wide"
                tl, _, tr, _ = tp.get_charbox(i)
                if tr > tl:
                    l, r = tl, tr
            out.append(((ch, l - left, top - t, r - left, top - b, size), case))
        return out
    finally:
        tp.close()
        page.close()


def _read(pdf, index: int) -> set[tuple]:
    _, chars, _ = read_page_chars(pdf, index)
    return {(c.text, c.x0, c.top, c.x1, c.bottom, c.size) for c in chars}


def _draw(path: Path, runs) -> None:
    """One text run per (font size, horizontal scaling %, text matrix scale), 50 pt apart."""
    from reportlab.pdfgen import canvas

    name = embedded_cjk_font()  # embedded: PDFium's boxes are used, not the declared metrics
    c = canvas.Canvas(str(path), pagesize=(300, 60 + 50 * len(runs)))
    for k, (size, stretch, scale) in enumerate(runs):
        t = c.beginText()
        t.setTextTransform(scale, 0, 0, scale, 20, 40 + 50 * k)
        t.setFont(name, size)
        t.setHorizScale(stretch)
        t.textOut("2024")
        t.setHorizScale(100)
        c.drawText(t)
    c.save()


def _cases(path: Path) -> tuple[list[str], list[tuple], set[tuple]]:
    pdf = pdfium.PdfDocument(str(path))
    try:
        expected = _expected(pdf, 0)
        return [case for _, case in expected], [box for box, _ in expected], _read(pdf, 0)
    finally:
        pdf.close()


def test_a_stretched_digit_takes_its_tight_extent_a_plain_one_its_loose_box(tmp_path):
    path = tmp_path / "stretched.pdf"
    _draw(path, [(10, 200, 1), (10, 100, 1)])  # doubled advance: over 0.7 em; near miss: under
    cases, boxes, read = _cases(path)
    assert sorted(cases) == ["plain"] * 4 + ["wide"] * 4
    assert set(boxes) == read
    wide = [b for b, case in zip(boxes, cases) if case == "wide"]
    assert all(x1 - x0 < 0.7 * 20 for _, x0, _, x1, _, _ in wide)  # tight, not 1.2 em


def test_a_font_scaled_by_its_text_matrix_is_sized_by_its_printed_height(tmp_path):
    path = tmp_path / "scaled.pdf"
    _draw(path, [(1, 100, 10), (10, 100, 1)])  # size 1 drawn ten times up; near miss: size 10
    cases, boxes, read = _cases(path)
    assert sorted(cases) == ["plain"] * 4 + ["scaled"] * 4
    assert set(boxes) == read
    assert {round(b[5], 3) for b in boxes} == {10.0, round((boxes[0][4] - boxes[0][2]) / 1.15, 3)}


def test_corpus_chars_get_the_box_their_case_names():
    files = sorted(CORPUS.glob("*.pdf")) if CORPUS.is_dir() else []
    if not files:
        pytest.skip("corpus PDFs not found (../shared/corpus/pdf)")
    seen = {"plain": 0, "wide": 0, "scaled": 0}
    for path in files:
        pdf = pdfium.PdfDocument(str(path))
        try:
            for index in range(min(len(pdf), 2)):
                expected = _expected(pdf, index)
                read = _read(pdf, index)
                missing = [box for box, _ in expected if box not in read]
                # a char may be clipped away or off the page; every other one is read as named
                assert len(missing) <= len(expected) // 20, (path.name, index, missing[:5])
                for box, case in expected:
                    seen[case] += box in read
        finally:
            pdf.close()
        if min(seen.values()) >= 100:
            break
    assert min(seen.values()) >= 100, seen
