"""The object walk of :func:`pdf_paths.read_objects` in compiled code (``native/pdfobjects.c``).

Why: the walk asks PDFium about three things of every page object and up to a dozen of every
path, about 3 M ctypes calls per corpus pass, each costing more in call machinery than PDFium's
work inside (docs/benchmark.md, session 13). The C walk makes those calls directly and hands back,
in the walk's order, what needs Python's objects: each path's box in PDF space (or "composite":
more than five segments, whose segments Python reads), each text object in a font PDFium cannot
measure, the holders' matrices, and the counts. :func:`pdf_paths.read_objects` turns them into
exactly the :class:`pdf_paths.PageObjects` its own walk makes; without the library (or with
``BUDGETLENS_NATIVE=0``) :func:`walk` answers None and the Python walk runs.
"""

from __future__ import annotations

import ctypes
from typing import Any, NamedTuple, Optional

import pypdfium2.raw as pdfium_c

from budgetlens.read import pdf_native

_VP, _D, _INT = ctypes.c_void_p, ctypes.c_double, ctypes.c_int

#: PDFium's functions in the order of ``bl_ofns`` in pdfobjects.c.
FUNCTIONS = ("FPDFPage_CountObjects", "FPDFPage_GetObject", "FPDFFormObj_CountObjects",
             "FPDFFormObj_GetObject", "FPDFPageObj_GetType", "FPDFTextObj_GetFont",
             "FPDFFont_GetIsEmbedded", "FPDFFont_GetBaseFontName", "FPDFPageObj_GetMatrix",
             "FPDFPath_GetDrawMode", "FPDFPageObj_GetFillColor", "FPDFPath_CountSegments",
             "FPDFPath_GetPathSegment", "FPDFPathSegment_GetPoint", "FPDFPageObj_GetBounds")
BOX, COMPOSITE, TEXT = 1, 2, 3  # a record's kind (REC_BOX … in pdfobjects.c)


class _Fns(ctypes.Structure):
    _fields_ = [(name, _VP) for name in FUNCTIONS]


class _Walk(ctypes.Structure):
    _fields_ = [("fonts", _INT), ("latin", ctypes.c_char_p), ("cap", _INT), ("mcap", _INT),
                ("kind", ctypes.POINTER(ctypes.c_uint8)), ("obj", ctypes.POINTER(ctypes.c_size_t)),
                ("matrix", ctypes.POINTER(ctypes.c_int32)),
                ("nseg", ctypes.POINTER(ctypes.c_int32)),
                ("box", ctypes.POINTER(_D)), ("matrices", ctypes.POINTER(_D)),
                ("count", _INT), ("nmatrices", _INT), ("images", _INT), ("paths", _INT),
                ("embedded", _INT)]


class Walked(NamedTuple):
    """What the C walk found: records ``(kind, object, holder matrix, segments, box)`` in walk
    order (box None unless ``kind`` is BOX), and the page's counts."""

    records: list[tuple[int, int, Any, int, Optional[tuple]]]
    images: int
    paths: int
    embedded: bool


class _State:
    """The walk's function and buffers for this process (made once, grown as pages need)."""

    def __init__(self, lib: ctypes.CDLL) -> None:
        self.call = lib.bl_read_objects
        self.call.restype = _INT
        self.call.argtypes = [ctypes.POINTER(_Fns), _VP, ctypes.POINTER(_Walk)]
        self.fns = _Fns(*(ctypes.cast(getattr(pdfium_c, name), _VP).value for name in FUNCTIONS))
        self.walk = _Walk()
        self.arrays: dict[str, Any] = {}
        self.grow(4096, 64)

    def grow(self, cap: int, mcap: int) -> None:
        """Buffers for ``cap`` records and ``mcap`` holders (the page and its forms)."""
        kinds: dict[str, tuple[Any, int]] = {
            "kind": (ctypes.c_uint8, 1), "obj": (ctypes.c_size_t, 1), "matrix": (ctypes.c_int32, 1),
            "nseg": (ctypes.c_int32, 1), "box": (_D, 4)}
        for name, (kind, per) in kinds.items():
            arr = self.arrays[name] = (kind * (per * cap))()
            setattr(self.walk, name, ctypes.cast(arr, ctypes.POINTER(kind)))
        arr = self.arrays["matrices"] = (_D * (6 * mcap))()
        self.walk.matrices = ctypes.cast(arr, ctypes.POINTER(_D))
        self.walk.cap, self.walk.mcap = cap, mcap


_STATES: dict[str, _State] = {}  # by library path


def walk(page: int, fonts: bool, latin: tuple[bytes, ...], identity: Any) -> Optional[Walked]:
    """The C walk of the page at address ``page``, or None when the compiled code is not used.
    ``fonts``: look at text objects' fonts (``latin``: the families PDFium substitutes);
    ``identity``: what the page's own matrix is answered as (pdf_frame.IDENTITY, the object
    the Python walk tests by identity)."""
    native = pdf_native._native()
    if native is None:
        return None
    state = _STATES.get(native.lib._name)
    if state is None:
        state = _STATES[native.lib._name] = _State(native.lib)
    w = state.walk
    w.fonts, w.latin = fonts, b"\0".join(latin) + b"\0\0"
    while True:
        got = state.call(ctypes.byref(state.fns), page, ctypes.byref(w))
        if got != -1:
            break
        state.grow(2 * w.cap, 2 * w.mcap)  # more objects or forms than the buffers hold
    if got < 0:
        return None  # no memory: the Python walk reads the page
    a = state.arrays
    m = a["matrices"][:6 * w.nmatrices]
    matrices = [identity] + [tuple(m[6 * k:6 * k + 6]) for k in range(1, w.nmatrices)]
    box = a["box"][:4 * got]
    records = [(kind, obj, matrices[mi], nseg, tuple(box[4 * j:4 * j + 4]) if kind == BOX else None)
               for j, (kind, obj, mi, nseg) in enumerate(zip(a["kind"][:got], a["obj"][:got],
                                                           a["matrix"][:got], a["nseg"][:got]))]
    return Walked(records, w.images, w.paths, bool(w.embedded))
