"""Grid reading on real tables: header paths stacked from merged headers, key/value columns,
column groups of two-sided tables, numbering rows, and role recognition from spreadsheets."""

from __future__ import annotations

import pytest

from budgetlens.extract.table_grid import is_data_row, is_numbering_row, to_grid_view
from budgetlens.extract.tables import extract_tables
from budgetlens.model import Metadata
from budgetlens.read import read_document
from budgetlens.rules.table_layouts import load_table_layouts

from ..conftest import CORPUS, seed_path


@pytest.fixture(scope="module")
def seed004():
    document, _ = read_document(seed_path("004"))
    return document


def _table(document, needle):
    return next(t for t in document.tables if any(needle in ln.text for ln in t.title_lines))


def test_three_public_header_paths_fill_merged_groups(seed004):
    view = to_grid_view(_table(seed004, "三公经费"), load_table_layouts().recognition)
    labels = [c.label for c in view.columns]
    assert labels[2] == "2024年预算数/公务用车购置及运行费/小计"
    assert labels[3] == "2024年预算数/公务用车购置及运行费/公务用车购置费"
    assert labels[5] == "2024年预算数/公务接待费"
    assert all(c.kind == "value" for c in view.columns) and len(view.data_rows) == 1


def test_two_sided_summary_splits_into_column_groups(seed004):
    view = to_grid_view(_table(seed004, "财政拨款收支总表"), load_table_layouts().recognition)
    assert [tuple(view.columns[c].kind for c in g) for g in view.groups] == [
        ("key", "value"), ("key", "value", "value", "value", "value")]
    assert view.columns[0].label == "收入/项目" and view.columns[2].label == "支出/项目"


def test_numbering_rows_are_not_data():
    assert is_numbering_row(["栏次", "", "1", "2", "3"])
    assert is_numbering_row(["**", "**", "1", "2"])
    assert not is_numbering_row(["合计", "", "1", "2"])
    assert not is_data_row(["**", "1"])
    assert is_data_row(["合计", "", "967.73"]) and is_data_row(["201", "一般公共服务支出", "1"])
    assert not is_data_row(["合计", "因公出国（境）费", "公务接待费"])  # a header row


@pytest.mark.parametrize("name", ["shanghai_2026_dept_budget_input_template.xlsx",
                                  "shanghai_unit_budget_input_template.xls"])
def test_shanghai_spreadsheet_templates_have_nine_budget_roles_in_yuan(name):
    path = CORPUS / "templates" / name
    if not path.exists():
        pytest.skip(f"{name} not available")
    document, _ = read_document(path)
    infos, _, _ = extract_tables(document, Metadata())
    roles = [(i.role, i.money_unit) for i in infos if i.role]
    assert roles == [("budget_summary", "元"), ("budget_income", "元"), ("budget_expense", "元"),
                     ("budget_fiscal_summary", "元"), ("budget_gpb_expense", "元"),
                     ("budget_gov_fund", "元"), ("budget_soe_capital", "元"),
                     ("budget_gpb_basic", "元"), ("budget_three_public", "万元")]
