"""Column mapping of cells → facts (extract/table_cells.py with rules/tables.toml): the columns
that table coverage (scripts/table_coverage.py) showed unread — 支出总计, 增减变化情况 groups,
a summary's expense side by use or split into 人员/公用, basic expense by source of funds,
income with 结余结转, 三公 with 会议费/培训费, 政府采购 columns. Each on a table the test writes (XLSX)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from budgetlens.model import Disclosure, Metadata
from budgetlens.reconcile import reconcile
from budgetlens.rules.catalogue import load_rules

from .xlsx_tables import read_tables, write_rows

pytest.importorskip("openpyxl")


def test_expense_total_column_named_zhichu_zongji(tmp_path):
    rows = [["2026年一般公共预算支出表"], ["单位：万元"],
            ["科目编码", "科目名称", "支出总计", "基本支出", "项目支出"],
            ["201", "一般公共服务支出", "30.00", "10.00", "20.00"]]
    _, _, facts = read_tables(write_rows(tmp_path / "gpb.xlsx", rows))
    assert {f.measure: f.value for f in facts}["expense.general.function.201"] == Decimal("30.00")


def test_change_group_total_column_is_the_totals_change(tmp_path):
    rows = [["2026年“三公”经费支出表"], ["单位：万元"],
            ["2025年", "", "", "2026年", "", "", "增减变化情况", "", ""],
            ["合计", "因公出国（境）费", "公务接待费"] * 3,
            ["10.00", "4.00", "6.00", "12.00", "5.00", "7.00", "2.00", "1.00", "1.00"]]
    _, _, facts = read_tables(write_rows(tmp_path / "tp.xlsx", rows))
    change = {f.measure: f.value for f in facts if f.basis == "change_prior"}
    assert change.get("three_public.total") == Decimal("2.00")


def test_fiscal_summary_expense_side_by_use(tmp_path):
    rows = [["2026年财政拨款收支预算总表"], ["单位：万元"],
            ["收入", "", "支出", ""],
            ["项目名称", "金额", "项目名称", "金额"],
            ["一、一般公共预算", "100.00", "一、基本支出", "60.00"],
            ["二、政府性基金预算", "", "二、项目支出", "30.00"],
            ["", "", "三、单位预留机动经费", "10.00"],
            ["收入合计", "100.00", "支出合计", "100.00"]]
    _, infos, facts = read_tables(write_rows(tmp_path / "fs.xlsx", rows))
    assert infos[0].role == "budget_fiscal_summary"
    got = {f.measure: f.value for f in facts}
    assert got["expense.fiscal.basic"] == Decimal("60.00")
    assert got["expense.fiscal.project"] == Decimal("30.00")
    assert got["expense.fiscal.reserve"] == Decimal("10.00")


def test_summary_expense_side_split_into_personnel_and_public(tmp_path):
    rows = [["2026年财务收支预算总表"], ["单位：万元"],
            ["本年收入", "", "本年支出", "", "", "", ""],
            ["项目", "预算数", "项目", "预算数", "", "", ""],
            ["", "", "", "合计", "基本支出", "", "项目支出"],
            ["", "", "", "", "人员经费", "公用经费", ""],
            ["一、财政拨款收入", "100.00", "一、一般公共服务支出", "100.00", "50.00", "20.00", "30.00"],
            ["收入总计", "100.00", "支出总计", "100.00", "50.00", "20.00", "30.00"]]
    _, infos, facts = read_tables(write_rows(tmp_path / "sum.xlsx", rows))
    assert infos[0].role == "budget_summary"
    got = {f.measure: f.value for f in facts}
    assert got["expense.function.201"] == Decimal("100.00")
    assert got["expense.function.201.basic.personnel"] == Decimal("50.00")
    assert got["expense.function.201.basic.public"] == Decimal("20.00")
    # no 基本支出 column: 项目支出 is read, and the row identity composes 基本 from 人员 + 公用
    assert got["expense.function.201.project"] == Decimal("30.00")
    rules = [r for r in load_rules() if r.id == "row-function-basic-project"]
    audit, _ = reconcile(Disclosure("sum.xlsx", Metadata(), facts=tuple(facts)), rules)
    assert not audit.findings and audit.identities_evaluated == audit.identities_held >= 1


def test_basic_expense_by_source_of_funds(tmp_path):
    figures = ["110.00", "100.00", "100.00", "0.00", "0.00", "0.00", "6.00", "4.00", "0.00"]
    rows = [["2026年基本支出总表"], ["单位：万元"],
            ["科目编码", "科目名称", "总计", "财政拨款", "", "", "", "财政专户管理资金", "单位资金", "",
             "上年结余、结转"],
            ["", "", "", "小计", "一般公共预算拨款", "政府性基金预算拨款", "国有资本经营预算拨款", "",
             "事业收入", "其他收入", ""],
            ["", "合计", *figures],
            ["301", "工资福利支出", *figures]]
    _, infos, facts = read_tables(write_rows(tmp_path / "basic.xlsx", rows))
    assert infos[0].role == "budget_basic_expense"
    got = {f.measure: f.value for f in facts}
    assert got["expense.basic"] == Decimal("110.00")
    assert got["expense.general.basic"] == Decimal("100.00")  # = B6's 合计
    assert got["expense.fiscal.basic"] == Decimal("100.00")
    assert got["expense.basic.business"] == Decimal("6.00")
    assert got["expense.basic.other"] == Decimal("4.00")
    assert got["expense.general.basic.economic.301"] == Decimal("100.00")
    assert got["expense.basic.economic.301.business"] == Decimal("6.00")


def test_income_total_with_carryover_column_named_jieyu_jiezhuan(tmp_path):
    rows = [["2026年收入总表"], ["单位：万元"],
            ["科目编码", "科目名称", "收入总计", "本年收入", "", "上年结余、结转"],
            ["", "", "", "一般公共预算拨款", "事业收入", ""],
            ["", "合计", "130.00", "100.00", "10.00", "20.00"],
            ["201", "一般公共服务支出", "130.00", "100.00", "10.00", "20.00"]]
    _, infos, facts = read_tables(write_rows(tmp_path / "income.xlsx", rows))
    assert infos[0].role == "budget_income"
    got = {f.measure: f.value for f in facts}
    assert got["income.carryover"] == Decimal("20.00")
    # 收入总计 includes the carry-over printed beside it: not the income of the year
    assert got["income.grand_total"] == Decimal("130.00") and "income.total" not in got
    assert got["income.function.201.carryover"] == Decimal("20.00")


def test_three_public_overall_total_with_meeting_and_training(tmp_path):
    rows = [["2026年“三公”经费及会议费、培训费支出预算表"], ["单位：万元"],
            ["合计", "“三公”经费", "", "", "会议费", "培训费"],
            ["", "小计", "因公出国（境）费", "公务接待费", "", ""],
            ["20.00", "8.00", "3.00", "5.00", "5.00", "7.00"]]
    _, _, facts = read_tables(write_rows(tmp_path / "tp.xlsx", rows))
    got = {f.measure: f.value for f in facts}
    assert got["three_public.total"] == Decimal("8.00")
    assert got["three_public_meeting_training"] == Decimal("20.00")
    # without 会议费/培训费 columns a 合计 beside the 三公 小计 names nothing known
    rows = [r[:4] for r in rows]
    rows[4][0] = "8.00"
    _, _, facts = read_tables(write_rows(tmp_path / "tp2.xlsx", rows))
    assert "three_public_meeting_training" not in {f.measure for f in facts}


def test_expense_table_procurement_columns(tmp_path):
    rows = [["2026年支出总表"], ["单位：万元"],
            ["科目编码", "科目名称", "支出总计", "基本支出", "项目支出", "2026年政府采购项目", "", ""],
            ["", "", "", "", "", "小计", "其中：2026年政府采购项目中预留给中小企业的项目资金规模",
             "其中：2026年政府采购项目中预留给小型、微型企业的项目资金规模"],
            ["", "合计", "100.00", "60.00", "40.00", "30.00", "20.00", "5.00"],
            ["201", "一般公共服务支出", "100.00", "60.00", "40.00", "30.00", "20.00", "5.00"]]
    _, infos, facts = read_tables(write_rows(tmp_path / "exp.xlsx", rows))
    assert infos[0].role == "budget_expense"
    got = {f.measure: f.value for f in facts}
    assert got["expense.total"] == Decimal("100.00")
    assert got["procurement.total"] == Decimal("30.00")
    assert got["procurement.sme_reserved"] == Decimal("20.00")
    assert got["procurement.small_micro_reserved"] == Decimal("5.00")
    assert got["expense.function.201.procurement.sme_reserved"] == Decimal("20.00")
