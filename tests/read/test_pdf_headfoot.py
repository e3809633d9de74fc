"""Issue #8: a table whose header band is printed at the foot of one page and whose rows start
on the next is one table (read/pdf_headfoot.py; 江苏 高级法院 2018 p10 → p11 prints its 财政拨款
收支预算总表 so). Drawn with reportlab's canvas: the band (收入 | 支出) ruled at the foot of page
1 under the table's title, the body (项目名称 | 金额 | 项目名称 | 金额, then rows of amounts) opening
page 2 with finer columns whose edges include the band's. Near misses: a table of amounts that
really ends with a heading-looking row stays a table of its own; a band whose edges lie on none
of the next table's inner edges is not joined; the next page's table under a title of its own
stays apart."""

from __future__ import annotations

from pathlib import Path
from typing import Optional, Sequence

import pytest

from budgetlens.model import Cell
from budgetlens.read.pdf_headfoot import head_onto, header_only
from budgetlens.read.pdf_tables import PageTable
from budgetlens.read.settings import StitchSettings

ST = StitchSettings()
BAND = (60.0, 290.0, 540.0)
BODY = (60.0, 190.0, 290.0, 440.0, 540.0)
ROWS = [["项目名称", "金额", "项目名称", "金额"],
        ["一、一般公共预算", "1,250.00", "一、基本支出", "850.00"],
        ["二、政府性基金预算", "", "二、项目支出", "400.00"],
        ["收入合计", "1,250.00", "支出合计", "1,250.00"]]
TITLE = "四、2026年度某某局财政拨款收支预算总表"
ROW = 22.0
HEIGHT = 841.89


def _part(edges: Sequence[float], rows: list[list[str]], page: int) -> PageTable:
    cells = tuple(Cell(t, r, k, page=page) for r, row in enumerate(rows) for k, t in enumerate(row))
    return PageTable(page, tuple(edges), (), cells, len(rows), len(edges) - 1,
                     (edges[0], 0.0, edges[-1], 10.0))


def test_a_band_alone_goes_onto_the_bodys_columns():
    whole = head_onto(_part(BAND, [["收入", "支出"]], 1), _part(BODY, ROWS, 2), ST)
    assert whole is not None and whole.n_rows == 5 and whole.column_edges == BODY
    band = [(c.text, c.col, c.colspan, c.page) for c in whole.cells if c.row == 0]
    assert band == [("收入", 0, 2, 1), ("支出", 2, 2, 1)]
    assert [c.text for c in whole.cells if c.row == 4][:2] == ["收入合计", "1,250.00"]


def test_a_part_with_amounts_or_a_body_without_header_is_not_joined():
    assert not header_only(_part(BAND, [["收入", "支出"], ["1,250.00", "1,250.00"]], 1), ST)
    assert head_onto(_part(BAND, [["收入", "支出"]], 1), _part(BODY, ROWS[1:], 2), ST) is None
    assert head_onto(_part((60.0, 250.0, 540.0), [["收入", "支出"]], 1),
                     _part(BODY, ROWS, 2), ST) is None


# --- drawn pages -------------------------------------------------------------------------------

def _grid(c, edges: Sequence[float], top: float, rows: list[list[Optional[str]]]) -> float:
    """Rule ``rows`` under ``top`` (from the page's top); a None cell merges into the left one."""
    y = HEIGHT - top
    for row in rows:
        c.line(edges[0], y, edges[-1], y)
        for k, text in enumerate(row):
            if text is None:
                continue
            c.line(edges[k], y, edges[k], y - ROW)
            if text:
                c.drawString(edges[k] + 4, y - ROW + 7, text)
        c.line(edges[-1], y, edges[-1], y - ROW)
        y -= ROW
    c.line(edges[0], y, edges[-1], y)
    return HEIGHT - y


def _pdf(tmp_path: Path, band: list[list[Optional[str]]], band_edges: Sequence[float] = BAND,
         body_title: str = "", body: Optional[list[list[Optional[str]]]] = None,
         body_edges: Sequence[float] = BODY) -> Path:
    pytest.importorskip("reportlab")
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    path = tmp_path / "band.pdf"
    c = canvas.Canvas(str(path), pagesize=(595.27, HEIGHT))
    c.setFont("STSong-Light", 10)
    c.drawString(70, HEIGHT - 80, "三、2026年度某某局支出预算总表")
    below = _grid(c, (60.0, 200.0, 370.0, 540.0), 100.0,
                  [["合计", "基本支出", "项目支出"], ["1,250.00", "850.00", "400.00"]])
    c.drawString(70, HEIGHT - below - 520, TITLE)
    c.drawString(480, HEIGHT - below - 540, "单位：万元")
    _grid(c, band_edges, below + 550, band)
    c.showPage()
    c.setFont("STSong-Light", 10)
    top = 70.0
    if body_title:
        c.drawString(70, HEIGHT - 80, body_title)
        top = 100.0
    _grid(c, body_edges, top, body if body is not None else [list(r) for r in ROWS])
    c.showPage()
    c.save()
    return path


def _read(path: Path):
    from budgetlens.pipeline import process
    result = process(str(path), audit=False)
    assert result.document is not None and result.disclosure is not None
    return result


def _doubts(result) -> list[str]:
    return [d.cause for t in result.disclosure.tables for d in t.reading]


def test_a_header_band_at_a_pages_foot_heads_the_table_on_the_next(tmp_path):
    result = _read(_pdf(tmp_path, [["收入", "支出"]]))
    [table] = [t for t in result.document.tables if 2 in (t.pages or (t.page,))]
    assert table.pages == (1, 2)
    assert TITLE in "".join(ln.text for ln in table.title_lines)
    grid = table.grid()
    assert table.grid(fill_spans=True)[0] == ["收入", "收入", "支出", "支出"]
    assert grid[1] == ROWS[0] and grid[-1] == ROWS[-1]
    assert "continued-not-joined" not in _doubts(result)


def test_near_miss_a_table_ending_in_a_heading_looking_row_stays_apart(tmp_path):
    rows: list[list[Optional[str]]] = [["一、一般公共预算", "1,250.00"], ["收入", "支出"]]
    result = _read(_pdf(tmp_path, rows))
    on_2 = [t for t in result.document.tables if 2 in (t.pages or (t.page,))]
    assert [t.pages or (t.page,) for t in on_2] == [(2,)]
    assert on_2[0].grid()[0] == ROWS[0]


def test_near_miss_a_band_off_the_next_tables_edges_is_not_joined(tmp_path):
    result = _read(_pdf(tmp_path, [["收入", "支出"]], band_edges=(60.0, 240.0, 540.0)))
    on_2 = [t for t in result.document.tables if 2 in (t.pages or (t.page,))]
    assert [t.pages or (t.page,) for t in on_2] == [(2,)]


def test_near_miss_the_next_table_under_a_title_of_its_own_stays_apart(tmp_path):
    result = _read(_pdf(tmp_path, [["收入", "支出"]], body_title="五、2026年度某某局收支预算表"))
    on_2 = [t for t in result.document.tables if 2 in (t.pages or (t.page,))]
    assert [t.pages or (t.page,) for t in on_2] == [(2,)]


def test_near_miss_a_band_repeated_over_as_many_columns_is_joined_once(tmp_path):
    """The band alone at the foot and printed again above the rows on the next page, the columns
    the same: the stitcher's own join, the repeated header row dropped (not kept twice)."""
    band = [["项目", "金额"]]
    rows = [["项目", "金额"], ["一、一般公共预算", "1,250.00"], ["收入合计", "1,250.00"]]
    result = _read(_pdf(tmp_path, band, band_edges=BAND, body=rows, body_edges=BAND))
    [table] = [t for t in result.document.tables if 2 in (t.pages or (t.page,))]
    assert table.pages == (1, 2) and [r[0] for r in table.grid()].count("项目") == 1


def test_a_label_cut_by_the_page_break_is_joined_to_the_band_above_it(tmp_path):
    """A form's head at the foot (title, 项目名称 | a name wrapped over the break), the rest of
    the form opening the next page with the name's last character alone (福州 医保局 2026 p26 →
    p27): one form, its name whole; the body's own header rows (several cells) are never merged."""
    band = [["项目名称", "医疗服务与保障能力提升补助资"]]
    rows = [["", "金", None, None], ["主管部门", "某某局", "实施单位", "某某局"],
            ["资金总额", "745.00", "财政拨款", "745.00"]]
    result = _read(_pdf(tmp_path, band, band_edges=(60.0, 190.0, 540.0), body=rows))
    [table] = [t for t in result.document.tables if 2 in (t.pages or (t.page,))]
    assert table.pages == (1, 2)
    grid = table.grid()
    assert grid[0][:2] == ["项目名称", "医疗服务与保障能力提升补助资金"]
    assert grid[1][0] == "主管部门" and table.n_rows == 3
