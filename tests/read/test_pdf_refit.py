"""Issue #8: a form whose indicator rows go on over the next page with the columns refitted to
that page's words is one table (read/pdf_refit.py). The shapes of the corpus, drawn with
reportlab's platypus Table (ruled, as report engines print them), right-aligned as the forms
are: the next page does not rule the label columns merged over the page before (西安 商务局
2022 pp73→76, 安监局 2019 p35: the part starts at an inner edge), splits a column into finer
ones (重庆 规划资源局 2026 p30, 安监局 p40: 指标值 | 计量单位), or moves every edge a few points
(人社局 2020 p51). Joined, the indicator rows of the next page give facts as the first page's do.
Near misses: the next page opening another project's form (its head filled in anew) stays a
form of its own; a part that names no indicator stays in doubt, as before."""

from __future__ import annotations

from pathlib import Path

import pytest

from budgetlens.read.pdf_refit import refit_map
from budgetlens.read.settings import StitchSettings

ST = StitchSettings()
EDGES = (60.0, 120.0, 200.0, 300.0, 480.0, 560.0)


def test_a_part_on_the_tables_inner_edges_maps_onto_them():
    assert refit_map(EDGES, (200.0, 300.0, 480.0, 560.0), ST) == (EDGES, [2, 3, 4, 5])
    assert refit_map(EDGES, (120.5, 200.0, 480.0, 560.0), ST) == (EDGES, [1, 2, 4, 5])


def test_finer_columns_split_the_tables_and_as_many_go_column_for_column():
    union, at = refit_map(EDGES, (60.0, 120.0, 200.0, 300.0, 420.0, 480.0, 520.0, 560.0), ST)
    assert union == (60.0, 120.0, 200.0, 300.0, 420.0, 480.0, 520.0, 560.0)
    assert at == list(range(8))
    moved = (62.0, 125.0, 196.0, 305.0, 476.0, 562.0)
    assert refit_map(EDGES, moved, ST) == (EDGES, [0, 1, 2, 3, 4, 5])


def test_a_part_beyond_the_tables_edges_is_not_refitted():
    assert refit_map(EDGES, (60.0, 300.0, 600.0), ST) is None  # another right edge
    assert refit_map(EDGES, (20.0, 300.0, 560.0), ST) is None  # reaching left of the table


# --- drawn forms -------------------------------------------------------------------------------

ROW = 20.0


def _pdf(tmp_path: Path, pages: list[tuple[list[list[str]], list[float]]]) -> Path:
    pytest.importorskip("reportlab")
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Table, TableStyle
    from reportlab.lib.styles import ParagraphStyle

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    margin = 15 * mm
    story: list = [Paragraph("2026年部门预算项目绩效目标表",
                             ParagraphStyle("t", fontName="STSong-Light", fontSize=12))]
    for data, widths in pages:  # each fits its page: platypus splits no table here
        table = Table(data, colWidths=widths, rowHeights=ROW, hAlign="RIGHT")
        table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                                   ("FONTNAME", (0, 0), (-1, -1), "STSong-Light"),
                                   ("FONTSIZE", (0, 0), (-1, -1), 8)]))
        story += [table, PageBreak()]
    path = tmp_path / "form.pdf"
    SimpleDocTemplate(str(path), pagesize=A4, leftMargin=margin, rightMargin=margin,
                      topMargin=margin, bottomMargin=margin).build(story[:-1])
    return path


def _head(project: str) -> list[list[str]]:
    return [["项目名称", project, "", "", ""], ["主管部门", "某某局", "", "实施单位", "某某中心"],
            ["资金金额（万元）", "实施期资金总额", "", "120.00", ""],
            ["绩效指标", "一级指标", "二级指标", "指标内容", "指标值"]]


def _indicators(n: int, start: int, width: int = 5) -> list[list[str]]:
    """Indicator rows as a continuation prints them: 二级指标 first on a change, then 指标N：."""
    kinds = ("数量指标", "质量指标", "时效指标")
    out = []
    for i in range(start, start + n):
        row = ["", "", kinds[i // 12 % 3] if i % 12 == 0 else "", f"指标{i % 12 + 1}：完成任务{i}", f"≥{i}项"]
        out.append(row[5 - width:])
    return out


WIDE = [90.0, 60.0, 90.0, 160.0, 110.0]
ROWS_1 = 30


def _first_page(project: str = "信息化运维") -> list[list[str]]:
    return _head(project) + _indicators(ROWS_1 - 4, 0)


def _read(path: Path):
    from budgetlens.read import read_document

    document, _ = read_document(str(path))
    return [t for t in document.tables if t.n_rows > 1]


@pytest.mark.parametrize("shape", ["inner", "finer", "moved"])
def test_indicator_rows_going_on_with_refitted_columns_join_their_form(tmp_path, shape):
    if shape == "inner":  # the label columns merged over page 1 are not ruled on page 2
        second, widths = _indicators(20, ROWS_1 - 4, 3), WIDE[2:]
    elif shape == "finer":  # 指标值 split into 指标值 | 计量单位
        second = [r[:4] + [r[4].rstrip("项"), "项"] for r in _indicators(20, ROWS_1 - 4)]
        widths = WIDE[:4] + [55.0, 55.0]
    else:  # every edge a few points off, the columns fitted to the page's words
        second, widths = _indicators(20, ROWS_1 - 4), [93.0, 55.0, 95.0, 156.0, 111.0]
    tables = _read(_pdf(tmp_path, [(_first_page(), WIDE), (second, widths)]))
    assert [t.pages for t in tables] == [(1, 2)]
    table = tables[0]
    assert not table.open_end and not table.open_start
    grid = table.grid(fill_spans=True)
    assert table.n_rows == ROWS_1 + 20
    last = grid[-1]
    assert "指标10：完成任务45" in last and any(t.startswith("≥45") or t == "45" for t in last)
    # the indicator text sits in the column of 指标内容 on both pages
    col = grid[3].index("指标内容")
    assert grid[4][col].startswith("指标1：") and grid[ROWS_1][col].startswith("指标")


def test_the_indicator_rows_of_the_next_page_give_facts(tmp_path):
    """As the first page's do (重庆 p30's shape: 指标名称 | 指标性质 | 指标值 | 计量单位 | 指标权重):
    the indicators of page 2 are read under the header of page 1, numbered on from it."""
    from budgetlens.pipeline import process

    head = [["项目名称", "地质调查专项", "", "主管部门", "某某局", ""],
            ["当年预算", "1,200.00", "", "", "", ""],
            ["绩效指标", "指标名称", "指标性质", "指标值", "计量单位", "指标权重(%)"]]
    rows = [["", f"调查面积{i}", "≥", str(100 + i), "平方千米", "5"] for i in range(20)]
    first, widths = head + rows[:8], [80.0, 160.0, 50.0, 60.0, 60.0, 60.0]
    moved = [84.0, 154.0, 54.0, 58.0, 63.0, 57.0]
    result = process(str(_pdf(tmp_path, [(first, widths), (rows[8:], moved)])))
    assert [t.role for t in result.disclosure.tables] == ["performance_targets"]
    assert not any(t.reading for t in result.disclosure.tables)
    targets = {f.measure: (f.value, f.source.page) for f in result.disclosure.facts
               if f.measure.startswith("performance.project.1.indicator.")}
    assert len(targets) == 20
    assert targets["performance.project.1.indicator.20.target"] == (119, 2)
    assert targets["performance.project.1.indicator.8.target"] == (107, 1)


def test_another_projects_form_after_the_break_stays_a_form_of_its_own(tmp_path):
    """Near miss: page 2 opens with the head filled in anew (another project), columns fitted
    to its words: the next form, neither joined nor in doubt."""
    second = _head("档案数字化") + _indicators(10, 0)
    tables = _read(_pdf(tmp_path, [(_first_page(), WIDE), (second, [80.0, 90.0, 70.0, 170.0, 100.0])]))
    assert [t.pages for t in tables] == [(1,), (2,)]
    assert not any(t.open_end or t.open_start for t in tables)


def test_a_part_of_no_form_stays_in_doubt(tmp_path):
    """Near miss: a list that is no form (no indicator named on either page) goes on the same
    way — no title, the left columns not ruled again: not joined by rows, left in doubt as
    before; and a form's page opening with a row of amounts is no indicator block either."""
    listing = [["序号", "单位名称", "地址", "负责人", "备注"]] + \
        [[str(i), f"某某所{i}", f"某路{i}号", f"张{i}", ""] for i in range(1, 30)]
    more = [[f"某某站{i}", f"某街{i}号", f"李{i}", ""] for i in range(20)]
    tables = _read(_pdf(tmp_path, [(listing, WIDE), (more, WIDE[1:])]))
    assert [t.pages for t in tables] == [(1,), (2,)]
    assert tables[0].open_end and tables[1].open_start
    amounts = [["", "", f"单位{i}", f"支付款项{i}", f"{i}.00"][2:] for i in range(20)]
    tables = _read(_pdf(tmp_path, [(_first_page(), WIDE), (amounts, WIDE[2:])]))
    assert [t.pages for t in tables] == [(1,), (2,)]
    assert tables[0].open_end and tables[1].open_start
