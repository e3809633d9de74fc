"""Visible chars straight from PDFium's raw API: text, box and size of each glyph a page shows.

Why the raw API: pdfminer (under pdfplumber) parses a page at 10–40 pages/s, PDFium at several
hundred. What is visible is decided with :mod:`pdf_visible` (clip boxes, paper-coloured text);
coordinates come out in the top-left convention of :mod:`pdf_frame`; the ctypes copies of PDFium's
functions are :mod:`pdf_ffi`'s. Ruling edges and other non-text objects are in :mod:`pdf_paths`.

Why the shape of the per-char loop: a corpus pass reads a million chars, and per char the reader
makes two PDFium calls (the text object, the loose box) whose ctypes cost is most of the work; all
that depends only on the text object (its clip, colour, size, whether its font needs declared
metrics) is asked once per object (:func:`pdf_visible.object_states`), and the pointers passed are
made once per page (:func:`pdf_ffi.pointer`), and every case runs inline (a call per char cost
more than most cases' own work). Not thread-safe: PDFium is not, so call from one thread per
process.

Which box a char gets: PDFium's loose box (a uniform line height, the advance along the line),
except (1) a font size outside :data:`SIZE_LOW`–:data:`SIZE_HIGH` of the box's height: a text
matrix that scales the font (size 1 scaled up, size 149 scaled down; a third of the corpus
chars), measured by its printed height, or a degenerate box, measured from the declared metrics;
(2) an ASCII glyph wider than 0.7 em: some fonts give half-width glyphs (digits) a full em of
advance, which would shift their centres into the next cell, so the tight box gives the extent
along the line.
"""

from __future__ import annotations

import ctypes
import struct
from typing import Callable, NamedTuple, Optional, Sequence, cast

import pypdfium2.raw as pdfium_c

from budgetlens.read import pdf_native
from budgetlens.read.pdf_ffi import address, pointer, unchecked
from budgetlens.read.pdf_frame import FLAT, Frame
from budgetlens.read.pdf_glyphs import GlyphReader
from budgetlens.read.pdf_visible import drop_unseen, object_states
from budgetlens.read.pdfium_types import PdfiumTextPage, text_page_parent

# A font size outside these multiples of the printed (loose box) height is scaled by the text
# matrix and not the size as printed.
SIZE_LOW, SIZE_HIGH = 0.3, 2.5
_SPACES = frozenset(" \u3000\xa0")
_SKIP = frozenset("\r\n\x00\ufffe\x02")


class Char(NamedTuple):
    """One visible glyph. ``size`` is the font size in points. ``space`` marks a space printed in
    the text layer (not one PDFium generated), which separates words even when the gap is small."""

    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    size: float
    space: bool = False


_VP, _INT = ctypes.c_void_p, ctypes.c_int
# The calls made for every char: unchecked, on pointers prepared once per page.
_loose_box_u = unchecked("FPDFText_GetLooseCharBox", _INT, _VP, _INT, _VP)
_text_object_u = unchecked("FPDFText_GetTextObject", _VP, _VP, _INT)
_generated_u = unchecked("FPDFText_IsGenerated", _INT, _VP, _INT)
# The tight box, asked for a third of the chars (digits in fonts that give them a full em):
# unchecked too, its four out-parameters one array read back in one call.
_tight_box_u = unchecked("FPDFText_GetCharBox", _INT, _VP, _INT, _VP, _VP, _VP, _VP)
# FS_RECTF read in one call (four ctypes field reads cost more than the PDFium call).
_F4 = struct.Struct("4f")
_D4 = struct.Struct("4d")  # the tight box: left, right, bottom, top


class _Page(NamedTuple):
    """What the per-char loop needs of one text page, prepared once."""

    tp: int  # the text page's address
    ref: ctypes._CArgObject  # the same as a prepared pointer argument (pdf_ffi.pointer)
    frame: Frame
    #: None: no char is measured by metrics (:func:`pdf_visible.object_states` answers "metric"
    #: only when there is a reader), so the per-char loop uses it where it is not None
    glyphs: Optional[GlyphReader]
    tight: tuple  # the tight box's out-parameters: a double[4] and a pointer argument to each


def read_chars(textpage: PdfiumTextPage, frame: Frame, glyphs: Optional[GlyphReader] = None,
               embedded: bool = False) -> tuple[Sequence[Char], int]:
    """Visible chars of a page, in content order, and the number of chars the page holds.
    The chars are a list, or (read by the compiled loop) a :class:`pdf_native.CharArrays`
    holding the same tuples as arrays and building them only when read: the compiled layout
    (:mod:`pdf_native_rows`) works on the arrays, so most pages never build them.

    ``glyphs`` (a :class:`pdf_glyphs.GlyphReader` on the same text page) measures the chars
    whose PDFium boxes depend on the machine's fonts (non-embedded fonts, degenerate boxes) from
    the metrics the PDF declares; without it every box is PDFium's. ``embedded``: every font
    of the page is embedded (:attr:`pdf_paths.PageObjects.embedded`).
    A char is dropped when its centre lies outside its text object's clip box or outside the
    visible page, or when it is printed white where nothing dark is painted (text a publisher
    hid by colouring it like the paper). Text drawn in an invisible render mode is kept: it is
    the text layer of an OCR-ed scan, the only text such a file has."""
    raw = textpage.raw
    n = pdfium_c.FPDFText_CountChars(raw)
    if n <= 0:
        return [], 0
    text: Sequence[str] = textpage.get_text_range(0, n)
    if len(text) != n:  # the range came back short or long: ask char by char
        text = [chr(pdfium_c.FPDFText_GetUnicode(raw, i) or 0xFFFE) for i in range(n)]
    tp = address(raw)
    got = pdf_native.visible(text, tp, frame, glyphs, embedded, Char)  # None: not built
    if got is None:
        tight = (ctypes.c_double * 4)()
        page = _Page(tp, pointer(tp), frame, glyphs,
                     (tight, tuple(ctypes.byref(tight, 8 * k) for k in range(4))))
        got = _visible(text, page, object_states(page.ref, glyphs, embedded))
    out, white = got
    if white:  # (only a list has pale chars: pdf_native hands those pages over one by one)
        out = drop_unseen(cast(list, out), white, text_page_parent(textpage))
    return out, n


def _visible(text: Sequence[str], page: _Page, state: Callable[[int, int], tuple]
             ) -> tuple[list[Char], list[tuple[int, float, float]]]:
    """The per-char loop of :func:`read_chars`: the chars kept, and those of them printed in
    paper colour (index in the list, centre in PDF space) for :func:`pdf_visible.drop_unseen`.
    Hot: every case runs inline, the boxes as the module docstring says."""
    tpv, rect, frame = page.ref, pdfium_c.FS_RECTF(), page.frame
    glyphs = cast(GlyphReader, page.glyphs)  # a fact the checker cannot see: see _Page.glyphs
    rectv, box4 = ctypes.byref(rect), _F4.unpack_from
    objects: dict[int, tuple] = {}  # text object → its state (one call per object)
    conv, sideways, shift = frame.to_top_left, frame.sideways, frame.shift
    sl, st = shift if shift is not None else (0.0, 0.0)
    loose_box, text_object, generated = _loose_box_u, _text_object_u, _generated_u
    tight_box, d4, (tight, (d0, d1, d2, d3)) = _tight_box_u, _D4.unpack_from, page.tight
    pw2, ph2, skip, spaces, lo, hi = 2 * frame.width, 2 * frame.height, _SKIP, _SPACES, SIZE_LOW, SIZE_HIGH
    out: list[Char] = []
    append, new, get = out.append, tuple.__new__, objects.get
    white: list[tuple[int, float, float]] = []
    for i, ch in enumerate(text):
        if ch in skip:
            continue
        space = ch in spaces
        if space and generated(tpv, i):
            continue
        obj = text_object(tpv, i)
        known = get(obj)
        if known is None:
            known = objects[obj] = state(obj, i)
        metric, clip, pale, size = known
        if metric:
            (l, b, r, t), size = glyphs.box(obj, i, ch)
        elif not loose_box(tpv, i, rectv):
            continue
        else:
            l, t, r, b = box4(rect)  # FS_RECTF: left, top, right, bottom
            height = (r - l) if sideways else (t - b)
            if not lo * height <= size <= hi * height:  # the loose box is not the printed one:
                if height < FLAT and glyphs is not None and obj:  # degenerate: no extent
                    (l, b, r, t), size = glyphs.box(obj, i, ch)
                else:  # the text matrix scales the font (size 1 scaled up): the printed height
                    size = height / 1.15
            elif ch < "\x80" and ((t - b) if sideways else (r - l)) > 0.7 * size:
                if tight_box(tpv, i, d0, d1, d2, d3):  # a full em for a half-width glyph
                    tl, tr, tb, tt = d4(tight)
                    if not sideways:
                        if tr > tl:
                            l, r = tl, tr
                    elif tt > tb:
                        b, t = tb, tt
        if clip is not None and not (clip[0] <= l + r <= clip[2] and clip[1] <= b + t <= clip[3]):
            continue  # centre outside the clip box (doubled: pdf_visible.object_states)
        if shift is None:
            x0, top, x1, bottom = conv(l, b, r, t)
        else:  # the unrotated page's conv, inlined (same operations)
            x0, top, x1, bottom = l - sl, st - t, r - sl, st - b
        if not (0 <= x0 + x1 <= pw2 and 0 <= top + bottom <= ph2):
            continue
        if pale and not space:
            white.append((len(out), (l + r) / 2, (b + t) / 2))
        append(new(Char, (" " if space else ch, x0, top, x1, bottom, size, space)))
    return out, white
