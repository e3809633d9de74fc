"""A page of a stored original PDF as a PNG (pypdfium2), and its size in PDF points.

Why rendered from the stored bytes: the original path may be gone or on another machine; the
library keeps every file (docs/store.md). Why the box is not drawn into the image: the page view
overlays it in HTML at the fact's coordinates (top-left origin, points), so one cached image
serves every cell of the page and the box stays sharp at any zoom.
"""

from __future__ import annotations

import io
import threading
from collections import OrderedDict
from typing import Optional

#: Pixels per PDF point (1.5 ≈ 108 dpi: legible table text, ~200 KB per page).
SCALE = 1.5
CACHE_PAGES = 32
_cache: "OrderedDict[tuple, bytes]" = OrderedDict()
_lock = threading.Lock()


def page_count(content: bytes) -> int:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(content)
    try:
        return len(pdf)
    finally:
        pdf.close()


def page_size(content: bytes, page_no: int) -> Optional[tuple[float, float]]:
    """(width, height) in points of 1-based ``page_no``; None when the page does not exist."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(content)
    try:
        if not 1 <= page_no <= len(pdf):
            return None
        return tuple(pdf[page_no - 1].get_size())
    finally:
        pdf.close()


def render_png(key: tuple, content: bytes, page_no: int) -> Optional[bytes]:
    """The page as PNG bytes, cached by ``key`` (engine, document, page); None if no such page."""
    with _lock:
        if key in _cache:
            _cache.move_to_end(key)
            return _cache[key]
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(content)
    try:
        if not 1 <= page_no <= len(pdf):
            return None
        image = pdf[page_no - 1].render(scale=SCALE).to_pil()
    finally:
        pdf.close()
    buf = io.BytesIO()
    image.save(buf, format="PNG", optimize=False)
    png = buf.getvalue()
    with _lock:
        _cache[key] = png
        while len(_cache) > CACHE_PAGES:
            _cache.popitem(last=False)
    return png
