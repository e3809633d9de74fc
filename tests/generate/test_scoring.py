"""The gate's checks of a 绩效自评表's scores (generate/scoring.py) on the synthetic 决算 (tests/
generate/synthetic.py) with one score changed: a 得分 the scoring rule contradicts, a worded
实际完成值 scored outside its tier, a 总分 that is not the sum of the 得分 and a 得分 above its 分值 are
refused naming the cell (the workbook's cell when the inputs came from one). Near miss: words no
tier names leave the score to judgment — an info, nothing refused (the synthetic scores that
agree with the rule: test_score_rule.py)."""

from __future__ import annotations

from openpyxl import load_workbook

from budgetlens.generate import generate, load_inputs
from budgetlens.generate.score_rule import is_execution_row

from .synthetic import INDICATORS
from .workbooks import filled_final, final_inputs


def test_words_no_tier_names_are_said_to_be_judgment(tmp_path):
    worded = [k for k, r in enumerate(INDICATORS) if r[3][:1] not in "≥≤=" and not is_execution_row(list(r[:3]))]
    result = generate(final_inputs(tmp_path, {}, {k: "较好" for k in worded}), tmp_path / "out", ["docx"], check=False)
    assert not result.refused, [f.line() for f in result.gate.errors]
    judged = [f for f in result.gate.findings if f.rule == "generate-score-judgment"]
    assert len(judged) == len(worded) and all(f.severity == "info" and "较好" in f.message for f in judged)


def test_a_worded_score_below_its_tier_is_refused(tmp_path):
    k = next(i for i, r in enumerate(INDICATORS) if r[4] == "达到预期")
    result = generate(final_inputs(tmp_path, {k: "20"}), tmp_path / "out", ["docx"])  # 20 of 30: not (24, 30]
    found = [f for f in result.gate.errors if f.rule == "generate-score-rule"]
    assert result.refused and len(found) == 1 and "“20”" in found[0].where and "达成" in found[0].message


def test_a_score_the_rule_contradicts_is_refused_naming_its_cell(tmp_path):
    """系统可用率 ≥99 %, 99.6 % achieved: its 分值 20 is its 得分; 18 is refused (the 总分 adjusted,
    so only the rule finds it)."""
    k = next(i for i, r in enumerate(INDICATORS) if r[2] == "系统可用率")
    result = generate(final_inputs(tmp_path, {k: "18"}), tmp_path / "out", ["docx"])
    assert result.refused and not result.written
    found = [f for f in result.gate.errors if f.rule == "generate-score-rule"]
    assert [f.rule for f in result.gate.errors] == ["generate-score-rule"]
    assert "“18”" in found[0].where and "应为20" in found[0].message


def test_a_total_score_not_the_sum_of_the_scores_is_refused_naming_the_cell(tmp_path):
    _inputs, path = filled_final(tmp_path)
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
    _inputs, path = filled_final(tmp_path)
    wb = load_workbook(path)
    ws = wb["绩效指标"]
    ws.cell(5, 8).value = 12  # 使用单位满意度: 分值 10, 得分 12
    wb.save(path)
    inputs, _ = load_inputs(path)
    result = generate(inputs, tmp_path / "out", ["docx"])
    over = [f for f in result.gate.errors if f.rule == "generate-score-over-weight"]
    assert result.refused and over
    assert over[0].input_source.text.startswith("绩效指标!H5")
