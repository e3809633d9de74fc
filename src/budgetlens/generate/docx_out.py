"""DOCX of the document model (python-docx): headings in Word's heading styles, a 目录 field over
them, real Word tables whose header cells are merged as declared, the CJK font set on East Asian
runs (``w:eastAsia``: without it Word falls back to a Latin font for Chinese), and the page number
as a PAGE field in the footer.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import docx
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from docx.table import _Cell

from .doc import DocModel, GenCell, GenTable
from .text_out import section_heading, table_title

# python-docx's objects are typed Any here: this module writes their XML elements (oxml, which
# python-docx leaves untyped) and looks styles up by name (typed BaseStyle for what is a
# paragraph style with a font).

CJK_FONT = "宋体"
LATIN_FONT = "Times New Roman"
HEADING_FONT = "黑体"


def _east_asian(run_or_style: Any, name: str) -> None:
    """Set the East Asian font of a run or style (python-docx's ``font.name`` sets only ascii)."""
    rpr = run_or_style.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.append(fonts)
    fonts.set(qn("w:eastAsia"), name)


def _styles(document: Any) -> None:
    normal = document.styles["Normal"]
    normal.font.name = LATIN_FONT
    normal.font.size = Pt(11)
    _east_asian(normal, CJK_FONT)
    for name in ("Title", "Heading 1", "Heading 2", "Heading 3"):
        style = document.styles[name]
        style.font.name = LATIN_FONT
        style.font.color.rgb = RGBColor(0, 0, 0)
        _east_asian(style, HEADING_FONT)


def _field(paragraph: Any, instruction: str, shown: str = "") -> None:
    """A complex field (PAGE, TOC): begin, instruction, separate, cached result, end."""
    def run_with(child: Any) -> Any:
        r = paragraph.add_run()
        r._r.append(child)
        return r
    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    begin.set(qn("w:dirty"), "true")
    run_with(begin)
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} "
    run_with(instr)
    sep = OxmlElement("w:fldChar")
    sep.set(qn("w:fldCharType"), "separate")
    run_with(sep)
    if shown:
        _east_asian(paragraph.add_run(shown), CJK_FONT)
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    run_with(end)


def _footer(section: Any) -> None:
    p = section.footer.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _field(p, "PAGE", "1")


def _watermark(section: Any) -> None:
    """草稿 in the page header of a draft (read by people, not taken for content)."""
    p = section.header.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = p.add_run("草稿 DRAFT")
    run.font.size = Pt(28)
    run.font.color.rgb = RGBColor(0xC0, 0x40, 0x40)
    _east_asian(run, HEADING_FONT)


def _style(document: Any, name: str) -> Any:
    """A style object by name, looked up once per document: python-docx searches every style on
    each lookup by name (a quarter of a 40-page document's time, one lookup per table title)."""
    cache = document.__dict__.setdefault("_budgetlens_styles", {})
    if name not in cache:
        cache[name] = document.styles[name]
    return cache[name]


def _para(document: Any, text: str, style: str | None = None, align: Any = None) -> Any:
    p = document.add_paragraph(style=_style(document, style) if style else None)
    run = p.add_run(text)
    _east_asian(run, HEADING_FONT if style and style.startswith(("Heading", "Title")) else CJK_FONT)
    if align is not None:
        p.alignment = align
    return p


def _cell_styles(document: Any) -> dict[str, str]:
    """Paragraph style ids for table cells (size, CJK font, alignment set once, not per run)."""
    from docx.enum.style import WD_STYLE_TYPE

    out = {}
    for name, align, bold in (("head", WD_ALIGN_PARAGRAPH.CENTER, True),
                              ("num", WD_ALIGN_PARAGRAPH.RIGHT, False),
                              ("text", WD_ALIGN_PARAGRAPH.LEFT, False)):
        key = f"Table {name}"
        if key not in [s.name for s in document.styles]:
            style = document.styles.add_style(key, WD_STYLE_TYPE.PARAGRAPH)
            style.base_style = document.styles["Normal"]
            style.font.size = Pt(9)
            style.font.bold = bold
            style.paragraph_format.alignment = align
            style.paragraph_format.space_after = Pt(0)
            _east_asian(style, CJK_FONT)
        out[name] = document.styles[key].style_id
    return out


def _cell_text(cell: _Cell, c: GenCell, styles: dict[str, str]) -> None:
    p = cell._tc.p_lst[0]
    p.style = styles["head" if c.header else "num" if c.numeric else "text"]  # the style id
    if c.text:
        p.add_r().text = c.text


def _span(row_cells: list, col: int, colspan: int) -> Any:
    """A body cell merged across its row only (a form's value cell, an indicator's name): its
    gridSpan set and the cells it covers removed, as Word writes it. python-docx's merge() walks
    the whole grid for each merge (half a 40-page document's time with 600 merged cells)."""
    tc = row_cells[col]
    if colspan > 1:
        tc.grid_span = colspan
        for covered in row_cells[col + 1:col + colspan]:
            covered.getparent().remove(covered)
    return tc


def _table(document: Any, t: GenTable, styles: dict[str, str]) -> None:
    _para(document, table_title(t), "Heading 3", WD_ALIGN_PARAGRAPH.CENTER)
    _para(document, t.unit_line, align=WD_ALIGN_PARAGRAPH.RIGHT)
    table = document.add_table(rows=t.n_header, cols=t.n_cols)
    table.style = _style(document, "Table Grid")
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    # The header (merged cells) is laid out on a table of header rows only: python-docx's
    # table.cell() rebuilds the whole grid on every call. Body rows are appended and filled
    # through their own cells (merged only across a row, as a form's value cell is), so a 900-row table takes a second, not minutes.
    body: dict[int, list] = {}
    for c in t.cells:
        if c.row < t.n_header:
            cell = table.cell(c.row, c.col)
            if c.rowspan > 1 or c.colspan > 1:
                cell = cell.merge(table.cell(c.row + c.rowspan - 1, c.col + c.colspan - 1))
        else:
            if c.row not in body:
                for r in range(t.n_header + len(body), c.row + 1):
                    body[r] = table.add_row()._tr.tc_lst
            cell = _Cell(_span(body[c.row], c.col, c.colspan), table)
        _cell_text(cell, c, styles)
    for _ in range(len(table.rows), t.n_rows):
        table.add_row()
    for r in range(t.n_header):  # the header repeats on every page the table runs onto
        trpr = table.rows[r]._tr.get_or_add_trPr()
        head = OxmlElement("w:tblHeader")
        trpr.append(head)
    if t.note:
        _para(document, f"注：{t.note}")


def write_docx(model: DocModel, path: Path) -> None:
    document = docx.Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.orientation = WD_ORIENT.PORTRAIT
    section.left_margin = section.right_margin = Mm(20)
    _styles(document)
    styles = _cell_styles(document)
    _footer(section)
    if model.draft:
        _watermark(section)
    _para(document, model.title, "Title", WD_ALIGN_PARAGRAPH.CENTER)
    _para(document, "目录", "Heading 1", WD_ALIGN_PARAGRAPH.CENTER)
    toc = document.add_paragraph()
    _field(toc, 'TOC \\o "1-3" \\h \\z \\u', "；".join(p.title for p in model.parts))
    document.add_page_break()
    for part in model.parts:
        _para(document, part.title, "Heading 1")
        for i, s in enumerate(part.sections, 1):
            _para(document, section_heading(i, s.title), "Heading 2")
            for text in s.paragraphs:
                _para(document, text).paragraph_format.first_line_indent = Pt(22)
        for t in part.tables:
            _table(document, t, styles)
    document.core_properties.title = model.title
    document.save(str(path))
