"""A total column worded without a total word (本年支出预算, 本年拨款) and the vehicle subtotal named by
公务用车 alone (公务用车费), read by their terms (rules/table_terms.toml; issue #8, the wordings the
held-out set found missed). Each test writes a table (openpyxl XLSX) and reads it back; near
misses (a column whose extra words no term explains, a part of the vehicle subtotal) stay as they
were.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from .xlsx_tables import read_xlsx_table

openpyxl = pytest.importorskip("openpyxl")

_ROWS = (("", "合计", "1500.00", "1100.00", "400.00"),
         ("201", "一般公共服务支出", "1200.00", "950.00", "250.00"),
         ("208", "社会保障和就业支出", "300.00", "150.00", "150.00"))


@pytest.mark.parametrize("title, total, prefix", [
    ("2025年部门支出预算表", "本年支出预算", "expense"),
    ("2025年部门支出预算表", "支出数", "expense"),
    ("2025年一般公共预算支出表", "本年拨款", "expense.general"),
    ("2025年一般公共预算支出表", "本年支出预算", "expense.general"),
])
def test_total_column_worded_by_its_subject(tmp_path, title, total, prefix):
    rows = [["科目编码", "科目名称", total, "基本支出", "项目支出"], *_ROWS]
    infos, got = read_xlsx_table(tmp_path, title, rows)
    assert got[(f"{prefix}.total", "current")] == Decimal("1500.00")
    assert got[(f"{prefix}.function.201", "current")] == Decimal("1200.00")
    assert "recognised-by-terms" in [d.cause for d in infos[0].reading]


def test_a_column_with_words_no_term_explains_is_no_total(tmp_path):
    rows = [["科目编码", "科目名称", "资本性支出", "基本支出", "项目支出"], *_ROWS]
    _, got = read_xlsx_table(tmp_path, "2025年部门支出预算表", rows)
    assert ("expense.total", "current") not in got
    assert ("expense.function.201", "current") not in got


@pytest.mark.parametrize("vehicle", ["公务用车费", "公车经费"])
def test_vehicle_subtotal_named_by_the_vehicle_alone(tmp_path, vehicle):
    header = ["项目", "合计", "因公出国（境）费", "公务接待费", vehicle, "公务用车购置费", "公务用车运行费"]
    values = ["2025年预算数", "60.00", "10.00", "20.00", "30.00", "12.00", "18.00"]
    _, got = read_xlsx_table(tmp_path, "2025年“三公”经费预算表", [header, values])
    expected = {"three_public.vehicle": "30.00", "three_public.vehicle_purchase": "12.00",
                "three_public.vehicle_operation": "18.00", "three_public.total": "60.00"}
    for measure, value in expected.items():
        assert got[(measure, "current")] == Decimal(value), measure
