"""A ruled table drawn with reportlab, for the tests of the grid finder and the cell filler
(test_pdf_grid.py, test_pdf_tables.py): three columns, a header row whose last two columns are one
merged cell (no vertical rule through it), two body rows; and, below it, what is not a table — an
underline and a framed paragraph (one column between two verticals)."""

from __future__ import annotations

from pathlib import Path

HEIGHT = 842.0
#: column bounds and row bounds in page coordinates (top-left origin, points)
XS = (100.0, 250.0, 350.0, 450.0)
YS = (100.0, 124.0, 148.0, 172.0)
ROWS = (("项目", "本年预算", None), ("合计", "100.00", "60.00"), ("基本支出", "40.00", "20.00"))


def ruled_pdf(path: Path, *, merged: bool = True) -> str:
    """Write the page; ``merged=False`` draws the vertical rule through the header row too."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    c = canvas.Canvas(str(path), pagesize=(595.0, HEIGHT))
    c.setLineWidth(0.5)
    for y in YS[:-1]:
        c.line(XS[0], HEIGHT - y, XS[-1], HEIGHT - y)
    # the bottom rule in two strokes that meet at the first column bound (one ruling when read)
    c.line(XS[0], HEIGHT - YS[-1], XS[1], HEIGHT - YS[-1])
    c.line(XS[1], HEIGHT - YS[-1], XS[-1], HEIGHT - YS[-1])
    for k, x in enumerate(XS):
        top = YS[1] if merged and k == 2 else YS[0]
        c.line(x, HEIGHT - top, x, HEIGHT - YS[-1])
    c.setFont("STSong-Light", 10)
    for r, row in enumerate(ROWS):
        for k, text in enumerate(row):
            if text is not None:
                c.drawString(XS[k] + 4, HEIGHT - YS[r + 1] + 7, text)
    c.drawString(100, HEIGHT - 300, "说明：以上数据为年初预算数。")
    c.line(100, HEIGHT - 303, 240, HEIGHT - 303)  # an underline: one rule, no table
    c.rect(100, HEIGHT - 400, 300, 60)  # a framed paragraph: one column, no table
    c.drawString(110, HEIGHT - 370, "本部门无政府性基金预算收支。")
    c.save()
    return str(path)
