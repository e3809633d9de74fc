"""XLSX/XLS reader: workbooks built with openpyxl, and the real Shanghai templates (xls + xlsx)."""

from __future__ import annotations

import openpyxl
import pytest

from budgetlens.read import read_document
from budgetlens.read.spreadsheet import format_float
from budgetlens.read.xlsx_formats import Display, format_display


@pytest.fixture()
def workbook(tmp_path):
    """A sheet with a merged title, a unit row, a merged two-level header and float amounts."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "支出总表"
    ws["A1"] = "2024年某局部门支出总表"
    ws.merge_cells("A1:E1")
    ws["A2"] = "编制单位：某局"
    ws["E2"] = "单位：万元"
    ws.append(["科目编码", "科目名称", "总计", "基本支出", None])
    ws.append([None, None, None, "人员经费", "公用经费"])
    ws.merge_cells("A3:A4")
    ws.merge_cells("B3:B4")
    ws.merge_cells("C3:C4")
    ws.merge_cells("D3:E3")
    ws.append(["合计", None, 3515.6, 3000, 515.6])
    ws.append(["201", "一般公共服务支出", 0.1 + 0.2, 120.0, None])
    text = wb.create_sheet("说明")
    text["A1"] = "一、部门职责"
    text["A3"] = "本部门负责……。"
    hidden = wb.create_sheet("草稿")
    hidden["A1"], hidden["B1"] = "x", "y"
    hidden.sheet_state = "hidden"
    path = tmp_path / "budget.xlsx"
    wb.save(path)
    return path


def test_merged_cells_titles_and_numbers(workbook):
    document, diagnostics = read_document(workbook)
    assert document.format == "xlsx"
    assert [d.code for d in diagnostics] == ["hidden-sheet-skipped"]
    assert len(document.tables) == 1 and document.n_pages == 2
    table = document.tables[0]
    assert [ln.text for ln in table.title_lines] == [
        "2024年某局部门支出总表", "编制单位：某局\t单位：万元"]
    assert (table.n_rows, table.n_cols, table.line) == (4, 5, 3)
    spans = {(c.row, c.col): (c.rowspan, c.colspan) for c in table.cells
             if (c.rowspan, c.colspan) != (1, 1)}
    assert spans == {(0, 0): (2, 1), (0, 1): (2, 1), (0, 2): (2, 1), (0, 3): (1, 2)}
    grid = table.grid()
    assert grid[2] == ["合计", "", "3515.6", "3000", "515.6"]
    assert grid[3] == ["201", "一般公共服务支出", "0.3", "120", ""]
    assert table.cell_at(0, 4).text == "基本支出"
    # line numbers are sheet rows; cells carry them
    assert {c.line for c in table.cells if c.row == 2} == {5}


def test_text_sheet_is_lines_not_a_table(workbook):
    document, _ = read_document(workbook)
    page = document.pages[1]
    assert [(ln.number, ln.text, ln.table) for ln in page.lines] == [
        (1, "一、部门职责", None), (3, "本部门负责……。", None)]
    assert dict(document.info)["sheet 2"] == "说明"


@pytest.mark.parametrize("value,text", [
    (3515.6, "3515.6"), (120.0, "120"), (-0.5, "-0.5"), (0.1 + 0.2, "0.3"),
    (1234567.891, "1234567.891"), (1e-7, "0.0000001"), (2.675, "2.675")])
def test_format_float(value, text):
    assert format_float(value) == text


def test_shanghai_templates_xls_and_xlsx_read_the_same(corpus_dir):
    xls = corpus_dir / "templates" / "shanghai_unit_budget_input_template.xls"
    xlsx = corpus_dir / "templates" / "shanghai_2026_unit_budget_input_template.xlsx"
    if not (xls.exists() and xlsx.exists()):
        pytest.skip("templates not available")
    old, d1 = read_document(xls)
    new, d2 = read_document(xlsx)
    assert (old.format, new.format) == ("xls", "xlsx") and d1 == d2 == []
    assert len(old.tables) == len(new.tables) >= 5
    for a, b in zip(old.tables, new.tables):
        assert a.grid() == b.grid()
        assert [(c.row, c.col, c.rowspan, c.colspan) for c in a.cells] == \
               [(c.row, c.col, c.rowspan, c.colspan) for c in b.cells]
    first = old.tables[0]
    assert any("单位：元" in ln.text for ln in first.title_lines)
    assert first.cell_at(0, 6).text == "本年支出"  # 本年支出 spans 5 columns


def test_number_formats_give_the_displayed_text(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["2024年某局“三公”经费支出表"])
    ws.append(["2024年预算数", None, None])
    ws.append(["合计", "增长率", "人数"])
    ws.append([1.9, 0.05234, 12])
    ws.append([120, -0.1, 3.0])
    ws.append([2.675, 0.5, 7.25])
    for row in ws.iter_rows(min_row=4, max_row=6):
        row[0].number_format = "#,##0.00"
        row[1].number_format = "0.0%"
    path = tmp_path / "formats.xlsx"
    wb.save(path)
    document, _ = read_document(path)
    table = document.tables[0]
    # the lone header row above the sub-headers belongs to the table, not to its title
    assert [ln.text for ln in table.title_lines] == ["2024年某局“三公”经费支出表"]
    assert table.grid()[0][0] == "2024年预算数"
    assert table.grid()[2:] == [["1.90", "5.2%", "12"], ["120.00", "-10.0%", "3"],
                                ["2.68", "50.0%", "7.25"]]


@pytest.mark.parametrize("code,display", [
    ("0.00", Display(2)), ("#,##0.00_);[Red](#,##0.00)", Display(2)), ("0%", Display(0, True)),
    ("0.0%", Display(1, True)), ('"¥"#,##0.000', Display(3)), ("#,##0", Display(0)),
    ("General", None), ("yyyy-mm-dd", None), ("@", None)])
def test_format_display(code, display):
    assert format_display(code) == display
