"""What of a page's text can be seen: clip boxes, and text printed in paper colour.

Why: WPS 表格 / Excel exports draw the whole text of a large merged cell on every page and clip
it to the visible part; a reader that ignores the clip duplicates amounts across pages and spills
label tails into the next cell (shared/domain/libraries.md §0, §2). Some exports also hide text by
colouring it like the paper (an Excel cell with a white font). PDFium shares clip-path data between
objects, so the clip box is computed once per distinct clip (keyed by the address of its first
segment) and what is asked per text object stays at a few calls (:func:`object_states`).
"""

from __future__ import annotations

import ctypes
import struct
from typing import Callable, Optional, TypeVar

import pypdfium2.raw as pdfium_c

from budgetlens.read.pdf_ffi import Handle, address, by_address, pointer, unchecked
from budgetlens.read.pdf_glyphs import GlyphReader
from budgetlens.read.pdfium_types import PdfBox, PdfiumPage

_T = TypeVar("_T")  # a char as the reader keeps it (pdf_objects.Char, which imports this module)

_VP, _INT = ctypes.c_void_p, ctypes.c_int
_clip_count = by_address("FPDFClipPath_CountPaths", _INT, _VP)
_clip_segment = by_address("FPDFClipPath_GetPathSegment", _VP, _VP, _INT, _INT)
_clip_path = by_address("FPDFPageObj_GetClipPath", _VP, _VP)
_fill_color = by_address("FPDFPageObj_GetFillColor", _INT, _VP, *[ctypes.POINTER(ctypes.c_uint)] * 4)
_page_count = by_address("FPDFPage_CountObjects", _INT, _VP)
_page_object = by_address("FPDFPage_GetObject", _VP, _VP, _INT)
_object_type = by_address("FPDFPageObj_GetType", _INT, _VP)
_object_bounds = by_address("FPDFPageObj_GetBounds", _INT, _VP, *[ctypes.POINTER(ctypes.c_float)] * 4)
_draw_mode = by_address("FPDFPath_GetDrawMode", _INT, _VP, ctypes.POINTER(_INT), ctypes.POINTER(_INT))
# Unchecked copies (pdf_ffi.unchecked) for the calls made once per text object.
_clip_path_u = unchecked("FPDFPageObj_GetClipPath", Handle, _VP)
_clip_count_u = unchecked("FPDFClipPath_CountPaths", _INT, _VP)
_clip_segment_u = unchecked("FPDFClipPath_GetPathSegment", _VP, _VP, _INT, _INT)
_render_mode_u = unchecked("FPDFTextObj_GetTextRenderMode", _INT, _VP)
_fill_color_u = unchecked("FPDFPageObj_GetFillColor", _INT, _VP, _VP, _VP, _VP, _VP)
_text_font_u = unchecked("FPDFTextObj_GetFont", _VP, _VP)
_font_size_u = unchecked("FPDFText_GetFontSize", ctypes.c_double, _VP, _INT)
# ... and for every point of a distinct clip (a cell's clip is two paths of five points).
_clip_count_segments_u = unchecked("FPDFClipPath_CountPathSegments", _INT, _VP, _INT)
_clip_segment_h = unchecked("FPDFClipPath_GetPathSegment", Handle, _VP, _INT, _INT)
_segment_point_u = unchecked("FPDFPathSegment_GetPoint", _INT, _VP, _VP, _VP)
_XY = (ctypes.c_float * 2)()  # a point's out-parameters, read back in one call (_F2)
_XY_REFS = (ctypes.byref(_XY, 0), ctypes.byref(_XY, 4))
_F2 = struct.Struct("2f")

# A fill this light (each of r, g, b) is paper-coloured: white text on it cannot be seen.
LIGHT = 250
# White text is visible on a fill whose darkest channel is below this.
DARK = 160
# Rendering modes that fill the glyphs (fill, fill + stroke, and their clip variants).
_FILLING = frozenset({0, 2, 4, 6})
_U4 = struct.Struct("4I")

# Out-parameters of _fill_color, made once: making four c_uints per call cost more than the call.
_RGBA = tuple(ctypes.c_uint() for _ in range(4))
_RGBA_REFS = tuple(ctypes.byref(v) for v in _RGBA)


def _rgb(obj: int) -> Optional[tuple[int, int, int]]:
    if not _fill_color(obj, *_RGBA_REFS):
        return None
    r, g, b, a = _RGBA[0].value, _RGBA[1].value, _RGBA[2].value, _RGBA[3].value
    return (255, 255, 255) if a == 0 else (r, g, b)


def _dark_areas(page: PdfiumPage) -> list[tuple[float, float, float, float]]:
    """PDF-space boxes of the page's images and dark filled paths (top-level objects): where
    white text can be read (a dark header band with white titles)."""
    out: list[tuple[float, float, float, float]] = []
    raw = address(page.raw)
    f = [ctypes.c_float() for _ in range(4)]
    pf = [ctypes.byref(v) for v in f]
    mode = [_INT(), _INT()]
    for k in range(_page_count(raw)):
        obj = _page_object(raw, k)
        t = _object_type(obj)
        if t == pdfium_c.FPDF_PAGEOBJ_PATH:
            _draw_mode(obj, ctypes.byref(mode[0]), ctypes.byref(mode[1]))
            rgb = _rgb(obj) if mode[0].value else None
            if rgb is None or min(rgb) >= DARK:
                continue
        elif t != pdfium_c.FPDF_PAGEOBJ_IMAGE and t != pdfium_c.FPDF_PAGEOBJ_FORM:
            continue
        if _object_bounds(obj, *pf):
            out.append((f[0].value, f[1].value, f[2].value, f[3].value))
    return out


def drop_unseen(out: list[_T], white: list[tuple[int, float, float]],
                page: Optional[PdfiumPage]) -> list[_T]:
    """Remove the white chars (``(index, x, y)`` in PDF space) that lie on no dark area."""
    areas = _dark_areas(page) if page is not None else []
    gone = {i for i, x, y in white
            if not any(a[0] <= x <= a[2] and a[1] <= y <= a[3] for a in areas)}
    return [c for i, c in enumerate(out) if i not in gone]


def clip_key(clip: int) -> tuple:
    """What tells one clip path from another cheaply: the handle of each path's first segment
    (objects sharing a clip share its segments)."""
    return tuple(_clip_segment(clip, i, 0) for i in range(_clip_count(clip)))


def clip_box(clip: int) -> Optional[tuple[float, float, float, float]]:
    """Bounding box of a clip path (intersection of its sub-paths), in PDF space."""
    vc, (px, py), xy_of = pointer(clip), _XY_REFS, _F2.unpack_from
    count, segment, point = _clip_count_segments_u, _clip_segment_h, _segment_point_u
    box = None
    for pi in range(_clip_count_u(vc)):
        xs, ys = [], []
        for si in range(count(vc, pi)):
            seg = segment(vc, pi, si)
            if seg and point(seg, px, py):
                x, y = xy_of(_XY)
                xs.append(x)
                ys.append(y)
        if not xs:
            continue
        b = (min(xs), min(ys), max(xs), max(ys))
        box = b if box is None else (max(box[0], b[0]), max(box[1], b[1]),
                                     min(box[2], b[2]), min(box[3], b[3]))
    return box


def inside(clip: tuple, l: float, b: float, r: float, t: float) -> bool:
    """Is the centre of the box ``(l, b, r, t)`` inside the clip box (PDF space)?"""
    cx, cy = (l + r) / 2, (b + t) / 2
    return clip[0] <= cx <= clip[2] and clip[1] <= cy <= clip[3]


class ClipCache:
    """Clip box per text object, shared between objects whose clip data PDFium shares (the
    first segment of each sub-path is the same memory, so its address is the key)."""

    def __init__(self) -> None:
        self.by_obj: dict[Optional[int], Optional[PdfBox]] = {None: None, 0: None}
        self.by_clip: dict[tuple[int, ...], Optional[PdfBox]] = {}

    def box_of(self, obj: int) -> Optional[PdfBox]:
        """The clip box of text object ``obj`` (PDF space), None when it is not clipped."""
        box: Optional[PdfBox] = None
        clip = _clip_path(obj)
        if clip:
            key = clip_key(clip)
            if key in self.by_clip:
                box = self.by_clip[key]
            else:
                box = self.by_clip[key] = clip_box(clip)
        self.by_obj[obj] = box
        return box


def _doubled(box: Optional[tuple]) -> Optional[tuple]:
    """A clip box scaled by two: a char's centre test ``x0 <= (l + r) / 2`` becomes
    ``2 * x0 <= l + r`` with no division per char (both exact in binary floating point)."""
    return None if box is None else (2 * box[0], 2 * box[1], 2 * box[2], 2 * box[3])


def object_states(textpage: ctypes._CArgObject, glyphs: Optional[GlyphReader],
                  embedded: bool = False) -> Callable[[int, int], tuple]:
    """``state(obj, index)`` → ``(metric?, clip box × 2, pale?, font size)`` for the text object
    of char ``index`` of ``textpage`` (a :func:`pdf_ffi.pointer`): whether its chars are measured
    from declared metrics (``glyphs.needs_metrics``), its clip box doubled (:func:`_doubled`),
    whether it prints in paper colour (white fill, filled glyphs: invisible unless something dark
    lies beneath), and its font size (one object has one). Asked once per text object; many
    exports print one char per object, so the calls here are unchecked, on the object's pointer
    made once (:func:`pdf_ffi.pointer`), and :func:`clip_key` is inlined for no clip and one or
    two sub-paths (nearly all objects). ``embedded``: every font of the page is known to be
    embedded, so only turned objects need metrics (no font is asked for)."""
    by_clip: dict[tuple, object] = {}
    turned = glyphs.turned.back if glyphs is not None else {}
    info = glyphs.metrics.info if glyphs is not None and not embedded else None
    measured = glyphs is not None
    rgba = (ctypes.c_uint * 4)()
    p0, p1, p2, p3 = (ctypes.byref(rgba, k) for k in (0, 4, 8, 12))
    count, segment, clip_path, size_of = _clip_count_u, _clip_segment_u, _clip_path_u, _font_size_u
    render, fill, filling, colour = _render_mode_u, _fill_color_u, _FILLING, _U4.unpack_from
    font_of, at, ref = _text_font_u, ctypes.c_char.from_address, ctypes.byref

    def state(obj: int, index: int) -> tuple:
        if not obj:
            return (False, None, False, 0.0)
        vo = ref(at(obj))  # pdf_ffi.pointer, inlined
        metric = measured and (obj in turned or (info is not None and not info(font_of(vo))[0]))
        box = None
        clip = clip_path(vo)
        if clip:
            n = count(clip)
            if n > 0:  # a clip that holds no path (-1) clips nothing
                key = ((segment(clip, 0, 0), segment(clip, 1, 0)) if n == 2
                       else (segment(clip, 0, 0),) if n == 1 else clip_key(clip.value))
                box = by_clip.get(key, 0)
                if box == 0:
                    box = by_clip[key] = _doubled(clip_box(clip.value))
        pale = False
        if fill(vo, p0, p1, p2, p3):  # the colour first: dark text needs no render mode
            r, g, b, a = colour(rgba)
            if a == 0 or (r >= LIGHT and g >= LIGHT and b >= LIGHT):  # min(r, g, b), no call
                pale = render(vo) in filling
        return (metric, box, pale, size_of(textpage, index))
    return state
