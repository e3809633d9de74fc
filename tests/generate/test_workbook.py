"""The template workbook: written empty with validation, filled from a document's data and read
back to the same figures; a filled workbook with a planted inconsistency is refused with the
finding that names the workbook cell."""

from __future__ import annotations

from openpyxl import load_workbook

from budgetlens.generate import generate, load_inputs
from budgetlens.generate.workbook import is_template, write_template

from .workbooks import filled


def test_empty_template_has_a_sheet_per_table_side_and_validation(tmp_path):
    path = tmp_path / "template.xlsx"
    write_template(path, "final", "unit")
    assert is_template(path)
    wb = load_workbook(path)
    assert wb.sheetnames[0] == "单位信息" and wb.sheetnames[-6:] == ["上年数与原因", "其他事项", "国有资产", "人员", "项目支出与绩效目标", "绩效指标"]
    assets = {dv.type for dv in wb["国有资产"].data_validations.dataValidation}
    assert {"whole", "decimal"} <= assets  # vehicle counts whole, fixed assets in 万元
    assert "whole" in {dv.type for dv in wb["人员"].data_validations.dataValidation}
    scores = [dv for dv in wb["项目支出与绩效目标"].data_validations.dataValidation if dv.formula2 == "100"]
    assert scores  # a 决算's 自评得分 is 0–100
    assert "表1-收入" in wb.sheetnames and "表1-支出" in wb.sheetnames
    ws = wb["表2"]
    assert [c.value for c in ws[2]][:2] == ["科目编码", "科目名称"]
    rules = {dv.type for dv in ws.data_validations.dataValidation}
    assert {"decimal", "custom"} <= rules
    assert wb["单位信息"]["B3"].value == "决算" and wb["单位信息"]["B4"].value == "单位"


def test_filled_workbook_reads_back_to_the_same_figures_and_generates_clean(tmp_path):
    inputs, path = filled(tmp_path)
    again, notes = load_inputs(path)
    assert not notes
    assert {k: v.value for k, v in again.values.items()} == {k: v.value for k, v in inputs.values.items()}
    assert {k: r[0] for k, r in again.reasons.items()} == {k: r[0] for k, r in inputs.reasons.items()}
    assert again.profile.keys() == inputs.profile.keys()
    src = next(v.source for (m, b), v in again.values.items() if m == "expense.general.total")
    assert "!" in src.text  # the workbook cell
    result = generate(again, tmp_path / "out", ["docx"])
    assert not result.refused, [f.line() for f in result.gate.errors]
    assert not [f.line() for f in result.read_back["docx"].findings if f.severity == "error"]


def test_planted_total_in_the_workbook_is_refused_naming_the_workbook_cell(tmp_path):
    _inputs, path = filled(tmp_path)
    wb = load_workbook(path)
    ws = wb["表5"]  # 一般公共预算支出表 in the national budget's order
    row = next(r for r in range(3, ws.max_row + 1) if str(ws.cell(r, 1).value or "") == "201")
    ws.cell(row, 3).value = ws.cell(row, 3).value + 50
    wb.save(path)
    inputs, _ = load_inputs(path)
    result = generate(inputs, tmp_path / "out", ["docx"])
    assert result.refused
    cell = f"表5!C{row}"
    named = [f for f in result.gate.errors if f.input_source and f.input_source.text.startswith(cell)]
    assert named, [f.line() for f in result.gate.errors]
    assert cell in named[0].line()


def test_missing_reason_and_residue_in_the_workbook_are_refused(tmp_path):
    _inputs, path = filled(tmp_path)
    wb = load_workbook(path)
    ws = wb["上年数与原因"]
    row = next(r for r in range(2, ws.max_row + 1) if ws.cell(r, 2).value == "expense.general.basic")
    ws.cell(row, 4).value = None
    info = wb["单位信息"]
    info.cell(info.max_row + 1, 1, "主要职能")
    info.cell(info.max_row, 2, "承担XX工作。")
    wb.save(path)
    inputs, _ = load_inputs(path)
    rules = {f.rule: f for f in generate(inputs, tmp_path / "out", ["docx"]).gate.errors}
    assert "expense.general.basic" in rules["generate-change-reason-missing"].where
    assert rules["generate-template-residue"].where == "主要职能"


def test_the_shipped_example_workbook_generates_clean(tmp_path):
    """docs/generate/example_budget_workbook.xlsx (written by scripts/generate_samples.py)."""
    from ..conftest import REPO

    inputs, notes = load_inputs(REPO / "docs" / "generate" / "example_budget_workbook.xlsx")
    assert not notes and inputs.unit and inputs.kind == "budget"
    result = generate(inputs, tmp_path, ["docx", "pdf", "html", "xlsx"])
    assert not result.refused, [f.line() for f in result.gate.errors]
    for fmt, report in result.read_back.items():
        assert not [f.line() for f in report.findings if f.severity in ("error", "warning")], fmt


def test_projects_and_their_targets_read_back_and_a_wrong_amount_is_refused(tmp_path):
    """The 项目支出与绩效目标 sheet: its rows come back as the 项目 (amount cell as source) and
    print as the 项目支出表 and the 绩效 section; an amount that breaks their sum with the 项目支出
    is refused naming the 合计 cell and the item's workbook cell."""
    inputs, path = filled(tmp_path)
    again, notes = load_inputs(path)
    assert not notes and [(p.name, p.amount, p.target) for p in again.projects] == \
        [(p.name, p.amount, p.target) for p in inputs.projects]
    result = generate(again, tmp_path / "ok", ["docx"])
    assert not result.refused, [f.line() for f in result.gate.errors]
    table = next(t for t in result.model.tables() if t.family == "project_expense")
    assert [c.text for c in table.item_cells()] == [str(p.amount) for p in inputs.projects]
    wb = load_workbook(path)
    wb["项目支出与绩效目标"]["B3"] = wb["项目支出与绩效目标"]["B3"].value + 10
    wb.save(path)
    planted, _ = load_inputs(path)
    refused = generate(planted, tmp_path / "out", ["docx"])
    sums = [f for f in refused.gate.errors if f.rule == "generate-items-sum"]
    assert refused.refused and sums, [f.line() for f in refused.gate.errors]
    # which item is wrong nothing tells: the finding names the 合计 cell and the items' sheet
    assert "项目支出" in sums[0].where and sums[0].input_source.text.startswith("项目支出与绩效目标!B")
