"""Issue #8: tables that each fill a page, the next one printing a title of its own as its first
grid row (福州 2026: one 项目绩效目标表 per project, the columns fitted to each project's words),
are tables of their own — not a continuation the reader failed to join, so their reading is not
put in doubt (``continued-not-joined``). Near miss: the same page part without a title of its
own stays in doubt, as does one repeating the open table's title.

The pages are drawn with reportlab's platypus Table (ruled, a grid as report engines print it)."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import pytest

pytest.importorskip("reportlab")

from reportlab.lib import colors  # noqa: E402
from reportlab.lib.pagesizes import A4  # noqa: E402
from reportlab.lib.units import mm  # noqa: E402
from reportlab.pdfbase import pdfmetrics  # noqa: E402
from reportlab.pdfbase.cidfonts import UnicodeCIDFont  # noqa: E402
from reportlab.platypus import PageBreak, SimpleDocTemplate, Table, TableStyle  # noqa: E402

from budgetlens.read import read_document  # noqa: E402

FONT = "STSong-Light"
pdfmetrics.registerFont(UnicodeCIDFont(FONT))
ROW = 20.0
MARGIN = 15 * mm
ROWS = int((A4[1] - 2 * MARGIN) // ROW) - 1  # the grid runs to the foot of its page


def _form(title: Optional[str], project: str, widths: list[float]) -> Table:
    data = [[title or "", "", "", "", ""]] if title else []
    data += [["项目名称", project, "", "", ""], ["主管部门", "某某局", "", "实施单位", "某某中心"],
             ["年度预算资金总额（万元）", "", "", "120.00", ""]]
    kinds = ("产出指标", "效益指标", "满意度指标")
    while len(data) < ROWS - 1:
        n = len(data)
        data.append(["绩效指标", kinds[n % 3], "数量指标", f"完成{project}工作{n}项", f"≥{n}项"])
    data.append(["备注", "", "", "", ""])
    style = [("GRID", (0, 0), (-1, -1), 0.5, colors.black), ("FONTNAME", (0, 0), (-1, -1), FONT),
             ("FONTSIZE", (0, 0), (-1, -1), 8)]
    if title:
        style.append(("SPAN", (0, 0), (-1, 0)))
    top = 1 if title else 0
    style += [("SPAN", (1, top), (-1, top)), ("SPAN", (1, top + 1), (2, top + 1))]
    table = Table(data, colWidths=widths, rowHeights=ROW)
    table.setStyle(TableStyle(style))
    return table


WIDTHS = ([90, 60, 90, 160, 110], [100, 75, 80, 150, 105], [80, 90, 70, 170, 100])


def _read(tmp_path: Path, titles: list[Optional[str]]):
    story: list = []
    for k, (title, widths) in enumerate(zip(titles, WIDTHS)):
        story += [_form(title, f"项目{k + 1}", widths), PageBreak()]
    path = tmp_path / "forms.pdf"
    SimpleDocTemplate(str(path), pagesize=A4, leftMargin=MARGIN, rightMargin=MARGIN,
                      topMargin=MARGIN, bottomMargin=MARGIN).build(story[:-1])
    document, _ = read_document(str(path))
    return [t for t in document.tables if t.n_rows > 1]


def test_forms_titled_in_their_grid_are_tables_of_their_own(tmp_path):
    tables = _read(tmp_path, ["科普活动项目绩效目标表", "光电实验室建设项目绩效目标表",
                              "科技特派员专项项目绩效目标表"])
    assert [t.pages or (t.page,) for t in tables] == [(1,), (2,), (3,)]
    assert not any(t.open_end or t.open_start for t in tables)


def test_a_part_without_a_title_of_its_own_stays_in_doubt(tmp_path):
    tables = _read(tmp_path, ["科普活动项目绩效目标表", None, "科技特派员专项项目绩效目标表"])
    assert [t.pages or (t.page,) for t in tables] == [(1,), (2,), (3,)]
    assert tables[0].open_end and tables[1].open_start
    assert not tables[2].open_start


def test_a_repeated_title_is_no_title_of_its_own(tmp_path):
    tables = _read(tmp_path, ["科普活动项目绩效目标表", "科普活动项目绩效目标表（续）",
                              "科技特派员专项项目绩效目标表"])
    assert tables[0].open_end and tables[1].open_start
