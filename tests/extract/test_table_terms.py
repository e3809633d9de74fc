"""Titles and column headers matched by their domain terms (extract/table_terms.py, issue #8).

Each test writes a table (openpyxl XLSX) in a wording no alias of rules/tables.toml holds, reads it
back and checks the facts; near misses beside them (a 政府采购 table, a list of projects, a
国有资产 table, a table of another family with similar words, a part of a fund) must not be taken.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from budgetlens.extract.table_role import normalise_title
from budgetlens.extract.table_terms import read_terms, term_family
from budgetlens.extract.tables import extract_tables
from budgetlens.model import Metadata
from budgetlens.read import read_document
from budgetlens.rules.table_layouts import load_table_layouts

openpyxl = pytest.importorskip("openpyxl")

_ROWS = (  # code, name, 合计, 人员, 公用, 项目 — each row's parts add up to its total
    ("", "合计", "1500.00", "900.00", "200.00", "400.00"),
    ("201", "一般公共服务支出", "1200.00", "800.00", "150.00", "250.00"),
    ("208", "社会保障和就业支出", "300.00", "100.00", "50.00", "150.00"),
)


def _read(tmp_path, rows, title, unit_line="单位：万元"):
    book = openpyxl.Workbook()
    for row in [[title], [unit_line], *rows]:
        book.active.append(list(row))
    path = tmp_path / "t.xlsx"
    book.save(path)
    document, _ = read_document(path)
    infos, facts, diags = extract_tables(document, Metadata(kind="budget", year=2025))
    return infos, {(f.measure, f.basis): f.value for f in facts}, diags


def _basic(personnel: str, public: str) -> str:
    return f"{Decimal(personnel) + Decimal(public):.2f}"


def _expense(header, codes=True):
    rows = [header]
    for code, name, total, personnel, public, project in _ROWS:
        rows.append([code if codes else "", name, total, _basic(personnel, public), project])
    return rows


# ---------------------------------------------------------------------------------------------
# Titles
# ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize("title, family", [
    ("部门预算支出汇总表", "expense"),
    ("某某局2025年部门综合支出预算一览表", "expense"),
    ("一般公共预算拨款安排的支出表", "gpb_expense"),
    ("公共财政预算支出明细表", "gpb_expense"),
    ("部门预算收入汇总表", "income"),
    ("部门收支预算汇总表", "summary"),
    ("财政拨款收支预算汇总表", "fiscal_summary"),
    ("一般公共预算拨款基本支出明细表", "gpb_basic"),
    ("因公出国（境）费、公务用车购置及运行费和公务接待费预算表", "three_public"),
    ("政府基金预算支出安排表", "gov_fund"),
    ("一般公共预算拨款基本支出安排表", "gpb_basic"),  # not the 支出表: 基本 names another family
    ("第二部分 部门预算公开表 表一：部门预算收入汇总表", "income"),
])
def test_title_by_terms(title, family):
    layouts = load_table_layouts()
    found = term_family(normalise_title(title, layouts), "", layouts, "某某局")
    assert found is not None and found.name == family


@pytest.mark.parametrize("title", [
    "政府采购预算支出汇总表",          # another kind of table (采购)
    "国有资产占用情况表",              # 资产
    "部门整体支出绩效目标表",          # 绩效
    "非税收入征收计划表",              # 非税
    "社会保险基金预算支出表",          # not a 政府性基金 table
    "上年结转资金使用情况表",          # 结转, no family
    "部门预算项目支出明细表",          # 项目: no standard function table
    "部门预算汇总表",                  # no subject at all
    "专项资金分配方案批复表",          # unexplained words: a weak fit
    "一般公共预算拨款项目支出安排表",    # the 项目支出表, not the 一般公共预算支出表
])
def test_title_near_misses_stay_unrecognised(title):
    layouts = load_table_layouts()
    assert term_family(normalise_title(title, layouts), "", layouts) is None


def test_equal_fits_are_told_apart_by_header_or_left_alone():
    """基本支出 alone fits the 一般公共预算基本支出表 (with 人员/公用 columns) and the all-funds
    基本支出表 (by source of funds) equally by title: the header decides, else none is taken."""
    layouts = load_table_layouts()
    title = normalise_title("基本支出批复表", layouts)
    assert read_terms(title).terms == frozenset({"基本"})
    assert term_family(title, "", layouts).name == "basic_expense"  # one fit only


def test_table_recognised_by_terms_is_read_with_doubt(tmp_path):
    infos, got, diags = _read(tmp_path, _expense(["科目编码", "科目名称", "合计", "基本支出",
                                                  "项目支出"]), "2025年部门预算支出汇总表")
    assert infos[0].role == "budget_expense"
    assert [d.cause for d in infos[0].reading] == ["recognised-by-terms"]
    assert got[("expense.total", "current")] == Decimal("1500.00")
    assert got[("expense.function.208.project", "current")] == Decimal("150.00")
    assert any(d.code == "table-role-by-terms" for d in diags)


def test_title_words_do_not_take_a_list_of_projects(tmp_path):
    """Near miss: the same words over rows by project (a 项目明细) are no 支出总表."""
    rows = [["项目名称", "合计", "基本支出", "项目支出"], ["合计", "1500.00", "1100.00", "400.00"],
            ["办公楼维修", "300.00", "", "300.00"], ["信息系统运维", "100.00", "", "100.00"]]
    infos, got, _ = _read(tmp_path, rows, "2025年部门预算支出汇总表")
    assert infos[0].role is None and not got


def test_procurement_table_with_expense_words_is_not_taken(tmp_path):
    infos, got, _ = _read(tmp_path, _expense(["科目编码", "科目名称", "合计", "基本支出", "项目支出"]),
                          "2025年政府采购预算支出汇总表")
    assert infos[0].role is None and not got


# ---------------------------------------------------------------------------------------------
# Columns
# ---------------------------------------------------------------------------------------------

def test_expense_columns_by_terms(tmp_path):
    infos, got, diags = _read(tmp_path, _expense(["科目编码", "科目名称", "支出总额", "基本经费",
                                                  "项目经费"]), "2025年部门支出预算表")
    assert infos[0].role == "budget_expense"  # by its title's alias: the columns by terms
    assert got[("expense.total", "current")] == Decimal("1500.00")
    assert got[("expense.basic", "current")] == Decimal("1100.00")
    assert got[("expense.function.201.project", "current")] == Decimal("250.00")
    assert [d.cause for d in infos[0].reading] == ["recognised-by-terms"]
    assert any(d.code == "table-column-by-terms" for d in diags)


def test_group_heading_by_terms_names_its_subtotal(tmp_path):
    """基本经费 over 小计 | 人员经费 | 公用经费: the 小计 is 基本支出, not the table's 合计."""
    top = ["科目编码", "科目名称", "合计", "基本经费", "", "", "项目经费"]
    second = ["", "", "", "小计", "人员经费", "公用经费", ""]
    rows = [top, second] + [[c, n, t, _basic(p, u), p, u, j] for c, n, t, p, u, j in _ROWS]
    infos, got, _ = _read(tmp_path, rows, "2025年一般公共预算支出表")
    assert infos[0].role == "budget_gpb_expense"
    assert got[("expense.general.total", "current")] == Decimal("1500.00")
    assert got[("expense.general.basic", "current")] == Decimal("1100.00")
    assert got[("expense.general.basic.personnel", "current")] == Decimal("900.00")
    assert got[("expense.general.project", "current")] == Decimal("400.00")


def test_income_columns_by_terms(tmp_path):
    header = ["科目编码", "科目名称", "金额合计", "公共财政拨款", "基金预算拨款", "其他资金"]
    rows = [header] + [[c, n, t, f"{Decimal(t) - Decimal(j) - 10:.2f}", "10.00", j]
                       for c, n, t, _, _, j in _ROWS]
    infos, got, _ = _read(tmp_path, rows, "2025年部门收入预算表")
    assert infos[0].role == "budget_income"
    assert got[("income.total", "current")] == Decimal("1500.00")
    assert got[("income.fiscal.general", "current")] == Decimal("1090.00")
    assert got[("income.fiscal.gov_fund", "current")] == Decimal("10.00")
    assert got[("income.other", "current")] == Decimal("400.00")


def _three_public(header, values):
    return [header, values]


def test_three_public_columns_by_terms_and_an_alias_fragment_overruled(tmp_path):
    """公车购置及运维费 holds the alias fragment 购置 (公务用车购置费) and 运维: it is the vehicle
    subtotal, not its purchase part; 三项经费合计 is the 三公 total."""
    header = ["项目", "三项经费合计", "出国（境）经费", "接待费", "公车购置及运维费", "公车购置", "公车运维"]
    values = ["2025年预算数", "60.00", "10.00", "20.00", "30.00", "12.00", "18.00"]
    infos, got, _ = _read(tmp_path, _three_public(header, values), "2025年“三公”经费预算安排表")
    assert infos[0].role == "budget_three_public"
    expected = {"three_public.total": "60.00", "three_public.overseas": "10.00",
                "three_public.reception": "20.00", "three_public.vehicle": "30.00",
                "three_public.vehicle_purchase": "12.00", "three_public.vehicle_operation": "18.00"}
    for measure, value in expected.items():
        assert got[(measure, "current")] == Decimal(value), measure


def test_column_near_misses_stay_unmapped(tmp_path):
    """运转类 (a class of projects in some templates) is no 公用经费; a part of a fund
    (公共预算拨款/其中：专项…) is no 项目支出 of the department."""
    top = ["科目编码", "科目名称", "合计", "公共预算拨款", "", "人员类支出", "运转类支出"]
    second = ["", "", "", "小计", "其中：专项资金项目", "", ""]
    rows = [top, second] + [[c, n, t, t, j, p, u] for c, n, t, p, u, j in _ROWS]
    _, got, _ = _read(tmp_path, rows, "2025年部门支出预算表")
    assert got[("expense.total", "current")] == Decimal("1500.00")
    assert ("expense.project", "current") not in got
    assert ("expense.basic.public", "current") not in got
    assert got[("expense.basic.personnel", "current")] == Decimal("900.00")


def test_column_by_terms_raises_no_error_its_alias_twin_would(tmp_path):
    """The same misprint (合计 ≠ Σ 类 in 基本支出) is an `error` when the column is named by an
    alias, 读取存疑 when it was recognised by its terms."""
    from budgetlens.extract import extract
    from budgetlens.reconcile import reconcile

    results = {}
    for wording in ("基本支出", "基本经费"):
        rows = _expense(["科目编码", "科目名称", "合计", wording, "项目支出"])
        rows[1][3] = "1200.00"  # 100 more than its classes
        book = openpyxl.Workbook()
        for row in [["2025年部门支出预算表"], ["单位：万元"], *rows]:
            book.active.append(list(row))
        book.save(tmp_path / f"{wording}.xlsx")
        document, _ = read_document(tmp_path / f"{wording}.xlsx")
        audit, _ = reconcile(extract(document)[0])
        results[wording] = [f for f in audit.findings if f.severity in ("error", "warning")
                            and any(e.measure == "expense.basic" for e in f.evidence)]
    assert any(f.severity == "error" for f in results["基本支出"])
    assert results["基本经费"]
    assert all(f.severity == "warning" and f.cause == "recognised-by-terms"
               for f in results["基本经费"])


def test_three_public_group_heading_by_terms(tmp_path):
    """公车购置及运维费 over 小计 | 公车购置 | 公车运维: the group names the vehicle subtotal and is
    the whole of its parts (its 购置/运行 rule neither part out); the 小计 is not the purchase."""
    top = ["项目", "三项经费合计", "出国（境）经费", "接待费", "公车购置及运维费", "", ""]
    second = ["", "", "", "", "小计", "公车购置", "公车运维"]
    values = ["2025年预算数", "60.00", "10.00", "20.00", "30.00", "12.00", "18.00"]
    infos, got, _ = _read(tmp_path, [top, second, values], "2025年“三公”经费预算安排表")
    assert infos[0].role == "budget_three_public"
    assert got[("three_public.vehicle", "current")] == Decimal("30.00")
    assert got[("three_public.vehicle_purchase", "current")] == Decimal("12.00")
    assert got[("three_public.vehicle_operation", "current")] == Decimal("18.00")


# ---------------------------------------------------------------------------------------------
# Content where the title's words are too few (extract/table_content.py with header terms)
# ---------------------------------------------------------------------------------------------

def test_content_recognition_takes_header_terms(tmp_path):
    """A title too weak for its terms (批复下达) over 基本经费 | 项目经费 and function rows: the
    header's terms stand for the hints 基本支出 | 项目支出; rows by project do not."""
    infos, got, _ = _read(tmp_path, _expense(["科目编码", "科目名称", "支出总额", "基本经费", "项目经费"]),
                          "2025年部门支出预算批复下达汇总表")
    assert infos[0].role == "budget_expense"
    assert "recognised-by-content" in [d.cause for d in infos[0].reading]
    assert got[("expense.function.201.basic", "current")] == Decimal("950.00")
    rows = [["项目名称", "支出总额", "基本经费", "项目经费"], ["合计", "1500.00", "1100.00", "400.00"],
            ["办公楼维修", "300.00", "", "300.00"], ["信息系统运维", "100.00", "", "100.00"]]
    infos, got, _ = _read(tmp_path, rows, "2025年部门支出预算批复下达汇总表")
    assert infos[0].role is None and not got


def test_income_special_account_is_no_business_income(tmp_path):
    """财政专户管理事业收入 names 事业 but is money of the 财政专户 (a weak fit: 管理 is no term);
    财政专户资金 is the special account's column."""
    header = ["科目编码", "科目名称", "合计", "财政专户资金", "财政专户管理事业收入"]
    rows = [header] + [[c, n, t, j, j] for c, n, t, _, _, j in _ROWS]
    infos, got, _ = _read(tmp_path, rows, "2025年部门收入预算表")
    assert infos[0].role == "budget_income"
    assert got[("income.fiscal_special_account", "current")] == Decimal("400.00")
    assert ("income.business", "current") not in got


@pytest.mark.parametrize("title, family", [
    # an alias fragment (财政拨款支出…表) inside a title whose fund is named the older way: the
    # 2013–14 final accounts' 公共财政预算 is the 一般公共预算
    ("公共财政预算财政拨款支出决算表", "gpb_expense"),
    # near misses: titles the alias rightly gives to its family stay with it
    ("财政拨款支出明细表", "fiscal_expense"),
    ("一般公共预算财政拨款支出表", "gpb_expense"),
    ("财政拨款收支总表", "fiscal_summary"),
])
def test_alias_family_overruled_only_when_its_terms_contradict(tmp_path, title, family):
    rows = _expense(["科目编码", "科目名称", "合计", "基本支出", "项目支出"])
    infos, _, _ = _read(tmp_path, rows, f"2025年{title}")
    layouts = load_table_layouts()
    assert infos[0].role == layouts.family(family).role("final" if "决算" in title else "budget")
