"""Indicator rows of the performance tables (一级/二级/三级指标, 指标值, 分值, 实际完成值, 得分), written in
the layout our reader reads and read back from the DOCX and PDF as the same facts. The workbook's
绩效指标 sheet: test_workbook_indicators.py; a 总分 or 得分 the gate refuses: test_scoring.py."""

from __future__ import annotations

from decimal import Decimal

import pytest

from budgetlens.generate import generate, load_inputs
from budgetlens.generate.indicators import number

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
