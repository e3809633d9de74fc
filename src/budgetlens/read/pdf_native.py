"""The per-char loop of :func:`pdf_objects.read_chars` in compiled code, when it was built.

Why: through ctypes every PDFium call costs 1,400–1,900 instructions of call machinery, and the
char loop makes two per char and five per text object (docs/benchmark.md, sessions 12 and 13).
``native/pdfchars.c`` makes the same calls directly, through PDFium's function pointers taken
here from pypdfium2's loaded library, and computes what the Python loop computes with the same
double arithmetic; this module turns its flat arrays into the same :class:`pdf_objects.Char`
records. It is a plain shared library (no Python headers, links against nothing) that
``scripts/setup.sh`` compiles (``scripts/build_native.sh``) next to its source. When it is absent
(a pip install without a compiler) or ``BUDGETLENS_NATIVE=0`` is set, the Python loop runs, with
identical results (tests/read/test_pdf_native.py, scripts/native_compare.py); :func:`status`
says which one runs (``budgetlens --version``).
"""

from __future__ import annotations

import ctypes
import os
from itertools import compress, repeat
from pathlib import Path
from typing import Any, Callable, Iterator, NamedTuple, Optional, Sequence

import pypdfium2.raw as pdfium_c

from budgetlens.read.pdf_frame import Frame, on_page

#: Where setup builds the library (beside its source, so an editable install finds it).
LIBRARY = Path(__file__).resolve().parent / "native" / "_pdfchars.so"
_VP, _D, _INT = ctypes.c_void_p, ctypes.c_double, ctypes.c_int

#: PDFium's functions in the order of ``bl_fns`` in pdfchars.c.
FUNCTIONS = ("FPDFText_GetLooseCharBox", "FPDFText_GetTextObject", "FPDFText_IsGenerated",
             "FPDFText_GetCharBox", "FPDFPageObj_GetClipPath", "FPDFClipPath_CountPaths",
             "FPDFClipPath_CountPathSegments", "FPDFClipPath_GetPathSegment",
             "FPDFPathSegment_GetPoint", "FPDFPageObj_GetFillColor",
             "FPDFTextObj_GetTextRenderMode", "FPDFTextObj_GetFont", "FPDFFont_GetIsEmbedded",
             "FPDFText_GetFontSize")
PALE, DEFER, RAW, CLIP = 1, 2, 4, 8  # a record's flags (bl_PALE … in pdfchars.c)


class _Fns(ctypes.Structure):
    _fields_ = [(name, _VP) for name in FUNCTIONS]


class _PageArgs(ctypes.Structure):
    _fields_ = [("sideways", _INT), ("shift", _INT), ("sl", _D), ("st", _D), ("pw2", _D),
                ("ph2", _D), ("measured", _INT), ("embedded", _INT), ("nturned", _INT),
                ("turned", ctypes.POINTER(ctypes.c_size_t))]


_COLUMNS = (("index", ctypes.c_int32), ("flags", ctypes.c_uint8), ("x0", _D), ("top", _D),
            ("x1", _D), ("bottom", _D), ("size", _D), ("cx", _D), ("cy", _D),
            ("obj", ctypes.c_size_t), ("space", ctypes.c_bool))


class _Out(ctypes.Structure):
    _fields_ = [(name, ctypes.POINTER(kind)) for name, kind in _COLUMNS]


class _Buffers:
    """The output arrays, kept between pages and grown when a page has more chars (a record per
    char at most, so a capacity of the page's char count can never be exceeded)."""

    def __init__(self) -> None:
        self.cap = 0
        self.arrays: dict[str, ctypes.Array[Any]] = {}
        self.out = _Out()

    def ensure(self, n: int) -> None:
        if n <= self.cap:
            return
        self.cap = max(n, 2 * self.cap, 1024)
        for name, kind in _COLUMNS:
            arr = self.arrays[name] = (kind * self.cap)()
            setattr(self.out, name, ctypes.cast(arr, ctypes.POINTER(kind)))


class _Native(NamedTuple):
    call: Callable[..., int]
    fns: _Fns
    buffers: _Buffers
    lib: ctypes.CDLL  # for pdf_native_walk's bl_read_objects


def _load(library: Path = LIBRARY) -> tuple[Optional[_Native], str]:
    """The library and PDFium's function table, or None and why not."""
    if os.environ.get("BUDGETLENS_NATIVE", "1") == "0":
        return None, "BUDGETLENS_NATIVE=0"
    if not library.is_file():
        return None, f"{library.name} not built (scripts/build_native.sh)"
    try:
        lib = ctypes.PyDLL(str(library))  # keeps the GIL: PDFium is not thread-safe either
        fns = _Fns(*(ctypes.cast(getattr(pdfium_c, name), _VP).value for name in FUNCTIONS))
    except (OSError, AttributeError, TypeError) as exc:
        return None, f"{LIBRARY.name} not loaded: {exc}"
    call = lib.bl_read_chars
    call.restype = _INT
    call.argtypes = [ctypes.POINTER(_Fns), _VP, ctypes.c_char_p, _INT,
                     ctypes.POINTER(_PageArgs), ctypes.POINTER(_Out), _INT]
    return _Native(call, fns, _Buffers(), lib), str(library)


_STATE: list[tuple[Optional[_Native], str]] = []


def _native() -> Optional[_Native]:
    if not _STATE:
        _STATE.append(_load())
    return _STATE[0][0]


def status() -> tuple[bool, str]:
    """Whether the compiled loop is used, and its library path or why it is not."""
    _native()
    return _STATE[0][0] is not None, _STATE[0][1]


def use(enabled: bool, library: Path = LIBRARY) -> None:
    """Switch the compiled loop on (when ``library`` loads) or off for this process: for the
    tests and scripts/native_compare.py, which read the same PDFs both ways."""
    _STATE.clear()
    _STATE.append(_load(library) if enabled else (None, "switched off"))


def describe() -> str:
    """One line for ``budgetlens --version``: which char loop reads PDFs, zh and en."""
    built, where = status()
    if built:
        return f"PDF 读取: 编译循环 / PDF reading: compiled loop ({where})"
    return f"PDF 读取: Python 循环 / PDF reading: Python loop ({where})"


Records = tuple[Sequence[Any], list[tuple[int, float, float]]]  # (chars, pale chars)


def visible(text: Sequence[str], tp: int, frame: Frame, glyphs: Any, embedded: bool,
            make: type) -> Optional[Records]:
    """The compiled twin of ``pdf_objects._visible``: the kept chars (``make``, a NamedTuple
    class, of ``(text, x0, top, x1, bottom, size, space)``) and the pale ones, or None when the
    compiled loop is not there (the caller runs its own)."""
    native = _native()
    if native is None:
        return None
    n = len(text)
    codes = (text if isinstance(text, str) else "".join(text)).encode("utf-32-le", "surrogatepass")
    if len(codes) != 4 * n:
        return None  # not one code point per char: the Python loop takes the sequence as it is
    turned = list(glyphs.turned.back) if glyphs is not None else []
    turned_arr = (ctypes.c_size_t * max(1, len(turned)))(*turned)
    shift = frame.shift
    args = _PageArgs(frame.sideways, shift is not None, *(shift or (0.0, 0.0)),
                     2 * frame.width, 2 * frame.height, glyphs is not None, embedded,
                     len(turned), turned_arr)
    buffers = native.buffers
    buffers.ensure(n)
    k = native.call(ctypes.byref(native.fns), tp, codes, n, ctypes.byref(args),
                    ctypes.byref(buffers.out), buffers.cap)
    if k < 0:
        return None  # no memory for the object table: the Python loop reads the page
    return _records(text, k, buffers.arrays, frame, glyphs, make, codes)


def _records(text: Sequence[str], k: int, a: dict[str, ctypes.Array[Any]], frame: Frame,
             glyphs: Any, make: type, codes: bytes = b"") -> Records:
    """The chars of the ``k`` records in ``a``: kept as arrays when all were finished in C
    (nearly every page: :class:`CharArrays`; ``codes``: ``text`` as UTF-32 code units), else
    one by one (:func:`_finish`)."""
    flags = a["flags"][:k]
    if not any(flags):
        # kept as the arrays (a copy: the next page reuses them); the Char tuples are built
        # only when a step outside the compiled layout reads them (CharArrays)
        return CharArrays(text, codes, k, a, make), []
    index, x0, top = a["index"][:k], a["x0"][:k], a["top"][:k]
    x1, bottom, size, space = a["x1"][:k], a["bottom"][:k], a["size"][:k], a["space"][:k]
    new = tuple.__new__
    out: list[tuple] = []
    white: list[tuple[int, float, float]] = []
    cx, cy, obj = a["cx"], a["cy"], a["obj"]
    for j in range(k):
        f, s, i = flags[j], space[j], index[j]
        got: Optional[tuple] = (x0[j], top[j], x1[j], bottom[j])
        if f & DEFER:
            got, z, centre = _finish(text[i], i, obj[j], got if f & CLIP else None, frame, glyphs)
        else:
            z, centre = size[j], (cx[j], cy[j])
            if f & RAW:
                got = _on_page(frame, frame.to_top_left(*(x0[j], top[j], x1[j], bottom[j])))
        if got is None:
            continue
        if f & PALE:
            white.append((len(out), *centre))
        out.append(new(make, (" " if s else text[i], *got, z, s)))
    return out, white


#: the columns a :class:`CharArrays` keeps and their ctypes types
_DOUBLES = ("x0", "top", "x1", "bottom", "size")
_KEPT: tuple[tuple[str, int], ...] = (  # name, bytes an item (as _COLUMNS declares them)
    *((name, ctypes.sizeof(_D)) for name in _DOUBLES), ("space", ctypes.sizeof(ctypes.c_bool)),
    ("index", ctypes.sizeof(ctypes.c_int32)))


class CharArrays(Sequence[Any]):
    """A page's chars as the compiled loop's arrays: a sequence of ``make`` tuples (the
    :class:`pdf_objects.Char` records) whose tuples are built on the first item read, once.

    Why: a page's chars are laid out into rows, words and ruled cells in compiled code from
    these arrays (:mod:`pdf_native_rows`); building a tuple per char (about a million per
    corpus pass) only for the layout steps to read their numbers back was the largest cost left
    in reading's Python (docs/benchmark.md, session 15). Steps outside the compiled layout (text
    tables, a cell read from its own chars, pdf_recover's additions) still get the same tuples:
    :meth:`at` builds one, any other read builds the list. The arrays are copies, so a page's
    chars stay valid after the next page is read. Equal to, and printed as, the list of tuples."""

    __slots__ = ("n", "text", "codes", "cols", "views", "make", "_tuples")

    def __init__(self, text: Sequence[str], codes: bytes, k: int,
                 a: dict[str, ctypes.Array[Any]], make: type) -> None:
        self.n, self.text, self.codes, self.make = k, text, codes, make
        self.cols = {name: ctypes.string_at(ctypes.addressof(a[name]), width * k)
                     for name, width in _KEPT}
        cols = self.cols  # read item by item as floats, bools and ints (memoryview casts)
        self.views: dict[str, Any] = {name: memoryview(cols[name]).cast("d") for name in _DOUBLES}
        self.views["space"] = memoryview(cols["space"]).cast("?")
        self.views["index"] = memoryview(cols["index"]).cast("i")
        self._tuples: Optional[list[Any]] = None

    def tuples(self) -> list[Any]:
        """The chars as a list of tuples (built once, by C iterators: no bytecode per char)."""
        if self._tuples is None:
            v, k = self.views, self.n
            texts = list(map(self.text.__getitem__, v["index"]))
            for j in compress(range(k), v["space"]):
                texts[j] = " "  # printed spaces read as " "
            self._tuples = list(map(tuple.__new__, repeat(self.make, k),
                                    zip(texts, v["x0"], v["top"], v["x1"], v["bottom"],
                                        v["size"], v["space"])))
        return self._tuples

    def at(self, i: int) -> Any:
        """Char ``i`` alone (the same tuple's values), without building the list."""
        if self._tuples is not None:
            return self._tuples[i]
        v = self.views
        space = v["space"][i]
        return tuple.__new__(self.make, (" " if space else self.text[v["index"][i]], v["x0"][i],
                                         v["top"][i], v["x1"][i], v["bottom"][i],
                                         v["size"][i], space))

    def __len__(self) -> int:
        return self.n

    def __getitem__(self, i: Any) -> Any:
        return self.tuples()[i]

    def __iter__(self) -> Iterator[Any]:
        return iter(self.tuples())

    def __eq__(self, other: object) -> bool:
        if isinstance(other, CharArrays):
            other = other.tuples()
        return isinstance(other, list) and self.tuples() == other

    __hash__ = None  # type: ignore[assignment]  # a list's value: unhashable like one

    def __repr__(self) -> str:
        return repr(self.tuples())


def columns(chars: Sequence[Any]) -> Optional[dict[str, Any]]:
    """The compiled loop's arrays of ``chars`` (x0, top, x1, bottom, size as doubles, space as
    bools, index as int32, as bytes; and ``codes``, the page's text as UTF-32 code units that
    ``index`` points into), or None when ``chars`` are not a :class:`CharArrays` (chars another
    step made or added, or the Python loop read). Why: :mod:`pdf_native_rows` lays the page out
    in C from them, where building arrays from the tuples again would cost more than it saves."""
    if not isinstance(chars, CharArrays):
        return None
    out: dict[str, Any] = dict(chars.cols)
    out["codes"] = chars.codes
    return out


def _on_page(frame: Frame, box: tuple) -> Optional[tuple]:
    """The top-left box if its centre is on the visible page (pdf_frame.on_page), else None."""
    return box if on_page(frame, *box) else None


def _finish(ch: str, i: int, obj: int, clip: Optional[tuple], frame: Frame, glyphs: Any
            ) -> tuple[Optional[tuple], float, tuple[float, float]]:
    """A char the C loop handed over (measured by declared metrics), as ``_visible`` does it:
    its top-left box (None when dropped), its size and its centre in PDF space."""
    (l, b, r, t), size = glyphs.box(obj, i, ch)
    centre = ((l + r) / 2, (b + t) / 2)
    if clip is not None and not (clip[0] <= l + r <= clip[2] and clip[1] <= b + t <= clip[3]):
        return None, size, centre
    if frame.shift is None:
        box = frame.to_top_left(l, b, r, t)
    else:
        sl, st = frame.shift
        box = (l - sl, st - t, r - sl, st - b)
    return _on_page(frame, box), size, centre
