"""The parts of pypdfium2's objects the reader uses, as narrow Protocols for the type check.

Why: pypdfium2 ships no type information, so mypy sees its documents, pages and text pages as
``Any`` and would check nothing the reader does with them. These Protocols name exactly the
attributes and methods the reader calls (a real ``pypdfium2.PdfDocument``, ``PdfPage``,
``PdfTextPage`` and ``PdfBitmap`` have them, on every version from the declared minimum on), so
a call the objects do not offer, or a result used as the wrong type, fails the check. They are
never instantiated: the reader is handed pypdfium2's own objects.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Optional, Protocol

if TYPE_CHECKING:
    from PIL.Image import Image

#: A raw PDFium handle as pypdfium2 hands it out (``.raw``: a ctypes pointer of
#: ``pypdfium2.raw``, FPDF_DOCUMENT, FPDF_PAGE, FPDF_TEXTPAGE). Its ctypes class is generated
#: by pypdfium2 and has no stub; the reader only passes it on to PDFium's functions (untyped
#: too) or to :func:`budgetlens.read.pdf_ffi.address`, so it stays opaque here.
RawHandle = Any

#: A box as PDFium answers it: (left, bottom, right, top) in PDF user space.
PdfBox = tuple[float, float, float, float]


class PdfiumBitmap(Protocol):
    """A rendered page (``PdfPage.render``)."""

    def to_numpy(self) -> Any:
        """The pixels as a numpy array (numpy is only there with the OCR extra)."""

    def to_pil(self) -> Image:
        """The pixels as a Pillow image."""

    def close(self) -> None: ...


class PdfiumTextPage(Protocol):
    """A page's text (``PdfPage.get_textpage``)."""

    raw: RawHandle

    def get_text_range(self, index: int = 0, count: int = -1) -> str: ...

    def count_chars(self) -> int: ...

    def close(self) -> None: ...


class PdfiumPage(Protocol):
    """One page of a :class:`PdfiumDocument`."""

    raw: RawHandle

    def get_cropbox(self) -> PdfBox: ...

    def get_mediabox(self) -> PdfBox: ...

    def get_textpage(self) -> PdfiumTextPage: ...

    def render(self, scale: float = 1, grayscale: bool = False) -> PdfiumBitmap: ...

    def close(self) -> None: ...


class PdfiumDocument(Protocol):
    """An open PDF (``pypdfium2.PdfDocument``)."""

    raw: RawHandle

    def __len__(self) -> int: ...

    def __getitem__(self, index: int) -> PdfiumPage: ...

    def get_metadata_dict(self, skip_empty: bool = False) -> dict[str, str]: ...

    def close(self) -> None: ...


def text_page_parent(textpage: PdfiumTextPage) -> Optional[PdfiumPage]:
    """The page a text page was made from (pypdfium2 keeps it as ``.parent``), None when the
    object does not say: the page is only needed to look for dark areas under white text."""
    return getattr(textpage, "parent", None)


__all__ = ["RawHandle", "PdfBox", "PdfiumBitmap", "PdfiumTextPage", "PdfiumPage", "PdfiumDocument",
           "text_page_parent"]
