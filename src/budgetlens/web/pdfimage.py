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
from typing import Callable, Optional

#: Pixels per PDF point (1.5 ≈ 108 dpi: legible table text, ~100–200 KB per page).
SCALE = 1.5
#: The rendered pages kept, by their bytes (about 500 pages of ~200 KB): a count of pages kept too
#: few for a reader going through a library of 200 documents — an LRU scanned in a cycle longer
#: than itself never hits (measured: the cached page image was as slow as the first render).
CACHE_BYTES = 96 << 20
#: zlib level of the PNG: Pillow's default (6) spent most of a first render's CPU on compression
#: (measured on 万里街道 2024, 10 pages at SCALE: render 6.6 ms, PNG level 6 31.7 ms and 211 KB,
#: level 1 17.2 ms and 174 KB — a page of text and rules compresses no worse at level 1).
PNG_LEVEL = 1
CACHE_DOCUMENTS = 256
_cache: "OrderedDict[tuple, bytes]" = OrderedDict()
_sizes: "OrderedDict[tuple, list[tuple[float, float]]]" = OrderedDict()
_used = [0]  # bytes held by _cache
_lock = threading.Lock()
#: PDFium is not thread-safe and pages are served from a thread pool: one call at a time.
_pdfium = threading.Lock()


def page_sizes(key: tuple, load: Callable[[], Optional[bytes]]) -> Optional[list[tuple[float, float]]]:
    """(width, height) in points of every page, cached by ``key`` (engine, document): a page view
    then needs no read of the original. ``load`` gives the PDF's bytes on a miss (None: none)."""
    with _lock:
        if key in _sizes:
            return _sizes[key]
    content = load()
    if content is None:
        return None
    import pypdfium2 as pdfium

    with _pdfium:
        pdf = pdfium.PdfDocument(content)
        try:
            sizes = [tuple(pdf.get_page_size(i)) for i in range(len(pdf))]
        finally:
            pdf.close()
    with _lock:
        _sizes[key] = sizes
        while len(_sizes) > CACHE_DOCUMENTS:
            _sizes.popitem(last=False)
    return sizes


def cached_png(key: tuple) -> Optional[bytes]:
    """The page's PNG if it was rendered before (a stored document never changes): a hit needs
    neither the original's bytes from the library nor PDFium."""
    with _lock:
        if key in _cache:
            _cache.move_to_end(key)
            return _cache[key]
    return None


def render_png(key: tuple, content: bytes, page_no: int) -> Optional[bytes]:
    """The page as PNG bytes, cached by ``key`` (engine, document, page); None if no such page."""
    hit = cached_png(key)
    if hit is not None:
        return hit
    import pypdfium2 as pdfium

    with _pdfium:
        pdf = pdfium.PdfDocument(content)
        try:
            if not 1 <= page_no <= len(pdf):
                return None
            image = pdf[page_no - 1].render(scale=SCALE).to_pil()
        finally:
            pdf.close()
    buf = io.BytesIO()
    image.save(buf, format="PNG", compress_level=PNG_LEVEL)
    png = buf.getvalue()
    with _lock:
        _cache[key] = png
        _used[0] += len(png)
        while _used[0] > CACHE_BYTES and len(_cache) > 1:
            _used[0] -= len(_cache.popitem(last=False)[1])
    return png
