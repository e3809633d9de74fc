"""The Protocols of pypdfium2's objects (read/pdfium_types.py) name what the reader calls: a real
pypdfium2 document, page and text page have every method they declare, and the one function,
``text_page_parent``, finds the page a text page was made from. Near miss: an object that does
not say its page gives None (the reader then skips the dark-area look under white text)."""

from __future__ import annotations

import inspect

import pypdfium2 as pdfium

from budgetlens.read import pdfium_types as types


def _declared(protocol: type) -> set[str]:
    return {name for name, _ in inspect.getmembers(protocol, inspect.isfunction)}


def test_pypdfium2_objects_offer_what_the_protocols_declare():
    pdf = pdfium.PdfDocument.new()
    page = pdf.new_page(595, 842)
    textpage = page.get_textpage()
    bitmap = page.render(scale=0.1)
    for obj, protocol in ((pdf, types.PdfiumDocument), (page, types.PdfiumPage),
                          (textpage, types.PdfiumTextPage), (bitmap, types.PdfiumBitmap)):
        declared = _declared(protocol) - {"__init__"}
        assert declared and all(callable(getattr(obj, name, None)) for name in declared), protocol
    assert page.get_mediabox() == (0.0, 0.0, 595.0, 842.0)  # a PdfBox: left, bottom, right, top
    assert types.text_page_parent(textpage) is page
    textpage.close()
    page.close()
    pdf.close()


def test_an_object_that_does_not_say_its_page_has_none():
    class Detached:
        raw = None

    assert types.text_page_parent(Detached()) is None  # type: ignore[arg-type]
