"""`generate --correct`: the round trip of a published document that fails its own audit gives a
corrected document where the document's own data determine the correction, lists each correction,
and is refused where they do not (seeds 000, 002, 004: docs/generate.md)."""

from __future__ import annotations

import pytest

from budgetlens.generate import generate
from budgetlens.generate.correct import load_corrections
from budgetlens.generate.inputs import from_disclosure
from budgetlens.pipeline import process

from ..conftest import seed_path


def _inputs(prefix: str):
    return from_disclosure(process(str(seed_path(prefix)), audit=False).disclosure)


def _clean(result) -> None:
    assert not result.refused, [f.line() for f in result.gate.errors]
    assert not [f.line() for f in result.gate.findings if f.severity in ("error", "warning")]
    for fmt, report in result.read_back.items():
        assert not [f.line() for f in report.findings if f.severity in ("error", "warning")], fmt


def test_corrections_are_declared():
    kinds = {c.id: c.kind for c in load_corrections()}
    assert kinds == {"figure-from-identity": "figure", "conflict-from-identity": "conflict",
                     "reason-from-parts": "reason"}


def test_seed_000_total_recomputed_from_its_parts_and_its_reason_from_theirs(tmp_path):
    """000 states a change of 一般公共预算财政拨款支出 (1110.21) that is not the sum of its parts'
    (基本 −136.48, 项目 +1211.69), each of which carries its reason."""
    inputs = _inputs("000")
    refused = generate(inputs, tmp_path / "asked", ["docx"])
    assert refused.refused and not refused.written and refused.corrections  # proposed, not made
    result = generate(inputs, tmp_path / "out", ["docx", "pdf"], correct=True)
    _clean(result)
    figure = [c for c in result.corrections if c.rule == "figure-from-identity"]
    parts = sum(inputs.get(m, "prior") for m in ("expense.general.basic", "expense.general.project"))
    assert [(c.measure, c.basis, c.new) for c in figure] == [("expense.general.total", "prior", f"{parts:.2f}")]
    reason = [c for c in result.corrections if c.rule == "reason-from-parts"]
    assert [c.measure for c in reason] == ["expense.general.total"]
    report = result.written["corrections"].read_text(encoding="utf-8")
    assert all(c.message in report and c.message_en in report for c in result.corrections)


def test_seed_004_three_public_reason_from_its_parts(tmp_path):
    result = generate(_inputs("004"), tmp_path, ["docx", "pdf"], correct=True)
    _clean(result)
    assert [(c.rule, c.measure) for c in result.corrections] == [("reason-from-parts", "three_public.total")]
    assert "公务接待费减少2.00万元" in result.corrections[0].new


def test_seed_002_is_refused_where_no_correction_is_determined(tmp_path):
    """002 (a 决算): 基本支出's reason is written from 人员/公用经费's; 项目支出's 11.84 % change has no
    reason and no parts that give one, so it is refused, naming that change."""
    result = generate(_inputs("002"), tmp_path, ["docx"], correct=True)
    assert result.refused and not result.written
    assert [c.measure for c in result.corrections] == ["expense.general.basic"]
    left = [f for f in result.gate.errors]
    assert [f.rule for f in left] == ["generate-change-reason-missing"]
    assert "expense.general.project" in left[0].where


@pytest.mark.parametrize("prefix", ["000", "004"])
def test_corrected_seed_as_a_unit_document(prefix, tmp_path):
    inputs = _inputs(prefix)
    inputs.level = "unit"
    _clean(generate(inputs, tmp_path, ["docx"], correct=True))


def test_a_figure_two_tables_state_differently_is_decided_by_the_other_figures(tmp_path):
    """Two tables state 一般公共预算基本支出 as x and x + 10: refused as it stands; --correct takes
    the value the document's sums agree with (the planted one breaks basic + project = total)."""
    import copy
    from decimal import Decimal

    from budgetlens.generate import load_inputs

    from .synthetic import synthetic_input, write_input

    data = synthetic_input(n_items=5)
    basic = next(f for f in data["facts"] if f["measure"] == "expense.general.basic" and f["basis"] == "current")
    planted = copy.deepcopy(basic)
    planted["value"] = str(Decimal(basic["value"]) + 10)
    planted["source"] = {**planted.get("source", {}), "table": 99, "text": planted["value"]}
    data["facts"].append(planted)
    inputs, _ = load_inputs(write_input(tmp_path, data))
    assert generate(inputs, tmp_path / "asked", ["docx"]).refused
    result = generate(inputs, tmp_path / "out", ["docx"], correct=True)
    _clean(result)
    made = [c for c in result.corrections if c.rule == "conflict-from-identity"]
    assert [(c.measure, c.new, c.old) for c in made] == \
        [("expense.general.basic", f"{Decimal(basic['value']):.2f}", f"{Decimal(planted['value']):.2f}")]
