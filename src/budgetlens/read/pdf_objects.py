"""Page objects straight from PDFium's raw API: visible chars, ruling edges, image counts.

Why the raw API: pdfminer (under pdfplumber) parses a page at 10–40 pages/s, PDFium at several
hundred. Why the clip test: WPS 表格 / Excel exports draw the whole text of a large merged cell on
every page and clip it to the visible part; a reader that ignores the clip duplicates amounts across
pages and spills label tails into the next cell (shared/domain/libraries.md §0, §2). PDFium shares
clip-path data between objects, so the clip box is computed once per distinct clip (keyed by the
address of its first segment) and the per-char cost stays at a few ctypes calls.

Coordinates are converted to pdfplumber's convention: ``(x0, top, x1, bottom)`` in points, origin
at the top-left of the page's visible (crop) box, after the page's /Rotate. Not thread-safe: PDFium
is not, so call from one thread per process.
"""

from __future__ import annotations

import ctypes
from typing import Callable, NamedTuple, Optional

import pypdfium2.raw as pdfium_c

# Below this thickness (points) a filled rectangle is a ruling line, not a shaded area.
THIN = 2.0
_SPACES = frozenset(" \u3000\xa0")
_SKIP = frozenset("\r\n\x00\ufffe\x02")

Matrix = tuple[float, float, float, float, float, float]
_IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


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


class PageObjects(NamedTuple):
    """What a page holds besides its text: ruling edges (pdfplumber edge dicts) and counts."""

    edges: list
    images: int
    paths: int


class Frame(NamedTuple):
    """Maps PDF user space to top-left page coordinates (rotation and crop box applied)."""

    width: float
    height: float
    to_top_left: Callable[[float, float, float, float], tuple[float, float, float, float]]
    sideways: bool = False  # /Rotate 90 or 270: the page's x runs down the display


def page_frame(page) -> Frame:
    """The visible box of ``page`` and the function mapping a PDF-space rectangle into it."""
    left, bottom, right, top = page.get_cropbox()
    w, h = right - left, top - bottom
    rot = page.get_rotation() % 360

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
    return Frame(w, h, conv)


def _addr(ptr) -> int:
    return ctypes.cast(ptr, ctypes.c_void_p).value or 0


def _by_address(name: str, restype, *argtypes):
    """A private copy of a PDFium function that takes and returns handles as plain ints.

    Why: pypdfium2's typed handles must be cast to compare or hash them, and ``ctypes.cast``
    costs more than the PDFium call itself; the clip test asks for the text object of every
    char. Falls back to the typed function plus a cast if the library handle is not reachable.
    """
    try:
        from pypdfium2_raw import bindings

        fn = bindings._libs["pdfium"][name]
        fn.restype, fn.argtypes = restype, list(argtypes)
        return fn
    except (ImportError, AttributeError, KeyError, TypeError):  # pragma: no cover - fallback
        typed = getattr(pdfium_c, name)
        wants = typed.argtypes

        def call(*args):
            args = [ctypes.cast(a, t) if isinstance(a, int) and issubclass(t, ctypes._Pointer)
                    else a for a, t in zip(args, wants)]
            out = typed(*args)
            return _addr(out) if restype is ctypes.c_void_p else out
        return call


_VP, _INT = ctypes.c_void_p, ctypes.c_int
_text_object = _by_address("FPDFText_GetTextObject", _VP, _VP, _INT)
_clip_path = _by_address("FPDFPageObj_GetClipPath", _VP, _VP)
_clip_count = _by_address("FPDFClipPath_CountPaths", _INT, _VP)
_clip_count_segments = _by_address("FPDFClipPath_CountPathSegments", _INT, _VP, _INT)
_clip_segment = _by_address("FPDFClipPath_GetPathSegment", _VP, _VP, _INT, _INT)
_segment_point = _by_address("FPDFPathSegment_GetPoint", ctypes.c_int, _VP,
                             ctypes.POINTER(ctypes.c_float), ctypes.POINTER(ctypes.c_float))


_loose_box = _by_address("FPDFText_GetLooseCharBox", _INT, _VP, _INT,
                         ctypes.POINTER(pdfium_c.FS_RECTF))
_tight_box = _by_address("FPDFText_GetCharBox", _INT, _VP, _INT,
                         *[ctypes.POINTER(ctypes.c_double)] * 4)
_font_size = _by_address("FPDFText_GetFontSize", ctypes.c_double, _VP, _INT)


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


class _ClipCache:
    """Clip box per text object, shared between objects whose clip data PDFium shares (the
    first segment of each sub-path is the same memory, so its address is the key)."""

    def __init__(self) -> None:
        self.by_obj: dict[Optional[int], object] = {None: None, 0: None}
        self.by_clip: dict[tuple, object] = {}

    def box_of(self, obj: int):
        box = None
        clip = _clip_path(obj)
        if clip:
            n = _clip_count(clip)
            if n == 1:
                key: tuple = (_clip_segment(clip, 0, 0),)
            elif n == 2:
                key = (_clip_segment(clip, 0, 0), _clip_segment(clip, 1, 0))
            else:
                key = tuple(_clip_segment(clip, i, 0) for i in range(n))
            box = self.by_clip.get(key, 0)
            if box == 0:
                box = self.by_clip[key] = _clip_box(clip)
        self.by_obj[obj] = box
        return box


def read_chars(textpage, frame: Frame) -> tuple[list[Char], int]:
    """Visible chars of a page, in content order, and the number of chars the page holds.

    A char is dropped when its centre lies outside its text object's clip box or outside the
    visible page. Text drawn in an invisible render mode is kept: it is the text layer of an
    OCR-ed scan, the only text such a file has.
    """
    raw = textpage.raw
    n = pdfium_c.FPDFText_CountChars(raw)
    if n <= 0:
        return [], 0
    text = textpage.get_text_range(0, n)
    exact = len(text) == n
    rect = pdfium_c.FS_RECTF()
    prect = ctypes.byref(rect)
    tl, tr, tb, tt = (ctypes.c_double() for _ in range(4))
    ptight = (ctypes.byref(tl), ctypes.byref(tr), ctypes.byref(tb), ctypes.byref(tt))
    clips = _ClipCache()
    by_obj, box_of = clips.by_obj, clips.box_of
    sizes: dict[int, float] = {}
    tp = _addr(raw)
    conv, pw, ph, sideways = frame.to_top_left, frame.width, frame.height, frame.sideways
    out: list[Char] = []
    append = out.append
    for i in range(n):
        ch = text[i] if exact else chr(pdfium_c.FPDFText_GetUnicode(raw, i) or 0xFFFE)
        if ch in _SKIP:
            continue
        space = ch in _SPACES
        if space and pdfium_c.FPDFText_IsGenerated(raw, i):
            continue
        if not _loose_box(tp, i, prect):
            continue
        # Loose boxes give a uniform line height and the advance along the line. Some fonts
        # report a full em of advance for half-width glyphs (digits), which would shift their
        # centres into the next cell: then the tight box gives the real horizontal extent.
        l, r, b, t = rect.left, rect.right, rect.bottom, rect.top
        obj = _text_object(tp, i)
        size = sizes.get(obj)
        if size is None:  # one text object has one font size
            size = sizes[obj] = _font_size(tp, i) if obj else 0.0
        if size < 3.0:  # size 1 scaled up by the text matrix: measure the printed height
            size = ((r - l) if sideways else (t - b)) / 1.15
        if ch < "\x80" and ((t - b) if sideways else (r - l)) > 0.7 * size \
                and _tight_box(tp, i, *ptight):
            if not sideways:
                if tr.value > tl.value:
                    l, r = tl.value, tr.value
            elif tt.value > tb.value:
                b, t = tb.value, tt.value
        box = by_obj[obj] if obj in by_obj else box_of(obj)
        if box is not None:
            cx, cy = (l + r) / 2, (b + t) / 2
            if not (box[0] <= cx <= box[2] and box[1] <= cy <= box[3]):
                continue
        x0, top, x1, bottom = conv(l, b, r, t)
        if not (0 <= x0 + x1 <= 2 * pw and 0 <= top + bottom <= 2 * ph):
            continue
        append(Char(" " if space else ch, x0, top, x1, bottom, size, space))
    return out, n


def _matrix_of(obj) -> Matrix:
    m = pdfium_c.FS_MATRIX()
    if not pdfium_c.FPDFPageObj_GetMatrix(obj, ctypes.byref(m)):
        return _IDENTITY
    return (m.a, m.b, m.c, m.d, m.e, m.f)


def _compose(inner: Matrix, outer: Matrix) -> Matrix:
    a, b, c, d, e, f = inner
    A, B, C, D, E, F = outer
    return (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D,
            e * A + f * C + E, e * B + f * D + F)


def _apply_box(m: Matrix, l: float, b: float, r: float, t: float):
    if m is _IDENTITY:
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


def _box_edges(box, kind: str, page_area: float) -> list[dict]:
    """Edges of one path's box: a thin box is one ruling; a bigger one gives its four sides."""
    x0, top, x1, bottom = box
    w, h = x1 - x0, bottom - top
    if w <= THIN and h <= THIN:
        return []
    if h <= THIN:
        return [_edge(x0, top, x1, bottom, "h", kind)]
    if w <= THIN:
        return [_edge(x0, top, x1, bottom, "v", kind)]
    if w * h > 0.8 * page_area:
        return []  # a page background or frame, not a table
    return [_edge(x0, top, x1, top, "h", "rect"), _edge(x0, bottom, x1, bottom, "h", "rect"),
            _edge(x0, top, x0, bottom, "v", "rect"), _edge(x1, top, x1, bottom, "v", "rect")]


def _segment_edges(obj, m: Matrix, conv) -> list[dict]:
    """Axis-aligned straight segments of a composite path (a whole grid drawn as one path)."""
    x, y = ctypes.c_float(), ctypes.c_float()
    px, py = ctypes.byref(x), ctypes.byref(y)
    pm = _compose(_matrix_of(obj), m)
    out, prev, start = [], None, None
    for si in range(pdfium_c.FPDFPath_CountSegments(obj)):
        seg = pdfium_c.FPDFPath_GetPathSegment(obj, si)
        if not seg or not pdfium_c.FPDFPathSegment_GetPoint(seg, px, py):
            continue
        kind = pdfium_c.FPDFPathSegment_GetType(seg)
        pt = (pm[0] * x.value + pm[2] * y.value + pm[4], pm[1] * x.value + pm[3] * y.value + pm[5])
        if kind == pdfium_c.FPDF_SEGMENT_MOVETO:
            prev = start = pt
            continue
        for a, b in ((prev, pt), (pt, start) if pdfium_c.FPDFPathSegment_GetClose(seg) else (None, None)):
            if a is None or b is None or kind != pdfium_c.FPDF_SEGMENT_LINETO:
                continue
            x0, top, x1, bottom = conv(min(a[0], b[0]), min(a[1], b[1]),
                                       max(a[0], b[0]), max(a[1], b[1]))
            if bottom - top <= THIN and x1 - x0 > THIN:
                out.append(_edge(x0, top, x1, bottom, "h", "line"))
            elif x1 - x0 <= THIN and bottom - top > THIN:
                out.append(_edge(x0, top, x1, bottom, "v", "line"))
        prev = pt
    return out


_f, _u, _i = ctypes.POINTER(ctypes.c_float), ctypes.POINTER(ctypes.c_uint), ctypes.POINTER(_INT)
_page_count = _by_address("FPDFPage_CountObjects", _INT, _VP)
_page_object = _by_address("FPDFPage_GetObject", _VP, _VP, _INT)
_form_count = _by_address("FPDFFormObj_CountObjects", _INT, _VP)
_form_object = _by_address("FPDFFormObj_GetObject", _VP, _VP, ctypes.c_ulong)
_object_type = _by_address("FPDFPageObj_GetType", _INT, _VP)
_object_bounds = _by_address("FPDFPageObj_GetBounds", _INT, _VP, _f, _f, _f, _f)
_fill_color = _by_address("FPDFPageObj_GetFillColor", _INT, _VP, _u, _u, _u, _u)
_draw_mode = _by_address("FPDFPath_GetDrawMode", _INT, _VP, _i, _i)
_count_segments = _by_address("FPDFPath_CountSegments", _INT, _VP)


class _PathReader:
    """Reads path objects into ruling edges, reusing its ctypes buffers (one per page)."""

    def __init__(self, frame: Frame) -> None:
        self.frame = frame
        self.area = frame.width * frame.height
        self.f4 = [ctypes.c_float() for _ in range(4)]
        self.pf4 = [ctypes.byref(v) for v in self.f4]
        self.u4 = [ctypes.c_uint() for _ in range(4)]
        self.pu4 = [ctypes.byref(v) for v in self.u4]
        self.i2 = [_INT(), _INT()]
        self.pi2 = [ctypes.byref(v) for v in self.i2]

    def white_fill(self, obj: int) -> bool:
        if not _fill_color(obj, *self.pu4):
            return False
        r, g, b, a = (v.value for v in self.u4)
        return a == 0 or min(r, g, b) >= 250

    def edges(self, obj: int, m: Matrix) -> list[dict]:
        _draw_mode(obj, *self.pi2)
        fill, stroke = self.i2[0].value, self.i2[1].value
        if not fill and not stroke:
            return []
        if not stroke and self.white_fill(obj):
            return []  # white fills paint nothing visible on white paper
        nseg = _count_segments(obj)
        if nseg > 5:
            return _segment_edges(ctypes.cast(obj, pdfium_c.FPDF_PAGEOBJECT), m,
                                  self.frame.to_top_left)
        if not _object_bounds(obj, *self.pf4):
            return []
        l, b, r, t = (v.value for v in self.f4)
        box = self.frame.to_top_left(*_apply_box(m, l, b, r, t))
        return _box_edges(box, "line" if nseg <= 2 else "rect", self.area)


def read_objects(page, frame: Frame) -> PageObjects:
    """Ruling edges and image count of a page, descending into form XObjects."""
    edges: list[dict] = []
    images = paths = 0
    text_t, path_t = pdfium_c.FPDF_PAGEOBJ_TEXT, pdfium_c.FPDF_PAGEOBJ_PATH
    image_t, form_t = pdfium_c.FPDF_PAGEOBJ_IMAGE, pdfium_c.FPDF_PAGEOBJ_FORM
    reader = _PathReader(frame)
    stack: list[tuple[int, bool, Matrix]] = [(_addr(page.raw), False, _IDENTITY)]
    while stack:
        holder, in_form, m = stack.pop()
        if in_form:
            n, get = _form_count(holder), _form_object
        else:
            n, get = _page_count(holder), _page_object
        for k in range(n):
            obj = get(holder, k)
            t = _object_type(obj)
            if t == text_t:
                continue
            if t == path_t:
                paths += 1
                edges.extend(reader.edges(obj, m))
            elif t == image_t:
                images += 1
            elif t == form_t:
                typed = ctypes.cast(obj, pdfium_c.FPDF_PAGEOBJECT)
                stack.append((obj, True, _compose(_matrix_of(typed), m)))
    return PageObjects(edges, images, paths)
