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

What it may cost is bounded by what it reads, not by what the page declares: pdfminer interprets
the whole page, so a page of a million glyphs (fuzz case pdf-2026-012705: a content stream
repeated by a "content bomb", 704,217 glyphs to pdfminer) would take minutes for a few lost
ones. So the recovery is skipped for a page whose PDFium text page holds more chars than
``limits.max_recover_chars``, and abandoned as soon as pdfminer has rendered more glyphs than
that (it may see more than PDFium does); the reader then warns (``pdf-recover-skipped``). Each
glyph pdfminer renders is looked up in the lost origins by position (:class:`LostIndex`), not
compared with every one of them, and is never built into a layout object: only its origin and
text are needed.
"""

from __future__ import annotations

import math
from typing import NamedTuple, Optional, Sequence

from budgetlens.read.pdf_glyphs import FontMetrics, apply, em_box
from budgetlens.read.pdf_frame import IDENTITY, Frame, Matrix, on_page, page_rotation
from budgetlens.read.pdf_objects import Char
from budgetlens.read.pdf_visible import inside
from budgetlens.read.pdf_paths import LostGlyph
from budgetlens.read.pdfium_types import PdfiumPage

# How close (points) a pdfminer glyph's origin must be to the lost object's origin.
ORIGIN_TOL = 0.6


class Recovered(NamedTuple):
    """What one page's recovery gave: the glyphs found (as chars), how many glyphs pdfminer
    rendered for it (``rendered``) and how many origin comparisons matching them took
    (``compared``); ``over`` is the count that passed ``limits.max_recover_chars`` (PDFium's
    char count of the page, or the glyphs pdfminer had rendered when it was stopped), 0 when the
    recovery ran to the end. The counts are what bounds its cost, and what the tests assert."""

    chars: list[Char]
    rendered: int = 0
    compared: int = 0
    over: int = 0
    codes: int = 0  # the ToUnicode codes a font declares, when over limits.max_cmap_codes
    codes_in_all: bool = False  # codes is the page's fonts' sum, over limits.max_page_cmap_codes


class LostIndex:
    """The lost origins (pdfminer's space) bucketed on a grid of :data:`ORIGIN_TOL` squares, so
    that finding the one at a glyph's origin looks at the 3 × 3 squares around it instead of at
    every lost origin: matching a page is linear in its glyphs. The answer is the one a scan of
    the origins in order gives (the first within the tolerance)."""

    def __init__(self, wanted: Sequence[tuple[tuple[float, float], LostGlyph]]):
        self.cells: dict[tuple[int, int], list[tuple[int, float, float, LostGlyph]]] = {}
        self.compared = 0
        for order, ((gx, gy), glyph) in enumerate(wanted):
            if math.isfinite(gx) and math.isfinite(gy):  # a non-finite origin matches nothing
                key = (math.floor(gx / ORIGIN_TOL), math.floor(gy / ORIGIN_TOL))
                self.cells.setdefault(key, []).append((order, gx, gy, glyph))

    def at(self, x: float, y: float) -> Optional[LostGlyph]:
        """The first lost glyph (in the order given) whose origin is within the tolerance of
        ``(x, y)`` on both axes, or None."""
        if not (math.isfinite(x) and math.isfinite(y)):
            return None
        cx, cy = math.floor(x / ORIGIN_TOL), math.floor(y / ORIGIN_TOL)
        best: Optional[tuple[int, LostGlyph]] = None
        for kx in (cx - 1, cx, cx + 1):
            for ky in (cy - 1, cy, cy + 1):
                for order, gx, gy, glyph in self.cells.get((kx, ky), ()):
                    self.compared += 1
                    if (abs(gx - x) <= ORIGIN_TOL and abs(gy - y) <= ORIGIN_TOL
                            and (best is None or order < best[0])):
                        best = (order, glyph)
        return None if best is None else best[1]


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
                  metrics: FontMetrics, space: Matrix = IDENTITY,
                  limit: Optional[int] = None, max_codes: Optional[int] = None,
                  max_page_codes: Optional[int] = None) -> Recovered:
    """Visible glyphs of page ``index`` (0-based) printed at the origins of the ``lost``
    objects; ``space`` is :func:`pdfminer_space` of the page. Call while the page is open: the
    lost objects' font handles measure the glyphs. pdfminer is stopped (nothing recovered,
    ``over`` set) once it has rendered more than ``limit`` glyphs (None: no limit), and not
    asked (``codes`` set) when a font of the page declares more than ``max_codes`` codes, or
    its fonts more than ``max_page_codes`` in all (``codes_in_all``; :mod:`pdf_cmapguard`)."""
    if not lost:
        return Recovered([])
    from budgetlens.read.pdf_minerpage import CMapTooLarge, TooManyGlyphs, render_page

    found = LostIndex([(apply(space, g.x, g.y), g) for g in lost])
    out: list[Char] = []
    try:
        glyphs, rendered = render_page(path, index, found.at, limit, max_codes, max_page_codes)
        for glyph, text in glyphs:
            out += _measured(glyph, text, frame, metrics)
    except TooManyGlyphs as stop:
        return Recovered([], stop.rendered, found.compared, stop.rendered)
    except CMapTooLarge as refused:
        return Recovered([], 0, 0, 0, refused.codes, refused.in_all)
    except Exception:  # noqa: BLE001 - a second parser failing must not lose the page
        return Recovered([], 0, found.compared)
    return Recovered(out, rendered, found.compared)


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
