"""Page objects other than text, from PDFium's raw API: ruling edges, images, lost glyphs.

Why from PDFium and not pdfminer: scanning a page's paths through pdfplumber costs its whole
parse; PDFium already has the page loaded. Budget tables draw their rulings as stroked lines,
as thin filled rectangles (WPS, Excel) or as one composite path; all three become pdfplumber-style
edge dicts (``x0, x1, top, bottom, width, height, orientation``) in top-left coordinates, which
:mod:`pdf_grid` merges into rulings. Form XObjects are entered with their matrices composed.
"""

from __future__ import annotations

import ctypes
import struct
from typing import Callable, NamedTuple, Optional

import pypdfium2.raw as pdfium_c

from budgetlens.model import BBox
from budgetlens.read import pdf_native_walk
from budgetlens.read.pdf_glyphs import Straightened
from budgetlens.read.pdf_ffi import Handle, address, by_address, unchecked
from budgetlens.read.pdf_frame import FLAT, IDENTITY, Frame, Matrix
from budgetlens.read.pdf_visible import ClipCache
from budgetlens.read.pdfium_types import PdfBox, PdfiumPage, PdfiumTextPage
from budgetlens.read.settings import DEFAULT_READ

_VP, _INT = ctypes.c_void_p, ctypes.c_int

# The thickness (points) below which a filled rectangle is a ruling line, not a shaded area, is
# ``grid.thin`` (:class:`~budgetlens.read.settings.GridSettings`), passed to :func:`read_objects`.
THIN = DEFAULT_READ.grid.thin

# Non-embedded font families PDFium substitutes with metric-compatible fonts of its own.
LATIN_FONTS = (b"Times", b"Arial", b"Helvetica", b"Courier", b"Symbol", b"ZapfDingbats",
               b"Calibri", b"Cambria", b"Verdana", b"Tahoma", b"Georgia", b"Wingdings",
               b"Segoe", b"TimesNewRoman", b"CourierNew")


class LostGlyph(NamedTuple):
    """A one-glyph text object PDFium's text page skips: its origin (PDF user space), the
    matrix mapping its text space there (linear part), its font size and font handle (valid
    while the page is open), so that the glyph another parser finds there can be measured
    exactly as :mod:`pdf_glyphs` measures the glyphs PDFium keeps."""

    x: float
    y: float
    matrix: Matrix
    size: float
    font: int
    clip: Optional[tuple] = None  # the object's clip box (PDF space), if it is clipped


class PageObjects(NamedTuple):
    """What a page holds besides its text: ruling edges (pdfplumber edge dicts), counts, and the
    text objects PDFium's text page will skip (zero-size boxes)."""

    edges: list
    images: int
    paths: int
    lost: list[tuple[int, LostGlyph]] = []  # (text object, its glyph) of :func:`read_objects`
    # Every text object's font is embedded (known only when the text objects were looked at,
    # ``turned`` given): then no char needs the declared metrics, and the char reader need not
    # ask each object for its font again.
    embedded: bool = False
    # Set by pdf.read_page_chars when the page was too large for recovering its lost glyphs
    # (``limits.max_recover_chars``): (the char count that passed the limit, the lost glyphs).
    unrecovered: Optional[tuple[int, int]] = None
    # Set likewise when a font of the page declared more codes than ``limits.max_cmap_codes``,
    # or its fonts more than ``limits.max_page_cmap_codes`` in all (pdf_cmapguard): (the codes
    # declared, the lost glyphs, whether the count is the page's sum).
    unmapped: Optional[tuple[int, int, bool]] = None


_get_matrix = by_address("FPDFPageObj_GetMatrix", _INT, _VP, _VP)
_MATRIX = pdfium_c.FS_MATRIX()  # out-parameter, reused (one thread per process: PDFium's rule)
_MATRIX_AT = ctypes.addressof(_MATRIX)
# Out-parameters read back in one call each (a ctypes field read costs about as much as a
# PDFium call): FS_MATRIX's six floats, two floats (a point), four floats (a box), two ints,
# four unsigned ints (a colour).
_F6, _F2, _F4, _I2, _U4 = (struct.Struct(f) for f in ("6f", "2f", "4f", "2i", "4I"))


def _matrix_of(obj: int | Handle) -> Matrix:
    """The object's matrix; ``obj`` is a plain handle (see :func:`pdf_ffi.by_address`)."""
    if not _get_matrix(obj, _MATRIX_AT):
        return IDENTITY
    return _F6.unpack_from(_MATRIX)  # (a, b, c, d, e, f), as the fields read them


def _compose(inner: Matrix, outer: Matrix) -> Matrix:
    a, b, c, d, e, f = inner
    A, B, C, D, E, F = outer
    return (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D,
            e * A + f * C + E, e * B + f * D + F)


def _apply_box(m: Matrix, l: float, b: float, r: float, t: float) -> PdfBox:
    """The box ``(l, b, r, t)`` mapped by ``m``: the bounds of its four corners."""
    if m is IDENTITY:
        return l, b, r, t
    xs, ys = [], []
    for x, y in ((l, b), (l, t), (r, b), (r, t)):
        xs.append(m[0] * x + m[2] * y + m[4])
        ys.append(m[1] * x + m[3] * y + m[5])
    return min(xs), min(ys), max(xs), max(ys)


def _edge(x0: float, top: float, x1: float, bottom: float, orientation: str, kind: str) -> dict:
    if orientation == "h":
        y = (top + bottom) / 2
        return {"x0": x0, "x1": x1, "top": y, "bottom": y, "width": x1 - x0, "height": 0.0,
                "orientation": "h", "object_type": kind}
    x = (x0 + x1) / 2
    return {"x0": x, "x1": x, "top": top, "bottom": bottom, "width": 0.0,
            "height": bottom - top, "orientation": "v", "object_type": kind}


def _box_edges(box: BBox, kind: str, page_area: float, thin: float = THIN) -> list[dict]:
    """Edges of one path's box: a box no thicker than ``thin`` is one ruling; a bigger one gives
    its four sides."""
    x0, top, x1, bottom = box
    w, h = x1 - x0, bottom - top
    if w <= thin and h <= thin:
        return []
    if h <= thin:
        return [_edge(x0, top, x1, bottom, "h", kind)]
    if w <= thin:
        return [_edge(x0, top, x1, bottom, "v", kind)]
    if w * h > 0.8 * page_area:
        return []  # a page background or frame, not a table
    return [_edge(x0, top, x1, top, "h", "rect"), _edge(x0, bottom, x1, bottom, "h", "rect"),
            _edge(x0, top, x0, bottom, "v", "rect"), _edge(x1, top, x1, bottom, "v", "rect")]


def _segment_edges(obj: int | Handle, m: Matrix,
                   conv: Callable[[float, float, float, float], BBox], thin: float = THIN
                   ) -> list[dict]:
    """Axis-aligned straight segments of a composite path (a whole grid drawn as one path)."""
    x, y = ctypes.c_float(), ctypes.c_float()
    px, py = ctypes.addressof(x), ctypes.addressof(y)
    pm = _compose(_matrix_of(obj), m)
    out, prev, start = [], None, None
    for si in range(_count_segments(obj)):
        seg = _path_segment(obj, si)
        if not seg or not _segment_point(seg, px, py):
            continue
        kind = _segment_type(seg)
        pt = (pm[0] * x.value + pm[2] * y.value + pm[4], pm[1] * x.value + pm[3] * y.value + pm[5])
        if kind == pdfium_c.FPDF_SEGMENT_MOVETO:
            prev = start = pt
            continue
        for a, b in ((prev, pt), (pt, start) if _segment_close(seg) else (None, None)):
            if a is None or b is None or kind != pdfium_c.FPDF_SEGMENT_LINETO:
                continue
            x0, top, x1, bottom = conv(min(a[0], b[0]), min(a[1], b[1]),
                                       max(a[0], b[0]), max(a[1], b[1]))
            if bottom - top <= thin and x1 - x0 > thin:
                out.append(_edge(x0, top, x1, bottom, "h", "line"))
            elif x1 - x0 <= thin and bottom - top > thin:
                out.append(_edge(x0, top, x1, bottom, "v", "line"))
        prev = pt
    return out


# Out-parameters are passed as plain addresses (``_VP``): ctypes converts an int faster than it
# checks a ``byref`` against a pointer type, and these run for every path object of every page.
_f = _u = _i = _VP
_page_count = by_address("FPDFPage_CountObjects", _INT, _VP)
_page_object = by_address("FPDFPage_GetObject", _VP, _VP, _INT)
_form_count = by_address("FPDFFormObj_CountObjects", _INT, _VP)
_form_object = by_address("FPDFFormObj_GetObject", _VP, _VP, ctypes.c_ulong)
_object_type = by_address("FPDFPageObj_GetType", _INT, _VP)
_object_bounds = by_address("FPDFPageObj_GetBounds", _INT, _VP, _f, _f, _f, _f)
_fill_color = by_address("FPDFPageObj_GetFillColor", _INT, _VP, _u, _u, _u, _u)
_draw_mode = by_address("FPDFPath_GetDrawMode", _INT, _VP, _i, _i)
_count_segments = by_address("FPDFPath_CountSegments", _INT, _VP)
_path_segment = by_address("FPDFPath_GetPathSegment", _VP, _VP, _INT)
_segment_point = by_address("FPDFPathSegment_GetPoint", _INT, _VP, _VP, _VP)
_segment_type = by_address("FPDFPathSegment_GetType", _INT, _VP)
_segment_close = by_address("FPDFPathSegment_GetClose", _INT, _VP)
_text_font = by_address("FPDFTextObj_GetFont", _VP, _VP)
_object_size = by_address("FPDFTextObj_GetFontSize", _INT, _VP, _f)
_font_embedded = by_address("FPDFFont_GetIsEmbedded", _INT, _VP)
_font_name = by_address("FPDFFont_GetBaseFontName", ctypes.c_size_t, _VP, ctypes.c_char_p,
                         ctypes.c_size_t)
# Unchecked copies (see pdf_ffi.unchecked) for the calls made on every object of every page
# and on every point of a stroked path: handles come back boxed (``Handle``) and go on as is.
_page_count_u = unchecked("FPDFPage_CountObjects", _INT, _VP)
_page_object_u = unchecked("FPDFPage_GetObject", Handle, _VP, _INT)
_form_count_u = unchecked("FPDFFormObj_CountObjects", _INT, _VP)
# (an index is an unsigned long here: it keeps its argument types, only the result is boxed)
_form_object_h = by_address("FPDFFormObj_GetObject", Handle, _VP, ctypes.c_ulong)
_object_type_u = unchecked("FPDFPageObj_GetType", _INT, _VP)
_text_font_u = unchecked("FPDFTextObj_GetFont", _VP, _VP)
_path_segment_u = unchecked("FPDFPath_GetPathSegment", Handle, _VP, _INT)
_segment_point_u = unchecked("FPDFPathSegment_GetPoint", _INT, _VP, _VP, _VP)
_count_segments_u = unchecked("FPDFPath_CountSegments", _INT, _VP)
_draw_mode_u = unchecked("FPDFPath_GetDrawMode", _INT, _VP, _VP, _VP)
_fill_color_u = unchecked("FPDFPageObj_GetFillColor", _INT, _VP, _VP, _VP, _VP, _VP)
_object_bounds_u = unchecked("FPDFPageObj_GetBounds", _INT, _VP, _VP, _VP, _VP, _VP)
_object_text = by_address("FPDFTextObj_GetText", ctypes.c_ulong, _VP, _VP,
                           ctypes.POINTER(ctypes.c_ushort), ctypes.c_ulong)


def _object_text_length(obj: int, textpage: PdfiumTextPage, buf: ctypes.Array[ctypes.c_ushort],
                        size: int) -> int:
    """Bytes (UTF-16, with the final NUL) of a text object's text, as the text page has it."""
    return _object_text(obj, address(textpage.raw), buf, size * 2)


class _PathReader:
    """Reads path objects into ruling edges, reusing its ctypes buffers (one per page)."""

    def __init__(self, frame: Frame, thin: float = THIN) -> None:
        self.frame = frame
        self.thin = thin
        self.area = frame.width * frame.height
        self.f4 = [ctypes.c_float() for _ in range(4)]
        self.pf4 = [ctypes.addressof(v) for v in self.f4]
        self.buf = (ctypes.c_ushort * 8)()
        self.fonts: dict[int, bool] = {}
        self.clips = ClipCache()
        # contiguous out-parameters for the per-path calls (unchecked), passed as prepared pointers
        # (pdf_ffi.pointer's reason) and read back with one struct unpack
        self.box, self.xy = (ctypes.c_float * 4)(), (ctypes.c_float * 2)()
        self.rgba, self.modes = (ctypes.c_uint * 4)(), (_INT * 2)()
        self.rbox = tuple(ctypes.byref(self.box, 4 * k) for k in range(4))
        self.rxy = (ctypes.byref(self.xy, 0), ctypes.byref(self.xy, 4))
        self.rrgba = tuple(ctypes.byref(self.rgba, 4 * k) for k in range(4))
        self.rmodes = (ctypes.byref(self.modes, 0), ctypes.byref(self.modes, 4))

    def text(self, obj: int, m: Matrix, turned: Optional[Straightened],
             lost: list[tuple[int, LostGlyph]]) -> None:
        """A text object in a font PDFium cannot measure that its text page would skip (no
        width): a sideways run of flat glyphs is turned onto the x axis (when ``turned``
        collects them); a one-glyph object with an empty box is a candidate for ``lost``."""
        if not _object_bounds(obj, *self.pf4):
            return
        f = self.f4
        if f[2].value - f[0].value >= FLAT:
            return
        if f[3].value - f[1].value >= FLAT:
            if turned is not None:
                turned.turn(obj, m)
        else:
            lost.append((obj, self.lost_glyph(obj, m)))

    def measurable(self, obj: int) -> bool:
        """Can PDFium measure the glyphs of the object's font? Embedded fonts and the Latin
        families it substitutes, yes: their empty zero-size objects are spaces or nothing. A
        non-embedded CJK font (STSong-Light, FZFSK--GBK1-0 ...) has no glyph boxes, so its
        one-glyph objects come out empty although they print a character."""
        font = _text_font(obj)
        if font not in self.fonts:
            self.fonts[font] = self.measurable_font(font)
        return self.fonts[font]

    def measurable_font(self, font: Optional[int]) -> bool:
        """:meth:`measurable` for a font handle, asked once per font of the page."""
        ok = not font or bool(_font_embedded(font))
        if not ok:
            name = ctypes.create_string_buffer(128)
            _font_name(font, name, 128)
            ok = name.value.lstrip(b"@").startswith(LATIN_FONTS)
        return ok

    def lost_glyph(self, obj: int, m: Matrix) -> LostGlyph:
        """The :class:`LostGlyph` of a zero-size text object (its box is its origin)."""
        l, b = self.f4[0].value, self.f4[1].value
        tm = _compose(_matrix_of(obj), m)
        size = ctypes.c_float()
        if not _object_size(obj, ctypes.addressof(size)):
            size.value = 0.0
        return LostGlyph(m[0] * l + m[2] * b + m[4], m[1] * l + m[3] * b + m[5],
                         (tm[0], tm[1], tm[2], tm[3], 0.0, 0.0), size.value, _text_font(obj),
                         self.clips.box_of(obj))

    def white_fill(self, obj: Handle) -> bool:
        if not _fill_color_u(obj, *self.rrgba):
            return False
        r, g, b, a = _U4.unpack_from(self.rgba)
        return a == 0 or (r >= 250 and g >= 250 and b >= 250)

    def edges(self, obj: Handle, m: Matrix) -> list[dict]:
        """The ruling edges a path object draws. ``obj`` is a boxed handle (as
        :func:`read_objects` gets it): the calls here are unchecked (see ``pdf_ffi``)."""
        _draw_mode_u(obj, *self.rmodes)
        fill, stroke = _I2.unpack_from(self.modes)
        if not fill and not stroke:
            return []
        if not stroke and self.white_fill(obj):
            return []  # white fills paint nothing visible on white paper
        nseg = _count_segments_u(obj)
        if nseg > 5:
            return _segment_edges(obj, m, self.frame.to_top_left, self.thin)
        if stroke:
            # PDFium's bounds of a stroked path include the stroke: a 1.8 pt ruling comes back
            # as a 3.6 pt high box, which would read as a cell with four sides. The ruling is
            # the path's centre line, so stroked paths are measured by their own points.
            box = self.geometry_box(obj, m, nseg)
            if box is None:
                return []
        else:
            if not _object_bounds_u(obj, *self.rbox):
                return []
            l, b, r, t = _F4.unpack_from(self.box)
            box = self.frame.to_top_left(*_apply_box(m, l, b, r, t))
        return _box_edges(box, "line" if nseg <= 2 else "rect", self.area, self.thin)

    def geometry_box(self, obj: Handle, m: Matrix, nseg: int) -> Optional[BBox]:
        """Top-left box of a path's points (stroke width left out), or None without points.
        ``nseg``: the path's segment count, as :meth:`edges` asked it (a call per path)."""
        a, b, c, d, e, f = _compose(_matrix_of(obj), m)
        xy, (px, py), point_of = self.xy, self.rxy, _F2.unpack_from
        segment, point = _path_segment_u, _segment_point_u
        xs, ys = [], []
        for si in range(nseg):
            seg = segment(obj, si)
            if seg and point(seg, px, py):
                x, y = point_of(xy)
                xs.append(a * x + c * y + e)
                ys.append(b * x + d * y + f)
        if not xs:
            return None
        return self.frame.to_top_left(min(xs), min(ys), max(xs), max(ys))


def read_objects(page: PdfiumPage, frame: Frame, turned: Optional[Straightened] = None,
                 thin: float = THIN) -> PageObjects:
    """Ruling edges and image count of a page, descending into form XObjects. With ``turned``
    (call before the page's text page is built, see :mod:`pdf_glyphs`), also turn the sideways
    runs that text page would skip, and list in ``lost`` the ``(object, LostGlyph)`` candidates
    it will skip: :func:`lost_glyphs` keeps those it holds no text of. ``thin``: ``grid.thin``."""
    edges: list[dict] = []
    lost: list[tuple[int, LostGlyph]] = []
    reader = _PathReader(frame, thin)
    walked = pdf_native_walk.walk(address(page.raw), turned is not None, LATIN_FONTS, IDENTITY)
    if walked is not None:  # the compiled walk (pdf_native_walk): finish its records here
        conv, area = frame.to_top_left, reader.area
        for kind, obj, m, nseg, box in walked.records:
            if box is not None:  # kind BOX
                edges.extend(_box_edges(conv(*box), "line" if nseg <= 2 else "rect", area, thin))
            elif kind == pdf_native_walk.COMPOSITE:
                edges.extend(_segment_edges(obj, m, conv, thin))
            else:
                reader.text(obj, m, turned, lost)
        return PageObjects(edges, walked.images, walked.paths, lost, walked.embedded)
    images = paths = 0
    text_t, path_t = pdfium_c.FPDF_PAGEOBJ_TEXT, pdfium_c.FPDF_PAGEOBJ_PATH
    image_t, form_t = pdfium_c.FPDF_PAGEOBJ_IMAGE, pdfium_c.FPDF_PAGEOBJ_FORM
    fonts, font_of, type_of = reader.fonts, _text_font_u, _object_type_u
    stack: list[tuple[ctypes.c_void_p, bool, Matrix]] = [
        (ctypes.c_void_p(address(page.raw)), False, IDENTITY)]
    while stack:
        holder, in_form, m = stack.pop()
        if in_form:
            n, get = _form_count_u(holder), _form_object_h
        else:
            n, get = _page_count_u(holder), _page_object_u
        for k in range(n):
            obj = get(holder, k)  # a Handle: passed on to the next calls as is
            t = type_of(obj)
            if t == text_t:
                if turned is not None:
                    font = font_of(obj)
                    ok = fonts.get(font)
                    if ok is None:
                        ok = fonts[font] = reader.measurable_font(font)
                    if not ok:
                        reader.text(obj.value, m, turned, lost)
                continue
            if t == path_t:
                paths += 1
                edges.extend(reader.edges(obj, m))
            elif t == image_t:
                images += 1
            elif t == form_t:
                stack.append((obj, True, _compose(_matrix_of(obj), m)))
    embedded = turned is not None and all(f and _font_embedded(f) for f in reader.fonts)
    return PageObjects(edges, images, paths, lost, embedded)


def lost_glyphs(candidates: list[tuple[int, LostGlyph]], textpage: PdfiumTextPage
                ) -> list[LostGlyph]:
    """The candidates of :func:`read_objects` whose text ``textpage`` does not hold."""
    buf = (ctypes.c_ushort * 8)()
    return [g for obj, g in candidates if _object_text_length(obj, textpage, buf, 8) <= 2]
