"""PDF layouts the generate stage's writer never produces, for scripts/template_variants.py: a
table without ruling lines, and a table continued over a page break without its header repeated.

Column widths: equal by default (a report engine with fixed cells; a long label or a wide
header then runs over its cell, as reportlab draws a plain string, and may print over its
neighbour's text), or ``fit``: the generator's own widths (figures sized to fit, the rest
shared) with every text that does not fit its cell wrapped inside it — the same table as the
ruled PDF of the generator, only without its rulings.

Why here and not in budgetlens.generate: the generator's PDFs are meant to be read back exactly
(grid, repeated header); these layouts exist only to measure how reading copes with published
documents that print them. Same font and document model as budgetlens.generate.pdf_out.
"""

from __future__ import annotations

from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from budgetlens.generate.doc import DocModel, GenTable
from budgetlens.generate.pdf_out import FONT, grid_table, register_font
from budgetlens.generate.text_out import table_title

MARGIN = 18 * mm
#: how far down the first page a split table starts: a header and a row or two still fit
PUSH = A4[1] - 2 * MARGIN - 40 * mm


def _table(t: GenTable, rules: bool, repeat: bool, fit: bool = False) -> Table:
    if fit:  # the generator's own table, rulings optional
        return grid_table(t, rules=rules, repeat=repeat)
    data = [["" for _ in range(t.n_cols)] for _ in range(t.n_rows)]
    style = [("FONTNAME", (0, 0), (-1, -1), FONT), ("FONTSIZE", (0, 0), (-1, -1), 8),
             ("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("ALIGN", (0, 0), (-1, t.n_header - 1),
                                                       "CENTER")]
    if rules:
        style.append(("GRID", (0, 0), (-1, -1), 0.5, colors.black))
    for c in t.cells:
        data[c.row][c.col] = c.text
        if c.numeric:
            style.append(("ALIGN", (c.col, c.row), (c.col, c.row), "RIGHT"))
        if c.rowspan > 1 or c.colspan > 1:
            style.append(("SPAN", (c.col, c.row),
                          (c.col + c.colspan - 1, c.row + c.rowspan - 1)))
    width = (A4[0] - 2 * MARGIN) / t.n_cols
    table = Table(data, colWidths=[width] * t.n_cols, repeatRows=t.n_header if repeat else 0)
    table.setStyle(TableStyle(style))
    return table


def write_plain_pdf(model: DocModel, path: Path, rules: bool, repeat: bool,
                    push_down: bool, fit: bool = False) -> None:
    """Every table of the model; ``push_down`` starts each table low on a fresh page so that
    it continues on the next one; ``fit``: the generator's column widths, texts wrapped."""
    register_font()
    title = ParagraphStyle("t", fontName=FONT, fontSize=11, leading=16, alignment=TA_CENTER)
    unit = ParagraphStyle("u", fontName=FONT, fontSize=9, leading=12, alignment=TA_RIGHT)
    story: list = [Paragraph(model.title, title)]
    for part in model.parts:
        story.append(Paragraph(part.title, title))
        for t in part.tables:
            if push_down:
                story.append(Spacer(1, PUSH))
            story += [Paragraph(table_title(t), title), Paragraph(t.unit_line, unit),
                      _table(t, rules, repeat, fit), Spacer(1, 8 * mm)]
    doc = SimpleDocTemplate(str(path), pagesize=A4, leftMargin=MARGIN, rightMargin=MARGIN,
                            topMargin=MARGIN, bottomMargin=MARGIN, title=model.title)
    doc.build(story)
