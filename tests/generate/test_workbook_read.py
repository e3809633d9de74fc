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


def _relabelled():
    """The package's generate/words.toml with one sheet name, one field label and the 否 of the
    listed column changed in the data (no code changed)."""
    import tomllib
    from importlib import resources

    from budgetlens.rules.generate_words import FILE, parse_generate_words

    text = resources.files("budgetlens.rules").joinpath(FILE).read_text(encoding="utf-8")
    for old, new in (('info = "单位信息"', 'info = "基本情况"'), ('unit = "单位名称"', 'unit = "单位全称"'),
                     ('no = "否"', 'no = "不列入"')):
        assert old in text
        text = text.replace(old, new, 1)
    return parse_generate_words(tomllib.loads(text), text)


def test_a_label_changed_in_the_data_changes_the_workbook_written_and_read(tmp_path, monkeypatch):
    """The labels are one declaration for both sides: changed in rules/generate/words.toml, the
    workbook is written under the new sheet name and label and read back by them to the same
    inputs. Near miss: a workbook written under the package's labels and read under the changed
    ones has no info sheet to read (the reader really looks the label up)."""
    from dataclasses import replace

    from budgetlens.generate.workbook import write_template
    from budgetlens.rules import generate_words

    inputs, packaged = filled(tmp_path)
    inputs.projects[0] = replace(inputs.projects[0], listed=False)
    monkeypatch.setattr(generate_words, "load_generate_words", _relabelled)
    path = tmp_path / "relabelled.xlsx"
    write_template(path, inputs.kind, inputs.level, inputs.template, inputs)
    wb = load_workbook(path)
    assert "基本情况" in wb.sheetnames and "单位信息" not in wb.sheetnames
    assert wb["基本情况"]["A1"].value == "单位全称" and wb["基本情况"]["B1"].value == inputs.unit
    sheet = wb["项目支出与绩效目标"]
    assert "不列入" in [c.value for c in sheet[sheet.cell(1, sheet.max_column).column_letter]]
    again, notes = load_inputs(path)
    assert notes == []
    assert (again.unit, again.year, again.kind, again.level) == \
        (inputs.unit, inputs.year, inputs.kind, inputs.level)
    assert [(p.name, p.listed) for p in again.projects] == [(p.name, p.listed) for p in inputs.projects]
    assert again.projects[0].listed is False
    assert {k: v.value for k, v in again.values.items()} == {k: v.value for k, v in inputs.values.items()}
    old, _ = load_inputs(packaged)  # written under 单位信息 / 单位名称, read under the new labels
    assert old.unit != inputs.unit and old.profile == {}
    assert {k: v.value for k, v in old.values.items()} == {k: v.value for k, v in inputs.values.items()}
