"""PDFium's C functions as the reader calls them: ctypes copies typed for the call rate they see.

Why not pypdfium2's own bindings for everything: the reader asks PDFium for two things per char
and six per text object (a million chars per corpus pass), and there the ctypes machinery around a
call costs more than the PDFium work inside it. pypdfium2's typed handles must be cast to be
compared or hashed, each call converts its arguments by their declared types, and the library is a
``CDLL`` that releases the GIL around every call. The copies here keep the GIL (``PyDLL``), take
handles as plain ints or as prepared pointer arguments (:func:`pointer`), and are private to the
reader (a lookup makes a new function object, so typing it changes no one else's). Not
thread-safe: PDFium is not either, so call from one thread per process.
"""

from __future__ import annotations

import ctypes
from typing import Any, Callable, Optional

import pypdfium2.raw as pdfium_c


def address(ptr: Any) -> int:
    """The address a pypdfium2 handle points to (0 for NULL)."""
    return ctypes.cast(ptr, ctypes.c_void_p).value or 0


_PYDLL: dict[str, ctypes.CDLL] = {}
#: A PDFium function as ctypes calls it: what it takes and answers is what its ``restype`` and
#: ``argtypes`` declare at run time (ints, handles, ``byref`` arguments), which the type check
#: cannot see (ctypes' own stubs type a foreign function's call as taking and giving Any).
CFunction = Callable[..., Any]


def _library() -> ctypes.CDLL:
    """PDFium's functions, looked up afresh and marked to keep the GIL during the call
    (``ctypes.PyDLL``): releasing and taking it back around each call cost a tenth of a call that
    takes a microsecond; no other thread may enter PDFium meanwhile anyway."""
    from pypdfium2_raw import bindings

    path = getattr(bindings._libs["pdfium"], "_name", None)
    if path is None:  # pragma: no cover - a loader we do not know: its own CDLL
        return bindings._libs["pdfium"]
    return _PYDLL.setdefault(path, ctypes.PyDLL(path))


def by_address(name: str, restype: Optional[type[ctypes._CDataType]],
               *argtypes: type[ctypes._CDataType]) -> CFunction:
    """A private copy of a PDFium function that takes and returns handles as plain ints.
    (``ctypes._CDataType``: the kind of a ctypes type, ``c_int``, ``c_void_p``, :class:`Handle`
    …, as ctypes' stubs name it; private to them, so it appears in annotations only.)

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

        def call(*args: Any) -> Any:
            cast = [ctypes.cast(a, t) if isinstance(a, int) and issubclass(t, ctypes._Pointer)
                    else a for a, t in zip(args, wants)]
            out = typed(*cast)
            return address(out) if restype is ctypes.c_void_p else out
        return call


def unchecked(name: str, restype: Optional[type[ctypes._CDataType]],
              *argtypes: type[ctypes._CDataType]) -> CFunction:
    """A private copy of a PDFium function without argument types, for the per-char and
    per-object calls: ctypes then converts nothing but passes a prepared pointer argument
    (:func:`pointer`, a ``byref``, a ``c_void_p``) as is and a Python int as a C int, which costs
    half the call of :func:`by_address`. Pointers must be passed prepared (a bare address does
    not fit a C int and raises instead of being truncated). Falls back to :func:`by_address`
    when the library handle is not reachable: pass plain ints then (see :func:`pointer`)."""
    try:
        fn = _library()[name]
        fn.restype = restype
        return fn
    except (ImportError, AttributeError, KeyError, TypeError, OSError):  # pragma: no cover
        return by_address(name, restype, *argtypes)


_AT, _REF = ctypes.c_char.from_address, ctypes.byref


def pointer(at: int) -> ctypes._CArgObject:
    """A pointer argument to ``at`` for the :func:`unchecked` functions, made once and passed
    to many calls. Why a ``byref`` of a byte placed at that address and not a ``c_void_p``:
    ctypes copies a ``byref`` into the call as it is, while a ``c_void_p`` is converted again
    on every call (a search of ctypes' format table and a new argument object), which cost a
    fifth of a per-char call."""
    return _REF(_AT(at))


class Handle(ctypes.c_void_p):
    """A PDFium handle kept boxed: ctypes hands a function declared to return a subclass of
    ``c_void_p`` its result as is, not converted to an int, so it can be passed on to the next
    unchecked call (:func:`unchecked`) without being boxed again. ``.value`` is the address."""
