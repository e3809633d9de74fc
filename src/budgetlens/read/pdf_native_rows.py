"""A page's rows and words in compiled code (``native/pdfrows.c``), for :class:`pdf_rows.PageRows`.

Why: once the char loop and the object walk were compiled (session 13), the largest Python left
in reading was the per-char work of laying a page out: sorting its chars by centre, cutting rows,
sorting each row and splitting it into words (:func:`pdf_layout.mid_order`, ``row_starts``,
``row_words``), a loop of bytecode per char. The C steps compute the same orders, row starts and
word boxes with the same double arithmetic; here the chars' fields go in as flat arrays and the
same :class:`Word` tuples and lists come out, built by C iterators (map, zip). Without the
library (or with ``BUDGETLENS_NATIVE=0``), or for chars the arrays cannot carry exactly (a
coordinate that is not a float, a text that is not one code point), :func:`page_rows` answers
None and the Python steps run, with identical results (tests/read/test_pdf_native_rows.py).
"""

from __future__ import annotations

import ctypes
from array import array
from itertools import chain, repeat
from operator import itemgetter
from typing import Any, NamedTuple, Optional, Sequence

from budgetlens.model import Word
from budgetlens.read import pdf_native
from budgetlens.read.settings import LayoutSettings

_P = ctypes.POINTER
_I32, _D = ctypes.c_int32, ctypes.c_double
_OUT_INT = ("order", "starts", "perm", "wrows", "wfirst", "wend")
_OUT_DOUBLE = ("mids", "wx0", "wtop", "wx1", "wbottom")


class _Rows(ctypes.Structure):
    _fields_ = [("n", _I32), *((name, _P(_D)) for name in ("x0", "top", "x1", "bottom", "size")),
                ("space", _P(ctypes.c_uint8)), ("index", _P(_I32)), ("code", _P(ctypes.c_uint32)),
                ("line_tol", _D), ("word_gap", _D), ("duplicate", _D),
                ("order", _P(_I32)), ("mids", _P(_D)), ("starts", _P(_I32)), ("perm", _P(_I32)),
                ("wrows", _P(_I32)), ("wfirst", _P(_I32)), ("wend", _P(_I32)),
                *((name, _P(_D)) for name in ("wx0", "wtop", "wx1", "wbottom")),
                ("text", _P(ctypes.c_uint32)), ("nrows", _I32), ("nwords", _I32)]


class Laid(NamedTuple):
    """What :class:`pdf_rows.PageRows` keeps of a page (see its docstring), the chars by their
    places in the input (``order``: the input's index of each char in mid order; ``placed``:
    of each char in its row's order, rows one after the other) rather than as tuples."""

    order: list[int]
    mids: list[float]
    starts: list[int]
    perms: list[list[int]]
    words: list[list[Word]]
    firsts: list[list[int]]
    placed: list[int]
    #: the filled record and the arrays it points into, for :func:`grid_runs`
    native: Any = None


_NUMBERS = itemgetter(1, 2, 3, 4, 5)  # Char x0, top, x1, bottom, size
_FIELDS = tuple(itemgetter(i) for i in range(7))  # text, x0, top, x1, bottom, size, space
_new = tuple.__new__
_ZERO = {code: array(code, [0]) for code in "idI"}  # one zero item of each output type


def _address(buf: array[Any]) -> int:
    """Where an array's items are (they stay there while it is not resized)."""
    return buf.buffer_info()[0]


def _call(lib: ctypes.CDLL, name: str = "bl_page_rows") -> Any:
    """The library's function ``name``, its types declared on first use (None: a library built
    before it existed)."""
    call = getattr(lib, name, None)
    if call is not None and call.argtypes is None:
        call.restype = ctypes.c_int32
        call.argtypes = [_P(_Rows)] if name == "bl_page_rows" else [
            _P(_Rows), _P(_D), _I32, _P(_D), _I32, _P(_I32), _P(_I32)]
    return call


def page_rows(chars: Sequence[Any], layout: LayoutSettings,
              cols: Optional[dict[str, Any]] = None) -> Optional[Laid]:
    """The rows and words of a page's chars as the Python steps make them, or None when the
    compiled code is not used or ``chars`` are not the compiled char loop's last page (``cols``:
    their arrays, :func:`columns_of`, instead)."""
    native = pdf_native._native()
    call = _call(native.lib) if native is not None else None
    n = len(chars)
    if call is None or n == 0:
        return None
    cols = pdf_native.columns(chars) if cols is None else cols
    if cols is None:
        return None  # chars another step made or added: the Python steps
    # zeroed by repetition (array("i", bytes(…)) converts item by item: ten times slower)
    outs: dict[str, array[Any]] = {name: _ZERO["i"] * (n + 1) for name in _OUT_INT}
    outs.update({name: _ZERO["d"] * n for name in _OUT_DOUBLE})
    out_text = _ZERO["I"] * n
    rec = _Rows(n, *(ctypes.cast(cols[name], _P(_D)) for name in ("x0", "top", "x1", "bottom",
                                                                  "size")),
                ctypes.cast(cols["space"], _P(ctypes.c_uint8)),
                ctypes.cast(cols["index"], _P(_I32)), ctypes.cast(cols["codes"], _P(ctypes.c_uint32)),
                layout.line_tol, layout.word_gap, layout.duplicate)
    for name in _OUT_INT:
        setattr(rec, name, ctypes.cast(_address(outs[name]), _P(_I32)))
    for name in _OUT_DOUBLE:
        setattr(rec, name, ctypes.cast(_address(outs[name]), _P(_D)))
    rec.text = ctypes.cast(_address(out_text), _P(ctypes.c_uint32))
    if call(ctypes.byref(rec)) != 0:
        return None  # no memory, or a NaN centre or edge: the Python steps read the page
    return _laid(rec, outs, out_text)._replace(native=(rec, cols, outs))


def columns_of(chars: Sequence[Any]) -> Optional[dict[str, Any]]:
    """The arrays :func:`page_rows` takes, made from any chars (as :func:`pdf_native.columns`
    gives them for the compiled loop's own), or None when they cannot carry the chars exactly:
    a text of several code points, a number that is not a float. Slower than the Python steps
    themselves: for tests and tools that lay out chars made elsewhere."""
    text = "".join(map(_FIELDS[0], chars))
    codes = text.encode("utf-32-le", "surrogatepass")
    if len(codes) != 4 * len(chars) or \
            set(map(type, chain.from_iterable(map(_NUMBERS, chars)))) != {float}:
        return None
    cols: dict[str, Any] = {name: array("d", map(_FIELDS[i], chars)).tobytes()
                            for i, name in enumerate(("x0", "top", "x1", "bottom", "size"), 1)}
    cols["space"] = bytes(map(bool, map(_FIELDS[6], chars)))
    cols["index"] = array("i", range(len(chars))).tobytes()
    cols["codes"] = codes
    return cols


def grid_runs(native: Any, xs: Sequence[float], ys: Sequence[float],
              slot_cell: Sequence[Sequence[int]], ncells: int) -> Optional[list[list[list[int]]]]:
    """:meth:`pdf_rows.PageRows._runs` of one grid, in compiled code, over a page laid out by
    :func:`page_rows` (``native``: its :attr:`Laid.native`, which keeps the arrays it was laid
    out from: a page's chars own copies of them, :class:`pdf_native.CharArrays`); None from a
    library built before it existed (the caller runs its Python steps)."""
    rec = native[0]  # (cols and outs kept with it: the arrays it points into)
    native_lib = pdf_native._native()
    call = None if native_lib is None else _call(native_lib.lib, "bl_grid_runs")
    if call is None:
        return None
    bounds = array("d", xs), array("d", ys)
    slot = array("i", chain.from_iterable(slot_cell))
    out = _ZERO["i"] * (4 * rec.n)
    k = call(ctypes.byref(rec), ctypes.cast(_address(bounds[0]), _P(_D)), len(xs),
             ctypes.cast(_address(bounds[1]), _P(_D)), len(ys),
             ctypes.cast(_address(slot), _P(_I32)), ctypes.cast(_address(out), _P(_I32)))
    runs: list[list[list[int]]] = [[] for _ in range(ncells)]
    flat = out[:4 * k].tolist()
    for i in range(0, 4 * k, 4):
        runs[flat[i]].append(flat[i + 1:i + 4])
    return runs


def _laid(rec: _Rows, outs: dict[str, array[Any]], out_text: array[int]) -> Laid:
    """The lists and tuples of :class:`Laid` from the filled arrays."""
    n, nrows, nwords = rec.n, rec.nrows, rec.nwords
    order = outs["order"][:n].tolist()
    starts = outs["starts"][:nrows + 1].tolist()
    perm = outs["perm"][:n].tolist()
    perms = list(map(perm.__getitem__, map(slice, starts, starts[1:])))
    ends = outs["wend"][:nwords].tolist()
    joined = out_text[:ends[-1] if ends else 0].tobytes().decode("utf-32-le", "surrogatepass")
    texts = list(map(joined.__getitem__, map(slice, [0, *ends[:-1]], ends)))
    boxes = [outs[name][:nwords].tolist() for name in ("wx0", "wtop", "wx1", "wbottom")]
    flat = list(map(_new, repeat(Word, nwords), zip(texts, *boxes)))
    wrows = outs["wrows"][:nrows + 1].tolist()
    cuts = list(map(slice, wrows, wrows[1:]))
    wfirst = outs["wfirst"][:nwords].tolist()
    return Laid(order, outs["mids"][:n].tolist(), starts, perms,
                list(map(flat.__getitem__, cuts)), list(map(wfirst.__getitem__, cuts)),
                list(map(order.__getitem__, perm)))


__all__ = ["Laid", "grid_runs", "page_rows"]
