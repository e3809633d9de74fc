"""``generate --supply``: what the document's data do not determine (seed 002's 项目支出 −11.84 %
has no stated reason), the refusal asks for as a ready-to-fill TOML keyed the way the gate names it;
with the officer's words the document is written clean, without them it stays refused."""

from __future__ import annotations

import tomllib

import pytest
from typer.testing import CliRunner

from budgetlens.cli import app
from budgetlens.generate import generate, supply_template
from budgetlens.generate.inputs import from_disclosure
from budgetlens.generate.supply import apply_supply
from budgetlens.pipeline import process

from ..conftest import seed_path
from .supplied import OFFICER_REASON, fill as _fill, gap as _gap

@pytest.fixture(scope="module")
def refused_002(tmp_path_factory):
    """Seed 002 read → extracted → generated with --correct: refused, with its template."""
    inputs = from_disclosure(process(str(seed_path("002")), audit=False).disclosure)
    result = generate(inputs, tmp_path_factory.mktemp("refused"), ["docx"], correct=True)
    return inputs, result


def test_the_refusal_asks_for_exactly_the_missing_reason_keyed_as_the_gate_names_it(refused_002):
    _inputs, result = refused_002
    assert result.refused and not result.written
    errors = [f for f in result.gate.errors if f.rule == "generate-change-reason-missing"]
    asked = tomllib.loads(supply_template(result))
    assert sorted(asked["reasons"]) == sorted(m.key for m in result.missing if m.section == "reasons")
    # every missing reason the gate refuses for is asked for, under the measure its finding names
    for f in errors:
        assert any(f"（{key}）" in f.where for key in asked["reasons"]), f.where
    assert all(v == "" for v in asked["reasons"].values())
    # the reason --correct writes from its parts (基本支出) is not asked for
    assert not {c.measure for c in result.corrections} & set(asked["reasons"])


def test_unfilled_template_stays_refused_naming_the_change(refused_002, tmp_path):
    inputs, result = refused_002
    path = tmp_path / "supply.toml"
    path.write_text(supply_template(result), encoding="utf-8")
    again = from_disclosure(process(str(seed_path("002")), audit=False).disclosure)
    assert apply_supply(again, path) == []
    left = generate(again, tmp_path / "out", ["docx"], correct=True)
    assert left.refused and not left.written
    assert any("expense.general.project" in f.where for f in left.gate.errors)


def test_with_the_officers_words_seed_002_is_written_clean(refused_002, tmp_path):
    _inputs, result = refused_002
    path = tmp_path / "supply.toml"
    path.write_text(_fill(supply_template(result), OFFICER_REASON, _gap(result)), encoding="utf-8")
    inputs = from_disclosure(process(str(seed_path("002")), audit=False).disclosure)
    assert apply_supply(inputs, path) == []
    src = inputs.reasons["expense.general.project"][1]
    assert src.file == str(path) and src.line and OFFICER_REASON[5:15] in src.text
    done = generate(inputs, tmp_path / "out", ["docx", "pdf"], correct=True)
    assert not done.refused, [f.line() for f in done.gate.errors]
    assert not [f.line() for f in done.gate.findings if f.severity in ("error", "warning")]
    for fmt, report in done.read_back.items():
        assert not [f.line() for f in report.findings if f.severity in ("error", "warning")], fmt
    from docx import Document

    text = "".join(p.text for p in Document(str(done.written["docx"])).paragraphs)
    assert OFFICER_REASON.removeprefix("主要原因是").rstrip("。") in text


def test_a_bad_entry_is_named_with_its_line(tmp_path):
    inputs = from_disclosure(process(str(seed_path("004")), audit=False).disclosure)
    path = tmp_path / "supply.toml"
    path.write_text('schema = 1\n[reasons]\n"expense.no_such_thing" = "x"\n'
                    '[figures.current]\n"income.carryover" = "abc"\n[other]\nk = 1\n', encoding="utf-8")
    diags = apply_supply(inputs, path)
    codes = {d.code: d for d in diags}
    assert set(codes) == {"generate-supply-unknown-measure", "generate-supply-bad-entry"}
    assert codes["generate-supply-unknown-measure"].source.line == 3
    assert sum(d.code == "generate-supply-bad-entry" for d in diags) == 2  # "abc", [other]
    assert all(d in inputs.diagnostics for d in diags)  # an error among them refuses the document


def test_residue_in_a_supplied_reason_is_refused(refused_002, tmp_path):
    _inputs, result = refused_002
    path = tmp_path / "supply.toml"
    path.write_text(_fill(supply_template(result), "XX项目支出减少", _gap(result)), encoding="utf-8")
    inputs = from_disclosure(process(str(seed_path("002")), audit=False).disclosure)
    apply_supply(inputs, path)
    left = generate(inputs, tmp_path / "out", ["docx"], correct=True)
    assert left.refused and [f.rule for f in left.gate.errors] == ["generate-template-residue"]


def test_cli_prints_the_template_on_refusal_and_takes_it_filled(tmp_path):
    from budgetlens.report import EXTRACT_RENDERERS

    runner = CliRunner()
    path = tmp_path / "002.json"
    path.write_text(EXTRACT_RENDERERS["json"]([process(str(seed_path("002")))], "zh"), encoding="utf-8")
    out = tmp_path / "out"
    asked = runner.invoke(app, ["generate", str(path), "-f", "docx", "-o", str(out), "--correct"])
    assert asked.exit_code == 1 and "--supply" in asked.stderr
    assert not out.exists() or not list(out.iterdir())  # a refusal writes nothing
    template = tomllib.loads(asked.stdout)
    assert "expense.general.project" in template["reasons"]
    filled = tmp_path / "supply.toml"
    # the officer knows the year's carry-over: the source states its fiscal part, all of it here
    import json

    facts = json.loads(path.read_text(encoding="utf-8"))[0]["facts"]
    carried = next(f["value"] for f in facts if f["measure"] == "income.carryover.fiscal")
    filled.write_text(_fill(asked.stdout, OFFICER_REASON, {"income.carryover": carried}), encoding="utf-8")
    made = runner.invoke(app, ["generate", str(path), "-f", "docx", "-o", str(out), "--correct",
                               "--supply", str(filled)])
    assert made.exit_code == 0, made.stderr
    assert "[warning]" not in made.stderr and "[error]" not in made.stderr
