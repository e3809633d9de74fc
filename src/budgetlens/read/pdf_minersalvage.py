"""pdfminer's salvage of a damaged Flate stream, in linear time.

When ``zlib`` rejects a stream, pdfminer (``pdftypes.decompress_corrupted``, pdfminer.six
20231228 to 20260107 at least) feeds it to a decompressor one byte at a time and appends each
piece to a ``bytes`` object: one Python call per input byte and a copy of everything decoded so
far per byte, so the time grows with input × output. A damaged 1 MB content stream took 12 of a
fuzz case's 20 CPU-seconds inside it (pdf-2026-012765, docs/reliability.md), on the page whose
lost glyphs :mod:`pdf_recover` asks pdfminer to render.

:func:`salvage` returns what pdfminer's function (20260107, the lock's) returns and raises where
it raises: damage before the last four bytes (the checksum) raises ``zlib.error``. pdfminer
20231228, the lower bound, returned the output up to the damage instead; with ours installed the
answer is the same whichever version is installed. The stream is fed whole, the decompressor's
state copied first; where ``zlib`` fails, the span is halved and each half fed from the copy, down
to a few bytes fed one at a time, to find the byte pdfminer would stop at. Decoding does not
depend on how the input is split, so the output is the same; the calls grow with the logarithm of
the stream's length. :func:`install` puts it in pdfminer's place (the module attribute its
``PDFStream.decode`` calls); the recovery calls it before it opens a page.
"""

from __future__ import annotations

import logging
import zlib
from typing import Any, Optional

from pdfminer import pdftypes

#: Below this many input bytes a span is fed one byte at a time (pdfminer's own way).
SMALL = 16

_log = logging.getLogger(pdftypes.__name__)

def salvage(data: bytes) -> bytes:
    """What a damaged Flate stream decodes to up to its damage (pdfminer's rule: a stream that
    fails before its last four bytes — its checksum — raises ``zlib.error``)."""
    parts: list[bytes] = []
    _, failed, error = _feed(zlib.decompressobj(), memoryview(data), 0, len(data), parts)
    if failed is not None and error is not None:
        if failed < len(data) - 3:
            raise error
        _log.warning("Data-loss while decompressing corrupted data")
    return b"".join(parts)


_Fed = tuple[Any, Optional[int], Optional[zlib.error]]  # (decompressor, failing byte, its error)


def _feed(d: Any, data: memoryview, start: int, end: int, parts: list[bytes]) -> _Fed:
    """Feed ``data[start:end]`` to ``d``, appending the output; on damage, the index of the
    byte ``zlib`` fails at and its error. A span fails as a whole exactly when one of its bytes
    fails fed alone, so a failing span is halved, each half tried from a copy of the state
    before it: about two calls per halving instead of one call per byte."""
    if end - start <= SMALL:
        for at in range(start, end):
            try:
                parts.append(d.decompress(data[at:at + 1]))
            except zlib.error as exc:
                return d, at, exc
        return d, None, None
    before = d.copy()
    try:
        parts.append(d.decompress(data[start:end]))
        return d, None, None
    except zlib.error:
        d = before
    mid = (start + end) // 2
    d, failed, error = _feed(d, data, start, mid, parts)
    if failed is not None:
        return d, failed, error
    return _feed(d, data, mid, end, parts)


def install() -> None:
    """Make pdfminer's stream decoding use :func:`salvage` (idempotent)."""
    pdftypes.decompress_corrupted = salvage
