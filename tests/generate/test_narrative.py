"""The narrative sections (generate/narrative.py) on figures the test states and the synthetic
input: every number a template prints comes from a method of :class:`Narrative` — a figure, a
share, a change recorded for the gate's reason check when it is material, a 决算's completion rate
— and a section's paragraphs are its template's output split at blank lines; a regional variant's
folder is searched before the package's templates. Near misses: a measure the inputs lack gives
no figure (not 0), a change below the threshold is not recorded, a 预算 has no completion rate, an
undefined name in a template is an error (StrictUndefined), not a blank."""

from __future__ import annotations

from decimal import Decimal

import pytest
from jinja2 import UndefinedError

from budgetlens.generate.build import REASON_THRESHOLD, code_names
from budgetlens.generate.doc import DocModel
from budgetlens.generate.inputs import build_inputs
from budgetlens.generate.narrative import Narrative, render_section
from budgetlens.generate.numbers import money
from budgetlens.model import Fact, Source

from .models import synthetic_inputs


def _narrative(inputs) -> tuple[Narrative, DocModel]:
    model = DocModel("t", inputs.unit, inputs.year, inputs.kind, inputs.level, inputs.template)
    return Narrative(inputs, model, "部门", "预算", code_names(inputs), (), REASON_THRESHOLD), model


def _inputs(kind: str = "budget"):
    facts = [("expense.total", "current", "105.00"), ("expense.total", "prior", "100.00"),
             ("expense.basic", "current", "63.00"), ("expense.basic", "prior", "40.00"),
             ("expense.project", "current", "42.00"), ("expense.project", "prior", "60.00"),
             ("expense.total", "initial_budget", "120.00")]
    meta = {"unit": "示例局", "year": 2025, "kind": kind, "level": "department",
            "template": "national"}
    return build_inputs("in.json", meta, [Fact(m, b, Decimal(v), Source("in.json", text=v))
                                          for m, b, v in facts], [])


def test_figures_shares_and_changes_come_from_the_inputs():
    d, model = _narrative(_inputs())
    assert d.amt("expense.total") == money(Decimal("105.00"))
    assert not d.has("expense.no_such_measure") and d.amt("expense.no_such_measure") == ""
    assert d.share("expense.basic", "expense.total") == "60.00"
    assert d.share("expense.no_such_measure", "expense.total") is None
    assert d.change("expense.total", "支出").material is False  # 5 %: under the threshold
    assert d.change("expense.basic", "基本支出").material  # 57.5 %
    assert d.change("expense.project", "项目支出").material  # -30 %
    assert [m.measure for m in model.changes] == ["expense.basic", "expense.project"]
    assert model.changes[0].reason == ""  # none given: the gate will ask for it
    assert d.change("expense.no_such_measure", "无") is None
    assert d.completion("expense.total") is None  # a 预算 has no completion rate


def test_a_final_accounts_completion_rate_is_recorded_when_far_from_100():
    d, model = _narrative(_inputs("final"))
    assert d.completion("expense.total", "支出") == "87.50"
    (variance,) = model.changes
    assert variance.need == "variance_reasons" and variance.change == money(Decimal("15.00"))
    assert d.completion("expense.basic") is None  # no budget figure printed for it


def test_a_section_is_its_templates_paragraphs_and_a_variant_folder_comes_first(tmp_path):
    inputs = synthetic_inputs(tmp_path)
    d, _ = _narrative(inputs)
    folder = tmp_path / "variant"
    folder.mkdir()
    (folder / "probe.j2").write_text("{{ d.unit }}一般公共预算支出{{ d.amt('expense.general.total') }}"
                                     "万元。\n\n\n第二段。\n", encoding="utf-8")
    paras = render_section("probe.j2", d, (str(folder),))
    assert paras == (f"{inputs.unit}一般公共预算支出{d.amt('expense.general.total')}万元。", "第二段。")
    (folder / "typo.j2").write_text("{{ d.no_such_method }}", encoding="utf-8")
    with pytest.raises(UndefinedError):
        render_section("typo.j2", d, (str(folder),))
