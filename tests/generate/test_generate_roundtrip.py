"""Round trip: a seed's extracted data → a generated document → read back by our own readers:
every fact of the model is read back with its value, and the audit of the written file says what
the gate said before writing."""

from __future__ import annotations

import json

import pytest

from budgetlens.generate import generate, load_inputs
from budgetlens.generate.gate import stated
from budgetlens.generate.numbers import q2
from budgetlens.generate.inputs import from_disclosure
from budgetlens.pipeline import process
from budgetlens.report import EXTRACT_RENDERERS

from ..conftest import seed_path

READ_BACK_RULES = {"generate-readback-differs", "generate-cell-not-read", "generate-readback-failed"}


def _errors(report) -> set[str]:
    return {f.rule for f in report.findings if f.severity == "error" and not f.rule.startswith("generate-")}


def _check_round_trip(result) -> None:
    assert result.written, "nothing written"
    model_facts = stated(result.gate.facts)
    assert model_facts, "the model has no facts"
    cells = [c for t in result.model.tables() for c in t.value_cells()]
    for fmt, report in result.read_back.items():
        problems = [f.line() for f in report.findings if f.rule in READ_BACK_RULES]
        assert not problems, f"{fmt}: {problems[:5]}"
        assert model_facts <= stated(report.facts), fmt
        assert _errors(report) == _errors(result.gate), fmt
        # every value read for a measure (a 元 table's exact figure, a 万元 table's rounded one)
        read: dict = {}
        for f in report.facts:
            if f.origin != "derived":
                read.setdefault((f.measure, f.basis), set()).add(f.value)
        for c in cells:
            assert c.value in read.get((c.measure, c.basis), set()), (fmt, c.measure, c.text)


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003", "004"])
def test_seed_round_trip_docx_pdf(prefix, tmp_path):
    result = process(str(seed_path(prefix)), audit=False)
    inputs = from_disclosure(result.disclosure)
    # A seed whose own figures disagree (a stated change that is not the sum of its parts, a
    # change without its reason) is refused by the gate: it is written as a draft to test the
    # round trip, and the refusal itself is checked in test_gate.
    generated = generate(inputs, tmp_path, ["docx", "pdf"], draft=True)
    assert set(generated.read_back) == {"docx", "pdf"}
    _check_round_trip(generated)
    if prefix == "002":  # a 决算: priors and budgets of items no sentence compares, 结转 used, and
        return           # 三公 changes whose parts do not add up (an item's prior is implied wrong)
    for fmt, report in generated.read_back.items():
        got = {(f.measure, f.basis): f.value
               for f in sorted(report.facts, key=lambda f: (f.origin != "derived", f.origin == "table"))}
        lost = {k: v.value for k, v in inputs.values.items()
                if v.value != 0 and (k not in got or q2(got[k]) != q2(v.value))}
        assert not lost, (fmt, lost)  # every figure the seed states comes back (a zero may be a 无…)


def test_round_trip_from_extract_json(tmp_path):
    """The input path of `budgetlens generate x.json`: the JSON `budgetlens extract` writes."""
    result = process(str(seed_path("004")))
    path = tmp_path / "extract.json"
    path.write_text(EXTRACT_RENDERERS["json"]([result], "zh"), encoding="utf-8")
    inputs, _ = load_inputs(path)
    assert inputs.unit == result.disclosure.metadata.unit and inputs.kind == "budget"
    generated = generate(inputs, tmp_path / "out", ["docx"], draft=True)
    _check_round_trip(generated)
    table_facts = {(f.measure, f.value) for f in result.disclosure.facts
                   if f.origin == "table" and f.basis == "current" and not f.blank
                   and f.measure.startswith(("expense.general.function.", "expense.general.basic.economic."))}
    written = {(c.measure, c.value) for t in generated.model.tables() for c in t.value_cells()}
    assert table_facts and table_facts <= written


def test_synthetic_round_trip_every_format(synthetic_generated):
    result = synthetic_generated
    assert not result.refused
    assert set(result.written) == {"docx", "pdf", "html", "xlsx"}
    _check_round_trip(result)
    for fmt, report in result.read_back.items():
        assert not [f.line() for f in report.findings if f.severity in ("error", "warning")], fmt


@pytest.mark.parametrize("kind,level", [("final", "unit"), ("budget", "unit"), ("final", "department")])
def test_synthetic_kinds_and_levels_round_trip(kind, level, tmp_path):
    from .synthetic import synthetic_input, write_input

    inputs, _ = load_inputs(write_input(tmp_path, synthetic_input(n_items=6)), kind=kind, level=level)
    result = generate(inputs, tmp_path / "out", ["docx", "pdf"])
    assert not result.refused, [f.line() for f in result.gate.errors]
    phase = "决算" if kind == "final" else "预算"
    assert result.model.title.endswith(("单位" if level == "unit" else "部门") + phase)
    assert all(t.role.startswith(kind + "_") for t in result.model.tables())
    _check_round_trip(result)


@pytest.mark.parametrize("name", ["shanghai_putuo_shgzb_2024_juesuan.pdf",
                                  "shanghai_putuo_wanli_2025_yusuan.pdf"])
def test_published_pdf_round_trip(name, tmp_path):
    """A published PDF (Shanghai template, tables printed in 元) regenerated: every cell read back."""
    from ..conftest import SAMPLES

    path = SAMPLES / name
    if not path.exists():
        pytest.skip(f"{name} not bundled")
    inputs, _ = load_inputs(path)
    assert inputs.template == "shanghai" and len(inputs.values) > 100
    generated = generate(inputs, tmp_path, ["docx", "pdf"], draft=True)
    _check_round_trip(generated)
    # a 决算's budgets (Shanghai prints 全年预算 by 项 in sentences) are written and read back
    budgets = {(m, b, v.value) for (m, b), v in inputs.values.items()
               if b in ("initial_budget", "adjusted_budget") and m.startswith("expense.general.function.")}
    assert (inputs.kind == "final") == bool(budgets)
    # what keeps them from being written is their own text's missing reasons, nothing we print
    # (a 元 table beside a figure known only from a sentence is printed in 万元: no broken sums)
    for report in (generated.gate, *generated.read_back.values()):
        assert {f.rule for f in report.findings if f.severity in ("error", "warning")} <= {
            "generate-change-reason-missing", "form-change-reason-missing"}
    for fmt, report in generated.read_back.items():
        assert budgets <= stated(report.facts), fmt


@pytest.mark.parametrize("prefix,kind,level", [("001", "final", "department"), ("003", "budget", "unit"),
                                               ("003", "final", "unit")])
def test_seed_variants_in_every_format_clean(prefix, kind, level, tmp_path):
    """A seed whose own figures hold, written as its 决算 and its 单位 variant in all four formats:
    read back equal, no error or warning."""
    inputs, _ = load_inputs(seed_path(prefix), kind=kind, level=level)
    generated = generate(inputs, tmp_path, ["docx", "pdf", "html", "xlsx"])
    assert not generated.refused, [f.line() for f in generated.gate.errors]
    assert set(generated.written) == {"docx", "pdf", "html", "xlsx"}
    _check_round_trip(generated)
    for fmt, report in generated.read_back.items():
        assert not [f.line() for f in report.findings if f.severity in ("error", "warning")], fmt


def test_a_final_seed_states_what_its_three_public_money_bought(tmp_path):
    """Seed 002 (a 决算) gives 团组, 批次, 人次, vehicles and 会议费/培训费: each comes back."""
    result = process(str(seed_path("002")), audit=False)
    inputs = from_disclosure(result.disclosure)
    generated = generate(inputs, tmp_path, ["pdf"], draft=True)
    got = {(f.measure, f.basis): f.value for f in generated.read_back["pdf"].facts}
    keys = [k for k in inputs.values if k[1] == "current" and k[0] in (
        "three_public.overseas.groups", "three_public.reception.batches", "three_public.reception.people",
        "three_public.vehicle.fleet", "three_public.vehicle.purchase_count", "meeting_fee", "training_fee")]
    assert len(keys) == 7
    assert {k: got.get(k) for k in keys} == {k: inputs.values[k].value for k in keys}
