"""Recover text objects PDFium's text page drops: one-glyph objects in fonts without glyph boxes.

Why: with a non-embedded CID font (``STSong-Light`` and the like, used by many older report
engines) PDFium knows no glyph bounding boxes, so a text object holding a single glyph has a
zero-width box, and its text page skips zero-width objects. The lost glyph is often the last
character of a wrapped cell (``…缴费支`` / ``出``) or a lone ``0`` in an amount cell. Such
objects are found while scanning the page's objects (:func:`pdf_objects.read_objects`), and only
for those pages pdfminer (through pdfplumber) is asked for the glyph printed at each lost origin.
"""

from __future__ import annotations

from typing import Sequence

from budgetlens.read.pdf_objects import Char, Frame

# How close (points) a pdfminer glyph's origin must be to the lost object's origin.
ORIGIN_TOL = 0.6


def recover_chars(path: str, index: int, lost: Sequence[tuple[float, float]],
                  frame: Frame) -> list[Char]:
    """Glyphs of page ``index`` (0-based) whose origin is one of the ``lost`` PDF-space points."""
    if not lost:
        return []
    try:
        import pdfplumber
    except ImportError:  # pragma: no cover - pdfplumber is a dependency
        return []
    wanted = sorted(lost)
    out: list[Char] = []
    try:
        with pdfplumber.open(path, pages=[index + 1]) as pdf:
            page = pdf.pages[0]
            for ch in page.chars:
                m = ch.get("matrix") or (0, 0, 0, 0, ch["x0"], ch["y0"])
                ox, oy = m[4], m[5]
                if not any(abs(ox - x) <= ORIGIN_TOL and abs(oy - y) <= ORIGIN_TOL
                           for x, y in wanted):
                    continue
                x0, top, x1, bottom = frame.to_top_left(ch["x0"], ch["y0"], ch["x1"], ch["y1"])
                text = ch.get("text") or ""
                if text.strip():
                    out.append(Char(text, x0, top, x1, bottom, float(ch.get("size") or 10.0)))
    except Exception:  # noqa: BLE001 - a second parser failing must not lose the page
        return []
    return out
