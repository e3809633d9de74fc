"""DOCX reader on documents built here with python-docx: body order, merged cells, line numbers."""

from __future__ import annotations

import docx
import pytest

from budgetlens.read import read_document
from budgetlens.read.docx import read_docx


@pytest.fixture()
def three_public_docx(tmp_path):
    """表四 with a two-level header: 合计 spans 2 rows, 公务用车购置及运行费 spans 3 columns."""
    document = docx.Document()
    document.add_paragraph("一、部门预算说明")
    document.add_paragraph("本部门三公经费预算如下。")
    document.add_paragraph("")
    document.add_paragraph("表四")
    document.add_paragraph("2024年某局一般公共预算“三公”经费支出表")
    document.add_paragraph("单位：万元")
    table = document.add_table(rows=3, cols=6)
    header = ["合计", "因公出国（境）费", "公务用车购置及运行费", "", "", "公务接待费"]
    for col, text in enumerate(header):
        table.cell(0, col).text = text
    for col in (0, 1, 5):
        table.cell(0, col).merge(table.cell(1, col))
    table.cell(0, 2).merge(table.cell(0, 4))
    for col, text in zip((2, 3, 4), ("小计", "公务用车购置费", "公务用车运行费")):
        table.cell(1, col).text = text
    for col, text in enumerate(["2.90", "", "1.90", "", "1.90", "1.00"]):
        table.cell(2, col).text = text
    document.add_paragraph("备注：本表反映三公经费。")
    path = tmp_path / "budget.docx"
    document.save(path)
    return path


def test_merged_header_reads_as_spans(three_public_docx):
    document, diagnostics = read_docx(str(three_public_docx))
    assert diagnostics == [] and document.format == "docx" and len(document.tables) == 1
    table = document.tables[0]
    assert (table.n_rows, table.n_cols) == (3, 6)
    spans = {(c.row, c.col): (c.rowspan, c.colspan) for c in table.cells
             if (c.rowspan, c.colspan) != (1, 1)}
    assert spans == {(0, 0): (2, 1), (0, 1): (2, 1), (0, 2): (1, 3), (0, 5): (2, 1)}
    assert table.cell_at(0, 4).text == "公务用车购置及运行费"
    assert table.cell_at(1, 0).text == "合计"
    grid = table.grid()
    assert grid[1][4] == "公务用车运行费" and grid[2][4] == "1.90" and grid[2][3] == ""
    # covered slots are not emitted; every other slot is, blank ones included
    assert len(table.cells) == 18 - 1 - 1 - 2 - 1
    assert any(c.text == "" and (c.row, c.col) == (2, 1) for c in table.cells)


def test_body_order_titles_and_line_numbers(three_public_docx):
    document, _ = read_docx(str(three_public_docx))
    table = document.tables[0]
    assert [ln.text for ln in table.title_lines] == [
        "表四", "2024年某局一般公共预算“三公”经费支出表", "单位：万元"]
    lines = list(document.lines())
    texts = [ln.text for ln in lines]
    assert texts.index("单位：万元") < texts.index("备注：本表反映三公经费。")
    # the empty paragraph is counted, not kept; table rows follow the paragraphs
    assert [ln.number for ln in lines if ln.table is None][:4] == [1, 2, 4, 5]
    rows = [ln for ln in lines if ln.table == 0]
    assert [ln.number for ln in rows] == [7, 8, 9] and table.line == 7
    assert lines[-1].number == 10 and lines[-1].table is None
    assert document.n_pages == 1


def test_detected_by_content_not_extension(three_public_docx, tmp_path):
    renamed = tmp_path / "budget.txt"
    renamed.write_bytes(three_public_docx.read_bytes())
    document, diagnostics = read_document(renamed)
    assert document is not None and document.format == "docx" and diagnostics == []
    assert len(document.tables) == 1


def test_table_without_title_and_plain_document(tmp_path):
    document = docx.Document()
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "项目", "金额"
    table.cell(1, 0).text, table.cell(1, 1).text = "合计", "1.00"
    path = tmp_path / "bare.docx"
    document.save(path)
    read, _ = read_docx(str(path))
    assert read.tables[0].title_lines == () and read.tables[0].grid() == [["项目", "金额"],
                                                                            ["合计", "1.00"]]


def test_layout_table_around_a_data_table(tmp_path):
    document = docx.Document()
    layout = document.add_table(rows=1, cols=1)
    outer = layout.cell(0, 0)
    outer.paragraphs[0].text = "表一"
    outer.add_paragraph("单位：万元")
    inner = outer.add_table(rows=2, cols=2)
    inner.cell(0, 0).text, inner.cell(0, 1).text = "项目", "金额"
    inner.cell(1, 0).text, inner.cell(1, 1).text = "合计", "967.73"
    path = tmp_path / "layout.docx"
    document.save(path)
    read, _ = read_docx(str(path))
    assert len(read.tables) == 1
    table = read.tables[0]
    assert table.grid() == [["项目", "金额"], ["合计", "967.73"]]
    assert [ln.text for ln in table.title_lines] == ["表一", "单位：万元"]


def test_one_column_box_is_running_text(tmp_path):
    document = docx.Document()
    box = document.add_table(rows=1, cols=1)
    box.cell(0, 0).paragraphs[0].text = "一、部门主要职能"
    box.cell(0, 0).add_paragraph("本部门“三公”经费预算2.90万元。")
    path = tmp_path / "box.docx"
    document.save(path)
    read, _ = read_docx(str(path))
    assert read.tables == ()
    assert [(ln.text, ln.table) for ln in read.lines()] == [
        ("一、部门主要职能", None), ("本部门“三公”经费预算2.90万元。", None)]


def test_grid_before_shifts_a_row_and_vmerge_spans(tmp_path):
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    document = docx.Document()
    table = document.add_table(rows=3, cols=3)
    for r in range(3):
        for c in range(3):
            table.cell(r, c).text = f"{r}{c}"
    table.cell(0, 2).merge(table.cell(1, 2)).text = "合并"
    tr = table.rows[2]._tr
    tr.remove(tr.tc_lst[0])  # the last row starts one column in (w:gridBefore)
    before = OxmlElement("w:gridBefore")
    before.set(qn("w:val"), "1")
    tr.get_or_add_trPr().append(before)
    path = tmp_path / "grid.docx"
    document.save(path)
    read, _ = read_docx(str(path))
    t = read.tables[0]
    assert t.grid() == [["00", "01", "合并"], ["10", "11", ""], ["", "21", "22"]]
    assert t.cell_at(1, 2).rowspan == 2 and t.cell_at(1, 2).text == "合并"
