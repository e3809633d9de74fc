"""Comparison columns and rows (issue #8 item 4: 上年执行数 / 增减额 / 增减% groups, 扣除…后 variants, a
budget's 年初预算数 column): which figure of a measure each column holds.

Every table is written by the test (openpyxl XLSX, python-docx DOCX) in layouts of both corpora's
kinds — items as columns with year rows, items as rows with year columns, code rows under
comparison groups — with near misses that must keep their reading. Assertions are on
(measure, basis, value)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from budgetlens.extract.tables import extract_tables
from budgetlens.model import Metadata
from budgetlens.read import read_document

openpyxl = pytest.importorskip("openpyxl")


def _xlsx(path, rows):
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    book.save(path)
    return path


def _docx(path, title, rows):
    import docx

    doc = docx.Document()
    doc.add_paragraph(title)
    doc.add_paragraph("单位：万元")
    table = doc.add_table(rows=len(rows), cols=len(rows[0]))
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    doc.save(path)
    return path


def _facts(path, kind="budget", year=2026) -> set:
    document, _ = read_document(str(path))
    _, facts, _ = extract_tables(document, Metadata(unit="示例局", kind=kind, year=year))
    return {(f.measure, str(f.basis), f.value) for f in facts}


def _three_public_items_as_rows(columns, figures, title="2026年“三公”经费预算表"):
    rows = [[title], ["单位：万元"], ["项目", *columns]]
    for item, values in zip(("合计", "因公出国（境）费", "公务接待费"), figures):
        rows.append([item, *values])
    return rows


@pytest.mark.parametrize("columns", [
    ("2025年预算数", "2026年预算数"),
    ("上年预算数", "本年预算数"),
    ("2025年年初预算数", "2026年年初预算数"),
    ("上年执行数", "年初预算数"),
])
def test_items_as_rows_read_the_current_column_beside_the_prior_one(tmp_path, columns):
    rows = _three_public_items_as_rows(columns, [("10.00", "12.00"), ("4.00", "5.00"),
                                                 ("6.00", "7.00")])
    got = _facts(_xlsx(tmp_path / "t.xlsx", rows))
    assert ("three_public.total", "current", Decimal("12.00")) in got
    assert ("three_public.reception", "current", Decimal("7.00")) in got
    assert not {f for f in got if f[1] == "current" and f[2] in (Decimal("10.00"), Decimal("6.00"))}


def test_a_final_accounts_initial_budget_column_stays_the_initial_budget(tmp_path):
    rows = _three_public_items_as_rows(("年初预算数", "决算数"), [("10.00", "9.00"), ("4.00", "3.00"),
                                                               ("6.00", "6.00")],
                                       title="2025年“三公”经费支出决算表")
    got = _facts(_xlsx(tmp_path / "t.xlsx", rows), kind="final", year=2025)
    assert ("three_public.total", "initial_budget", Decimal("10.00")) in got
    assert ("three_public.total", "current", Decimal("9.00")) in got


@pytest.mark.parametrize("head", ["年初预算数", "2026年年初预算数", "本年年初预算"])
def test_a_budgets_initial_budget_group_is_the_current_year(tmp_path, head):
    rows = [["2026年支出预算总表"], ["单位：万元"],
            ["科目编码", "科目名称", head, "", ""], ["", "", "合计", "基本支出", "项目支出"],
            ["", "合计", "100.00", "60.00", "40.00"], ["201", "一般公共服务支出", "100.00", "60.00", "40.00"]]
    got = _facts(_xlsx(tmp_path / "e.xlsx", rows))
    assert ("expense.total", "current", Decimal("100.00")) in got
    assert ("expense.function.201.basic", "current", Decimal("60.00")) in got
    assert not [f for f in got if f[1] == "initial_budget"]


def test_the_year_befores_initial_budget_in_a_budget_is_the_prior(tmp_path):
    rows = [["2026年支出预算总表"], ["单位：万元"],
            ["科目编码", "科目名称", "2025年年初预算数", "", "2026年预算数", ""],
            ["", "", "合计", "基本支出", "合计", "基本支出"],
            ["", "合计", "90.00", "50.00", "100.00", "60.00"],
            ["201", "一般公共服务支出", "90.00", "50.00", "100.00", "60.00"]]
    got = _facts(_xlsx(tmp_path / "e.xlsx", rows))
    assert ("expense.total", "prior", Decimal("90.00")) in got
    assert ("expense.total", "current", Decimal("100.00")) in got


@pytest.mark.parametrize("adjusted", ["扣除一次性因素后增减%", "剔除上年一次性项目后增长率",
                                      "扣除上年结转后增减额", "可比口径增减%"])
def test_a_comparison_after_an_adjustment_is_not_read_as_the_change(tmp_path, adjusted):
    rows = _three_public_items_as_rows(("上年预算数", "本年预算数", "增减额", "增减%", adjusted),
                                       [("10.00", "12.00", "2.00", "20.00", "5.55"),
                                        ("4.00", "5.00", "1.00", "25.00", "3.33"),
                                        ("6.00", "7.00", "1.00", "16.67", "6.66")])
    got = _facts(_xlsx(tmp_path / "t.xlsx", rows))
    assert ("three_public.total", "change_prior", Decimal("2.00")) in got
    assert ("three_public.total", "pct_change_prior", Decimal("20.00")) in got
    assert not {f for f in got if f[2] in (Decimal("5.55"), Decimal("3.33"), Decimal("6.66"))}


def test_an_adjusted_comparison_row_under_year_rows_is_not_read(tmp_path):
    rows = [["2026年“三公”经费预算表"], ["单位：万元"],
            ["项目", "合计", "因公出国（境）费", "公务接待费"],
            ["2025年预算数", "10.00", "4.00", "6.00"], ["2026年预算数", "12.00", "5.00", "7.00"],
            ["增减%", "20.00", "25.00", "16.67"], ["扣除一次性因素后增减%", "5.55", "3.33", "6.66"]]
    got = _facts(_xlsx(tmp_path / "t.xlsx", rows))
    assert ("three_public.total", "pct_change_prior", Decimal("20.00")) in got
    assert ("three_public.total", "current", Decimal("12.00")) in got
    assert not {f for f in got if f[2] in (Decimal("5.55"), Decimal("3.33"), Decimal("6.66"))}


def test_an_adjusted_comparison_column_under_a_group_in_docx(tmp_path):
    rows = [["科目编码", "科目名称", "本年预算数", "", "比上年增减", "扣除一次性支出后增减"],
            ["", "", "合计", "基本支出", "合计", "合计"],
            ["", "合计", "100.00", "60.00", "10.00", "4.44"],
            ["201", "一般公共服务支出", "100.00", "60.00", "10.00", "4.44"]]
    got = _facts(_docx(tmp_path / "e.docx", "2026年支出预算总表", rows))
    assert ("expense.total", "current", Decimal("100.00")) in got
    assert ("expense.total", "change_prior", Decimal("10.00")) in got
    assert not {f for f in got if f[2] == Decimal("4.44")}


@pytest.mark.parametrize("rate", ["增减比例", "变化幅度", "增长%", "下降百分比"])
def test_a_rate_column_named_by_any_change_word_is_the_rate_of_change(tmp_path, rate):
    rows = _three_public_items_as_rows(("上年预算数", "本年预算数", rate),
                                       [("10.00", "12.00", "20.00"), ("4.00", "5.00", "25.00"),
                                        ("6.00", "7.00", "16.67")])
    got = _facts(_xlsx(tmp_path / "t.xlsx", rows))
    assert ("three_public.total", "current", Decimal("12.00")) in got
    assert not [f for f in got if f[1] == "current" and f[2] == Decimal("20.00")]


def test_near_miss_an_item_excluding_vehicles_is_read(tmp_path):
    """不含 without 后 names what an item leaves out, not an adjusted comparison."""
    rows = [["2026年“三公”经费预算表"], ["单位：万元"],
            ["项目", "合计", "因公出国（境）费", "公务接待费（不含外事接待）"],
            ["2026年预算数", "12.00", "5.00", "7.00"]]
    got = _facts(_xlsx(tmp_path / "t.xlsx", rows))
    assert ("three_public.reception", "current", Decimal("7.00")) in got


@pytest.mark.parametrize("total", ["总计数", "总计金额", "合计"])
def test_a_total_word_with_jine_or_shu_is_the_three_public_total(tmp_path, total):
    rows = [["2026年“三公”经费预算表"], ["单位：万元"],
            ["项目", total, "因公出国（境）费", "公务接待费"], ["2026年预算数", "12.00", "5.00", "7.00"]]
    got = _facts(_xlsx(tmp_path / "t.xlsx", rows))
    assert ("three_public.total", "current", Decimal("12.00")) in got


def test_near_miss_a_total_beside_meetings_and_training_stays_the_wider_total(tmp_path):
    """总计数 beside a 三公 小计 and 会议费/培训费 columns is 三公 + 会议费 + 培训费, not the 三公 total."""
    rows = [["2026年“三公”经费及会议费培训费预算表"], ["单位：万元"],
            ["项目", "总计数", "“三公”经费", "", "会议费", "培训费"],
            ["", "", "小计", "公务接待费", "", ""],
            ["2026年预算数", "20.00", "12.00", "12.00", "3.00", "5.00"]]
    got = _facts(_xlsx(tmp_path / "t.xlsx", rows))
    assert ("three_public.total", "current", Decimal("12.00")) in got
    assert ("three_public.total", "current", Decimal("20.00")) not in got
