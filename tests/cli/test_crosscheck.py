"""``budgetlens crosscheck`` and ``budgetlens units`` driven in-process on a library of a unit's
budgets and final account written by the test (tests/crosscheck/test_synthetic.py): findings
printed with both documents' places, JSON, exit codes, and manual identity decisions."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from budgetlens.cli import app

from ..crosscheck.test_synthetic import _write

runner = CliRunner()


def _library(tmp_path) -> tuple[str, dict]:
    """A SQLite library of the synthetic budget/final-account pair (tests/crosscheck), ingested
    through the CLI; shared with tests/cli/test_units.py."""
    paths = _write(tmp_path, basic="381.00", project="115.00")
    db = str(tmp_path / "library.db")
    ingest = runner.invoke(app, ["ingest", *map(str, paths.values()), "--db", db,
                                 "--no-progress", "--fail-on", "never"])
    assert ingest.exit_code == 0, ingest.output
    return db, paths


def test_crosscheck_text_json_and_exit_codes(tmp_path):
    db, paths = _library(tmp_path)
    text = runner.invoke(app, ["crosscheck", "--db", db, "--min-severity", "warning"])
    assert text.exit_code == 0, text.output  # warnings only: below the default --fail-on error
    assert "[warning] cross-initial-budget" in text.stdout and "[info]" not in text.stdout
    assert str(paths["f2024.txt"]) in text.stdout and str(paths["b2024.txt"]) in text.stdout
    assert runner.invoke(app, ["crosscheck", "--db", db, "--fail-on", "warning"]).exit_code == 1
    body = json.loads(runner.invoke(app, ["crosscheck", "--db", db, "--format", "json",
                                          "--lang", "en"]).stdout)
    assert body["pairs"]["cross-initial-budget"] == 1 and body["diagnostics"] == []
    rules = {f["rule"] for f in body["findings"]}
    assert {"cross-prior-year-budget", "cross-initial-budget", "cross-execution"} <= rules
    for f in body["findings"]:
        assert len({e["document_id"] for e in f["evidence"]}) >= 2  # both documents cited
