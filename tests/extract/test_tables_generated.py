"""Tables in files the test writes itself (openpyxl): recognition by header when no title is
printed, 元 → 万元 with precision, and a bad table that must not stop the others."""

from __future__ import annotations

from decimal import Decimal

import pytest

from budgetlens.extract.tables import extract_tables
from budgetlens.model import Metadata
from budgetlens.read import read_document

openpyxl = pytest.importorskip("openpyxl")


def _write(path, sheets):
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets:
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    book.save(path)
    return path


def test_untitled_three_public_table_is_recognised_by_its_header(tmp_path):
    path = _write(tmp_path / "sangong.xlsx", [("Sheet1", [
        ["合计", "因公出国（境）费", "公务用车购置及运行费", None, None, "公务接待费"],
        [None, None, "小计", "公务用车购置费", "公务用车运行费", None],
        ["12.50", "2.00", "8.50", "", "8.50", "2.00"],
    ])])
    document, _ = read_document(path)
    infos, facts, _ = extract_tables(document, Metadata(kind="budget", year=2025))
    assert infos[0].role == "budget_three_public"
    got = {(f.measure, f.value) for f in facts}
    assert {("three_public.total", Decimal("12.50")), ("three_public.vehicle", Decimal("8.50")),
            ("three_public.vehicle_operation", Decimal("8.50")),
            ("three_public.reception", Decimal("2.00"))} <= got


def test_yuan_table_converts_to_wan_keeping_precision(tmp_path):
    path = _write(tmp_path / "b5.xlsx", [("Sheet1", [
        ["2025年部门一般公共预算支出功能分类预算表"],
        ["单位：元"],
        ["功能分类科目编码", None, None, "功能分类科目名称", "合计", "基本支出", "项目支出"],
        ["类", "款", "项", None, None, None, None],
        ["208", None, None, "社会保障和就业支出", "1,234,567.89", "1,234,567.89", "0.00"],
        ["208", "05", None, "行政事业单位养老支出", "1,234,567.89", "1,234,567.89", "0.00"],
        ["208", "05", "05", "机关事业单位基本养老保险缴费支出", "1,234,567.89", "1,234,567.89", "0.00"],
    ])])
    document, _ = read_document(path)
    infos, facts, _ = extract_tables(document, Metadata())
    assert (infos[0].role, infos[0].money_unit) == ("budget_gpb_expense", "元")
    fact = next(f for f in facts if f.measure == "expense.general.function.2080505")
    assert fact.value == Decimal("123.456789") and fact.decimals == 6
    assert {f.measure for f in facts} >= {"expense.general.function.208",
                                          "expense.general.function.20805.basic"}


def test_unrecognised_table_with_figures_is_reported_not_read(tmp_path):
    path = _write(tmp_path / "other.xlsx", [("Sheet1", [
        ["2025年职工食堂菜价表"],
        ["菜名", "价格"],
        ["红烧肉", "12.00"],
    ])])
    document, _ = read_document(path)
    infos, facts, diags = extract_tables(document, Metadata())
    assert infos[0].role is None and not facts
    assert [d.code for d in diags] == ["table-role-unknown"]
