"""Inspect and draw the table rebuild of one page: rulings, column bounds, grid, cells.

Why: a misread cell is found fastest by looking at what the rebuild saw (pdfplumber's TableFinder
keeps ``.edges``, ``.cells``, ``.tables`` for the same reason). ``debug_tables`` returns plain data;
``draw_tables`` renders the page with the rulings and cell boxes on top (reviewers' annotated page).
"""

from __future__ import annotations

from typing import Optional

import pypdfium2 as pdfium

from budgetlens.read.pdf import read_page
from budgetlens.read.pdf_grid import find_grids, merge_rulings
from budgetlens.read.pdf_objects import page_frame
from budgetlens.read.pdf_paths import read_objects


def debug_tables(path: str, page: int) -> dict:
    """The table rebuild of ``page`` (1-based) of ``path`` as plain data.

    Keys: ``page``, ``size`` (width, height), ``edges`` (raw ruling edges from the page's paths),
    ``rulings`` (merged, as ``(orientation, pos, start, end)``), ``grids`` (per ruled grid: ``xs``
    column bounds, ``ys`` row bounds, ``cells`` as ``(row, col, rowspan, colspan)``), ``tables``
    (per table found on the page, ruled or from word positions: ``bbox``, ``column_edges``,
    ``rows`` of texts with spans filled), ``lines`` (``(number, table-on-page, text)``).
    """
    pdf = pdfium.PdfDocument(path)
    try:
        p = pdf[page - 1]
        try:
            frame = page_frame(p)
            objects = read_objects(p, frame)
        finally:
            p.close()
        _, lines, tables = read_page(pdf, page - 1, path)
    finally:
        pdf.close()
    rulings = merge_rulings(objects.edges, "h") + merge_rulings(objects.edges, "v")
    grids = find_grids(objects.edges)

    def table_of(bbox) -> Optional[int]:
        for i, t in enumerate(tables):
            cx, cy = (bbox[0] + bbox[2]) / 2, (bbox[1] + bbox[3]) / 2
            if t.bbox[0] <= cx <= t.bbox[2] and t.bbox[1] <= cy <= t.bbox[3]:
                return i
        return None

    return {
        "page": page,
        "size": (frame.width, frame.height),
        "edges": objects.edges,
        "rulings": [tuple(r) for r in rulings],
        "grids": [{"xs": g.xs, "ys": g.ys, "cells": [tuple(c) for c in g.cells]} for g in grids],
        "tables": [{"bbox": t.bbox, "column_edges": t.column_edges, "row_edges": t.row_edges,
                    "ruled": t.grid is not None, "rows": t.rows()} for t in tables],
        "lines": [(ln.number, table_of(ln.bbox), ln.text) for ln in lines],
    }


def draw_tables(path: str, page: int, out: str, scale: float = 2.0) -> str:
    """Render ``page`` to PNG at ``out`` with rulings (red) and table cells (blue) drawn on it."""
    from PIL import ImageDraw  # pillow ships with pypdfium2's rendering extras

    info = debug_tables(path, page)
    pdf = pdfium.PdfDocument(path)
    try:
        image = pdf[page - 1].render(scale=scale).to_pil().convert("RGB")
    finally:
        pdf.close()
    draw = ImageDraw.Draw(image)
    for o, pos, a, b in info["rulings"]:
        xy = [a, pos, b, pos] if o == "h" else [pos, a, pos, b]
        draw.line([v * scale for v in xy], fill=(220, 0, 0), width=2)
    for t in info["tables"]:
        x0, top, x1, bottom = t["bbox"]
        draw.rectangle([x0 * scale, top * scale, x1 * scale, bottom * scale],
                       outline=(0, 0, 220), width=3)
        for x in t["column_edges"]:
            draw.line([x * scale, top * scale, x * scale, bottom * scale], fill=(0, 0, 220), width=1)
        for y in t["row_edges"]:
            draw.line([x0 * scale, y * scale, x1 * scale, y * scale], fill=(0, 120, 220), width=1)
    image.save(out)
    return out
