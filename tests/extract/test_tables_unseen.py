"""Issue #8, documents from templates neither corpus holds (docs/accuracy.md "Unseen real
documents"): a 基本支出 table by budget unit whose economic classes are printed by name in
wordings of their own (珠海 2026 表11: 工资和福利支出, 其他资本性等支出). Tables the test writes
itself (openpyxl), with near misses."""

from __future__ import annotations

from decimal import Decimal

import pytest

from budgetlens.pipeline import process
from budgetlens.rules.reading import CATEGORY
from budgetlens.rules.reference import lookup_economic_by_name

openpyxl = pytest.importorskip("openpyxl")

HEADER = [["示例局2026年部门预算"], ["部门预算基本支出预算表"], ["单位：万元"],
          ["支出项目类别（资金使用单位）", "总计", "一般公共预算", "其他资金"]]


def _write(path, rows):
    book = openpyxl.Workbook()
    for row in HEADER + rows:
        book.active.append(row)
    book.save(path)
    return str(path)


def _basic_rows(names=("工资和福利支出", "商品和服务支出", "对个人和家庭的补助", "资本性支出"),
                capital="56.00"):
    """Two units, each with its four economic classes printed by name."""
    return [["合计", "7,519.44", "7,519.44", "0.00"],
            ["示例局", "6,258.73", "6,258.73", "0.00"],
            [names[0], "4,250.28", "4,250.28", "0.00"],
            [names[1], "445.41", "445.41", "0.00"],
            [names[2], "1,507.04", "1,507.04", "0.00"],
            [names[3], capital, capital, "0.00"],
            ["示例局信息中心", "1,260.71", "1,260.71", "0.00"],
            [names[0], "882.45", "882.45", "0.00"],
            [names[1], "80.75", "80.75", "0.00"],
            [names[2], "295.34", "295.34", "0.00"],
            [names[3], "2.17", "2.17", "0.00"]]


@pytest.mark.parametrize("printed, code", [
    ("工资和福利支出", "301"), ("工资福利支出", "301"), ("商品服务支出", "302"),
    ("对个人家庭的补助", "303"), ("对个人和家庭的补助", "303")])
def test_a_joiner_printed_or_left_out_names_the_same_class(printed, code):
    assert lookup_economic_by_name(printed, 2026) == code


@pytest.mark.parametrize("printed", ["其他资本性等支出", "工资和奖金", "办公设备购置"])
def test_names_that_are_no_class_or_two_stay_unmapped(printed):
    """Near misses: an unknown wording, and a name two classes carry (30902 / 31002)."""
    assert lookup_economic_by_name(printed, 2026) is None


def _hierarchy(result):
    return [f for f in result.audit.findings
            if f.rule.startswith("hierarchy-basic") and f.severity != "info"]


def test_classes_printed_with_a_joiner_add_up_to_their_unit(tmp_path):
    result = process(_write(tmp_path / "basic.xlsx", _basic_rows()), audit=True)
    facts = {(f.measure, f.value) for f in result.disclosure.facts if f.basis == "current"}
    assert ("expense.general.basic.economic.301", Decimal("4250.28")) in facts
    assert _hierarchy(result) == []


def test_a_row_no_class_names_puts_its_units_sums_in_doubt(tmp_path):
    """其他资本性等支出 names no class: its unit's classes as read fall short of the unit's row
    by its figure. The document adds up as printed: a 读取存疑 warning, never an error."""
    rows = _basic_rows(names=("工资和福利支出", "商品和服务支出", "对个人和家庭的补助", "其他资本性等支出"))
    result = process(_write(tmp_path / "basic.xlsx", rows), audit=True)
    found = _hierarchy(result)
    assert found, "the unit's shortfall is still reported"
    assert {(f.severity, f.category, f.cause) for f in found} == {
        ("warning", CATEGORY, "row-unplaced")}


def test_a_misprinted_class_with_every_row_placed_stays_an_error(tmp_path):
    """Near miss: every row names its class and one figure is misprinted (56.00 for 50.00 in
    the 资本性支出 row, the unit's row says 6,258.73): the document's own inconsistency."""
    result = process(_write(tmp_path / "basic.xlsx", _basic_rows(capital="50.00")), audit=True)
    found = _hierarchy(result)
    assert found and all(f.severity == "error" and not f.cause for f in found), found
