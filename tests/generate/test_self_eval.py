"""A published 决算's 绩效自评表 regenerated from its extract JSON (seed 002, 重庆 开州 政务办 2020):
the project named as its table prints it, the indicator rows and 自评总分 read back as the source
states them, and a 得分 the scoring rule contradicts is refused naming its cell."""

from __future__ import annotations

import json
import re

import pytest

from budgetlens.generate import generate, load_inputs
from budgetlens.generate.supply import apply_supply
from budgetlens.pipeline import process
from budgetlens.report import EXTRACT_RENDERERS

from ..conftest import seed_path
from .supplied import OFFICER_REASON, fill, gap


@pytest.fixture(scope="module")
def seed002(tmp_path_factory):
    result = process(str(seed_path("002")))
    path = tmp_path_factory.mktemp("se") / "002.json"
    path.write_text(EXTRACT_RENDERERS["json"]([result], "zh"), encoding="utf-8")
    return result, path


def _self_eval_facts(facts) -> dict[str, object]:
    return {f.measure: f.value for f in facts if f.origin != "derived" and f.basis == "current"
            and f.measure.startswith("performance.self_eval.1.") and f.measure.count(".") >= 3}


def test_the_self_evaluation_is_its_tables_project(seed002):
    result, path = seed002
    inputs, _ = load_inputs(path)
    scored = [p for p in inputs.projects if p.score is not None]
    assert len(scored) == 1
    table = next(t for t in result.disclosure.tables if t.role == "performance_self_eval")
    grid = result.document.tables[table.index].grid()
    assert any(scored[0].name == cell.strip() for row in grid for cell in row)  # as printed
    # its 年度目标: the text under the 当年绩效目标 heading, its printed lines one paragraph
    assert scored[0].target and any(scored[0].target in re.sub(r"\s*\n\s*", "", cell)
                                    for row in grid for cell in row)
    stated = {f.measure: f.value for f in result.disclosure.facts if f.basis == "current"}
    assert scored[0].score == stated["performance.self_eval.1.score"]
    rows = [r for r in scored[0].indicator_rows if r.score is not None]
    # the indicators and the 预算执行率 block: their 得分 add up to the 自评总分 (standards.md §6.3)
    assert sum(r.score for r in rows) == scored[0].score


def test_written_clean_and_read_back_as_the_source_states_it(seed002, tmp_path):
    result, path = seed002
    inputs, _ = load_inputs(path)
    asked = generate(inputs, tmp_path / "asked", ["docx"], correct=True)
    supply = tmp_path / "supply.toml"
    from budgetlens.generate import supply_template

    supply.write_text(fill(supply_template(asked), OFFICER_REASON, gap(asked)), encoding="utf-8")
    inputs, _ = load_inputs(path)
    assert apply_supply(inputs, supply) == []
    done = generate(inputs, tmp_path / "out", ["docx", "pdf"], correct=True)
    assert not done.refused, [f.line() for f in done.gate.errors]
    assert not [f.line() for f in done.gate.findings if f.severity in ("error", "warning")]
    # every 得分 is one the scoring rule determines (≥ targets met exactly, 执行率 100%): none judged
    assert not [f.line() for f in done.gate.findings if f.rule == "generate-score-judgment"]
    source = _self_eval_facts(result.disclosure.facts)
    indicator = {k: v for k, v in source.items() if ".indicator." in k and not k.endswith(".score_rate")}
    assert indicator
    for fmt, report in done.read_back.items():
        assert not [f.line() for f in report.findings if f.severity in ("error", "warning")], fmt
        got = _self_eval_facts(report.facts)
        assert {k: got.get(k) for k in indicator} == indicator, fmt
        assert got["performance.self_eval.1.score"] == source["performance.self_eval.1.score"], fmt


def test_a_score_the_rule_contradicts_is_refused_naming_its_cell(seed002, tmp_path):
    """提高行政审批效率 ≥ 50 %, 50 % done: its 分值 is its 得分. Printed 35 (the 总分 lowered with it,
    so only the rule finds it), the document is refused at that cell."""
    _result, path = seed002
    data = json.loads(path.read_text(encoding="utf-8"))
    for f in data[0]["facts"]:
        if f["measure"] == "performance.self_eval.1.indicator.1.score":
            f["value"] = str(int(float(f["value"])) - 5)
            lowered = f["value"]
        elif f["measure"] == "performance.self_eval.1.score":
            f["value"] = str(int(float(f["value"])) - 5)
    planted = tmp_path / "planted.json"
    planted.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    inputs, _ = load_inputs(planted)
    result = generate(inputs, tmp_path / "out", ["docx"], draft=False)
    found = [f for f in result.gate.errors if f.rule == "generate-score-rule"]
    assert result.refused and len(found) == 1
    assert f"“{lowered}”" in found[0].where and "绩效自评表" in found[0].where
    assert not [f for f in result.gate.errors if f.rule.startswith("generate-score-") and f not in found]


def test_without_its_source_an_unnamed_self_evaluation_is_said(seed002, tmp_path):
    _result, path = seed002
    data = json.loads(path.read_text(encoding="utf-8"))
    data[0]["file"] = str(tmp_path / "gone.txt")
    for t in data[0]["tables"]:  # an extract JSON written before it carried the forms' cells
        t.pop("cells", None)
    moved = tmp_path / "moved.json"
    moved.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    inputs, diagnostics = load_inputs(moved)
    # seed 002 prints no 项目支出表 row of the self-evaluation's amount: nothing names it
    assert "generate-self-eval-unnamed" in {d.code for d in diagnostics}
    assert not [p for p in inputs.projects if p.score is not None]
