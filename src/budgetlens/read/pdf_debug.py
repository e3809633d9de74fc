"""Inspect and draw what the reader saw on one page: rulings, lines, table boxes, columns, rows.

Why: a misread cell is found fastest by looking at what the rebuild saw (pdfplumber's TableFinder
keeps ``.edges``, ``.cells``, ``.tables`` for the same reason). :func:`debug_tables` returns plain
data from :class:`~budgetlens.read.page_view.PageView`; :func:`draw_page` renders the page with
what was read on top, and with labels the caller adds (``budgetlens debug`` labels each table with
the role extraction recognised, which the reader itself cannot know).

Colours: rulings red, text lines grey, tables blue (box, column and row edges), labelled regions
green with their label above. Labels are drawn in Pillow's own font, so they are ASCII (role keys,
table numbers, reading-doubt codes): the image must not depend on the fonts a machine has.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterable

import pypdfium2 as pdfium

from ..model import BBox
from .page_view import PageView, open_page

if TYPE_CHECKING:  # Pillow is imported where a page is drawn (not on the reading path)
    from PIL import ImageFont

RULING = (220, 0, 0)
LINE = (150, 150, 150)
TABLE = (0, 0, 220)
ROW = (0, 120, 220)
LABEL = (0, 140, 0)


def debug_tables(path: str, page: int) -> dict:
    """The table rebuild of ``page`` (1-based) of ``path`` as plain data.

    Keys: ``page``, ``size`` (width, height), ``edges`` (raw ruling edges from the page's paths),
    ``rulings`` (merged, as ``(orientation, pos, start, end)``), ``grids`` (per ruled grid: ``xs``
    column bounds, ``ys`` row bounds, ``cells`` as ``(row, col, rowspan, colspan)``), ``tables``
    (per table found on the page, ruled or from word positions: ``bbox``, ``column_edges``,
    ``rows`` of texts with spans filled), ``lines`` (``(number, table-on-page, text)``).
    """
    return view_data(open_page(path, page))


def view_data(view: PageView) -> dict:
    """:func:`debug_tables`'s plain data of a page already read."""
    return {
        "page": view.number,
        "size": (view.width, view.height),
        "edges": list(view.edges),
        "rulings": [tuple(r) for r in view.rulings],
        "grids": [{"xs": g.xs, "ys": g.ys, "cells": [tuple(c) for c in g.cells]}
                  for g in view.grids],
        "tables": [{"bbox": t.bbox, "column_edges": t.column_edges, "row_edges": t.row_edges,
                    "ruled": t.grid is not None, "rows": t.rows()} for t in view.tables],
        "lines": [(ln.number, view.line_table(ln), ln.text) for ln in view.lines],
    }


def draw_page(view: PageView, out: str, scale: float = 2.0,
              labels: Iterable[tuple[BBox, str]] = ()) -> str:
    """Render the page to PNG at ``out`` with what was read drawn on it, and ``labels``: boxes
    (page coordinates) with an ASCII text each, drawn in green."""
    from PIL import ImageDraw  # pillow ships with pypdfium2's rendering extras

    pdf = pdfium.PdfDocument(view.path)
    try:
        image = pdf[view.number - 1].render(scale=scale).to_pil().convert("RGB")
    finally:
        pdf.close()
    draw = ImageDraw.Draw(image)

    def box(b: BBox) -> list[float]:
        return [b[0] * scale, b[1] * scale, b[2] * scale, b[3] * scale]

    for line in view.lines:
        if line.bbox is not None:
            draw.rectangle(box(line.bbox), outline=LINE, width=1)
    for o, pos, a, b in view.rulings:
        xy = (a, pos, b, pos) if o == "h" else (pos, a, pos, b)
        draw.line(box(xy), fill=RULING, width=2)
    for t in view.tables:
        x0, top, x1, bottom = t.bbox
        draw.rectangle(box(t.bbox), outline=TABLE, width=3)
        for x in t.column_edges:
            draw.line(box((x, top, x, bottom)), fill=TABLE, width=1)
        for y in t.row_edges:
            draw.line(box((x0, y, x1, y)), fill=ROW, width=1)
    font = _label_font(max(10, round(7 * scale)))
    for bbox, text in labels:
        draw.rectangle(box(bbox), outline=LABEL, width=2)
        left, top, right, bottom = draw.textbbox((0, 0), _ascii(text), font=font)
        at = (bbox[0] * scale, max(0.0, bbox[1] * scale - (bottom - top) - 4))
        draw.rectangle([at[0], at[1], at[0] + right - left + 4, at[1] + bottom - top + 4],
                       fill=(255, 255, 255))
        draw.text((at[0] + 2 - left, at[1] + 2 - top), _ascii(text), fill=LABEL, font=font)
    image.save(out)
    return out


def draw_tables(path: str, page: int, out: str, scale: float = 2.0) -> str:
    """Render ``page`` of ``path`` to PNG at ``out`` with what the reader saw drawn on it."""
    return draw_page(open_page(path, page), out, scale)


def _label_font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    """Pillow's bundled font at ``size`` (Pillow >= 10.1), else its fixed bitmap font."""
    from PIL import ImageFont

    try:
        return ImageFont.load_default(size=size)
    except TypeError:  # Pillow < 10.1: no size
        return ImageFont.load_default()


def _ascii(text: str) -> str:
    """The label as Pillow's own font can draw it (anything else would depend on the machine)."""
    return text.encode("ascii", "replace").decode("ascii")
