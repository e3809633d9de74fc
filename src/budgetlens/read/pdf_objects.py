"""Visible chars straight from PDFium's raw API, with the clip test; the page frame.

Why the raw API: pdfminer (under pdfplumber) parses a page at 10–40 pages/s, PDFium at several
hundred. Why the clip test: WPS 表格 / Excel exports draw the whole text of a large merged cell on
every page and clip it to the visible part; a reader that ignores the clip duplicates amounts across
pages and spills label tails into the next cell (shared/domain/libraries.md §0, §2). PDFium shares
clip-path data between objects, so the clip box is computed once per distinct clip (keyed by the
address of its first segment) and the per-char cost stays at a few ctypes calls.

Ruling edges and other non-text objects are in :mod:`pdf_paths`. Coordinates are converted to
pdfplumber's convention: ``(x0, top, x1, bottom)`` in points, origin
at the top-left of the page's visible (crop) box, after the page's /Rotate. Not thread-safe: PDFium
is not, so call from one thread per process.
"""

from __future__ import annotations

import ctypes
import struct
from typing import Callable, NamedTuple, Optional

import pypdfium2.raw as pdfium_c

# A font size outside these multiples of the printed (loose box) height is scaled by the text
# matrix and not the size as printed.
SIZE_LOW, SIZE_HIGH = 0.3, 2.5
_SPACES = frozenset(" \u3000\xa0")
_SKIP = frozenset("\r\n\x00\ufffe\x02")
# A PDFium box thinner than this (points) is degenerate: the font gave no glyph extent. PDFium's
# text page skips text objects narrower than this (its kSizeEpsilon).
FLAT = 0.01

Matrix = tuple[float, float, float, float, float, float]
IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


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


class Frame(NamedTuple):
    """Maps PDF user space to top-left page coordinates (rotation and crop box applied)."""

    width: float
    height: float
    to_top_left: Callable[[float, float, float, float], tuple[float, float, float, float]]
    sideways: bool = False  # /Rotate 90 or 270: the page's x runs down the display
    # (left, top) of the crop box of an unrotated page, where ``to_top_left`` is a shift that
    # the per-char loop of :func:`read_chars` inlines (a call per char costs more than the sum).
    shift: Optional[tuple[float, float]] = None


def page_rotation(page) -> int:
    """The page's clockwise rotation in degrees: 0, 90, 180 or 270.

    PDFium answers -1 for a ``/Rotate`` it cannot use (a damaged page dictionary, a value that is
    not a multiple of 90). pypdfium2 5.0 maps that through a dict and raises ``KeyError``; later
    versions raise ``PdfiumError``: either way one odd key would lose the whole document, or crash
    on the minimum version. Viewers show such a page unrotated, so the raw value is read here and
    anything but a quarter turn is no rotation, the same on every pypdfium2 version."""
    quarters = pdfium_c.FPDFPage_GetRotation(page.raw)
    return quarters * 90 if quarters in (0, 1, 2, 3) else 0


def page_frame(page) -> Frame:
    """The visible box of ``page`` and the function mapping a PDF-space rectangle into it."""
    left, bottom, right, top = page.get_cropbox()
    w, h = right - left, top - bottom
    rot = page_rotation(page)

    if rot == 90:
        def conv(l, b, r, t):
            return (b - bottom, l - left, t - bottom, r - left)
        return Frame(h, w, conv, True)
    if rot == 180:
        def conv(l, b, r, t):
            return (right - r, b - bottom, right - l, t - bottom)
        return Frame(w, h, conv)
    if rot == 270:
        def conv(l, b, r, t):
            return (top - t, right - r, top - b, right - l)
        return Frame(h, w, conv, True)

    def conv(l, b, r, t):
        return (l - left, top - t, r - left, top - b)
    return Frame(w, h, conv, False, (left, top))


def address(ptr) -> int:
    return ctypes.cast(ptr, ctypes.c_void_p).value or 0


def _library():
    """PDFium's functions, looked up afresh (each lookup is a new function object, so typing it
    here changes no one else's) and marked to keep the GIL during the call (``ctypes.PyDLL``):
    releasing and taking it back around each call cost a tenth of a call that takes a
    microsecond; no other thread may enter PDFium meanwhile anyway (it is not thread-safe)."""
    from pypdfium2_raw import bindings

    path = getattr(bindings._libs["pdfium"], "_name", None)
    if path is None:  # pragma: no cover - a loader we do not know: its own CDLL
        return bindings._libs["pdfium"]
    return _PYDLL.setdefault(path, ctypes.PyDLL(path))


_PYDLL: dict[str, ctypes.CDLL] = {}


def by_address(name: str, restype, *argtypes):
    """A private copy of a PDFium function that takes and returns handles as plain ints.

    Why: pypdfium2's typed handles must be cast to compare or hash them, and ``ctypes.cast``
    costs more than the PDFium call itself; the clip test asks for the text object of every
    char. Falls back to the typed function plus a cast if the library handle is not reachable.
    """
    try:
        fn = _library()[name]
        fn.restype, fn.argtypes = restype, list(argtypes)
        return fn
    except (ImportError, AttributeError, KeyError, TypeError, OSError):  # pragma: no cover
        typed = getattr(pdfium_c, name)
        wants = typed.argtypes

        def call(*args):
            args = [ctypes.cast(a, t) if isinstance(a, int) and issubclass(t, ctypes._Pointer)
                    else a for a, t in zip(args, wants)]
            out = typed(*args)
            return address(out) if restype is ctypes.c_void_p else out
        return call


def unchecked(name: str, restype, *argtypes):
    """A private copy of a PDFium function without argument types, for the per-char calls:
    ctypes then converts nothing but passes a prepared ``ctypes.c_void_p`` as is and a Python
    int as a C int, which costs half the call of :func:`by_address`. Pointers must be passed
    boxed (a bare address does not fit a C int and raises instead of being truncated). Falls
    back to :func:`by_address`, which accepts the same arguments."""
    try:
        fn = _library()[name]
        fn.restype = restype
        return fn
    except (ImportError, AttributeError, KeyError, TypeError, OSError):  # pragma: no cover
        return by_address(name, restype, *argtypes)


_VP, _INT = ctypes.c_void_p, ctypes.c_int
_text_object = by_address("FPDFText_GetTextObject", _VP, _VP, _INT)
_clip_path = by_address("FPDFPageObj_GetClipPath", _VP, _VP)
_clip_count = by_address("FPDFClipPath_CountPaths", _INT, _VP)
_clip_count_segments = by_address("FPDFClipPath_CountPathSegments", _INT, _VP, _INT)
_clip_segment = by_address("FPDFClipPath_GetPathSegment", _VP, _VP, _INT, _INT)
_segment_point = by_address("FPDFPathSegment_GetPoint", ctypes.c_int, _VP,
                             ctypes.POINTER(ctypes.c_float), ctypes.POINTER(ctypes.c_float))


_loose_box = by_address("FPDFText_GetLooseCharBox", _INT, _VP, _INT,
                         ctypes.POINTER(pdfium_c.FS_RECTF))
_tight_box = by_address("FPDFText_GetCharBox", _INT, _VP, _INT,
                         *[ctypes.POINTER(ctypes.c_double)] * 4)


_render_mode = by_address("FPDFTextObj_GetTextRenderMode", _INT, _VP)
_fill_color = by_address("FPDFPageObj_GetFillColor", _INT, _VP, *[ctypes.POINTER(ctypes.c_uint)] * 4)
_page_count = by_address("FPDFPage_CountObjects", _INT, _VP)
_page_object = by_address("FPDFPage_GetObject", _VP, _VP, _INT)
_object_type = by_address("FPDFPageObj_GetType", _INT, _VP)
_object_bounds = by_address("FPDFPageObj_GetBounds", _INT, _VP, *[ctypes.POINTER(ctypes.c_float)] * 4)
_draw_mode = by_address("FPDFPath_GetDrawMode", _INT, _VP, ctypes.POINTER(_INT), ctypes.POINTER(_INT))
# A fill this light (each of r, g, b) is paper-coloured: white text on it cannot be seen.
LIGHT = 250
# White text is visible on a fill whose darkest channel is below this.
DARK = 160
# Rendering modes that fill the glyphs (fill, fill + stroke, and their clip variants).
_FILLING = frozenset({0, 2, 4, 6})


# Out-parameters of _fill_color, made once: it is asked for every text object of every page
# (one per char in many exports) and making four c_uints per call cost more than the call.
_RGBA = tuple(ctypes.c_uint() for _ in range(4))
_RGBA_REFS = tuple(ctypes.byref(v) for v in _RGBA)


def _rgb(obj: int) -> Optional[tuple[int, int, int]]:
    if not _fill_color(obj, *_RGBA_REFS):
        return None
    r, g, b, a = _RGBA[0].value, _RGBA[1].value, _RGBA[2].value, _RGBA[3].value
    return (255, 255, 255) if a == 0 else (r, g, b)


def _paints_white(obj: int) -> bool:
    """Does the text object print in paper colour (white fill, filled glyphs)? Such text is
    invisible on the page unless something dark is painted beneath it."""
    if not obj or _render_mode(obj) not in _FILLING:
        return False
    rgb = _rgb(obj)
    return rgb is not None and min(rgb) >= LIGHT


def _dark_areas(page) -> list[tuple[float, float, float, float]]:
    """PDF-space boxes of the page's images and dark filled paths (top-level objects): where
    white text can be read (a dark header band with white titles)."""
    out = []
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
            out.append(tuple(v.value for v in f))
    return out


def _drop_unseen(out: list, white: list, page) -> list:
    """Remove the white chars (``(index, x, y)`` in PDF space) that lie on no dark area."""
    areas = _dark_areas(page) if page is not None else []
    gone = {i for i, x, y in white
            if not any(a[0] <= x <= a[2] and a[1] <= y <= a[3] for a in areas)}
    return [c for i, c in enumerate(out) if i not in gone]


def clip_key(clip: int) -> tuple:
    """What tells one clip path from another cheaply: the handle of each path's first segment
    (objects sharing a clip share its segments). One or two paths are the common case, so they
    are built without a generator: this is on the per-text-object path."""
    n = _clip_count(clip)
    if n == 1:
        return (_clip_segment(clip, 0, 0),)
    if n == 2:
        return (_clip_segment(clip, 0, 0), _clip_segment(clip, 1, 0))
    return tuple(_clip_segment(clip, i, 0) for i in range(n))


def _clip_box(clip: int) -> Optional[tuple[float, float, float, float]]:
    """Bounding box of a clip path (intersection of its sub-paths), in PDF space."""
    x, y = ctypes.c_float(), ctypes.c_float()
    px, py = ctypes.byref(x), ctypes.byref(y)
    box = None
    for pi in range(_clip_count(clip)):
        xs, ys = [], []
        for si in range(_clip_count_segments(clip, pi)):
            seg = _clip_segment(clip, pi, si)
            if seg and _segment_point(seg, px, py):
                xs.append(x.value)
                ys.append(y.value)
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


def on_page(frame: Frame, x0: float, top: float, x1: float, bottom: float) -> bool:
    """Is the centre of a top-left box on the visible page?"""
    return 0 <= x0 + x1 <= 2 * frame.width and 0 <= top + bottom <= 2 * frame.height


class ClipCache:
    """Clip box per text object, shared between objects whose clip data PDFium shares (the
    first segment of each sub-path is the same memory, so its address is the key)."""

    def __init__(self) -> None:
        self.by_obj: dict[Optional[int], object] = {None: None, 0: None}
        self.by_clip: dict[tuple, object] = {}

    def box_of(self, obj: int):
        box = None
        clip = _clip_path(obj)
        if clip:
            key = clip_key(clip)
            box = self.by_clip.get(key, 0)
            if box == 0:
                box = self.by_clip[key] = _clip_box(clip)
        self.by_obj[obj] = box
        return box


# The same PDFium functions with their out-parameters passed as plain addresses: converting an
# int costs ctypes less than checking a ``byref`` against a pointer type, and these run once per
# char (the box, the text object).
_loose_box_at = by_address("FPDFText_GetLooseCharBox", _INT, _VP, _INT, _VP)
_loose_box_u = unchecked("FPDFText_GetLooseCharBox", _INT, _VP, _INT, _VP)
_text_object_u = unchecked("FPDFText_GetTextObject", _VP, _VP, _INT)
# Out-parameters read in one call (four ctypes field reads cost more than the PDFium call).
_F4, _U4 = struct.Struct("4f"), struct.Struct("4I")


class Handle(ctypes.c_void_p):
    """A PDFium handle kept boxed: ctypes hands a function declared to return a subclass of
    ``c_void_p`` its result as is, not converted to an int, so it can be passed on to the next
    unchecked call (:func:`unchecked`) without being boxed again. ``.value`` is the address."""


_clip_path_u = unchecked("FPDFPageObj_GetClipPath", Handle, _VP)
_clip_count_u = unchecked("FPDFClipPath_CountPaths", _INT, _VP)
_clip_segment_u = unchecked("FPDFClipPath_GetPathSegment", _VP, _VP, _INT, _INT)
_render_mode_u = unchecked("FPDFTextObj_GetTextRenderMode", _INT, _VP)
_fill_color_u = unchecked("FPDFPageObj_GetFillColor", _INT, _VP, _VP, _VP, _VP, _VP)
_text_font_u = unchecked("FPDFTextObj_GetFont", _VP, _VP)
_font_size_u = unchecked("FPDFText_GetFontSize", ctypes.c_double, _VP, _INT)
_generated_u = unchecked("FPDFText_IsGenerated", _INT, _VP, _INT)


def _object_states(glyphs, embedded: bool = False) -> Callable[[int], list]:
    """``state(obj)`` → ``[metric?, clip box, pale?, None]`` for a text object: whether its chars
    are measured from declared metrics (``glyphs.needs_metrics``), its clip box (a
    :class:`ClipCache`), whether it prints in paper colour (:func:`_paints_white`), and a slot
    for its font size. One call per text object; many exports print one char per object, so
    this is on the per-char path and asks PDFium directly instead of through those helpers
    (:func:`clip_key` inlined: no clip and one or two sub-paths are nearly all objects), with
    unchecked calls on the object boxed once (half the cost of a call that converts its
    arguments). ``embedded``: every font of the page is known to be embedded, so only turned
    objects need metrics (no font is asked for)."""
    by_clip: dict[tuple, object] = {}
    turned = glyphs.turned.back if glyphs is not None else {}
    info = glyphs.metrics.info if glyphs is not None and not embedded else None
    measured = glyphs is not None
    rgba = (ctypes.c_uint * 4)()
    at = ctypes.addressof(rgba)
    p0, p1, p2, p3 = (ctypes.c_void_p(at + k) for k in (0, 4, 8, 12))
    count, segment, clip_path = _clip_count_u, _clip_segment_u, _clip_path_u
    render, fill, filling, colour = _render_mode_u, _fill_color_u, _FILLING, _U4.unpack_from
    font_of, box_it = _text_font_u, ctypes.c_void_p

    def state(obj: int) -> list:
        if not obj:
            return [False, None, False, None]
        vo = box_it(obj)
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
                    box = by_clip[key] = _clip_box(clip.value)
        pale = False
        if render(vo) in filling and fill(vo, p0, p1, p2, p3):
            r, g, b, a = colour(rgba)
            pale = a == 0 or min(r, g, b) >= LIGHT
        return [metric, box, pale, None]
    return state


def _tighten(tp: int, i: int, sideways: bool, box, tight):
    """Loose boxes give a uniform line height and the advance along the line. Some fonts
    report a full em of advance for half-width glyphs (digits), which would shift their centres
    into the next cell: then the tight box gives the real extent along the line."""
    l, b, r, t = box
    if _tight_box(tp, i, *[ctypes.byref(v) for v in tight]):
        tl, tr, tb, tt = (v.value for v in tight)
        if not sideways:
            if tr > tl:
                l, r = tl, tr
        elif tt > tb:
            b, t = tb, tt
    return l, b, r, t


def read_chars(textpage, frame: Frame, glyphs=None, embedded: bool = False
               ) -> tuple[list[Char], int]:
    """Visible chars of a page, in content order, and the number of chars the page holds.

    ``glyphs`` (a :class:`pdf_glyphs.GlyphReader` on the same text page) measures the chars
    whose PDFium boxes depend on the machine's fonts (non-embedded fonts, degenerate boxes) from
    the metrics the PDF declares; without it every box is PDFium's. ``embedded``: every font
    of the page is embedded (:attr:`pdf_paths.PageObjects.embedded`).
    A char is dropped when its centre lies outside its text object's clip box or outside the
    visible page, or when it is printed white where nothing dark is painted (text a publisher
    hid by colouring it like the paper, e.g. an Excel cell with a white font). Text drawn in an invisible render mode is kept: it is the text layer of an
    OCR-ed scan, the only text such a file has.
    """
    raw = textpage.raw
    n = pdfium_c.FPDFText_CountChars(raw)
    if n <= 0:
        return [], 0
    text = textpage.get_text_range(0, n)
    if len(text) != n:  # the range came back short or long: ask char by char
        text = [chr(pdfium_c.FPDFText_GetUnicode(raw, i) or 0xFFFE) for i in range(n)]
    rect = pdfium_c.FS_RECTF()
    prect = ctypes.addressof(rect)
    ptight = tuple(ctypes.c_double() for _ in range(4))
    state = _object_states(glyphs, embedded)
    box4 = _F4.unpack_from
    objects: dict[int, list] = {}  # text object → [metric?, clip box, pale?, font size or None]
    tp = address(raw)
    conv, pw, ph, sideways = frame.to_top_left, frame.width, frame.height, frame.sideways
    shift = frame.shift
    sl, st = shift if shift is not None else (0.0, 0.0)
    # the text page and the box's address boxed once for the two calls made per char
    loose_box, text_object = _loose_box_u, _text_object_u
    tpv, prectv = ctypes.c_void_p(tp), ctypes.c_void_p(prect)
    pw2, ph2, skip, spaces = 2 * pw, 2 * ph, _SKIP, _SPACES
    out: list[Char] = []
    append, new = out.append, tuple.__new__
    white: list[tuple[int, float, float]] = []  # white chars: index in out, PDF-space centre
    for i, ch in enumerate(text):
        if ch in skip:
            continue
        space = ch in spaces
        if space and _generated_u(tpv, i):
            continue
        obj = text_object(tpv, i)
        known = objects.get(obj)
        if known is None:
            known = objects[obj] = state(obj)
        if known[0]:
            (l, b, r, t), size = glyphs.box(obj, i, ch)
        elif not loose_box(tpv, i, prectv):
            continue
        else:
            l, t, r, b = box4(rect)  # FS_RECTF: left, top, right, bottom
            size = known[3]
            if size is None:  # one text object has one font size
                size = known[3] = _font_size_u(tpv, i) if obj else 0.0
            height = (r - l) if sideways else (t - b)
            if not SIZE_LOW * height <= size <= SIZE_HIGH * height:
                if glyphs is not None and obj and height < FLAT:  # no extent: degenerate
                    (l, b, r, t), size = glyphs.box(obj, i, ch)
                else:
                    # the text matrix scales the font (size 1 scaled up, size 149 scaled
                    # down): measure the printed height instead
                    size = height / 1.15
            elif ch < "\x80" and ((t - b) if sideways else (r - l)) > 0.7 * size:
                l, b, r, t = _tighten(tp, i, sideways, (l, b, r, t), ptight)
        box = known[1]
        if box is not None and not (box[0] <= (l + r) / 2 <= box[2] and box[1] <= (b + t) / 2 <= box[3]):
            continue  # centre outside the clip box (as :func:`inside`)
        if shift is None:
            x0, top, x1, bottom = conv(l, b, r, t)
        else:  # the unrotated page's conv, inlined (same operations)
            x0, top, x1, bottom = l - sl, st - t, r - sl, st - b
        if not (0 <= x0 + x1 <= pw2 and 0 <= top + bottom <= ph2):
            continue
        if known[2] and not space:
            white.append((len(out), (l + r) / 2, (b + t) / 2))
        append(new(Char, (" " if space else ch, x0, top, x1, bottom, size, space)))
    if white:
        out = _drop_unseen(out, white, getattr(textpage, "parent", None))
    return out, n
