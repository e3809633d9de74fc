"""Tables recognised by their content (extract/table_content.py): a title no alias knows and whose
words are too few to go by (批复下达) stands for a known family when the header fits it and, for a
function table, enough rows are keyed by function codes or 类 names (tables.toml [recognition]
content_min_rows); content never stands for a title of another kind, and a table recognised so
raises no error its title-recognised twin would not. Each table written as XLSX by the test.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from budgetlens.read import read_document
from budgetlens.rules.table_layouts import load_table_layouts

from .test_tables_layouts import _ROWS, _basic, _read

openpyxl = pytest.importorskip("openpyxl")

# ---------------------------------------------------------------------------------------------
# A title no alias knows and whose words are too few to go by (批复下达 explained by no term, see
# extract/table_terms.py): the table recognised by its content
# ---------------------------------------------------------------------------------------------

_EXPENSE_HEADER = ["科目编码", "科目名称", "合计", "基本支出", "项目支出"]


def _expense_rows(header=_EXPENSE_HEADER, codes=True):
    rows = [header]
    for code, name, total, personnel, public, project in _ROWS:
        key = [code if codes else "", name]
        rows.append(key + [total, _basic((code, name, total, personnel, public, project)), project])
    return rows


@pytest.mark.parametrize("title, role", [
    ("2025年部门支出预算批复下达汇总表", "budget_expense"),
    ("2025年一般公共预算拨款批复下达的支出表", "budget_gpb_expense"),
])
def test_unknown_title_is_recognised_by_header_and_function_rows(tmp_path, title, role):
    infos, got = _read(tmp_path, _expense_rows(), title=title)
    assert infos[0].role == role
    assert [d.cause for d in infos[0].reading] == ["recognised-by-content"]
    prefix = "expense.general" if role == "budget_gpb_expense" else "expense"
    assert got[(f"{prefix}.total", "current")] == Decimal("1500.00")
    assert got[(f"{prefix}.function.208.project", "current")] == Decimal("150.00")


def test_unknown_income_title_is_recognised_by_its_source_columns(tmp_path):
    header = ["科目编码", "科目名称", "合计", "财政拨款收入", "事业收入"]
    rows = [header] + [[c, n, t, j, b] for c, n, t, _, _, j in _ROWS
                       for b in [f"{Decimal(t) - Decimal(j):.2f}"]]
    infos, got = _read(tmp_path, rows, title="2025年部门收入预算批复下达汇总表")
    assert infos[0].role == "budget_income"
    assert [d.cause for d in infos[0].reading] == ["recognised-by-content"]
    assert got[("income.total", "current")] == Decimal("1500.00")


def test_class_names_without_codes_are_function_rows(tmp_path):
    infos, got = _read(tmp_path, _expense_rows(codes=False), title="2025年部门预算支出汇总表")
    assert infos[0].role == "budget_expense"


@pytest.mark.parametrize("title, rows", [
    # near misses: the same header over rows by project, not by function class
    ("2025年部门预算支出汇总表", [_EXPENSE_HEADER, ["", "合计", "1500.00", "1100.00", "400.00"],
                           ["", "办公楼维修", "300.00", "", "300.00"],
                           ["", "信息系统运维", "100.00", "", "100.00"]]),
    # a title whose words the family excludes (政府采购) or that names no subject of it
    ("2025年政府采购支出汇总表", _expense_rows()),
    ("2025年部门预算汇总表", _expense_rows()),
])
def test_content_never_stands_for_a_title_of_another_kind(tmp_path, title, rows):
    infos, got = _read(tmp_path, rows, title=title)
    assert infos[0].role is None and not got


@pytest.mark.parametrize("title, cause", [("2025年部门支出预算表", ""),
                                          ("2025年部门支出预算批复下达汇总表", "recognised-by-content"),
                                          ("2025年部门预算支出汇总表", "recognised-by-terms")])
def test_content_recognised_table_raises_no_error_its_twin_would_not(tmp_path, title, cause):
    """The same misprint (合计 ≠ Σ 类) is an `error` on the title-recognised table and 读取存疑 on
    its twins recognised by content or by the terms of the title: recognition other than by a
    known title adds facts, never errors."""
    from budgetlens.extract import extract
    from budgetlens.reconcile import reconcile

    rows = _expense_rows()
    rows[1][2] = "1600.00"  # the 合计 misprinted: 100 more than its classes
    book = openpyxl.Workbook()
    for row in [[title], ["单位：万元"], *rows]:
        book.active.append(list(row))
    book.save(tmp_path / "t.xlsx")
    document, _ = read_document(tmp_path / "t.xlsx")
    audit, _ = reconcile(extract(document)[0])
    hits = [f for f in audit.findings if any(e.measure == "expense.total" for e in f.evidence)
            and f.severity in ("error", "warning")]
    assert hits
    if cause:
        assert all(f.severity == "warning" and f.cause == cause for f in hits)
    else:
        assert any(f.severity == "error" for f in hits)


def test_a_function_table_needs_content_min_rows_keyed_rows(tmp_path):
    """tables.toml [recognition] content_min_rows: the function rows a table recognised by its
    content must show — with that many (201, 208) it is the 支出总表; with one fewer (201 only)
    the header alone does not make it one (the near miss)."""
    need = load_table_layouts().recognition.content_min_rows
    rows = _expense_rows()
    keyed = [r for r in rows[1:] if r[0]]
    assert len(keyed) == need, "the fixture holds exactly the rows the data asks for"
    title = "2025年部门支出预算批复下达汇总表"
    infos, _ = _read(tmp_path, rows, title=title)
    assert infos[0].role == "budget_expense"
    fewer = [rows[0], rows[1], *keyed[:need - 1]]
    infos, got = _read(tmp_path, fewer, title=title)
    assert infos[0].role is None and not got
