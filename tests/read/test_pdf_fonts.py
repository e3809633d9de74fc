"""Reading a PDF does not depend on the fonts installed (issue #13).

The same PDFs are read with PDFium pointed at an empty font folder, at one holding Noto CJK and
at one holding WenQuanYi Zen Hei (each in its own process: scripts/font_invariance.py), and must
give the same chars, positions (within 0.05 pt), words, tables, facts and audit. The PDFs are
seed tables drawn the way report engines print them, in a CJK font they name but do not embed
(STSong-Light): sideways on pages turned by /Rotate, with labels clipped at their cell, with
wrapped headers; and corpus files that name fonts without embedding them.
"""

from __future__ import annotations

import math
from pathlib import Path

import pytest

pytest.importorskip("reportlab")

from budgetlens.read.pdf_fallback_font import build_font  # noqa: E402
from budgetlens.read.pdf_glyphs import em_box  # noqa: E402

from . import variants as v  # noqa: E402
from .fonts import font_invariance  # noqa: E402
from .test_pdf_variants import CASES  # noqa: E402
from .variants_pdf import render  # noqa: E402

CORPUS = Path(__file__).resolve().parents[2] / ".." / "shared" / "corpus"
# layouts whose reading depended on the machine's fonts before issue #13
LAYOUTS = ("rotate90", "rotate270", "clipped-labels", "header-wrapped", "no-rules-rotated")
# corpus files that name fonts without embedding them (FZXiaoBiaoSong-B05S, Times New Roman)
CORPUS_FILES = ("wide/beijing_sjj_2026_yusuan.pdf", "pdf/jiangsu_gjfy_2019_yusuan.pdf")


@pytest.fixture(scope="module")
def invariance(tmp_path_factory):
    folder = tmp_path_factory.mktemp("fonts")
    seed = v.seed_tables()
    paths = []
    for name in LAYOUTS:
        picks, style, *content = CASES[name]
        tables = [(content[0] if content else (lambda t: t))(seed[i]) for i in picks]
        paths.append(render(tables, folder / f"{name}.pdf", style))
    paths += [CORPUS / f for f in CORPUS_FILES if (CORPUS / f).exists()]
    return font_invariance(paths)


def test_same_reading_without_a_cjk_font_and_with_two_different_ones(invariance):
    assert invariance["configs"] == ["none", "noto", "wqy"]
    assert invariance["differences"] == {}
    assert invariance["facts"] > 0


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


def test_fallback_font_is_a_font_freetype_reads():
    """The last-resort font is parsed by PDFium's FreeType: a PDF that embeds it renders the
    em square where its text is."""
    import io

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


def _two_pages(path: Path) -> Path:
    """Page 1 prints with an embedded CJK TrueType font only; page 2 adds STSong-Light, a CID
    font reportlab names without embedding it."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    from .fonts import embedded_cjk_font

    embedded = embedded_cjk_font()
    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    c = canvas.Canvas(str(path), pagesize=A4)
    for page, fonts in enumerate(((embedded,), (embedded, "STSong-Light"))):
        for k, font in enumerate(fonts):
            c.setFont(font, 10)
            c.drawString(72, 700 - 20 * k, f"一般公共预算支出合计 1,234.5{page}")
        c.showPage()
    c.save()
    return path


def test_page_objects_say_whether_every_font_is_embedded(tmp_path):
    """PageObjects.embedded lets the char reader skip asking each text object for its font;
    it holds only where every font is embedded, and the chars read with the shortcut are the
    chars read by asking every object."""
    import pypdfium2 as pdfium

    from budgetlens.read.pdf_glyphs import FontMetrics, GlyphReader, Straightened
    from budgetlens.read.pdf_ffi import address
    from budgetlens.read.pdf_frame import page_frame
    from budgetlens.read.pdf_objects import read_chars
    from budgetlens.read.pdf_paths import read_objects

    pdf = pdfium.PdfDocument(str(_two_pages(tmp_path / "fonts.pdf")))
    seen = []
    for index in range(len(pdf)):
        page = pdf[index]
        frame, turned = page_frame(page), Straightened()
        objects = read_objects(page, frame, turned)
        textpage = page.get_textpage()
        turned.restore()
        glyphs = GlyphReader(address(textpage.raw), turned, FontMetrics())
        fast, _ = read_chars(textpage, frame, glyphs, objects.embedded)
        slow, _ = read_chars(textpage, frame, glyphs, False)
        assert fast == slow and "".join(c.text for c in fast).count("合计") == index + 1
        assert read_objects(page, frame).embedded is False  # fonts not looked at: not known
        seen.append(objects.embedded)
        textpage.close()
        page.close()
    pdf.close()
    assert seen == [True, False]
