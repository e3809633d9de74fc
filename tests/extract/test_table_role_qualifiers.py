"""A title's qualifier decides its table (rules/tables.toml aliases and excludes, rules/
table_terms.toml veto; issue #8): a 一般公共预算 支出表 qualified by 经济分类 alone is the economic
class table, not the function class one; a 收入 table of one source of income (行政事业性收费,
非税, 事业收入) is not the 收入总表. Near misses keep their role: no qualifier, both
classifications named, 基本支出 or 项目支出 by economic class, a unit's own 收入 table."""

from __future__ import annotations

from decimal import Decimal

import pytest

from budgetlens.extract.table_role import find_family, normalise_title
from budgetlens.extract.table_terms import term_family
from budgetlens.rules.table_layouts import load_table_layouts

from .xlsx_tables import read_xlsx_table

openpyxl = pytest.importorskip("openpyxl")


def _family(title: str):
    """As the reader decides by title: the aliases, then the terms."""
    layouts = load_table_layouts()
    text = normalise_title(title, layouts)
    found, _ = find_family(text, "", layouts)
    found = found or term_family(text, "", layouts)
    return found.name if found else None


@pytest.mark.parametrize("title, family", [
    ("一般公共预算支出预算表（按政府预算经济分类）", "gpb_economic"),
    ("一般公共预算财政拨款支出表（部门预算支出经济分类科目）", "gpb_economic"),
    ("2025年一般公共预算资金支出表(经济分类科目)", "gpb_economic"),
    # near misses: their role stays
    ("一般公共预算支出预算表", "gpb_expense"),
    ("一般公共预算支出表（按功能分类科目）", "gpb_expense"),
    ("一般公共预算支出表（按功能分类和经济分类）", "gpb_expense"),
    ("一般公共预算基本支出表（按经济分类）", "gpb_basic"),
    ("一般公共预算项目支出情况表（按经济分类科目）", "gpb_project_expense"),
    ("一般公共预算“三公”经费支出表（按经济分类）", "three_public"),
])
def test_economic_qualifier_names_the_economic_table(title, family):
    assert _family(title) == family


@pytest.mark.parametrize("title, family", [
    ("收费收入预算表", None),
    ("行政事业性收费收入决算表", None),
    ("非税收入预算明细表", None),
    ("事业收入预算表", None),
    # near misses: their role stays
    ("部门收入预算表", "income"),
    ("事业单位收入预算表", "income"),
    ("收入决算表", "income"),
    ("部门预算收入汇总表", "income"),
    ("政府性基金收入预算表", "gov_fund"),
])
def test_one_source_of_income_is_not_the_income_table(title, family):
    assert _family(title) == family


def test_economic_table_rows_are_economic_classes(tmp_path):
    rows = [["科目编码", "科目名称", "合计"], ["", "合计", "1200.00"],
            ["301", "工资福利支出", "900.00"], ["302", "商品和服务支出", "250.00"],
            ["303", "对个人和家庭的补助", "50.00"]]
    infos, facts = read_xlsx_table(tmp_path, "一般公共预算支出预算表（按政府预算经济分类）", rows)
    assert [i.role for i in infos] == ["budget_gpb_economic"]
    assert facts[("expense.general.economic.301", "current")] == Decimal("900.00")
    assert ("expense.general.function.301", "current") not in facts


def test_fee_income_table_gives_no_income_total(tmp_path):
    rows = [["项目", "合计", "行政事业性收费收入"], ["合计", "35.00", "35.00"],
            ["行政性收费", "35.00", "35.00"]]
    infos, facts = read_xlsx_table(tmp_path, "收费收入预算表", rows)
    assert not any(i.role == "budget_income" for i in infos)
    assert ("income.total", "current") not in facts
