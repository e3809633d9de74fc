"""Indicator rows of the performance tables (一级/二级/三级指标, 指标值, 分值, 实际完成值, 得分): filled in
the workbook's 绩效指标 sheet (under data validation), written in the layout our reader reads, read
back from the DOCX and PDF as the same facts, and a 总分 that is not the sum of the 得分 refused
naming the cell."""

from __future__ import annotations

from decimal import Decimal

import pytest
from openpyxl import load_workbook

from budgetlens.generate import generate, load_inputs
from budgetlens.generate.indicators import number
from budgetlens.generate.workbook import write_template

from .synthetic import INDICATORS, synthetic_input, write_input


def _indicator_facts(facts) -> dict[str, Decimal]:
    return {f.measure: f.value for f in facts
            if f.origin != "derived" and (".indicator." in f.measure or ".weight" in f.measure
                                          or f.measure.startswith("performance.self_eval."))}


def _expected(kind: str) -> dict[str, Decimal]:
    """What the reader must read from the first project's indicator rows, computed from the
    synthetic rows (not from the generated model)."""
    out: dict[str, Decimal] = {}
    if kind == "final":
        prefix = "performance.self_eval.1"
        for k, (_l1, _l2, _name, target, actual, weight, score) in enumerate(INDICATORS, 1):
            out[f"{prefix}.indicator.{k}.weight"] = Decimal(weight)
            out[f"{prefix}.indicator.{k}.score"] = Decimal(score)
            for what, text in (("target", target), ("actual", actual)):
                if number(text) is not None:
                    out[f"{prefix}.indicator.{k}.{what}"] = number(text).value
        out[f"{prefix}.score"] = sum(Decimal(r[6]) for r in INDICATORS)
        out[f"{prefix}.weight_total"] = sum(Decimal(r[5]) for r in INDICATORS)
        return out
    for k, (row, weight) in enumerate(zip(INDICATORS[:4], ("40", "20", "30", "10")), 1):
        out[f"performance.project.1.weight.{k}"] = Decimal(weight)
        if number(row[3]) is not None:
            out[f"performance.project.1.indicator.{k}.target"] = number(row[3]).value
    return out


@pytest.mark.parametrize("kind", ["budget", "final"])
def test_indicator_rows_read_back_from_docx_and_pdf(kind, tmp_path):
    inputs, _ = load_inputs(write_input(tmp_path, synthetic_input(n_items=6, kind=kind)))
    result = generate(inputs, tmp_path / "out", ["docx", "pdf"])
    assert not result.refused, [f.line() for f in result.gate.errors]
    expected = _expected(kind)
    assert len(expected) >= 7  # weights, numeric targets (显著提升 stays text)
    for fmt, report in result.read_back.items():
        got = _indicator_facts(report.facts)
        assert {m: got.get(m) for m in expected} == expected, fmt
        assert not [f.line() for f in report.findings if f.severity in ("error", "warning")], fmt


def _filled_final(tmp_path):
    inputs, _ = load_inputs(write_input(tmp_path, synthetic_input(n_items=6, kind="final")))
    path = tmp_path / "filled.xlsx"
    write_template(path, "final", inputs.level, inputs.template, inputs)
    return inputs, path


def test_workbook_indicator_sheet_validates_and_reads_back(tmp_path):
    inputs, path = _filled_final(tmp_path)
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


def test_a_total_score_not_the_sum_of_the_scores_is_refused_naming_the_cell(tmp_path):
    _inputs, path = _filled_final(tmp_path)
    wb = load_workbook(path)
    ws = wb["绩效指标"]
    ws.cell(3, 8).value = ws.cell(3, 8).value - 5  # the second indicator's 得分: 20 → 15
    wb.save(path)
    inputs, _ = load_inputs(path)
    result = generate(inputs, tmp_path / "out", ["docx"])
    assert result.refused and not result.written
    found = [f for f in result.gate.errors if f.rule == "generate-score-total"]
    assert found, [f.line() for f in result.gate.findings]
    assert "总分" in found[0].where or "第" in found[0].where
    assert found[0].input_source.text.startswith("项目支出与绩效目标!E")  # the 自评得分 cell


def test_a_score_above_its_weight_is_refused_naming_the_workbook_cell(tmp_path):
    _inputs, path = _filled_final(tmp_path)
    wb = load_workbook(path)
    ws = wb["绩效指标"]
    ws.cell(5, 8).value = 12  # 使用单位满意度: 分值 10, 得分 12
    wb.save(path)
    inputs, _ = load_inputs(path)
    result = generate(inputs, tmp_path / "out", ["docx"])
    over = [f for f in result.gate.errors if f.rule == "generate-score-over-weight"]
    assert result.refused and over
    assert over[0].input_source.text.startswith("绩效指标!H5")
