"""专项业务费 / 专项业务经费: the name some templates print for the 项目支出 column beside 基本支出
(in 支出总表, 一般公共预算支出表, 收支总表 rows). It is the project component (expense.project and
its fund's project measure, docs/measures.md), so it takes part in 合计 = 基本支出 + 项目支出
(identity expense-basic-project) as the 项目支出 column does."""

from __future__ import annotations

from decimal import Decimal

import pytest

from budgetlens.extract.tables import extract_tables
from budgetlens.model import Metadata
from budgetlens.read import read_document

openpyxl = pytest.importorskip("openpyxl")


def _book(path, tables):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["某某单位2025年部门预算"])
    for title, rows in tables:
        for row in [[title], ["单位：万元"], *rows, []]:
            sheet.append(list(row))
    book.save(path)
    return path


def _facts(path):
    document, _ = read_document(path)
    infos, facts, _ = extract_tables(document, Metadata(kind="budget", year=2025))
    return infos, {(f.measure, f.basis): f.value for f in facts}


@pytest.mark.parametrize("word", ["专项业务费", "专项业务经费"])
def test_special_business_column_is_the_project_component(tmp_path, word):
    rows = [["科目编码", "科目名称", "合计", "基本支出", word],
            ["", "合计", "1500.00", "1100.00", "400.00"],
            ["201", "一般公共服务支出", "1200.00", "950.00", "250.00"],
            ["208", "社会保障和就业支出", "300.00", "150.00", "150.00"]]
    infos, facts = _facts(_book(tmp_path / "t.xlsx", [("部门支出总表", rows)]))
    assert [i.role for i in infos] == ["budget_expense"]
    assert facts[("expense.project", "current")] == Decimal("400.00")
    assert facts[("expense.function.201.project", "current")] == Decimal("250.00")
    assert facts[("expense.basic", "current")] == Decimal("1100.00")


def test_special_business_column_of_the_general_budget_table(tmp_path):
    rows = [["科目编码", "科目名称", "合计", "基本支出", "专项业务费"],
            ["", "合计", "900.00", "700.00", "200.00"],
            ["201", "一般公共服务支出", "900.00", "700.00", "200.00"]]
    infos, facts = _facts(_book(tmp_path / "g.xlsx", [("一般公共预算支出表", rows)]))
    assert facts[("expense.general.project", "current")] == Decimal("200.00")


def test_special_business_column_takes_part_in_the_identity(tmp_path):
    """A 合计 that is not 基本支出 + 专项业务费 is found (and one that is, is not)."""
    from budgetlens.model import Disclosure
    from budgetlens.reconcile import reconcile
    from budgetlens.rules.catalogue import load_rules

    rule = [r for r in load_rules() if r.id == "expense-basic-project"]

    def audit(total):
        rows = [["科目编码", "科目名称", "合计", "基本支出", "专项业务费"],
                ["", "合计", total, "1100.00", "400.00"],
                ["201", "一般公共服务支出", "1200.00", "950.00", "250.00"],
                ["208", "社会保障和就业支出", "300.00", "150.00", "150.00"]]
        document, _ = read_document(_book(tmp_path / f"a{total}.xlsx", [("部门支出总表", rows)]))
        _, facts, _ = extract_tables(document, Metadata(kind="budget", year=2025))
        result, _ = reconcile(Disclosure(str(tmp_path), Metadata(kind="budget", year=2025),
                                         facts=tuple(facts)), rule)
        assert result.identities_evaluated == 1  # the 合计 row: evaluated, not skipped
        return [f for f in result.findings if f.measure == "expense.total"]

    assert not audit("1500.00")
    (found,) = audit("1510.00")
    assert Decimal(found.expected) == Decimal("1500.00")
