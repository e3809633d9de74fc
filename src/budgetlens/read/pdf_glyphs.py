"""Char boxes from the metrics a PDF declares, so that reading does not depend on installed fonts.

Why: a PDF that names a font without embedding it (宋体/SimSun, ``STSong-Light``, as many report
engines write) is measured by PDFium with whatever font the machine substitutes. Without a CJK
font its glyphs have flat, zero-height boxes; with one, boxes follow that font's outlines. So the
boxes of such chars, the clip test on them, and the text PDFium's text page keeps all changed
with the machine (issue #13). Measured with PDFium pointed at no font, at Noto CJK and at
WenQuanYi Zen Hei (:mod:`pdfium_fonts`): the char origin (``FPDFText_GetCharOrigin``), the char
matrix (``FPDFText_GetMatrix``), the object's font size and ``FPDFFont_GetGlyphWidth`` (the
declared advance: ``/W``/``/DW`` or ``/Widths``) are the same in all three; loose and tight boxes
are not. The box here is the em box those values give: from the origin along the advance, from
:data:`DESCENT` up one em, mapped by the char matrix.

Text PDFium's text page would drop is also kept: it skips every text object whose box has no
width in user space. A run of flat glyphs printed sideways (a landscape table on a page turned
by /Rotate) has width 0, so such objects are turned onto the x axis for as long as
the text page is built (:func:`pdf_paths.read_objects` finds them while it walks the page's
objects anyway), and :class:`Straightened` maps their chars back.
"""

from __future__ import annotations

import ctypes
import math
from typing import Optional

import pypdfium2.raw as pdfium_c

from budgetlens.read.pdf_ffi import by_address
from budgetlens.read.pdf_frame import IDENTITY, Matrix

# Where the em box sits on the baseline (share of the em below it): the ideographic em box of
# CJK fonts (-0.12 .. 0.88 em), whose middle is also the middle of digits and capitals. Not the
# descent a font declares: that is Latin descenders' depth (-0.27 em in STSong-Light), it puts the
# box's middle below the printed one, and PDFium replaces it with the substitute font's own when
# the font descriptor has none.
DESCENT = -0.12

_VP, _INT, _F = ctypes.c_void_p, ctypes.c_int, ctypes.c_float
_get_matrix = by_address("FPDFPageObj_GetMatrix", _INT, _VP, ctypes.POINTER(pdfium_c.FS_MATRIX))
_set_matrix = by_address("FPDFPageObj_SetMatrix", _INT, _VP, ctypes.POINTER(pdfium_c.FS_MATRIX))
_transform = by_address("FPDFPageObj_Transform", None, _VP, *[ctypes.c_double] * 6)
_text_font = by_address("FPDFTextObj_GetFont", _VP, _VP)
_object_size = by_address("FPDFTextObj_GetFontSize", _INT, _VP, ctypes.POINTER(_F))
_embedded = by_address("FPDFFont_GetIsEmbedded", _INT, _VP)
_glyph_width = by_address("FPDFFont_GetGlyphWidth", _INT, _VP, ctypes.c_uint32, _F,
                          ctypes.POINTER(_F))
_char_origin = by_address("FPDFText_GetCharOrigin", _INT, _VP, _INT,
                          ctypes.POINTER(ctypes.c_double), ctypes.POINTER(ctypes.c_double))
_char_matrix = by_address("FPDFText_GetMatrix", _INT, _VP, _INT,
                          ctypes.POINTER(pdfium_c.FS_MATRIX))


def compose(inner: Matrix, outer: Matrix) -> Matrix:
    """``inner`` then ``outer`` (PDF row-vector convention)."""
    a, b, c, d, e, f = inner
    A, B, C, D, E, F = outer
    return (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D,
            e * A + f * C + E, e * B + f * D + F)


def invert(m: Matrix) -> Matrix:
    a, b, c, d, e, f = m
    det = a * d - b * c
    ia, ib, ic, id_ = d / det, -b / det, -c / det, a / det
    return (ia, ib, ic, id_, -(e * ia + f * ic), -(e * ib + f * id_))


def apply(m: Matrix, x: float, y: float) -> tuple[float, float]:
    return m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]


def em_box(ox: float, oy: float, m: Matrix, size: float, advance: float,
           descent: float) -> tuple[float, float, float, float]:
    """User-space ``(left, bottom, right, top)`` of a glyph's em box: ``advance`` (ems) along
    the baseline from the origin ``(ox, oy)``, from ``descent`` (ems, ≤ 0) up one em; ``m`` is
    the char matrix (only its linear part is used) and ``size`` the font size."""
    ux, uy = m[0] * size, m[1] * size  # one em along the baseline
    vx, vy = m[2] * size, m[3] * size  # one em up
    bx, by = ox + vx * descent, oy + vy * descent
    xs = (bx, bx + ux * advance, bx + vx, bx + ux * advance + vx)
    ys = (by, by + uy * advance, by + vy, by + uy * advance + vy)
    return min(xs), min(ys), max(xs), max(ys)


class FontMetrics:
    """What a font declares, cached per font handle (valid while its page is open): whether it
    is embedded, and the advance of each char (``FPDFFont_GetGlyphWidth`` takes a
    Unicode value and maps it to the font's char code itself)."""

    def __init__(self) -> None:
        self.fonts: dict[int, tuple[bool, float]] = {}
        self.widths: dict[tuple[int, str], float] = {}
        self.out = _F()

    def info(self, font: int) -> tuple[bool, float]:
        """``(embedded, descent in ems)`` of ``font`` (the descent: see :data:`DESCENT`)."""
        got = self.fonts.get(font)
        if got is None:
            got = self.fonts[font] = (bool(font) and bool(_embedded(font)), DESCENT)
        return got

    def advance(self, font: int, ch: str) -> float:
        """The declared advance of ``ch`` in ems (half an em for ASCII, one em otherwise, when
        the font cannot say)."""
        key = (font, ch)
        got = self.widths.get(key)
        if got is None:
            got = 0.0
            if font and _glyph_width(font, ord(ch[0]), 1.0, ctypes.byref(self.out)):
                got = self.out.value
            if not 0 < got < 3:
                got = 0.5 if ch < "\x80" else 1.0
            self.widths[key] = got
        return got


class Straightened:
    """Text objects turned onto the x axis while the text page is built (see module
    docstring): for each, the page-space map from the turned position back to the printed one,
    and its original matrix to :meth:`restore` once the text page exists."""

    def __init__(self) -> None:
        self.back: dict[int, Matrix] = {}
        self.undo: list[tuple[int, Matrix]] = []
        self.buf = pdfium_c.FS_MATRIX()

    def turn(self, obj: int, holder_matrix: Matrix) -> None:
        """Rotate a text object about its origin so that its baseline runs along +x;
        ``holder_matrix`` maps the object's space (a form's) to the page."""
        m = _matrix(obj, self.buf)
        theta = -math.atan2(m[1], m[0])
        c, s = math.cos(theta), math.sin(theta)
        ox, oy = m[4], m[5]
        turn = (c, s, -s, c, ox - (c * ox - s * oy), oy - (s * ox + c * oy))
        _transform(obj, *turn)
        # page space: undo the holder (form) matrix, turn back, redo the holder matrix
        self.back[obj] = compose(compose(invert(holder_matrix), invert(turn)), holder_matrix)
        self.undo.append((obj, m))

    def restore(self) -> None:
        """Put the turned objects back as printed (their exact original matrices)."""
        for obj, m in self.undo:
            _set_matrix(obj, ctypes.byref(pdfium_c.FS_MATRIX(*m)))
        self.undo = []

    def origin(self, obj: int, x: float, y: float) -> tuple[float, float]:
        m = self.back.get(obj)
        return (x, y) if m is None else apply(m, x, y)

    def matrix(self, obj: int, m: Matrix) -> Matrix:
        back = self.back.get(obj)
        return m if back is None else compose(m, back)


def _matrix(obj: int, out: ctypes.Structure) -> Matrix:
    """The matrix of ``obj`` read into ``out`` (an FS_MATRIX made once), IDENTITY if none."""
    if not _get_matrix(obj, ctypes.byref(out)):
        return IDENTITY
    return (out.a, out.b, out.c, out.d, out.e, out.f)


class GlyphReader:
    """Em boxes of the chars of one text page (see module docstring); caches per text object."""

    def __init__(self, textpage: int, turned: Optional[Straightened] = None,
                 metrics: Optional[FontMetrics] = None) -> None:
        self.tp = textpage
        self.turned = turned or Straightened()
        self.metrics = metrics or FontMetrics()
        self.objects: dict[int, tuple] = {}
        self.x, self.y = ctypes.c_double(), ctypes.c_double()
        self.m = pdfium_c.FS_MATRIX()
        self.f = _F()

    def needs_metrics(self, obj: int) -> bool:
        """Must this object's chars be measured from declared metrics? Non-embedded fonts
        (their boxes follow the substitute font) and objects the text page saw turned."""
        return obj in self.turned.back or not self.metrics.info(_text_font(obj))[0]

    def _object(self, obj: int, index: int) -> tuple:
        got = self.objects.get(obj)
        if got is None:
            font = _text_font(obj) if obj else 0
            descent = self.metrics.info(font)[1]
            size = self.f.value if obj and _object_size(obj, ctypes.byref(self.f)) else 0.0
            _char_matrix(self.tp, index, ctypes.byref(self.m))
            m = self.turned.matrix(obj, (self.m.a, self.m.b, self.m.c, self.m.d, 0.0, 0.0))
            got = self.objects[obj] = (font, descent, size, m, size * math.hypot(m[2], m[3]))
        return got

    def box(self, obj: int, index: int, ch: str) -> tuple[tuple[float, float, float, float], float]:
        """The em box (user space) of char ``index`` and its font size in user space."""
        font, descent, size, m, user_size = self._object(obj, index)
        _char_origin(self.tp, index, ctypes.byref(self.x), ctypes.byref(self.y))
        ox, oy = self.turned.origin(obj, self.x.value, self.y.value)
        return em_box(ox, oy, m, size, self.metrics.advance(font, ch), descent), user_size
