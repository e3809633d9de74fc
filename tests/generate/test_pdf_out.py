"""The generated PDF as printed: A4 pages, the CJK font embedded (every glyph drawn with it),
tables continued over pages with their header repeated, and no text running over its cell
(every character box inside the box of a cell of its table, as pdfplumber finds the ruled grid)."""

from __future__ import annotations

import re

import pdfplumber
import pytest
from pdfminer.pdftypes import resolve1

from budgetlens.generate.pdf_out import FONT, FontMissing, find_font

A4 = (595.28, 841.89)
TITLE = re.compile(r"^表[一二三四五六七八九十]+：")


@pytest.fixture(scope="module")
def pdf(synthetic_generated):
    with pdfplumber.open(synthetic_generated.written["pdf"]) as doc:
        yield doc


def test_pages_are_a4(pdf):
    assert len(pdf.pages) > 3
    for page in pdf.pages:
        assert abs(page.width - A4[0]) < 1 and abs(page.height - A4[1]) < 1


def _fonts(page) -> dict[str, dict]:
    out = {}
    for ref in resolve1(page.page_obj.resources.get("Font", {})).values():
        font = resolve1(ref)
        name = str(font.get("BaseFont")).strip("/'")
        out[name] = resolve1(font.get("FontDescriptor")) or {}
    return out


def test_every_glyph_is_drawn_with_the_embedded_cjk_font(pdf):
    used = set()
    for page in pdf.pages:
        fonts = _fonts(page)
        names = {c["fontname"] for c in page.chars}
        used |= names
        for name in names:
            assert "FontFile2" in fonts[name], f"page {page.page_number}: {name} not embedded"
    assert used and all(FONT in name for name in used), used


def _rows(table) -> list[list[str]]:
    return [[(c or "").replace("\n", "") for c in row] for row in table.extract()]


def test_tables_continue_over_pages_with_their_header_repeated(pdf):
    last_header, continued = None, 0
    for page in pdf.pages:
        lines = page.extract_text_lines()
        for table in page.find_tables():
            above = [ln["text"] for ln in lines if ln["bottom"] <= table.bbox[1] + 1]
            rows = _rows(table)
            titled = any(TITLE.match(t) for t in above[-3:])
            if titled:
                last_header = rows[0]
            else:  # a table that opens the page: the continuation of the last titled one
                assert last_header is not None and rows[0] == last_header, (page.page_number, rows[0])
                continued += 1
    assert continued >= 1


def test_no_text_overflows_its_cell(pdf):
    checked = 0
    for page in pdf.pages:
        for table in page.find_tables():
            x0, top, x1, bottom = table.bbox
            inside = [c for c in page.chars if x0 <= (c["x0"] + c["x1"]) / 2 <= x1
                      and top <= (c["top"] + c["bottom"]) / 2 <= bottom]
            for ch in inside:
                assert any(cx0 - 0.5 <= ch["x0"] and ch["x1"] <= cx1 + 0.5 and ctop - 0.5 <= ch["top"]
                           and ch["bottom"] <= cbottom + 0.5 for cx0, ctop, cx1, cbottom in table.cells), \
                    (page.page_number, ch["text"], ch["x0"], ch["top"])
            checked += len(inside)
    assert checked > 1000


def test_font_lookup_names_what_is_missing(monkeypatch):
    from budgetlens.generate import pdf_out

    assert find_font() is not None  # fonts-wqy-zenhei is a suite package
    monkeypatch.setattr(pdf_out, "FONT_PATHS", ("/nonexistent/wqy-zenhei.ttc",))
    monkeypatch.setattr(pdf_out.pdfmetrics, "getRegisteredFontNames", lambda: [])
    with pytest.raises(FontMissing, match="fonts-wqy-zenhei"):
        pdf_out.register_font()


def test_the_draft_watermark_names_a_missing_font(monkeypatch):
    """The draft's watermark draws its 草稿 with the CJK font file itself (PIL, not reportlab's
    registry): a font registered before and gone since is FontMissing's message, not PIL's
    failure on a None path (found by the type check: find_font() is Optional)."""
    from budgetlens.generate import pdf_out

    assert pdf_out._watermark_image() is not None  # near miss: the installed font draws it
    monkeypatch.setattr(pdf_out, "FONT_PATHS", ("/nonexistent/wqy-zenhei.ttc",))
    monkeypatch.setattr(pdf_out.pdfmetrics, "getRegisteredFontNames", lambda: [pdf_out.FONT])
    pdf_out.register_font()  # registered already: nothing to look for
    with pytest.raises(FontMissing, match="fonts-wqy-zenhei"):
        pdf_out._watermark_image()


def test_the_table_of_contents_gives_each_part_its_page(pdf, synthetic_generated):
    """The 目录 (drawn in one layout pass, its page numbers filled in when the file is saved)
    lists every part with the page its heading is printed on."""
    toc = pdf.pages[0].extract_text().splitlines()
    for part in synthetic_generated.model.parts:
        line = next(t for t in toc if t.startswith(part.title))
        page = int(line.split()[-1])
        assert part.title in [t.strip() for t in pdf.pages[page - 1].extract_text().splitlines()], part.title
