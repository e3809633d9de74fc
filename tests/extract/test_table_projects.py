"""Project rows of a 项目支出表 as facts (extract/table_projects.py), on workbooks the test writes:
each project's figure of the year's total column is ``expense.project.item.<n>``, numbered over
every project table of the document, labelled with its printed name and scoped to its own row
under the budget unit a unit column names (or a unit-code row: the 西安 layout, 单位编码 | 单位（项目）
名称). Near misses: the 合计 row, a group row by category and a unit's own code row are not
projects; a column of the prior year is never the project's amount; the same rows under the title
of a table that is no project table give no project facts."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from budgetlens.extract.tables import extract_tables
from budgetlens.model import Metadata
from budgetlens.read import read_document

openpyxl = pytest.importorskip("openpyxl")

BY_UNIT = [["表9 项目支出预算表"], ["单位名称：某某区教育局", "单位：万元"],
           ["单位名称", "项目名称", "本年预算", "上年预算"],
           ["合计", "", "300.00", "250.00"],
           ["", "其他运转类", "260.00", "220.00"],
           ["某某区教育局", "校舍维修改造", "200.00", "150.00"],
           ["", "教师培训专项", "60.00", "70.00"],
           ["某某区第一中学", "实验室设备购置", "40.00", "30.00"]]
BY_CODE = [["表10 项目支出预算表"], ["单位：万元"],
           ["单位编码", "单位（项目）名称", "合计"],
           ["合计", "", "90.00"],
           ["101001", "某某区教育局本级", "90.00"],
           ["", "学生资助补助经费", "90.00"]]


def _items(tmp_path, *sheets):
    book = openpyxl.Workbook()
    book.remove(book.active)
    for k, rows in enumerate(sheets):
        sheet = book.create_sheet(f"t{k}")
        for row in rows:
            sheet.append(list(row))
    path = tmp_path / "projects.xlsx"
    book.save(path)
    document, _ = read_document(path)
    _, facts, _ = extract_tables(document, Metadata(kind="budget", year=2026))
    return [f for f in facts if ".item." in f.measure]


def test_projects_are_numbered_over_the_document_under_their_units(tmp_path):
    items = _items(tmp_path, BY_UNIT, BY_CODE)
    got = [(f.measure, f.label.split(" / ")[0], f.value) for f in items]
    assert got == [("expense.project.item.1", "校舍维修改造", D("200.00")),
                   ("expense.project.item.2", "教师培训专项", D("60.00")),
                   ("expense.project.item.3", "实验室设备购置", D("40.00")),
                   ("expense.project.item.4", "学生资助补助经费", D("90.00"))]
    scopes = [f.scope for f in items]
    # the unit of a merged block carries to the rows under it; the code row names its unit
    assert ":unit:某某区教育局:row:" in scopes[1] and ":unit:某某区第一中学:row:" in scopes[2]
    assert ":unit:某某区教育局本级:row:" in scopes[3]
    assert len(set(scopes)) == 4  # each its own row: no in-table sum takes them in
    assert all(f.basis == "current" and f.label.endswith("本年预算") for f in items[:3])


def test_near_miss_the_same_rows_in_a_table_that_lists_no_projects(tmp_path):
    other = [["表3 一般公共预算支出表"], *BY_UNIT[1:]]
    assert _items(tmp_path, other) == []
