"""Issue #8: tables that each fill a page, the next one printing a title of its own as its first
grid row (福州 2026: one 项目绩效目标表 per project, the columns fitted to each project's words),
are tables of their own — not a continuation the reader failed to join, so their reading is not
put in doubt (``continued-not-joined``); so are forms whose next page fills in the form's head
anew (another project, another 实施单位). Near misses: a page going on with indicator rows (no
title, no head of its own, or the open table's title repeated) goes on with its form (joined
since session 17, read/pdf_refit.py), as does a page repeating the head word for word.

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


def _form(title: Optional[str], project: str, widths: list[float], head: bool = True,
          unit: str = "某某中心") -> Table:
    """One form filling its page: a title row (or none), the head naming the project (or none:
    a page going on with the indicator rows), indicator rows, 备注."""
    data = [[title or "", "", "", "", ""]] if title else []
    data += [["项目名称", project, "", "", ""], ["主管部门", "某某局", "", "实施单位", unit],
             ["年度预算资金总额（万元）", "", "", "120.00", ""]] if head else []
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
    if head:
        style += [("SPAN", (1, top), (-1, top)), ("SPAN", (1, top + 1), (2, top + 1))]
    table = Table(data, colWidths=widths, rowHeights=ROW)
    table.setStyle(TableStyle(style))
    return table


WIDTHS = ([90, 60, 90, 160, 110], [100, 75, 80, 150, 105], [80, 90, 70, 170, 100])


def _read(tmp_path: Path, titles: list[Optional[str]], heads: tuple[bool, ...] = (True,) * 3,
          projects: tuple[str, ...] = ("项目1", "项目2", "项目3"),
          units: tuple[str, ...] = ("某某中心",) * 3):
    story: list = []
    for title, widths, head, project, unit in zip(titles, WIDTHS, heads, projects, units):
        story += [_form(title, project, widths, head, unit), PageBreak()]
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


def test_a_part_without_a_title_of_its_own_goes_on_with_its_form(tmp_path):
    """The second page goes on with indicator rows: no title, no head of its own. Its columns
    are fitted to its own words (another width each); session 16 left it in doubt, session 17
    joins a form's indicator rows by what they are (read/pdf_refit.py)."""
    tables = _read(tmp_path, ["科普活动项目绩效目标表", None, "科技特派员专项项目绩效目标表"],
                   heads=(True, False, True))
    assert [t.pages or (t.page,) for t in tables] == [(1, 2), (3,)]
    assert not any(t.open_end or t.open_start for t in tables)


def test_a_repeated_title_is_no_title_of_its_own(tmp_path):
    tables = _read(tmp_path, ["科普活动项目绩效目标表", "科普活动项目绩效目标表（续）",
                              "科技特派员专项项目绩效目标表"], heads=(True, False, True))
    assert [t.pages or (t.page,) for t in tables] == [(1, 2), (3,)]


# --- forms that name their project anew (session 16): 西安 住建局 2022 prints one 专项业务经费绩效
# 目标表 per project under the same title line, each to the foot of its page; 福州 医保局 2026 one
# 综合工作经费项目绩效目标表 per 实施单位 (same title, same project name); 上海 普陀 万里 2023 one
# 财政项目支出绩效目标填报表 per project. The next page opens with the form's head filled in anew.


@pytest.mark.parametrize("titles", [[None, None, None],
                                    ["综合工作经费项目绩效目标表"] * 3])
def test_forms_that_fill_in_their_head_anew_are_tables_of_their_own(tmp_path, titles):
    tables = _read(tmp_path, titles)
    assert [t.pages or (t.page,) for t in tables] == [(1,), (2,), (3,)]
    assert not any(t.open_end or t.open_start for t in tables)


def test_the_same_project_for_another_unit_is_a_form_of_its_own(tmp_path):
    """福州 医保局: 综合工作经费 three times, 实施单位 基金中心 / 监测中心 / 数据中心."""
    tables = _read(tmp_path, ["综合工作经费项目绩效目标表"] * 3, projects=("综合工作经费",) * 3,
                   units=("基金中心", "监测中心", "数据中心"))
    assert not any(t.open_end or t.open_start for t in tables)


def test_a_head_repeated_word_for_word_goes_on_with_the_table(tmp_path):
    """Near miss: the second page repeats the first page's head as it was (same project, same
    unit), as a page going on with the same form repeats its header: joined, as before."""
    tables = _read(tmp_path, [None, None, "科技特派员专项项目绩效目标表"],
                   projects=("项目1", "项目1", "项目3"))
    assert [t.pages or (t.page,) for t in tables] == [(1, 2), (3,)]
    assert not any(t.open_end or t.open_start for t in tables)
