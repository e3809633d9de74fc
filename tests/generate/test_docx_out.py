"""The DOCX as Word sees it: a 目录 (TOC field), the page number as a PAGE field in the footer,
the CJK font on East Asian runs, merged header cells and header rows repeated on every page."""

from __future__ import annotations

import docx
from docx.oxml.ns import qn


def test_docx_structure(synthetic_generated):
    document = docx.Document(str(synthetic_generated.written["docx"]))
    body = document.element.body
    instructions = [el.text for el in body.iter(qn("w:instrText"))]
    assert any(i.strip().startswith("TOC") for i in instructions)
    footer = document.sections[0].footer._element
    assert any(el.text.strip() == "PAGE" for el in footer.iter(qn("w:instrText")))
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    normal = document.styles["Normal"].element.rPr.rFonts
    assert normal.get(qn("w:eastAsia"))
    model_tables = synthetic_generated.model.tables()
    assert len(document.tables) == len(model_tables)
    for table, t in zip(document.tables, model_tables):
        xml = table._tbl
        header_rows = [tr for tr in xml.tr_lst if tr.trPr is not None
                       and tr.trPr.find(qn("w:tblHeader")) is not None]
        assert len(header_rows) == t.n_header
        if any(c.colspan > 1 for c in t.cells):
            assert list(xml.iter(qn("w:gridSpan")))
        if any(c.rowspan > 1 for c in t.cells):
            assert list(xml.iter(qn("w:vMerge")))
        assert len(xml.tr_lst) == t.n_rows
