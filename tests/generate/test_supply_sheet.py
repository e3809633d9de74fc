"""``--supply`` from a workbook sheet: a refusal writes the ready-to-fill 补充输入 sheet (a new
workbook, or added to the template workbook the inputs came from); the officer fills its value
column; each value supplied keeps its cell as its source. Seed 002 (a 决算 whose 项目支出 −11.84 %
has no stated reason) is refused without the officer's words and written clean with them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from budgetlens.cli import app
from budgetlens.generate import generate, write_supply_sheet
from budgetlens.generate.inputs import from_disclosure
from budgetlens.generate.supply import apply_supply
from budgetlens.generate.supply_sheet import VALUE, sheet_name
from budgetlens.generate.workbook import is_template, write_template
from budgetlens.pipeline import process

from ..conftest import seed_path
from .supplied import OFFICER_REASON, gap


@pytest.fixture(scope="module")
def refused_002(tmp_path_factory):
    inputs = from_disclosure(process(str(seed_path("002")), audit=False).disclosure)
    return generate(inputs, tmp_path_factory.mktemp("refused"), ["docx"], correct=True)


def _fill(path: Path, reason: str, figures: dict[str, str]) -> dict[str, str]:
    """The officer's part, as a person would do it in a spreadsheet: every reason row given
    ``reason``, the named figures filled; returns key → the cell filled."""
    wb = load_workbook(path)
    ws, cells = wb[sheet_name()], {}
    for r in range(2, ws.max_row + 1):
        section, key = ws.cell(r, 1).value, ws.cell(r, 2).value
        value = reason if str(section).endswith("reasons") else figures.get(key)
        if value is not None:
            ws.cell(r, VALUE, float(value) if section.startswith("figures.") else value)
            cells[key] = ws.cell(r, VALUE).coordinate
    wb.save(path)
    return cells


def test_the_sheet_asks_for_exactly_what_the_refusal_lacks(refused_002, tmp_path):
    book = write_supply_sheet(refused_002, tmp_path / "answer.xlsx")
    ws = load_workbook(book)[sheet_name()]
    rows = [(ws.cell(r, 1).value, ws.cell(r, 2).value) for r in range(2, ws.max_row + 1)]
    assert rows == [(m.section, m.key) for m in refused_002.missing]
    assert ("reasons", "expense.general.project") in rows
    assert all(ws.cell(r, VALUE).value is None for r in range(2, ws.max_row + 1))  # to fill
    validated = {str(dv.sqref): dv.type for dv in ws.data_validations.dataValidation}
    figures = [ws.cell(r, VALUE).coordinate for r, (s, _k) in enumerate(rows, 2) if s.startswith("figures.")]
    assert all(any(c in ref and kind == "decimal" for ref, kind in validated.items()) for c in figures)


def test_filled_it_is_written_clean_each_value_sourced_by_its_cell(refused_002, tmp_path):
    book = write_supply_sheet(refused_002, tmp_path / "answer.xlsx")
    unfilled = from_disclosure(process(str(seed_path("002")), audit=False).disclosure)
    assert apply_supply(unfilled, book) == []  # nothing filled: nothing given, still refused
    assert generate(unfilled, tmp_path / "no", ["docx"], correct=True).refused
    cells = _fill(book, OFFICER_REASON, gap(refused_002))
    inputs = from_disclosure(process(str(seed_path("002")), audit=False).disclosure)
    assert apply_supply(inputs, book) == []
    text, src = inputs.reasons["expense.general.project"]
    assert OFFICER_REASON.removeprefix("主要原因是").rstrip("。") == text
    assert src.file == str(book) and src.text.startswith(f"{sheet_name()}!{cells['expense.general.project']}=")
    done = generate(inputs, tmp_path / "out", ["docx", "pdf"], correct=True)
    assert not done.refused, [f.line() for f in done.gate.errors]
    for fmt, report in done.read_back.items():
        assert not [f.line() for f in report.findings if f.severity in ("error", "warning")], fmt


def test_a_bad_value_is_named_by_its_cell(refused_002, tmp_path):
    book = write_supply_sheet(refused_002, tmp_path / "answer.xlsx")
    wb = load_workbook(book)
    ws = wb[sheet_name()]
    ws.append(["figures.current", "income.carryover", "", "", "", "abc"])  # typed over validation
    ws.append(["reasons", "expense.no_such_thing", "", "", "", "x"])
    wb.save(book)
    inputs = from_disclosure(process(str(seed_path("002")), audit=False).disclosure)
    diags = apply_supply(inputs, book)
    assert {d.code for d in diags} == {"generate-supply-bad-entry", "generate-supply-unknown-measure"}
    bad = next(d for d in diags if d.code == "generate-supply-bad-entry")
    assert f"{sheet_name()}!F{ws.max_row - 1}" in bad.message and bad.source.row == ws.max_row - 2
    assert all(d in inputs.diagnostics for d in diags)  # an error among them refuses the document


def test_cli_adds_the_sheet_to_the_template_workbook_and_takes_it_filled(tmp_path):
    """The officer's round: the example workbook filled with seed 002's figures is refused; the
    refusal adds the 补充输入 sheet to that same workbook; filled, the workbook is input and answer."""
    runner = CliRunner()
    extract = tmp_path / "002.json"
    extract.write_text(json.dumps([json.loads(runner.invoke(app, ["extract", str(seed_path("002"))]).stdout)[0]],
                                  ensure_ascii=False), encoding="utf-8")
    book = tmp_path / "book.xlsx"
    made = runner.invoke(app, ["generate", str(extract), "--template-workbook", str(book)])
    assert made.exit_code == 0 and is_template(book), made.stderr
    out = tmp_path / "out"
    asked = runner.invoke(app, ["generate", str(book), "-f", "docx", "-o", str(out), "--correct",
                                "--supply-sheet", str(book)])
    assert asked.exit_code == 1 and sheet_name() in asked.stderr and "--supply" in asked.stderr
    assert not out.exists() or not list(out.iterdir())  # a refusal writes no document
    wb = load_workbook(book)
    assert wb.sheetnames[0] == sheet_name() and is_template(book)  # the inputs' sheets are all still there
    keys = {wb[sheet_name()].cell(r, 2).value for r in range(2, wb[sheet_name()].max_row + 1)}
    assert "expense.general.project" in keys
    facts = json.loads(extract.read_text(encoding="utf-8"))[0]["facts"]
    carried = next(f["value"] for f in facts if f["measure"] == "income.carryover.fiscal")
    _fill(book, OFFICER_REASON, {"income.carryover": carried})
    done = runner.invoke(app, ["generate", str(book), "-f", "docx", "-o", str(out), "--correct",
                               "--supply", str(book)])
    assert done.exit_code == 0, done.stderr
    assert "[warning]" not in done.stderr and "[error]" not in done.stderr
