"""The gate refuses a document its own audit would flag, and names the cell or sentence (and the
input it came from): a total that is not the sum of its parts, a change without its reason, a
template placeholder left in the text. Nothing is written unless it is a draft."""

from __future__ import annotations

import copy
from decimal import Decimal

from budgetlens.generate import generate, load_inputs
from budgetlens.pipeline import process
from budgetlens.generate.inputs import from_disclosure

from ..conftest import seed_path
from .synthetic import synthetic_input, write_input


def _run(tmp_path, data, **options):
    inputs, _ = load_inputs(write_input(tmp_path, data))
    return generate(inputs, tmp_path / "out", ["docx"], **options)


def _set(data: dict, measure: str, value: Decimal, basis: str = "current") -> None:
    for f in data["facts"]:
        if f["measure"] == measure and f["basis"] == basis:
            f["value"] = str(value)
            return
    raise AssertionError(f"{measure} not in the synthetic input")


def test_clean_input_passes_the_gate(synthetic_generated):
    gate = synthetic_generated.gate
    assert not [f.line() for f in gate.findings if f.severity in ("error", "warning")]


def test_total_not_the_sum_is_refused_naming_the_cell(tmp_path):
    data = synthetic_input()
    row = next(f for f in data["facts"] if f["measure"] == "expense.general.function.201")
    planted = Decimal(row["value"]) + Decimal("100.00")
    _set(data, "expense.general.function.201", planted)
    result = _run(tmp_path, data)
    assert result.refused and not result.written
    cells = [f for f in result.gate.errors if f"“{planted:.2f}”" in f.where]
    assert cells, [f.line() for f in result.gate.errors]
    assert all("一般公共预算支出表" in f.where and "第" in f.where for f in cells)
    assert cells[0].input_source is not None and "expense.general.function.201" in cells[0].input_source.text


def test_missing_reason_is_refused(tmp_path):
    data = synthetic_input()
    data["claims"] = [c for c in data["claims"] if c["measure"] != "expense.general.project"]
    result = _run(tmp_path, data)
    assert result.refused
    missing = [f for f in result.gate.errors if f.rule == "generate-change-reason-missing"]
    assert [f.where for f in missing] == ["一般公共预算项目支出（expense.general.project）"]


def test_template_residue_is_refused(tmp_path):
    data = synthetic_input()
    data["profile"]["functions"].append("负责XX工作的组织实施。")
    result = _run(tmp_path, data)
    assert result.refused
    residue = [f for f in result.gate.errors if f.rule == "generate-template-residue"]
    assert residue and residue[0].where == "主要职能" and "XX" in residue[0].message


def test_draft_is_written_with_its_watermark(tmp_path):
    import docx

    data = synthetic_input()
    data["profile"]["functions"].append("负责XX工作的组织实施。")
    result = _run(tmp_path, data, draft=True)
    assert result.gate.errors and not result.refused
    header = docx.Document(str(result.written["docx"])).sections[0].header
    assert "草稿" in "".join(p.text for p in header.paragraphs)


def test_stated_changes_are_recomputed_not_copied(tmp_path):
    """Seed 000 states a change of 一般公共预算 that is not the sum of the changes of its basic and
    project parts: the gate refuses it and names the sentence and the rule."""
    inputs = from_disclosure(process(str(seed_path("000")), audit=False).disclosure)
    result = generate(inputs, tmp_path, ["html"])
    assert result.refused and not result.written
    rules = {f.rule for f in result.gate.errors}
    assert "general-basic-project" in rules
    assert "generate-change-reason-missing" in rules


def test_a_draft_pdf_shows_its_watermark_on_every_page_once_stored(tmp_path):
    """The 草稿 picture is stored once (a form XObject every page draws), shown on every page, and
    is no text: the read-back finds no 草稿 in the page text."""
    import pypdfium2 as pdfium

    data = synthetic_input()
    data["profile"]["functions"].append("负责XX工作的组织实施。")
    inputs, _ = load_inputs(write_input(tmp_path, data))
    result = generate(inputs, tmp_path / "out", ["pdf"], draft=True)
    path = result.written["pdf"]
    doc = pdfium.PdfDocument(str(path))
    try:
        assert len(doc) > 3
        for i in range(len(doc)):
            page = doc[i]
            assert any(o.type == pdfium.raw.FPDF_PAGEOBJ_FORM for o in page.get_objects()), i
            assert "草稿" not in page.get_textpage().get_text_range()
    finally:
        doc.close()
    assert path.read_bytes().count(b"/Subtype /Image") == 2  # the picture and its mask, stored once
