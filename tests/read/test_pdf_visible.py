"""Text printed in paper colour (read/pdf_visible.py): dropped only when its glyphs are filled.

The per-object state asks the fill colour first and the render mode only for a light colour
(one PDFium call fewer for every dark text object); these tests pin the rule that order must
keep: white text drawn in a filling mode on white paper is hidden; white text in a mode that
fills nothing (invisible: an OCR layer; stroke only) is kept, as is dark text in any mode.
"""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium

from budgetlens.read.pdf import read_page_chars
from .fonts import embedded_cjk_font

# (text, fill grey 0..1, PDF render mode): one run each, 40 pt apart
_RUNS = [("HIDDEN", 1.0, 0),  # white, filled: hidden on white paper
         ("FILLSTROKE", 1.0, 2),  # white, filled and stroked: hidden too
         ("OCRLAYER", 1.0, 3),  # white, invisible mode: an OCR text layer, kept
         ("OUTLINE", 1.0, 1),  # white fill but only stroked: the fill paints nothing, kept
         ("DARKINVISIBLE", 0.0, 3),  # near misses: dark text, kept in every mode
         ("DARKFILLED", 0.0, 0),
         ("LIGHTGREY", 0.95, 0)]  # 242 of 255: darker than paper colour (250), kept


def _draw(path: Path) -> None:
    from reportlab.pdfgen import canvas

    name = embedded_cjk_font()
    c = canvas.Canvas(str(path), pagesize=(300, 40 + 40 * len(_RUNS)))
    for k, (text, grey, mode) in enumerate(_RUNS):
        t = c.beginText()
        t.setTextOrigin(20, 30 + 40 * k)
        t.setFont(name, 12)
        t.setFillGray(grey)
        t.setTextRenderMode(mode)
        t.textOut(text)
        c.drawText(t)
    c.save()


def test_white_text_is_dropped_only_when_its_glyphs_are_filled(tmp_path):
    path = tmp_path / "pale.pdf"
    _draw(path)
    pdf = pdfium.PdfDocument(str(path))
    try:
        _, chars, _ = read_page_chars(pdf, 0)
    finally:
        pdf.close()
    text = "".join(c.text for c in chars)
    for word, grey, mode in _RUNS:
        hidden = grey == 1.0 and mode in (0, 2)
        assert (word in text) is not hidden, (word, grey, mode, text)
