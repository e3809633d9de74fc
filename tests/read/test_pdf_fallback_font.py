"""The reader's last-resort CJK font (read/pdf_fallback_font.py): a font FreeType parses, whose
one glyph is the em square, answering for a CJK charset PDFium finds no font for. Near miss: a
PDF whose CJK font is not embedded renders blank on a machine with no font until the fallback is
installed (run in a process of its own: the handler stays for the life of the library)."""

from __future__ import annotations

import io

import pytest

from budgetlens.read.pdf_fallback_font import FACE, build_font

from .handmade_pdf import stsong, write_pdf
from .pdfium_child import run_child

pytest.importorskip("reportlab")


def test_fallback_font_is_a_font_freetype_reads():
    """The last-resort font is parsed by PDFium's FreeType: a PDF that embeds it renders the
    em square where its text is."""
    import pypdfium2 as pdfium
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    font = build_font()
    pdfmetrics.registerFont(TTFont("EmBoxTest", io.BytesIO(font)))
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=(100, 40))
    c.setFont("EmBoxTest", 20)
    c.drawString(10, 10, "预")
    c.save()
    page = pdfium.PdfDocument(buf.getvalue())[0]
    image = page.render(scale=1).to_pil().convert("L")
    inked = [(x, y) for x in range(100) for y in range(40) if image.getpixel((x, y)) < 128]
    xs, ys = [p[0] for p in inked], [p[1] for p in inked]
    assert min(xs) == pytest.approx(10, abs=1.5) and max(xs) == pytest.approx(30, abs=1.5)
    # 0.8 em above the baseline (y=10 from the bottom → 30 from the top) to 0.2 em below
    assert min(ys) == pytest.approx(40 - 10 - 16, abs=1.5)
    assert max(ys) == pytest.approx(40 - 10 + 4, abs=1.5)


def test_the_font_names_itself():
    """FreeType (through Pillow) reads its name table: the face PDFium is told it found."""
    from PIL import ImageFont

    assert ImageFont.truetype(io.BytesIO(build_font()), 10).getname() == (FACE.decode(), "Regular")
    assert build_font() == build_font()  # built the same each time: no date, no randomness


def test_installed_it_answers_for_a_cjk_font_pdfium_cannot_find(tmp_path):
    """No font folder (PDFium finds nothing for STSong-Light): blank before :func:`install`,
    two em squares where 预算 is printed at 20 pt after it (x 100–140; 0.8 em above the
    baseline at 142 px from the top to 0.2 em below it)."""
    path = write_pdf(tmp_path / "st.pdf", stsong(100, 700, "预算", 20))
    code = f"""
from budgetlens.read.pdfium_fonts import apply_env
from budgetlens.read.pdf_fallback_font import install
apply_env()
before = ink({path!r})
install()
install()  # once per library: a second call changes nothing
print(json.dumps({{"before": before, "after": ink({path!r})}}))
"""
    got = run_child(code, "")
    assert got["before"] is None
    left, top, right, bottom = got["after"]
    assert left == pytest.approx(100, abs=1.5) and right == pytest.approx(140, abs=1.5)
    assert top == pytest.approx(842 - 700 - 16, abs=1.5)
    assert bottom == pytest.approx(842 - 700 + 4, abs=1.5)
