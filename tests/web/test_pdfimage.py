"""A stored PDF's page as a PNG and its size in points (web/pdfimage.py), on a PDF the test draws
(A4 and an A3 landscape page): sizes in points, the image at SCALE pixels per point, a page that
does not exist gives None (the near miss), and a page rendered once is served from the cache."""

from __future__ import annotations

import io

import pytest

pytest.importorskip("reportlab")

from PIL import Image  # noqa: E402
from reportlab.lib.pagesizes import A3, A4, landscape  # noqa: E402
from reportlab.pdfgen import canvas  # noqa: E402

from budgetlens.web import pdfimage  # noqa: E402


@pytest.fixture(scope="module")
def two_pages(tmp_path_factory) -> bytes:
    path = tmp_path_factory.mktemp("pdfimage") / "two.pdf"
    c = canvas.Canvas(str(path), pagesize=A4)
    c.drawString(72, 720, "page one")
    c.showPage()
    c.setPageSize(landscape(A3))
    c.drawString(72, 500, "page two")
    c.save()
    return path.read_bytes()


def test_page_sizes_are_the_pages_points_and_read_once(two_pages):
    calls = []
    key = ("test", "sizes")

    def load():
        calls.append(1)
        return two_pages

    sizes = pdfimage.page_sizes(key, load)
    assert [tuple(round(v) for v in s) for s in sizes] == [
        tuple(round(v) for v in A4), tuple(round(v) for v in landscape(A3))]
    assert pdfimage.page_sizes(key, load) == sizes and len(calls) == 1
    assert pdfimage.page_sizes(("test", "none"), lambda: None) is None


def test_a_page_renders_at_the_scale_and_is_cached(two_pages):
    key = ("test", "png", 2)
    assert pdfimage.cached_png(key) is None
    png = pdfimage.render_png(key, two_pages, 2)
    image = Image.open(io.BytesIO(png))
    width, height = landscape(A3)
    assert image.format == "PNG"
    assert abs(image.width - width * pdfimage.SCALE) <= 1
    assert abs(image.height - height * pdfimage.SCALE) <= 1
    assert pdfimage.cached_png(key) == png
    assert pdfimage.render_png(key, b"not read again", 2) == png


def test_a_page_that_does_not_exist_is_none(two_pages):
    assert pdfimage.render_png(("test", "png", 3), two_pages, 3) is None
    assert pdfimage.render_png(("test", "png", 0), two_pages, 0) is None
