"""What a generated document is written from (generate/inputs.py): base figures with their
sources, one per measure and basis — a table's over a sentence's over an implied one — names of
classification codes from the labels printed beside them, reasons without their lead words, and
the profile of a published document. Near misses: a change the source states is not kept (it is
recomputed from the base figures); two figures of the same standing that disagree are an error
and a conflict to decide, two of different standing only a warning."""

from __future__ import annotations

from decimal import Decimal

import pytest

from budgetlens.generate.inputs import build_inputs, reason_text
from budgetlens.model import Claim, Fact, Source

META = {"unit": "示例市数据资源管理局", "year": 2025, "kind": "budget", "level": "department",
        "template": "national"}


def _fact(measure: str, value: str, origin: str = "table", basis: str = "current",
          label: str = "") -> Fact:
    return Fact(measure, basis, Decimal(value), Source("in.json", text=f"{origin}:{value}"),
                origin=origin, label=label)


def test_a_tables_figure_wins_and_a_stated_change_is_not_kept():
    inputs = build_inputs("in.json", META, [
        _fact("expense.total", "500.00", "text"), _fact("expense.total", "500.00", "table"),
        _fact("expense.total", "20.00", "text", basis="change_prior"),
        _fact("expense.function.201", "300.00", label="201 一般公共服务支出")], [])
    kept = inputs.values[("expense.total", "current")]
    assert kept.origin == "table" and kept.value == Decimal("500.00")
    assert ("expense.total", "change_prior") not in inputs.values
    assert inputs.names["201"] == "一般公共服务支出"
    assert inputs.diagnostics == [] and inputs.conflicts == {}


@pytest.mark.parametrize("origins,severity,conflict", [
    (("table", "table"), "error", True), (("table", "text"), "warning", False)])
def test_two_figures_that_disagree(origins, severity, conflict):
    facts = [_fact("expense.total", "500.00", origins[0]), _fact("expense.total", "510.00", origins[1])]
    inputs = build_inputs("in.json", META, facts, [])
    (diag,) = inputs.diagnostics
    assert diag.code == "generate-input-conflict" and diag.severity == severity
    assert "500.00" in diag.message and "510.00" in diag.message
    assert (("expense.total", "current") in inputs.conflicts) is conflict


def test_reasons_are_kept_without_their_lead_words():
    assert reason_text("主要原因是人员增加。") == "人员增加"
    assert reason_text("主要系项目完成；") == "项目完成"
    assert reason_text("人员增加") == "人员增加"  # no lead: as it is
    year = Claim("reason", "主要原因是人员增加。", Source("in.json", line=3), "expense.total",
                 "change_prior")
    budget = Claim("reason", "主要原因是项目延期。", Source("in.json", line=9), "expense.total",
                   "change_initial_budget")
    inputs = build_inputs("in.json", META, [_fact("expense.total", "500.00")], [year, budget])
    assert inputs.reasons["expense.total"] == ("人员增加", year.source)
    # a 决算's reason for its difference from the budget is no reason for the year's change
    assert inputs.variance_reasons["expense.total"] == ("项目延期", budget.source)


def test_the_profile_of_a_published_document_stops_at_its_tables():
    """Shanghai prints its tables right after 单位构成: their titles and notes are no profile."""
    from budgetlens.generate.inputs import from_disclosure
    from budgetlens.pipeline import process

    from ..conftest import SAMPLES

    path = SAMPLES / "shanghai_putuo_shgzb_2024_juesuan.pdf"
    if not path.exists():
        pytest.skip("sample not bundled")
    inputs = from_disclosure(process(str(path), audit=False).disclosure)
    paragraphs = [t for paras in inputs.profile.values() for t, _src in paras]
    assert paragraphs and not [t for t in paragraphs if t.endswith("表") or t.startswith(("注：", "说明："))]
