"""Recover text objects PDFium's text page drops: one-glyph objects in fonts without glyph boxes.

Why: with a non-embedded CID font (``STSong-Light`` and the like, used by many older report
engines) and no substitute font on the machine, PDFium knows no glyph bounding boxes, so a text
object holding a single glyph has a zero-size box, and its text page skips zero-width objects. The
lost glyph is often the last character of a wrapped cell (``…缴费支`` / ``出``) or a lone ``0`` in
an amount cell. Such objects are found while scanning the page's objects
(:func:`pdf_paths.read_objects`), and only for those pages pdfminer (through pdfplumber) is asked
which glyph is printed at each lost origin. Its box is then measured from the metrics the PDF
declares (:func:`pdf_glyphs.em_box`), exactly as the glyph would be measured had PDFium kept it
(it does when a CJK font is installed): what is read must not depend on the machine's fonts.
"""

from __future__ import annotations

import math
from typing import Optional, Sequence

from budgetlens.read.pdf_glyphs import FontMetrics, apply, em_box
from budgetlens.read.pdf_frame import IDENTITY, Frame, Matrix, on_page, page_rotation
from budgetlens.read.pdf_objects import Char
from budgetlens.read.pdf_visible import inside
from budgetlens.read.pdf_paths import LostGlyph
from budgetlens.read.pdfium_types import PdfiumPage

# How close (points) a pdfminer glyph's origin must be to the lost object's origin.
ORIGIN_TOL = 0.6


def pdfminer_space(page: PdfiumPage) -> Matrix:
    """The map from a page's PDF user space to the space pdfminer reports positions in: its
    interpreter moves the media box's corner to the origin and applies the page's /Rotate
    (``PDFPageInterpreter.process_page``)."""
    x0, y0, x1, y1 = page.get_mediabox()
    rotation = page_rotation(page)
    if rotation == 90:
        return (0.0, -1.0, 1.0, 0.0, -y0, x1)
    if rotation == 180:
        return (-1.0, 0.0, 0.0, -1.0, x1, y1)
    if rotation == 270:
        return (0.0, 1.0, -1.0, 0.0, y1, -x0)
    return (1.0, 0.0, 0.0, 1.0, -x0, -y0)


def recover_chars(path: str, index: int, lost: Sequence[LostGlyph], frame: Frame,
                  metrics: FontMetrics, space: Matrix = IDENTITY) -> list[Char]:
    """Visible glyphs of page ``index`` (0-based) printed at the origins of the ``lost``
    objects; ``space`` is :func:`pdfminer_space` of the page. Call while the page is open: the
    lost objects' font handles measure the glyphs."""
    if not lost:
        return []
    try:
        import pdfplumber
    except ImportError:  # pragma: no cover - pdfplumber is a dependency
        return []
    wanted = [(apply(space, g.x, g.y), g) for g in lost]
    out: list[Char] = []
    try:
        with pdfplumber.open(path, pages=[index + 1]) as pdf:
            for ch in pdf.pages[0].chars:
                m = ch.get("matrix") or (0, 0, 0, 0, ch["x0"], ch["y0"])
                text = ch.get("text") or ""
                glyph = _lost_at(wanted, m[4], m[5])
                if glyph is not None and text.strip():
                    out += _measured(glyph, text, frame, metrics)
    except Exception:  # noqa: BLE001 - a second parser failing must not lose the page
        return []
    return out


def _lost_at(wanted: list, x: float, y: float) -> Optional[LostGlyph]:
    for (gx, gy), g in wanted:
        if abs(gx - x) <= ORIGIN_TOL and abs(gy - y) <= ORIGIN_TOL:
            return g
    return None


def _measured(glyph: LostGlyph, text: str, frame: Frame, metrics: FontMetrics) -> list[Char]:
    """The recovered glyph as a :class:`Char` boxed from the font's declared metrics, if it is
    visible (inside its clip and on the page), as :func:`pdf_objects.read_chars` decides."""
    _, descent = metrics.info(glyph.font)
    box = em_box(glyph.x, glyph.y, glyph.matrix, glyph.size,
                 metrics.advance(glyph.font, text), descent)
    if glyph.clip is not None and not inside(glyph.clip, *box):
        return []
    x0, top, x1, bottom = frame.to_top_left(*box)
    if not on_page(frame, x0, top, x1, bottom):
        return []
    size = glyph.size * math.hypot(glyph.matrix[2], glyph.matrix[3])
    return [Char(text, x0, top, x1, bottom, size)]
