"""The page frame: PDF user space mapped to the top-left page coordinates the reader works in.

Why one convention: pdfplumber's ``(x0, top, x1, bottom)`` in points, origin at the top-left of
the page's visible (crop) box, after the page's /Rotate, is what every later stage (lines, grids,
cells, provenance boxes, ``--annotate``) reads; PDFium answers in PDF user space (origin at the
bottom-left of the media box, unrotated). The reader converts once, here.
"""

from __future__ import annotations

from typing import Callable, NamedTuple, Optional

import pypdfium2.raw as pdfium_c

from budgetlens.model import BBox
from budgetlens.read.pdfium_types import PdfiumPage

Matrix = tuple[float, float, float, float, float, float]
IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
# A PDFium box thinner than this (points) is degenerate: the font gave no glyph extent. PDFium's
# text page skips text objects narrower than this (its kSizeEpsilon).
FLAT = 0.01


class Frame(NamedTuple):
    """Maps PDF user space to top-left page coordinates (rotation and crop box applied)."""

    width: float
    height: float
    to_top_left: Callable[[float, float, float, float], tuple[float, float, float, float]]
    sideways: bool = False  # /Rotate 90 or 270: the page's x runs down the display
    # (left, top) of the crop box of an unrotated page, where ``to_top_left`` is a shift that
    # the per-char loop of :func:`pdf_objects.read_chars` inlines (a call per char costs more
    # than the sum).
    shift: Optional[tuple[float, float]] = None


def page_rotation(page: PdfiumPage) -> int:
    """The page's clockwise rotation in degrees: 0, 90, 180 or 270.

    PDFium answers -1 for a ``/Rotate`` it cannot use (a damaged page dictionary, a value that is
    not a multiple of 90). pypdfium2 5.0 maps that through a dict and raises ``KeyError``; later
    versions raise ``PdfiumError``: either way one odd key would lose the whole document, or crash
    on the minimum version. Viewers show such a page unrotated, so the raw value is read here and
    anything but a quarter turn is no rotation, the same on every pypdfium2 version."""
    quarters = pdfium_c.FPDFPage_GetRotation(page.raw)
    return quarters * 90 if quarters in (0, 1, 2, 3) else 0


def page_frame(page: PdfiumPage) -> Frame:
    """The visible box of ``page`` and the function mapping a PDF-space rectangle into it."""
    left, bottom, right, top = page.get_cropbox()
    w, h = right - left, top - bottom
    rot = page_rotation(page)

    if rot == 90:
        def turned_90(l: float, b: float, r: float, t: float) -> BBox:
            return (b - bottom, l - left, t - bottom, r - left)
        return Frame(h, w, turned_90, True)
    if rot == 180:
        def turned_180(l: float, b: float, r: float, t: float) -> BBox:
            return (right - r, b - bottom, right - l, t - bottom)
        return Frame(w, h, turned_180)
    if rot == 270:
        def turned_270(l: float, b: float, r: float, t: float) -> BBox:
            return (top - t, right - r, top - b, right - l)
        return Frame(h, w, turned_270, True)

    def upright(l: float, b: float, r: float, t: float) -> BBox:
        return (l - left, top - t, r - left, top - b)
    return Frame(w, h, upright, False, (left, top))


def on_page(frame: Frame, x0: float, top: float, x1: float, bottom: float) -> bool:
    """Is the centre of a top-left box on the visible page?"""
    return 0 <= x0 + x1 <= 2 * frame.width and 0 <= top + bottom <= 2 * frame.height
