"""Row keys (extract/table_rowkey.py): a 款 code printed with two digits under its 类, and 款/项
rows of a summary table printed by name only, read as their codes; the near misses (a two-digit
row with no 项 row of its 类 to confirm it, a name printed under both 款 and 项) are not guessed.
Each on a table the test writes (XLSX)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from .xlsx_tables import GPB_ROWS, read_tables, write_rows

pytest.importorskip("openpyxl")


def test_two_digit_kuan_rows_read_under_their_lei(tmp_path):
    document, infos, facts = read_tables(write_rows(tmp_path / "gpb.xlsx", GPB_ROWS))
    by = {(f.measure, f.source.row): f for f in facts}
    kuan = [f for f in facts if f.measure == "expense.general.function.20805"]
    assert kuan and kuan[0].value == Decimal("300.00") and kuan[0].label.startswith("05 ")
    assert any(m == "expense.general.function.20805.basic.personnel" for m, _ in by)


def test_two_digit_row_without_a_matching_xiang_row_is_not_guessed(tmp_path):
    rows = GPB_ROWS[:6] + [["2089901", "其他社会保障和就业支出", "300.00", "200.00", "100.00", ""]]
    _, _, facts = read_tables(write_rows(tmp_path / "gpb.xlsx", rows))
    assert not [f for f in facts if f.measure.startswith("expense.general.function.20805")]


def test_summary_kuan_and_xiang_names_read_as_their_codes_alone(tmp_path):
    rows = [["2026年收支总表"], ["单位：万元"],
            ["收入", "", "支出", ""],
            ["项目", "2026年预算数", "项目", "2026年预算数"],
            ["一、财政拨款", "300.00", "一、卫生健康支出", "100.00"],
            ["", "", "行政事业单位医疗", "100.00"],
            ["", "", "行政单位医疗", "100.00"],
            ["", "", "二、住房保障支出", "200.00"],
            ["", "", "住房改革支出", "200.00"],
            ["", "", "住房公积金", "80.00"],
            ["", "", "购房补贴", "120.00"],
            ["本年收入合计", "300.00", "本年支出合计", "300.00"]]
    _, infos, facts = read_tables(write_rows(tmp_path / "sum.xlsx", rows))
    assert infos[0].role == "budget_summary"
    got = {f.measure: f for f in facts}
    assert got["expense.function.21011"].value == Decimal("100.00")
    assert got["expense.function.2101101"].label.startswith("行政单位医疗 /")  # no code invented
    assert got["expense.function.22102"].value == Decimal("200.00")
    assert got["expense.function.2210201"].value == Decimal("80.00")
    assert got["expense.function.2210203"].value == Decimal("120.00")
    # read alone: a name left unread would make 类 = Σ 款 fail, so no in-table sum takes them
    assert got["expense.function.22102"].scope.endswith(f":row:{got['expense.function.22102'].source.row}")
    assert got["expense.function.221"].scope == got["expense.total"].scope


def test_summary_name_repeated_under_kuan_and_xiang_is_not_guessed(tmp_path):
    rows = [["2026年收支总表"], ["单位：万元"],
            ["收入", "", "支出", ""],
            ["项目", "2026年预算数", "项目", "2026年预算数"],
            ["一、财政拨款", "10.00", "一、一般公共服务支出", "10.00"],
            ["", "", "行政运行", "10.00"],
            ["本年收入合计", "10.00", "本年支出合计", "10.00"]]
    _, _, facts = read_tables(write_rows(tmp_path / "sum.xlsx", rows))
    # 行政运行 is a 项 of every 款: under a 类 alone it names no single code
    assert not [f for f in facts if f.measure.startswith("expense.function.201") and f.measure != "expense.function.201"]
