"""Reading a PDF does not depend on the fonts installed (issue #13).

The same PDFs are read with PDFium pointed at an empty font folder, at one holding Noto CJK and
at one holding WenQuanYi Zen Hei (each in its own process: scripts/font_invariance.py), and must
give the same chars, positions (within 0.05 pt), words, tables, facts and audit. The PDFs are
seed tables drawn the way report engines print them, in a CJK font they name but do not embed
(STSong-Light): sideways on pages turned by /Rotate, with labels clipped at their cell, with
wrapped headers; and corpus files that name fonts without embedding them.
"""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("reportlab")

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
