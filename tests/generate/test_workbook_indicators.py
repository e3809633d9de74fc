"""The workbook's 绩效指标 sheet (generate/workbook_indicators.py): written with its validation (一级指标
from the declared list, weights and scores as numbers) from the synthetic 决算's indicator rows, and
read back to the same rows, each keeping its cell as its source. Near miss: a row whose 项目名称 is
no project of the 项目 sheet belongs to no project."""

from __future__ import annotations

from decimal import Decimal

from openpyxl import load_workbook

from budgetlens.generate import load_inputs

from .synthetic import INDICATORS
from .workbooks import filled_final


def test_workbook_indicator_sheet_validates_and_reads_back(tmp_path):
    inputs, path = filled_final(tmp_path)
    ws = load_workbook(path)["绩效指标"]
    kinds = {dv.type: dv for dv in ws.data_validations.dataValidation}
    assert {"list", "decimal"} <= set(kinds)
    assert any("产出指标" in (dv.formula1 or "") for dv in ws.data_validations.dataValidation)
    again, notes = load_inputs(path)
    assert not notes
    first = next(p for p in again.projects if p.indicator_rows)
    assert [(i.level1, i.name, i.target, i.actual, i.weight, i.score) for i in first.indicator_rows] == \
        [(r[0], r[2], r[3], r[4], Decimal(r[5]), Decimal(r[6])) for r in INDICATORS]
    assert first.indicator_rows[0].source.text.startswith("绩效指标!")


def test_a_row_naming_no_project_is_an_error_naming_its_cell(tmp_path):
    _inputs, path = filled_final(tmp_path)
    wb = load_workbook(path)
    ws = wb["绩效指标"]
    ws.cell(3, 1).value = "不存在的项目"  # the second indicator row's 项目名称
    wb.save(path)
    inputs, notes = load_inputs(path)
    assert [n.code for n in notes] == ["generate-workbook-unknown-project"]
    assert "绩效指标!A3" in notes[0].message and "不存在的项目" in notes[0].message
    first = next(p for p in inputs.projects if p.indicator_rows)
    assert len(first.indicator_rows) == len(INDICATORS) - 1  # the others still read
