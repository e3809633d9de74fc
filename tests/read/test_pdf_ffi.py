"""PDFium's C functions as the reader calls them (read/pdf_ffi.py), on a document reportlab
writes: a handle's address, a function taking handles as plain ints (``by_address``), one taking
a prepared pointer (``unchecked`` with :func:`pointer`) and a boxed :class:`Handle` passed on to
the next call. Near misses: a NULL handle is address 0; a page index past the end loads no page."""

from __future__ import annotations

import ctypes

import pypdfium2 as pdfium
import pytest

from budgetlens.read.pdf_ffi import Handle, address, by_address, pointer, unchecked

pytest.importorskip("reportlab")


@pytest.fixture()
def pdf(tmp_path):
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(tmp_path / "three.pdf"), pagesize=(595, 842))
    for size in ((595, 842), (842, 595), (300, 400)):
        c.setPageSize(size)
        c.drawString(72, 72, "page")
        c.showPage()
    c.save()
    doc = pdfium.PdfDocument(str(tmp_path / "three.pdf"))
    yield doc
    doc.close()


def test_a_handle_is_its_address(pdf):
    at = address(pdf.raw)
    assert at and at == ctypes.cast(pdf.raw, ctypes.c_void_p).value
    assert address(None) == 0


def test_functions_called_by_address_and_by_prepared_pointer_agree(pdf):
    count = by_address("FPDF_GetPageCount", ctypes.c_int, ctypes.c_void_p)
    assert count(address(pdf.raw)) == len(pdf) == 3
    fast = unchecked("FPDF_GetPageCount", ctypes.c_int)
    assert fast(pointer(address(pdf.raw))) == 3


def test_a_boxed_handle_is_passed_on_as_it_is(pdf):
    load = unchecked("FPDF_LoadPage", Handle)
    width = unchecked("FPDF_GetPageWidthF", ctypes.c_float)
    height = unchecked("FPDF_GetPageHeightF", ctypes.c_float)
    close = unchecked("FPDF_ClosePage", None)
    doc = pointer(address(pdf.raw))
    page = load(doc, 1)
    assert isinstance(page, Handle) and page.value
    assert (width(page), height(page)) == (842.0, 595.0)  # the second page, landscape
    close(page)
    assert not load(doc, 3).value  # no fourth page: NULL
