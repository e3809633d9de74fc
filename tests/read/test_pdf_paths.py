"""Ruling edges of a page's path objects (read/pdf_paths.py) on PDFs the test draws: a thin
filled bar is one ruling, a larger box gives its four sides, a box over most of the page is its
background, a grid drawn as one path gives its segments; ``grid.thin`` (a setting since session
14) decides how thin a ruling is."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("reportlab")

import pypdfium2 as pdfium  # noqa: E402
from reportlab.lib.pagesizes import A4  # noqa: E402
from reportlab.pdfgen import canvas  # noqa: E402

from budgetlens.read.pdf import read_page_chars  # noqa: E402
from budgetlens.read.settings import DEFAULT_READ  # noqa: E402

W, H = A4


def _edges(path: Path, thin: float = DEFAULT_READ.grid.thin) -> list[dict]:
    pdf = pdfium.PdfDocument(str(path))
    try:
        return read_page_chars(pdf, 0, "", thin)[2].edges
    finally:
        pdf.close()


def _bar(tmp_path: Path, height: float) -> Path:
    path = tmp_path / f"bar{height}.pdf"
    c = canvas.Canvas(str(path), pagesize=A4)
    c.rect(100.0, 500.0, 300.0, height, stroke=0, fill=1)
    c.save()
    return path


def test_grid_thin_decides_whether_a_filled_bar_is_a_ruling(tmp_path):
    """A filled bar 2.5 pt high is a shaded box by default (four sides) and a ruling under
    ``grid.thin=3``; a 1.5 pt bar is a ruling either way. The near miss: a 4 pt bar stays a
    box under that setting."""
    thin = DEFAULT_READ.override({"grid.thin": "3"}).grid.thin
    assert len(_edges(_bar(tmp_path, 2.5))) == 4
    (ruling,) = _edges(_bar(tmp_path, 2.5), thin)
    assert ruling["orientation"] == "h" and abs(ruling["x1"] - ruling["x0"] - 300.0) < 0.01
    assert len(_edges(_bar(tmp_path, 1.5))) == 1
    assert len(_edges(_bar(tmp_path, 4.0), thin)) == 4


def test_a_page_background_is_no_table_and_a_grid_path_gives_its_segments(tmp_path):
    """A filled box over the whole page gives no edge (a background, not a table); a 2 × 2
    grid stroked as one path gives its 3 + 3 lines. The near miss: the same grid's box alone
    (a rectangle of 4 sides) gives 4."""
    path = tmp_path / "grid.pdf"
    c = canvas.Canvas(str(path), pagesize=A4)
    c.setFillGray(0.95)
    c.rect(0, 0, W, H, stroke=0, fill=1)
    p = c.beginPath()
    for y in (500.0, 530.0, 560.0):
        p.moveTo(100.0, y)
        p.lineTo(400.0, y)
    for x in (100.0, 250.0, 400.0):
        p.moveTo(x, 500.0)
        p.lineTo(x, 560.0)
    c.drawPath(p, stroke=1, fill=0)
    c.save()
    edges = _edges(path)
    assert sorted(e["orientation"] for e in edges) == ["h"] * 3 + ["v"] * 3
    box = tmp_path / "box.pdf"
    c = canvas.Canvas(str(box), pagesize=A4)
    c.rect(100.0, 500.0, 300.0, 60.0, stroke=1, fill=0)
    c.save()
    assert len(_edges(box)) == 4
