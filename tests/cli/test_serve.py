"""`budgetlens serve` (cli/serve.py) refuses a library that does not exist, creating nothing."""

from __future__ import annotations


def test_serve_refuses_a_missing_library(tmp_path):
    from typer.testing import CliRunner

    from budgetlens.cli import app

    result = CliRunner().invoke(app, ["serve", "--db", str(tmp_path / "none.db")])
    assert result.exit_code == 2
    assert "none.db" in result.stderr and not (tmp_path / "none.db").exists()
