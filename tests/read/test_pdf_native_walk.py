"""The compiled object walk (read/native/pdfobjects.c via read/pdf_native_walk.py) finds what the
Python walk of read/pdf_paths.read_objects finds, on a page drawn here with every kind of ruling.

Why these cases: the C walk hands each path back as a box in PDF space or as "composite" (more
than five segments), skips white fills, counts paths, composes the matrices of form XObjects,
and hands back text objects in fonts PDFium cannot measure; each is drawn beside a near miss
(a white fill that paints nothing beside a shaded cell, the same rulings on the page and in a
form drawn moved and at the origin), and the page is walked both ways on one open document
(the lost glyphs carry font handles) and compared exactly. The library is the one the char-loop
tests use (tests/read/test_pdf_native.py).
"""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium

from budgetlens.read import pdf_native
from .test_pdf_native import _restore, library  # noqa: F401  (fixtures)


def _draw_rulings(path: Path) -> None:
    """A ruled table each way PDFium hands rulings over: stroked lines (two segments), thin
    filled rectangles, a whole grid as one path (more than five segments: "composite"), a white
    fill that paints nothing (near miss), a shaded cell, and the same rulings again inside a
    form XObject drawn scaled and moved (its matrix composed with the page's)."""
    from reportlab.lib.colors import Color
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    c = canvas.Canvas(str(path), pagesize=(400, 500))

    def table(x: float, y: float) -> None:
        c.setLineWidth(0.8)
        for k in range(4):
            c.line(x, y + 20 * k, x + 150, y + 20 * k)  # stroked lines
        c.setFillColor(Color(0, 0, 0))
        for k in range(3):
            c.rect(x + 50 * k, y, 0.5, 60, stroke=0, fill=1)  # thin filled rectangles
        c.setFillColor(Color(1, 1, 1))
        c.rect(x + 10, y + 5, 30, 10, stroke=0, fill=1)  # white fill: nothing visible
        c.setFillColor(Color(0.8, 0.8, 0.8))
        c.rect(x + 60, y + 25, 30, 10, stroke=0, fill=1)  # a shaded cell: four sides
        p = c.beginPath()  # a grid as one path of many segments
        for k in range(4):
            p.moveTo(x, y + 70 + 10 * k)
            p.lineTo(x + 150, y + 70 + 10 * k)
        c.setFillColor(Color(0, 0, 0))
        c.drawPath(p, stroke=1, fill=0)
        c.setFont("STSong-Light", 9)
        c.drawString(x + 5, y + 45, "项目 合计 12.5")

    table(20, 20)
    c.beginForm("cells")
    table(0, 0)
    c.endForm()
    c.saveState()
    c.transform(1.2, 0, 0, 0.9, 200, 250)
    c.doForm("cells")
    c.restoreState()
    c.doForm("cells")  # the same form at the page's own origin
    c.save()


def _walk_both(path: Path, library: Path) -> tuple[str, str]:
    """``repr`` of :func:`read_objects` of page 1 by the Python walk and by the C walk, on one
    open page (the lost glyphs carry font handles, equal only within one open document)."""
    from budgetlens.read.pdf_frame import page_frame
    from budgetlens.read.pdf_glyphs import Straightened
    from budgetlens.read.pdf_paths import read_objects

    pdf = pdfium.PdfDocument(str(path))
    out = []
    try:
        page = pdf[0]
        for native in (False, True):
            pdf_native.use(native, library)
            turned = Straightened()
            try:
                out.append(repr(read_objects(page, page_frame(page), turned)))
            finally:
                turned.restore()
    finally:
        pdf.close()
    return out[0], out[1]


def test_the_object_walk_reads_the_same_both_ways(tmp_path, library, monkeypatch):
    from budgetlens.read import pdf_native_walk

    path = tmp_path / "rulings.pdf"
    _draw_rulings(path)
    walks: list = []
    real = pdf_native_walk.walk
    monkeypatch.setattr(pdf_native_walk, "walk", lambda *a: walks.append(real(*a)) or walks[-1])
    python, native = _walk_both(path, library)
    assert python == native
    records = walks[-1].records  # the C walk reached every kind of record, and both forms
    assert {r[0] for r in records} == {pdf_native_walk.BOX, pdf_native_walk.COMPOSITE,
                                       pdf_native_walk.TEXT}
    assert len({id(r[2]) for r in records}) == 3  # the page's IDENTITY and the two forms' matrices
    assert native.count("'orientation': 'h'") >= 3 * (4 + 4)  # lines and grid rows, each table
    assert "paths=" in native and "embedded=False" in native  # STSong-Light is not embedded


def test_a_walk_with_more_objects_than_its_buffers_grows_them(tmp_path, library):
    """The C walk never writes past its capacities: a page with more records or forms than the
    buffers hold makes it answer -1, the buffers are doubled and the walk asked again."""
    from budgetlens.read import pdf_native_walk

    path = tmp_path / "rulings.pdf"
    _draw_rulings(path)
    python, _ = _walk_both(path, library)
    pdf_native.use(True, library)
    native = pdf_native._native()
    assert native is not None
    state = pdf_native_walk._STATES.get(native.lib._name) or pdf_native_walk._State(native.lib)
    pdf_native_walk._STATES[native.lib._name] = state
    state.grow(1, 1)
    _, walked = _walk_both(path, library)
    assert walked == python
    assert state.walk.cap > 1 and state.walk.mcap > 1
