"""Render a read Document back into other formats, as a publisher would, for round-trip tests.

The blocks are taken in reading order: running-text lines become paragraphs; the lines of a table
become that table, once, as a ruled grid. PDF uses reportlab's built-in CID font STSong-Light (no
font file needed) and lets long paragraphs wrap, so the PDF reader and the narrative extractor
must join wrapped lines back into sentences.
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterator, Union

from budgetlens.model import Document, Table

Block = Union[str, Table]


def blocks(document: Document) -> Iterator[Block]:
    emitted: set[int] = set()
    for line in document.lines():
        if line.table is None:
            if line.text.strip():
                yield line.text.strip()
        elif line.table not in emitted:
            emitted.add(line.table)
            yield document.tables[line.table]


def to_pdf(document: Document, path: Path) -> Path:
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer
    from reportlab.platypus import Table as RLTable
    from reportlab.platypus import TableStyle
    from xml.sax.saxutils import escape

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    body = ParagraphStyle("body", fontName="STSong-Light", fontSize=10, leading=14, wordWrap="CJK")
    cell = ParagraphStyle("cell", fontName="STSong-Light", fontSize=7, leading=9, wordWrap="CJK")
    story = []
    for block in blocks(document):
        if isinstance(block, str):
            story.append(Paragraph(escape(block), body))
        else:
            grid = [[Paragraph(escape(text), cell) for text in row] for row in block.grid()]
            width = (A4[0] - 72) / max(block.n_cols, 1)
            t = RLTable(grid, colWidths=[width] * block.n_cols, repeatRows=0)
            t.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                                   ("VALIGN", (0, 0), (-1, -1), "MIDDLE")]))
            story += [t, Spacer(1, 8)]
    SimpleDocTemplate(str(path), pagesize=A4, leftMargin=36, rightMargin=36).build(story)
    return path


def to_docx(document: Document, path: Path) -> Path:
    import docx

    out = docx.Document()
    for block in blocks(document):
        if isinstance(block, str):
            out.add_paragraph(block)
        else:
            grid = block.grid()
            table = out.add_table(rows=len(grid), cols=block.n_cols)
            table.style = "Table Grid"
            for r, row in enumerate(grid):
                for c, text in enumerate(row):
                    table.cell(r, c).text = text
    out.save(str(path))
    return path


def to_html(document: Document, path: Path) -> Path:
    from html import escape

    parts = ["<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>t</title></head><body>"]
    for block in blocks(document):
        if isinstance(block, str):
            parts.append(f"<p>{escape(block)}</p>")
        else:
            rows = "".join("<tr>" + "".join(f"<td>{escape(t)}</td>" for t in row) + "</tr>"
                           for row in block.grid())
            parts.append(f"<table border=\"1\">{rows}</table>")
    parts.append("</body></html>")
    path.write_text("\n".join(parts), encoding="utf-8")
    return path


def to_xlsx(document: Document, path: Path) -> Path:
    """Each table on its own sheet, its title lines in the rows above it (as spreadsheets do)."""
    import openpyxl

    book = openpyxl.Workbook()
    book.remove(book.active)
    for table in document.tables:
        sheet = book.create_sheet(f"表{table.index + 1}")
        for line in table.title_lines:
            sheet.append([line.text.strip()])
        for row in table.grid():
            sheet.append([_typed(text) for text in row])
    book.save(str(path))
    return path


def _typed(text: str):
    """Numbers stored as numbers, as finance staff's workbooks do."""
    try:
        return float(text) if "." in text else int(text)
    except ValueError:
        return text or None
