"""pdfminer's reading of one page, reduced to what the glyph recovery needs: each glyph's origin
and text, looked up as it is rendered, with a bound on how many glyphs it may render.

Why not pdfplumber's ``page.chars``, used before: it lets pdfminer build a layout object for every
glyph and path of the page and then copies each into a dict of some twenty attributes, all kept
until the page is done, while :mod:`pdf_recover` needs the origin and text of the few glyphs
printed where PDFium lost one. Here pdfminer's own interpreter drives a text device that asks
``lookup`` about each glyph's origin as it is rendered, keeps only the glyphs found, ignores paths
and images, and stops the page (:class:`TooManyGlyphs`) once more than ``limit`` glyphs were
rendered. The glyphs' origins, texts and advances are pdfminer's, computed as its layout
analyser computes them (``PDFLayoutAnalyzer.render_char``): the text from the font's Unicode map
or ``(cid:N)``, the advance from the glyph's width, size and horizontal scaling, so the glyphs
after it in a string are placed exactly as before. pdfplumber still opens the file (its
resource manager and page objects), as before.
"""

from __future__ import annotations

from typing import Any, Callable, Optional

import pdfplumber
from pdfminer.pdfdevice import PDFTextDevice
from pdfminer.pdffont import PDFUnicodeNotDefined
from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager

from budgetlens.read import pdf_minersalvage
from budgetlens.read.pdf_cmapguard import page_codes
from budgetlens.read.pdf_paths import LostGlyph

#: What the device asks about a glyph's origin (pdfminer's space): the lost glyph there, or None.
Lookup = Callable[[float, float], Optional[LostGlyph]]


class TooManyGlyphs(Exception):
    """pdfminer rendered more glyphs of the page than the recovery may read (``rendered``)."""

    def __init__(self, rendered: int):
        super().__init__(f"more than {rendered - 1} glyphs")
        self.rendered = rendered


class CMapTooLarge(Exception):
    """A font of the page declares more codes (``codes``) than pdfminer may expand one by one,
    or (``in_all``) the page's fonts do together (:mod:`pdf_cmapguard`)."""

    def __init__(self, codes: int, in_all: bool = False):
        whose = " by the page's fonts" if in_all else ""
        super().__init__(f"{codes} CMap codes declared{whose}")
        self.codes, self.in_all = codes, in_all


class _LostGlyphDevice(PDFTextDevice):
    """A pdfminer device that keeps ``(lost glyph, text)`` for each rendered glyph ``lookup``
    places on a lost origin (blank texts left out) and counts every glyph it renders."""

    def __init__(self, rsrcmgr: PDFResourceManager, lookup: Lookup, limit: Optional[int]):
        super().__init__(rsrcmgr)
        self.lookup, self.limit = lookup, limit
        self.rendered = 0
        self.found: list[tuple[LostGlyph, str]] = []

    def render_char(self, matrix: Any, font: Any, fontsize: float, scaling: float, rise: float,
                    cid: int, ncs: Any, graphicstate: Any) -> float:
        self.rendered += 1
        if self.limit is not None and self.rendered > self.limit:
            raise TooManyGlyphs(self.rendered)
        try:
            text = font.to_unichr(cid)
        except PDFUnicodeNotDefined:
            text = f"(cid:{cid})"  # as PDFLayoutAnalyzer.handle_undefined_char names it
        glyph = self.lookup(matrix[4], matrix[5])
        if glyph is not None and text.strip():
            self.found.append((glyph, text))
        return float(font.char_width(cid) * fontsize * scaling)


def render_page(path: str, index: int, lookup: Lookup, limit: Optional[int] = None,
                max_codes: Optional[int] = None, max_page_codes: Optional[int] = None
                ) -> tuple[list[tuple[LostGlyph, str]], int]:
    """The ``(lost glyph, text)`` pairs of page ``index`` (0-based) in rendering order, and how
    many glyphs were rendered. Raises :class:`TooManyGlyphs` past ``limit`` glyphs,
    :class:`CMapTooLarge` before rendering when a font of the page declares more than
    ``max_codes`` codes, or its fonts more than ``max_page_codes`` in all (:mod:`pdf_cmapguard`),
    and whatever pdfminer raises on a page it cannot interpret (the caller keeps the page
    without them)."""
    pdf_minersalvage.install()  # a damaged stream salvaged in linear time, not per byte
    with pdfplumber.open(path, pages=[index + 1]) as pdf:
        if max_codes is not None:
            declared = page_codes(pdf.pages[0].page_obj.resources, max_codes, max_page_codes)
            if declared.most > max_codes:
                raise CMapTooLarge(declared.most)
            if max_page_codes is not None and declared.total > max_page_codes:
                raise CMapTooLarge(declared.total, in_all=True)
        device = _LostGlyphDevice(pdf.rsrcmgr, lookup, limit)
        PDFPageInterpreter(pdf.rsrcmgr, device).process_page(pdf.pages[0].page_obj)
    return device.found, device.rendered
