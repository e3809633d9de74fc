"""``budgetlens generate``: writes and exits 0 on clean data, refuses with the findings and exit 1
on a planted inconsistency, rejects an unknown format."""

from __future__ import annotations

from decimal import Decimal

from typer.testing import CliRunner

from budgetlens.cli import app

from ..generate.synthetic import synthetic_input, write_input

runner = CliRunner()


def test_generate_writes_the_formats_asked_for(tmp_path):
    path = write_input(tmp_path, synthetic_input(n_items=5))
    out = tmp_path / "out"
    result = runner.invoke(app, ["generate", str(path), "--format", "html,xlsx", "-o", str(out)])
    assert result.exit_code == 0, result.stderr
    assert sorted(p.suffix for p in out.iterdir()) == [".html", ".xlsx"]
    assert result.stdout.count(str(out)) == 2


def test_generate_refuses_a_total_that_is_not_the_sum(tmp_path):
    data = synthetic_input(n_items=5)
    for f in data["facts"]:
        if f["measure"] == "expense.general.basic" and f["basis"] == "current":
            f["value"] = str(Decimal(f["value"]) + 1)
    path = write_input(tmp_path, data)
    out = tmp_path / "out"
    result = runner.invoke(app, ["generate", str(path), "-f", "docx", "-o", str(out)])
    assert result.exit_code == 1
    assert "未输出" in result.stderr and "一般公共预算支出表" in result.stderr
    assert not out.exists() or not list(out.iterdir())
    draft = runner.invoke(app, ["generate", str(path), "-f", "docx", "-o", str(out), "--draft"])
    assert draft.exit_code == 0 and list(out.iterdir())


def test_generate_rejects_an_unknown_format(tmp_path):
    path = write_input(tmp_path, synthetic_input(n_items=3))
    result = runner.invoke(app, ["generate", str(path), "-f", "odt", "-o", str(tmp_path)])
    assert result.exit_code == 2 and "odt" in result.stderr


def test_template_workbook_is_written_filled_with_the_input(tmp_path):
    from openpyxl import load_workbook

    path = write_input(tmp_path, synthetic_input(n_items=3))
    book = tmp_path / "book.xlsx"
    result = runner.invoke(app, ["generate", str(path), "--template-workbook", str(book)])
    assert result.exit_code == 0, result.stderr
    wb = load_workbook(book)
    assert wb["单位信息"]["B1"].value == synthetic_input()["metadata"]["unit"]
    out = tmp_path / "out"
    again = runner.invoke(app, ["generate", str(book), "-f", "html", "-o", str(out)])
    assert again.exit_code == 0, again.stderr
    empty = runner.invoke(app, ["generate", "--template-workbook", str(tmp_path / "empty.xlsx")])
    assert empty.exit_code == 0 and (tmp_path / "empty.xlsx").exists()


def test_unreadable_input_exits_2_with_a_message(tmp_path):
    bad = tmp_path / "broken.json"
    bad.write_text("{not json", encoding="utf-8")
    result = runner.invoke(app, ["generate", str(bad), "-o", str(tmp_path)])
    assert result.exit_code == 2 and "generate-input-unreadable" in result.stderr


def test_template_workbook_makes_its_folder_and_an_unwritable_place_is_a_message(tmp_path):
    """A new folder is made (as ``-o DIR`` is); a place that cannot be written is one line and exit 2,
    never a traceback (a regular file standing where the folder should be)."""
    nested = tmp_path / "new" / "folder" / "book.xlsx"
    made = runner.invoke(app, ["generate", "--template-workbook", str(nested)])
    assert made.exit_code == 0 and nested.exists(), made.stderr
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    refused = runner.invoke(app, ["generate", "--template-workbook", str(blocker / "book.xlsx")])
    assert refused.exit_code == 2 and "Traceback" not in refused.output
    assert "cannot write the workbook" in refused.stderr


def test_generate_correct_lists_and_makes_the_corrections(tmp_path):
    """Seed 004 (a 三公 change whose reason is given part by part): refused with what --correct
    would make; with --correct, written with <name>.corrections.txt beside it, exit 0."""
    from budgetlens.pipeline import process
    from budgetlens.report import EXTRACT_RENDERERS

    from ..conftest import seed_path

    path = tmp_path / "004.json"
    path.write_text(EXTRACT_RENDERERS["json"]([process(str(seed_path("004")))], "zh"), encoding="utf-8")
    out = tmp_path / "out"
    asked = runner.invoke(app, ["generate", str(path), "-f", "docx", "-o", str(out)])
    assert asked.exit_code == 1 and "--correct would make" in asked.stderr and "reason-from-parts" in asked.stderr
    made = runner.invoke(app, ["generate", str(path), "-f", "docx", "-o", str(out), "--correct"])
    assert made.exit_code == 0, made.stderr
    assert sorted(p.suffix for p in out.iterdir()) == [".docx", ".txt"]
    assert "reason-from-parts" in next(out.glob("*.corrections.txt")).read_text(encoding="utf-8")
