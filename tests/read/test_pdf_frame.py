"""The page frame (read/pdf_frame.py): PDF user space mapped to top-left page coordinates after
the crop box and /Rotate — checked against where PDFium itself renders a filled box on pages
written byte by byte (tests/read/handmade_pdf.py), at each quarter turn with a crop box. Near
miss: a /Rotate that is not a quarter turn (45) is no rotation, as viewers show it."""

from __future__ import annotations

import pypdfium2 as pdfium
import pytest

from budgetlens.read.pdf_frame import on_page, page_frame, page_rotation

from .handmade_pdf import write_pdf

#: a filled box in user space: (left, bottom, right, top)
BOX = (100.0, 700.0, 140.0, 720.0)
CROP = (50.0, 100.0, 545.0, 800.0)


def _rendered(path: str, crop: bool = True) -> tuple:
    """(frame, mapped box, rendered ink box, image size) of page 1."""
    from PIL import ImageOps

    pdf = pdfium.PdfDocument(path)
    page = pdf[0]
    if crop:
        page.set_cropbox(*CROP)
    frame = page_frame(page)
    image = page.render(scale=1).to_pil().convert("L")
    ink = ImageOps.invert(image).getbbox()
    out = frame, frame.to_top_left(*BOX), ink, image.size, page_rotation(page)
    pdf.close()
    return out


def _box(tmp_path, rotate: int) -> str:
    content = b"0 g %g %g %g %g re f\n" % (BOX[0], BOX[1], BOX[2] - BOX[0], BOX[3] - BOX[1])
    return write_pdf(tmp_path / f"r{rotate}.pdf", content, rotate=rotate)


@pytest.mark.parametrize("rotate", [0, 90, 180, 270])
def test_a_box_lands_where_pdfium_renders_it(tmp_path, rotate):
    frame, mapped, ink, size, rotation = _rendered(_box(tmp_path, rotate))
    assert rotation == rotate
    assert (frame.width, frame.height) == pytest.approx(size, abs=1)
    assert frame.sideways == (rotate in (90, 270))
    assert mapped == pytest.approx(ink, abs=1)
    assert on_page(frame, *mapped)


def test_an_upright_page_is_a_shift_the_char_loop_can_inline(tmp_path):
    frame, mapped, _, _, _ = _rendered(_box(tmp_path, 0))
    left, top = frame.shift
    assert mapped == (BOX[0] - left, top - BOX[3], BOX[2] - left, top - BOX[1])
    turned, _, _, _, _ = _rendered(_box(tmp_path, 90))
    assert turned.shift is None  # a turned page is mapped by its function only


def test_a_rotation_that_is_not_a_quarter_turn_is_none(tmp_path):
    frame, mapped, ink, size, rotation = _rendered(_box(tmp_path, 45))
    assert rotation == 0 and not frame.sideways
    assert mapped == pytest.approx(ink, abs=1)
    assert _rendered(_box(tmp_path, 0))[1] == mapped


def test_a_box_outside_the_crop_box_is_not_on_the_page(tmp_path):
    frame, _, _, _, _ = _rendered(_box(tmp_path, 0))
    assert not on_page(frame, *frame.to_top_left(0.0, 820.0, 40.0, 840.0))  # above the crop
    assert not on_page(frame, *frame.to_top_left(560.0, 400.0, 590.0, 420.0))  # right of it
    assert on_page(frame, *frame.to_top_left(530.0, 400.0, 558.0, 420.0))  # centre 544 < 545
