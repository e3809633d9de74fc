"""What the reader saw on one page, as data and drawn (read/pdf_debug.py): the table rebuild of a
corpus page (rulings, grid, rows) and the page rendered with the tables drawn on it; on a ruled
table reportlab draws (tests/read/ruled_pdf.py), lines inside the table point at it and the note
below it at none, and a label is drawn in ASCII whatever it says. Near miss: a page with text and
no table gives no table and no line pointing at one."""

from __future__ import annotations

from pathlib import Path

import pytest

from budgetlens.read.page_view import open_page
from budgetlens.read.pdf_debug import LABEL, ROW, TABLE, debug_tables, draw_page, draw_tables

from .handmade_pdf import stsong, write_pdf
from .ruled_pdf import XS, YS, ruled_pdf

CORPUS = Path(__file__).resolve().parents[2] / ".." / "shared" / "corpus" / "pdf"
WANLI = "shanghai_putuo_wanli_2025_yusuan.pdf"


def test_debug_tables_exposes_the_rebuild():
    if not (CORPUS / WANLI).exists():
        pytest.skip("corpus not available")
    info = debug_tables(str(CORPUS / WANLI), 10)
    assert info["page"] == 10 and info["edges"] and info["rulings"]
    grid = info["grids"][0]
    assert len(grid["xs"]) == 10 and len(grid["ys"]) >= 10
    assert info["tables"][0]["ruled"] and info["tables"][0]["rows"][2][:3] == ["类", "款", "项"]
    assert any(t is not None for _, t, _ in info["lines"])


def test_draw_tables_writes_an_annotated_page(tmp_path):
    if not (CORPUS / WANLI).exists():
        pytest.skip("corpus not available")
    from PIL import Image

    out = draw_tables(str(CORPUS / WANLI), 10, str(tmp_path / "p10.png"), scale=1.0)
    with Image.open(out) as im:
        assert abs(im.size[0] - 842) <= 1 and abs(im.size[1] - 595) <= 1
        # the table frame is drawn in blue where the page is otherwise white or black
        x0, top, _, _ = debug_tables(str(CORPUS / WANLI), 10)["tables"][0]["bbox"]
        r, g, b = im.convert("RGB").getpixel((int(x0) + 30, int(top)))
        assert b > 150 and r < 100


def test_lines_point_at_the_table_they_are_printed_in(tmp_path):
    info = debug_tables(ruled_pdf(tmp_path / "ruled.pdf"), 1)
    assert info["size"] == (595.0, 842.0) and len(info["grids"]) == 1
    assert info["tables"][0]["bbox"] == (XS[0], YS[0], XS[-1], YS[-1])
    assert [t for _, t, _ in info["lines"]] == [0, 0, 0, None, None]
    plain = debug_tables(write_pdf(tmp_path / "text.pdf", stsong(72, 700, "一般公共预算支出")), 1)
    assert plain["tables"] == [] and plain["grids"] == []
    assert [t for _, t, _ in plain["lines"]] == [None]


def test_a_label_is_drawn_in_green_over_its_box(tmp_path):
    """A label in Chinese is drawn too (as ASCII: Pillow's own font, no machine font)."""
    view = open_page(ruled_pdf(tmp_path / "ruled.pdf"), 1)
    out = draw_page(view, str(tmp_path / "p.png"), scale=1.0,
                    labels=[((100.0, 300.0, 400.0, 400.0), "收支 table-3")])
    from PIL import Image

    with Image.open(out) as im:
        rgb = im.convert("RGB")
        assert rgb.getpixel((250, 400)) == LABEL  # the label box's bottom edge
        assert rgb.getpixel((100, 160)) == TABLE  # the table's left edge
        assert rgb.getpixel((275, 124)) == ROW  # a row edge
        assert rgb.getpixel((275, 250)) == (255, 255, 255)  # nothing read there
