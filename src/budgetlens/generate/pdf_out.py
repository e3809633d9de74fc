"""PDF of the document model (reportlab platypus), A4, with a CJK TrueType font embedded.

WHY these choices: the font is WenQuanYi Zen Hei (Debian ``fonts-wqy-zenhei``, scripts/system-
packages.txt), embedded as TrueType so every reader shows the same glyphs and our own PDF reader
gets real text; tables are platypus Tables with ruling lines (the grid our reader rebuilds), the
declared header rows repeated on every page a table continues onto (``repeatRows``), header
spans as SPAN commands, and every cell a Paragraph with CJK wrapping so text wraps inside its
cell instead of running over the rule. A figure never wraps: columns are sized so it fits. The
目录 is laid out in one pass (:class:`_TocSpace`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable, Optional

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (Flowable, PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table,
                                TableStyle)

from .doc import DocModel, GenTable
from .text_out import section_heading, table_title

FONT = "WenQuanYiZenHei"
#: where Debian/Ubuntu (fonts-wqy-zenhei) and other systems put the font; the first found is used
FONT_PATHS = (
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/wqy-zenhei/wqy-zenhei.ttc",
    "/usr/share/fonts/wenquanyi/wqy-zenhei/wqy-zenhei.ttc",
    "/usr/local/share/fonts/wqy-zenhei.ttc",
    "/Library/Fonts/wqy-zenhei.ttc",
)
MARGIN = 18 * mm
WIDTH = A4[0] - 2 * MARGIN


class FontMissing(RuntimeError):
    """No CJK TrueType font: a PDF of Chinese text cannot be written."""


def find_font() -> Optional[str]:
    return next((p for p in FONT_PATHS if Path(p).is_file()), None)


def register_font() -> None:
    if FONT in pdfmetrics.getRegisteredFontNames():
        return
    pdfmetrics.registerFont(TTFont(FONT, font_path(), subfontIndex=0))


def font_path() -> str:
    """The CJK font's file; :class:`FontMissing` (a clear message) when none is installed."""
    path = find_font()
    if path is None:
        raise FontMissing("未找到中文字体 WenQuanYi Zen Hei（请安装 fonts-wqy-zenhei）/ CJK font "
                          f"WenQuanYi Zen Hei not found (install fonts-wqy-zenhei); looked in: "
                          f"{', '.join(FONT_PATHS)}")
    return path


def _styles() -> dict[str, ParagraphStyle]:
    base = ParagraphStyle("body", fontName=FONT, fontSize=10.5, leading=16, wordWrap="CJK",
                          firstLineIndent=21)
    return {
        "title": ParagraphStyle("title", parent=base, fontSize=18, leading=26, alignment=TA_CENTER,
                                firstLineIndent=0, spaceAfter=12),
        "h1": ParagraphStyle("h1", parent=base, fontSize=14, leading=22, firstLineIndent=0, keepWithNext=1,
                             spaceBefore=8, spaceAfter=4),
        "h2": ParagraphStyle("h2", parent=base, fontSize=12, leading=18, firstLineIndent=0,
                             keepWithNext=1),
        # a table's title and unit line stay on the page where the table starts
        "tt": ParagraphStyle("tt", parent=base, fontSize=11, leading=16, alignment=TA_CENTER,
                             firstLineIndent=0, spaceBefore=10, keepWithNext=1),
        "unit": ParagraphStyle("unit", parent=base, fontSize=9, alignment=TA_RIGHT, firstLineIndent=0,
                               keepWithNext=1),
        "body": base,
        "note": ParagraphStyle("note", parent=base, fontSize=9, firstLineIndent=0),
    }


def _cell_style(size: float, align: int) -> ParagraphStyle:
    return ParagraphStyle(f"c{size}{align}", fontName=FONT, fontSize=size, leading=size * 1.3,
                          wordWrap="CJK", alignment=align)


def _widths(t: GenTable, size: float) -> list[float]:
    """Numeric columns wide enough for their longest figure; the rest share what is left,
    name columns (the widest text) first."""
    longest = [0] * t.n_cols
    numeric = [False] * t.n_cols
    mixed = _text_columns(t)
    for c in t.cells:
        if c.numeric and c.col not in mixed:
            numeric[c.col] = True
            longest[c.col] = max(longest[c.col], len(c.text))
    fixed = [max(longest[k], 4) * size * 0.62 + 8 if numeric[k] else 0 for k in range(t.n_cols)]
    free = max(WIDTH - sum(fixed), 0)
    text_cols = [k for k in range(t.n_cols) if not numeric[k]]
    weights = {k: (1 if any(c.col == k and c.text.isdigit() for c in t.cells) else 3) for k in text_cols}
    total = sum(weights.values()) or 1
    widths = [fixed[k] if numeric[k] else free * weights[k] / total for k in range(t.n_cols)]
    if sum(widths) > WIDTH or not text_cols:  # too many figures: scale all to the frame
        scale = WIDTH / sum(widths)
        widths = [w * scale for w in widths]
    return _fit_figures(t, size, widths, mixed)


def _fit_figures(t: GenTable, size: float, widths: list[float], mixed: set[int]) -> list[float]:
    """A column of words and figures (实际完成值: 全年 | 5166.99万元) at least as wide as its widest
    figure, the room taken from the text columns: a figure is printed unbroken (wrapped, it would
    be read back as two numbers), so a narrow cell would cut it."""
    need = {k: 0.0 for k in mixed}
    for c in t.cells:
        if c.numeric and c.col in mixed and c.colspan == 1:
            need[c.col] = max(need[c.col], pdfmetrics.stringWidth(c.text, FONT, size) + 6)
    short = {k: need[k] - widths[k] for k in mixed if need[k] > widths[k]}
    figures = {c.col for c in t.cells if c.numeric}
    donors = [k for k in range(t.n_cols) if k not in figures]  # words only: they wrap
    spare = sum(widths[k] for k in donors)
    if not short or spare <= sum(short.values()) * 2:  # the names would be squeezed to nothing
        return widths
    scale = (spare - sum(short.values())) / spare
    return [need[k] if k in short else widths[k] * scale if k in donors else widths[k]
            for k in range(t.n_cols)]


def _text_columns(t: GenTable) -> set[int]:
    """Body columns holding text as well as figures (a form: 当年预算 | 602.02 under 项目名称 |
    name): sized as text and aligned cell by cell, not as a column of figures."""
    return {c.col for c in t.cells if not c.numeric and not c.header and c.text}


def grid_table(t: GenTable, *, rules: bool = True, repeat: bool = True) -> Table:
    """The table as the generator draws it: column widths sized to the figures, font size by the
    number of columns, a text that does not fit its cell wrapped inside it. ``rules``: draw the
    grid (the generator always does; scripts/variant_pdf.py measures reading without it);
    ``repeat``: repeat the header rows on every page."""
    size = 9 if t.n_cols <= 6 else 7 if t.n_cols <= 9 else 6
    head, left = _cell_style(size, TA_CENTER), _cell_style(size, TA_LEFT)
    widths = _widths(t, size)
    mixed = _text_columns(t)
    numeric_cols = {c.col for c in t.cells if c.numeric} - mixed
    data = [["" for _ in range(t.n_cols)] for _ in range(t.n_rows)]
    style: list[tuple] = [("GRID", (0, 0), (-1, -1), 0.5, colors.black)] if rules else []
    style += [("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
              ("LEFTPADDING", (0, 0), (-1, -1), 2), ("RIGHTPADDING", (0, 0), (-1, -1), 2),
              ("FONTNAME", (0, 0), (-1, -1), FONT), ("FONTSIZE", (0, 0), (-1, -1), size)]
    style += [("ALIGN", (k, t.n_header), (k, -1), "RIGHT") for k in sorted(numeric_cols)]
    style += [("ALIGN", (c.col, c.row), (c.col, c.row), "RIGHT") for c in t.cells
              if c.numeric and c.col in mixed]
    for c in t.cells:
        room = sum(widths[c.col:c.col + c.colspan]) - 4
        if c.numeric or (not c.header and pdfmetrics.stringWidth(c.text, FONT, size) <= room):
            # a text that fits its cell is a plain string (laid out far faster than a
            # Paragraph); a figure always fits (its column is sized for it)
            data[c.row][c.col] = c.text
        else:
            data[c.row][c.col] = Paragraph(c.text, head if c.header else left) if c.text else ""
        if c.rowspan > 1 or c.colspan > 1:
            style.append(("SPAN", (c.col, c.row), (c.col + c.colspan - 1, c.row + c.rowspan - 1)))
    table = Table(data, colWidths=widths, repeatRows=t.n_header if repeat else 0, hAlign="CENTER")
    table.setStyle(TableStyle(style))
    return table


def _table(t: GenTable, st: dict[str, ParagraphStyle]) -> list:
    out = [Paragraph(table_title(t), st["tt"]), Paragraph(t.unit_line, st["unit"]), grid_table(t)]
    if t.note:
        out.append(Paragraph(f"注：{t.note}", st["note"]))
    return out + [Spacer(1, 6 * mm)]


TOC_FORM = "budgetlensToc"
TOC_SIZE, TOC_LEADING = 11, 18


class _TocSpace(Flowable):
    """The 目录's place: one line per part, drawn as a form XObject defined when the document is
    saved. WHY not platypus TableOfContents: it needs a second layout pass of the whole document
    (multiBuild) to learn the page numbers — half the PDF's time; the lines' height is known
    before (one per part), only their page numbers are not."""

    def __init__(self, n_entries: int) -> None:
        super().__init__()
        self.width, self.height = WIDTH, n_entries * TOC_LEADING

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        self.canv.doForm(TOC_FORM)


def _toc_canvas(entries: list[tuple[str, int]], n_entries: int) -> type:
    """A canvas that draws the 目录 form (title, dotted leader, page) when it is saved, once every
    part's page is known."""
    height = n_entries * TOC_LEADING

    class TocCanvas(Canvas):
        def save(self) -> None:
            self.beginForm(TOC_FORM, 0, 0, WIDTH, height)
            self.setFont(FONT, TOC_SIZE)
            self.setDash(1, 2)
            for i, (text, page) in enumerate(entries[:n_entries]):
                y = height - (i + 1) * TOC_LEADING + 5
                number = str(page)
                self.drawString(0, y, text)
                self.drawRightString(WIDTH, y, number)
                self.line(pdfmetrics.stringWidth(text, FONT, TOC_SIZE) + 4, y + 2,
                          WIDTH - pdfmetrics.stringWidth(number, FONT, TOC_SIZE) - 4, y + 2)
            self.endForm()
            super().save()
    return TocCanvas


class _Doc(SimpleDocTemplate):
    """Records the page of each part heading for the 目录."""

    toc: list[tuple[str, int]]

    def afterFlowable(self, flowable: Flowable) -> None:
        if isinstance(flowable, Paragraph) and flowable.style.name == "h1":
            self.toc.append((flowable.getPlainText(), self.page))


def _watermark_image() -> ImageReader:
    """草稿 as a picture, not as text: a text watermark would be read back as part of the
    sentences and cells it crosses."""
    from PIL import Image, ImageDraw, ImageFont  # reportlab's own dependency

    font = ImageFont.truetype(font_path(), 360)
    image = Image.new("RGBA", (800, 420), (255, 255, 255, 0))
    ImageDraw.Draw(image).text((40, 20), "草稿", font=font, fill=(200, 40, 40, 40))
    return ImageReader(image.rotate(30, expand=True))


DRAFT_FORM = "budgetlensDraft"


def _page(draft: bool) -> Callable[[Canvas, SimpleDocTemplate], None]:
    mark = _watermark_image() if draft else None

    def draw(canvas: Canvas, doc: SimpleDocTemplate) -> None:
        canvas.saveState()
        canvas.setFont(FONT, 9)
        canvas.drawCentredString(A4[0] / 2, 10 * mm, f"— {doc.page} —")
        if mark is not None:
            # the picture once, as a form XObject every page draws: drawn on each page itself,
            # reportlab digests its pixels again per page (half the PDF's time on 54 pages)
            if not canvas.hasForm(DRAFT_FORM):
                canvas.beginForm(DRAFT_FORM)
                canvas.drawImage(mark, 30 * mm, 80 * mm, width=150 * mm, height=120 * mm, mask="auto",
                                 preserveAspectRatio=True)
                canvas.endForm()
            canvas.doForm(DRAFT_FORM)
        canvas.restoreState()
    return draw


def write_pdf(model: DocModel, path: Path) -> None:
    register_font()
    st = _styles()
    story: list = [Paragraph(model.title, st["title"]), Paragraph("目录", st["title"]),
                   _TocSpace(len(model.parts)), PageBreak()]
    for part in model.parts:
        story.append(Paragraph(part.title, st["h1"]))
        for i, s in enumerate(part.sections, 1):
            story.append(Paragraph(section_heading(i, s.title), st["h2"]))
            story += [Paragraph(p, st["body"]) for p in s.paragraphs]
        for t in part.tables:
            story += _table(t, st)
    doc = _Doc(str(path), pagesize=A4, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=MARGIN,
               bottomMargin=MARGIN, title=model.title, author="budgetlens generate")
    doc.toc = []
    draw = _page(model.draft)
    doc.build(story, onFirstPage=draw, onLaterPages=draw,
              canvasmaker=_toc_canvas(doc.toc, len(model.parts)))
