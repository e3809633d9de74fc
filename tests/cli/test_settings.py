"""`budgetlens settings` (cli/settings.py): every setting with its default and meaning, and
docs/settings.md generated from the same records."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from budgetlens.cli import app

runner = CliRunner()


def test_settings_lists_every_setting_with_default_and_meaning():
    result = runner.invoke(app, ["settings", "--lang", "en"])
    assert result.exit_code == 0, result.output
    for line in ("grid.snap", "text_tables.min_rows", "stitch.title_gap", "layout.word_gap"):
        assert line in result.stdout
    assert "rulings closer than this are the same line" in result.stdout
    assert runner.invoke(app, ["settings", "-f", "xml"]).exit_code == 2


def test_settings_reference_is_generated_from_the_records():
    from budgetlens.cli.settings import settings_markdown

    doc = Path(__file__).resolve().parents[2] / "docs" / "settings.md"
    assert doc.read_text(encoding="utf-8") == settings_markdown(), \
        "regenerate: python scripts/gen_docs.py"
