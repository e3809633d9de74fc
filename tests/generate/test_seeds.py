"""Each seed's extracted data writes a 部门预算, a 部门决算 and a 单位 variant (issue #11's first
acceptance point) in DOCX, PDF, HTML and XLSX: read back from the DOCX and PDF equal to the model,
audited with no error or warning. A seed whose own data determine a correction takes it (``--correct``); seed 002, whose
项目支出 change has a reason nobody stated, takes the officer's words (``--supply``)."""

from __future__ import annotations

import pytest

from budgetlens.generate import generate, supply_template
from budgetlens.generate.inputs import from_disclosure
from budgetlens.generate.supply import apply_supply
from budgetlens.pipeline import process

from ..conftest import seed_path
from .supplied import OFFICER_REASON, fill, gap

VARIANTS = [("budget", "department"), ("final", "department"), ("own", "unit")]


@pytest.fixture(scope="module")
def disclosures():
    cache: dict = {}

    def get(prefix: str):
        if prefix not in cache:
            cache[prefix] = process(str(seed_path(prefix)), audit=False).disclosure
        return cache[prefix]
    return get


def _supplied(inputs, disclosure, tmp_path):
    """The officer's answer to the refusal's template, when the seed is refused for want of it."""
    asked = generate(inputs, tmp_path / "asked", ["docx"], correct=True)
    if not asked.refused:
        return inputs
    path = tmp_path / "supply.toml"
    path.write_text(fill(supply_template(asked), OFFICER_REASON, gap(asked)), encoding="utf-8")
    again = from_disclosure(disclosure, kind=inputs.kind, level=inputs.level)
    assert apply_supply(again, path) == []
    return again


@pytest.mark.parametrize("kind,level", VARIANTS)
@pytest.mark.parametrize("prefix", ["000", "001", "002", "003", "004"])
def test_each_seed_writes_budget_final_and_unit_clean(prefix, kind, level, disclosures, tmp_path):
    disclosure = disclosures(prefix)
    kind = disclosure.metadata.kind if kind == "own" else kind
    inputs = _supplied(from_disclosure(disclosure, kind=kind, level=level), disclosure, tmp_path)
    result = generate(inputs, tmp_path / "out", ["docx", "pdf", "html", "xlsx"], correct=True)
    assert not result.refused, [f.line() for f in result.gate.errors]
    assert {"docx", "pdf", "html", "xlsx"} <= set(result.written)
    assert not [f.line() for f in result.gate.findings if f.severity in ("error", "warning")]
    assert set(result.read_back) == {"docx", "pdf"}
    for fmt, report in result.read_back.items():
        assert not [f.line() for f in report.findings if f.severity in ("error", "warning")], fmt
