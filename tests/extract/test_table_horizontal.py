"""三公 tables broken down by budget unit (extract/table_horizontal.py ``split_units``).

Two printed forms: 西安 (单位编码 | 单位名称, a 合计 row, the department's code row repeating the
name of its 本级 unit, then one row per unit; the basis in the column groups) and 深圳 (预算单位 |
年度, the department's rows first, each unit named once above its 2025年 / 2026年 / 增减 rows).
Generated files (openpyxl) pin the behaviour; the corpus files show it where they are present."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from budgetlens.extract.tables import extract_tables
from budgetlens.model import Disclosure, Metadata, scope_unit
from budgetlens.pipeline import process
from budgetlens.read import read_document
from budgetlens.reconcile import reconcile
from budgetlens.rules.catalogue import load_rules

openpyxl = pytest.importorskip("openpyxl")

PDF = Path(__file__).resolve().parents[2] / ".." / "shared" / "corpus" / "pdf"
UNIT_RULES = [r for r in load_rules() if r.id == "units-sum-to-department"]


def _extract(tmp_path, rows, unit="示例局"):
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    path = tmp_path / "three_public.xlsx"
    book.save(path)
    document, _ = read_document(path)
    return extract_tables(document, Metadata(unit=unit, kind="budget", year=2026))


def _xian(dept_reception="3.00"):
    return [["2026年一般公共预算“三公”经费支出预算表"], ["单位：万元"],
            ["单位编码", "单位名称", "合计", "因公出国（境）费", "公务接待费", "公务用车购置及运行维护费"],
            ["", "合计", "10.00", "2.00", dept_reception, "5.00"],
            ["101", "示例局", "10.00", "2.00", dept_reception, "5.00"],
            ["101001", "示例局", "6.00", "2.00", "1.00", "3.00"],
            ["101002", "示例局信息中心", "4.00", "0.00", "2.00", "2.00"]]


def _shenzhen():
    return [["2026年财政拨款“三公”经费支出表"], ["单位：万元"],
            ["预算单位", "年度", "总计", "因公出国（境）费", "公务接待费", "公务用车购置及运行维护费"],
            ["示例局", "2025年", "9.00", "1.00", "3.00", "5.00"],
            ["", "2026年", "10.00", "2.00", "3.00", "5.00"],
            ["示例局（本级）", "2025年", "5.00", "1.00", "1.00", "3.00"],
            ["", "2026年", "6.00", "2.00", "1.00", "3.00"],
            ["示例局信息中心", "2025年", "4.00", "0.00", "2.00", "2.00"],
            ["", "2026年", "4.00", "0.00", "2.00", "2.00"]]


def _by_scope(facts):
    out = {}
    for f in facts:
        out[(scope_unit(f.scope), f.measure, f.basis)] = f.value
    return out


def test_xian_unit_rows_are_the_units_and_the_total_row_the_departments(tmp_path):
    infos, facts, diags = _extract(tmp_path, _xian())
    assert infos[0].role == "budget_three_public"
    got = _by_scope(facts)
    assert got[("", "three_public.reception", "current")] == Decimal("3.00")
    assert got[("示例局", "three_public.reception", "current")] == Decimal("1.00")
    assert got[("示例局信息中心", "three_public.vehicle", "current")] == Decimal("2.00")
    # the 101 row repeats the department's figures under the 本级 unit's name: not a unit
    assert {u for u, _, _ in got} == {"", "示例局", "示例局信息中心"}
    assert len([f for f in facts if not scope_unit(f.scope)
                and f.measure == "three_public.reception"]) == 1
    assert "table-by-unit" in {d.code for d in diags}


def test_shenzhen_units_named_once_above_their_year_rows(tmp_path):
    _, facts, _ = _extract(tmp_path, _shenzhen())
    got = _by_scope(facts)
    assert got[("", "three_public.overseas", "prior")] == Decimal("1.00")
    assert got[("", "three_public.overseas", "current")] == Decimal("2.00")
    assert got[("示例局（本级）", "three_public.overseas", "current")] == Decimal("2.00")
    assert got[("示例局信息中心", "three_public.reception", "prior")] == Decimal("2.00")
    assert {u for u, _, _ in got} == {"", "示例局（本级）", "示例局信息中心"}


@pytest.mark.parametrize("reception,errors", [("3.00", 0), ("4.00", 1)])
def test_units_add_up_to_the_department(tmp_path, reception, errors):
    _, facts, _ = _extract(tmp_path, _xian(reception))
    audit, _ = reconcile(Disclosure("x", Metadata(), facts=tuple(facts)), UNIT_RULES)
    found = [f for f in audit.findings if f.severity == "error"]
    assert len(found) == errors and audit.identities_evaluated >= 3
    assert all(f.measure == "three_public.reception" for f in found)


def test_three_public_without_units_is_unchanged(tmp_path):
    rows = _xian()[:4]  # the 合计 row alone
    _, facts, diags = _extract(tmp_path, rows)
    assert facts and not [f for f in facts if scope_unit(f.scope)]
    assert "table-by-unit" not in {d.code for d in diags}


def test_shenzhen_corpus_units_are_scoped():
    path = PDF / "guangdong_shenzhen_rsj_2026_yusuan_large.pdf"
    if not path.exists():
        pytest.skip("corpus not available")
    result = process(str(path))
    facts = [f for f in result.disclosure.facts if f.measure.startswith("three_public.")
             and f.origin == "table"]
    units = {scope_unit(f.scope) for f in facts} - {""}
    assert len(units) >= 10 and "深圳市考试院" in units
    dept = [f for f in facts if not scope_unit(f.scope) and f.basis == "prior"
            and f.measure == "three_public.reception" and f.value != 0]
    assert {f.value for f in dept} == {Decimal("24.23")}  # the department's row only
