"""Draw seed tables as PDFs the way other exporters do (reportlab canvas, cell by cell).

One :class:`Style` per variation: orientation and /Rotate, rulings (full grid, horizontal only,
三线表, none, thin filled rectangles, thick lines), number alignment, wrapped header and label
cells, the unit line inside the grid, tables run over pages with or without a repeated header or
title and with a page footer, text clipped to the printed area, white text, overprinted (fake
bold) text. The drawing is deliberately plain so that a failure is the reader's, not the test's.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Optional, Sequence

from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

from budgetlens.extract.numbers import parse_number

from .variants import FONT, SourceTable, header_spans

pdfmetrics.registerFont(UnicodeCIDFont(FONT))
SIZE = 8.0
LEAD = 10.0
PAD = 3.0
MARGIN = 40.0


@dataclass(frozen=True)
class Style:
    orientation: str = "portrait"  # portrait | landscape | rotate90 | rotate270
    rules: str = "grid"  # grid | horizontal | three_line | none | rects | cells | fills
    line_width: float = 0.5
    align: str = "right"  # where amounts sit in their cells: right | center | left
    header_chars: Optional[int] = None  # wrap header cells after this many chars
    label_width: Optional[float] = None  # a narrow label column: long 项目 names wrap
    rows_per_page: Optional[int] = None  # body rows per page: the table runs over pages
    repeat_header: bool = True
    repeat_title: bool = False
    repeat_total: bool = False  # the first body row (the 合计) printed again under the header on
    # every page after the first (佛山 2019 决算 表5: title, header and 合计 on each page)
    footer: bool = False
    unit_in_grid: bool = False  # 单位：万元 printed as the grid's first row
    clip_area: bool = False  # rows of the next page drawn too, clipped away (Excel print area)
    white: Optional[str] = None  # this text printed in white in empty amount cells
    bold: Optional[float] = None  # every text drawn twice, this far to the right (fake bold)
    total_merged: bool = False  # a 合计 row's label merged over the empty cells right of it
    dark_header: bool = False  # header cells filled dark grey, their text printed white
    clip_labels: bool = False  # long body labels not wrapped but cut off by a clip to the cell
    fit_each_page: bool = False  # label columns fitted to each page's rows, the table's width
    # kept by the first amount column (inner edges move, outer edges stay)
    extra_column: bool = False  # pages after the first print one more (empty) column at the
    # right: no column map joins them (a reader's doubt, not a layout it can resolve)
    equal_widths: bool = False  # every column as wide (report engines with fixed widths, a
    # reportlab Table): headers centred in cells wider than their right-aligned figures


def _width(text: str) -> float:
    return pdfmetrics.stringWidth(text, FONT, SIZE)


def _wrap(text: str, width: float, chars: Optional[int] = None) -> list[str]:
    """Break a cell text into lines that fit ``width`` (CJK wraps between any two chars)."""
    if not text:
        return []
    if parse_number(text) is not None:
        return [text]
    lines, cur = [], ""
    for ch in text:
        if cur and (_width(cur + ch) > width - 2 * PAD or (chars and len(cur) >= chars)):
            lines.append(cur)
            cur = ""
        cur += ch
    return lines + [cur]


class _Page:
    """A canvas page in display coordinates (top-left origin), whatever the /Rotate."""

    def __init__(self, c: canvas.Canvas, orientation: str) -> None:
        self.c = c
        portrait = A4
        c.setPageRotation(0)
        if orientation == "portrait":
            c.setPageSize(portrait)
            self.w, self.h = portrait
        elif orientation == "landscape":
            c.setPageSize((portrait[1], portrait[0]))
            self.w, self.h = portrait[1], portrait[0]
        else:  # a portrait media box printed sideways, turned upright by /Rotate
            # (reportlab takes the displayed size and writes the media box swapped)
            c.setPageSize((portrait[1], portrait[0]))
            self.w, self.h = portrait[1], portrait[0]
            if orientation == "rotate90":
                c.setPageRotation(90)
                c.translate(portrait[0], 0)
                c.rotate(90)
            else:
                c.setPageRotation(270)
                c.translate(0, portrait[1])
                c.rotate(-90)

    def text(self, x: float, top: float, s: str, white: bool = False, bold: Optional[float] = None):
        self.c.setFont(FONT, SIZE)
        self.c.setFillGray(1.0 if white else 0.0)
        y = self.h - top - SIZE * 0.88
        self.c.drawString(x, y, s)
        if bold is not None:
            self.c.drawString(x + bold, y, s)
        self.c.setFillGray(0.0)

    def hline(self, x0: float, x1: float, top: float, style: Style, weight: float = 1.0):
        lw = style.line_width * weight
        if style.rules == "rects":
            self.c.setFillGray(0.0)
            self.c.rect(x0, self.h - top - lw / 2, x1 - x0, lw, stroke=0, fill=1)
            return
        self.c.setLineWidth(lw)
        self.c.line(x0, self.h - top, x1, self.h - top)

    def vline(self, x: float, top: float, bottom: float, style: Style):
        lw = style.line_width
        if style.rules == "rects":
            self.c.setFillGray(0.0)
            self.c.rect(x - lw / 2, self.h - bottom, lw, bottom - top, stroke=0, fill=1)
            return
        self.c.setLineWidth(lw)
        self.c.line(x, self.h - top, x, self.h - bottom)


class _Layout:
    """Column widths, merged spans and wrapped lines of one table in one style."""

    def __init__(self, table: SourceTable, style: Style, avail: float,
                 width: Optional[float] = None) -> None:
        rows = [list(r) for r in table.rows]
        self.n_header = table.n_header
        self.spans = list(header_spans(table))
        if style.unit_in_grid:
            unit = [t for t in table.titles if t.startswith("单位")]
            rows.insert(0, [unit[0] if unit else ""] + [""] * (len(rows[0]) - 1))
            self.spans = [(r + 1, c, rs, cs) for r, c, rs, cs in self.spans]
            self.spans.append((0, 0, 1, len(rows[0])))
            self.n_header += 1
        if style.total_merged:
            for i in range(self.n_header, len(rows)):
                r = rows[i]
                if r[0].replace(" ", "") in ("合计", "总计") and len(r) > 1 and not r[1]:
                    self.spans.append((i, 0, 1, 2))
        self.rows = rows
        self.covered: dict[tuple[int, int], tuple[int, int, int, int]] = {}
        for s in self.spans:
            for rr in range(s[0], s[0] + s[2]):
                for cc in range(s[1], s[1] + s[3]):
                    self.covered[(rr, cc)] = s
        n = len(rows[0])
        body = rows[self.n_header:]
        numeric = {c for c in range(n) if any(parse_number(r[c]) is not None for r in body)}
        widths = []
        for c in range(n):  # as wide as the body needs; header cells wrap (numbers never do)
            texts = [r[c] for r in body] if body else [r[c] for r in rows]
            widths.append(min(max([_width(t) + 2 * PAD for t in texts] + [44.0]), 170.0))
        if style.label_width:
            for c in range(n):
                if c not in numeric and max(len(r[c]) for r in body) > 8:
                    widths[c] = style.label_width
        labels = [c for c in range(n) if c not in numeric]
        excess = sum(widths) - avail
        if excess > 0 and labels:  # only label columns give way: their text wraps
            room = sum(widths[c] for c in labels)
            for c in labels:
                widths[c] -= excess * widths[c] / room
        amounts = [c for c in range(n) if any("." in r[c] for r in body if c in numeric)]
        if width is not None and amounts:  # the table keeps its width: an amount column gives
            widths[amounts[0]] += width - sum(widths)  # or takes what the label column moved
        if style.equal_widths:
            widths = [avail / n] * n
        self.widths = widths
        self.xs = [MARGIN]
        for w in widths:
            self.xs.append(self.xs[-1] + w)
        self.lines = []
        for i, r in enumerate(rows):
            out = []
            for c, t in enumerate(r):
                span = self.covered.get((i, c))
                if span and (span[0], span[1]) != (i, c):
                    out.append([])
                    continue
                w = self.xs[c + (span[3] if span else 1)] - self.xs[c]
                if style.clip_labels and i >= self.n_header and parse_number(t) is None:
                    out.append([t] if t else [])  # printed whole, clipped to the cell
                    continue
                out.append(_wrap(t, w, style.header_chars if i < self.n_header else None))
            self.lines.append(out)
        self.heights = []
        for i, row_lines in enumerate(self.lines):
            tall = max([len(ls) for c, ls in enumerate(row_lines)
                        if not (self.covered.get((i, c)) and self.covered[(i, c)][2] > 1)] + [1])
            self.heights.append(tall * LEAD + 2 * PAD)


def _draw_rows(p: _Page, lay: _Layout, style: Style, order: Sequence[int], top: float) -> float:
    """Draw the rows ``order`` (indexes into the layout) from ``top``; return the bottom."""
    ys = [top]
    for i in order:
        ys.append(ys[-1] + lay.heights[i])
    pos = {i: k for k, i in enumerate(order)}
    n = len(lay.widths)
    amount_cols = {c for i in order[lay.n_header:] if i >= lay.n_header
                   for c, t in enumerate(lay.rows[i]) if parse_number(t) is not None}
    for k, i in enumerate(order):
        for c in range(n):
            span = lay.covered.get((i, c))
            if span and (span[0], span[1]) != (i, c):
                continue
            rs, cs = (span[2], span[3]) if span else (1, 1)
            last = min(k + rs, len(order))
            cell_top, cell_bottom = ys[k], ys[last]
            x0, x1 = lay.xs[c], lay.xs[c + cs]
            texts = lay.lines[i][c]
            dark = style.dark_header and i < lay.n_header
            if dark:
                p.c.setFillGray(0.25)
                p.c.rect(x0, p.h - cell_bottom, x1 - x0, cell_bottom - cell_top, stroke=0, fill=1)
                p.c.setFillGray(0.0)
            if style.rules == "cells":  # each cell its own stroked rectangle (WPS)
                p.c.setLineWidth(style.line_width)
                p.c.rect(x0, p.h - cell_bottom, x1 - x0, cell_bottom - cell_top, stroke=1, fill=0)
            elif style.rules == "fills":  # cells as grey filled boxes, borders as the gaps
                p.c.setFillGray(0.85)
                p.c.rect(x0 + 0.4, p.h - cell_bottom + 0.4, x1 - x0 - 0.8,
                         cell_bottom - cell_top - 0.8, stroke=0, fill=1)
                p.c.setFillGray(0.0)
            clipped = style.clip_labels and i >= lay.n_header
            if clipped:
                p.c.saveState()
                box = p.c.beginPath()
                box.rect(x0, p.h - cell_bottom, x1 - x0, cell_bottom - cell_top)
                p.c.clipPath(box, stroke=0, fill=0)
            y = cell_top + (cell_bottom - cell_top - LEAD * len(texts)) / 2 + (LEAD - SIZE) / 2
            for t in texts:
                w = _width(t)
                if i >= lay.n_header and c in amount_cols and parse_number(t) is not None:
                    x = {"right": x1 - PAD - w, "center": (x0 + x1 - w) / 2,
                         "left": x0 + PAD}[style.align]
                elif i < lay.n_header:
                    x = (x0 + x1 - w) / 2
                else:
                    x = x0 + PAD
                p.text(x, y, t, white=dark, bold=style.bold)
                y += LEAD
            if clipped:
                p.c.restoreState()
            if style.white and not texts and i >= lay.n_header and c in amount_cols:
                p.text(x1 - PAD - _width(style.white), cell_top + PAD, style.white, white=True)
    _draw_rules(p, lay, style, order, ys, pos)
    return ys[-1]


def _draw_rules(p: _Page, lay: _Layout, style: Style, order, ys, pos) -> None:
    x0, x1 = lay.xs[0], lay.xs[-1]
    n = len(lay.widths)
    head_end = next((k for k, i in enumerate(order) if i >= lay.n_header), len(order))
    if style.rules in ("none", "cells", "fills"):
        return
    if style.rules == "three_line":
        p.hline(x0, x1, ys[0], style, 2.0)
        p.hline(x0, x1, ys[head_end], style)
        p.hline(x0, x1, ys[-1], style, 2.0)
        return
    for k in range(len(order) + 1):
        for c in range(n):
            above = lay.covered.get((order[k - 1], c)) if 0 < k <= len(order) else None
            below = lay.covered.get((order[k], c)) if k < len(order) else None
            if above is not None and above == below:
                continue
            p.hline(lay.xs[c], lay.xs[c + 1], ys[k], style)
    if style.rules == "horizontal":
        return
    for c in range(n + 1):
        for k, i in enumerate(order):
            left = lay.covered.get((i, c - 1)) if c > 0 else None
            right = lay.covered.get((i, c)) if c < n else None
            if left is not None and left == right:
                continue
            p.vline(lay.xs[c], ys[k], ys[k + 1], style)


def render(tables: Sequence[SourceTable], path: Path, style: Style = Style(),
           orientations: Optional[Sequence[str]] = None) -> Path:
    """Each table from a new page; ``orientations`` (one per table) overrides the style's."""
    c = canvas.Canvas(str(path), pagesize=A4)
    page_no = 0
    for ti, table in enumerate(tables):
        orient = orientations[ti] if orientations else style.orientation
        p = _Page(c, orient)
        lay = base = _Layout(table, style, p.w - 2 * MARGIN)
        body = list(range(lay.n_header, len(lay.rows)))
        step = style.rows_per_page or len(body) or 1
        chunks = [body[i:i + step] for i in range(0, len(body), step)] or [[]]
        header = list(range(lay.n_header))
        for k, chunk in enumerate(chunks):
            if k:
                c.showPage()
                p = _Page(c, orient)
            if style.fit_each_page and k:
                rows = table.rows[:base.n_header] + tuple(tuple(base.rows[i]) for i in chunk)
                lay = _Layout(SourceTable(table.titles, rows), style, p.w - 2 * MARGIN,
                              width=sum(base.widths))
                chunk = list(range(lay.n_header, len(lay.rows)))
            if style.extra_column and k:
                rows = tuple(tuple(base.rows[i]) + ("",) for i in chunk)
                lay = _Layout(SourceTable(table.titles, rows), style, p.w - 2 * MARGIN)
                chunk = list(range(len(rows)))
            page_no += 1
            top = MARGIN
            titles = [t for t in table.titles if not (style.unit_in_grid and t.startswith("单位"))]
            if k == 0 or style.repeat_title:
                for t in titles:
                    p.text(MARGIN, top, t)
                    top += LEAD + 4
            order = (header if k == 0 or style.repeat_header else []) + chunk
            if k and style.repeat_total and body:
                order = order[:len(order) - len(chunk)] + [body[0]] + chunk
            if style.clip_area and k + 1 < len(chunks):
                bottom = top + sum(lay.heights[i] for i in order)
                c.saveState()
                path_ = c.beginPath()
                path_.rect(0, p.h - bottom, p.w, bottom)
                c.clipPath(path_, stroke=0, fill=0)
                _draw_rows(p, lay, style, order + chunks[k + 1], top)
                c.restoreState()
            else:
                _draw_rows(p, lay, style, order, top)
            if style.footer:
                p.text(p.w / 2 - 15, p.h - 25, f"第 {page_no} 页")
        c.showPage()
    c.save()
    return path
