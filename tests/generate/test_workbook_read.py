"""A filled template workbook read as inputs (generate/workbook_read.py): every figure keeps its cell
as its source, and a figure that is not a number is a diagnostic naming its cell, never an
exception. Near miss: a blank cell is no figure and no diagnostic."""

from __future__ import annotations

from openpyxl import load_workbook

from budgetlens.generate import load_inputs

from .workbooks import filled


def test_a_figure_that_is_not_a_number_names_its_cell(tmp_path):
    _inputs, path = filled(tmp_path)
    wb = load_workbook(path)
    wb["其他事项"]["C2"] = "三十"
    wb.save(path)
    _inputs, notes = load_inputs(path)
    assert [n.code for n in notes] == ["generate-workbook-not-a-number"]
    assert "其他事项!C2" in notes[0].message


def test_every_figure_keeps_its_cell_and_a_blank_cell_is_none(tmp_path):
    inputs, path = filled(tmp_path)
    again, notes = load_inputs(path)
    assert not notes
    sources = [v.source.text for v in again.values.values() if v.source is not None]
    assert sources and all("!" in s for s in sources)  # 表5!D7: sheet and cell
    assert {k: v.value for k, v in again.values.items()} == {k: v.value for k, v in inputs.values.items()}
    assert any(v.source.text.startswith("表1-支出!B3=") for v in again.values.values())
    wb = load_workbook(path)
    wb["表1-支出"]["B3"] = None  # a blank: no figure, no diagnostic
    wb.save(path)
    blank, notes = load_inputs(path)
    assert notes == []
    assert not any(v.source.text.startswith("表1-支出!B3=") for v in blank.values.values())
