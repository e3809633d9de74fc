"""`budgetlens db info` (cli/db.py): a file that is no database is one line and exit 2; the library
named by BUDGETLENS_DB is the one described."""

from __future__ import annotations


from typer.testing import CliRunner

from budgetlens.cli import app

from ..conftest import seed_path

runner = CliRunner()


def _db(tmp_path) -> str:
    return str(tmp_path / "library.db")


def test_not_a_database_file_is_one_line_exit_2(tmp_path):
    bogus = tmp_path / "bogus.db"
    bogus.write_bytes(b"this is not a SQLite database" * 100)
    result = runner.invoke(app, ["db", "info", "--db", str(bogus)])
    assert result.exit_code == 2 and len(result.stderr.strip().splitlines()) == 1


def test_db_from_environment_and_reprocess_without_stale_documents(tmp_path, monkeypatch):
    monkeypatch.setenv("BUDGETLENS_DB", _db(tmp_path))
    seed = str(seed_path("003"))
    assert runner.invoke(app, ["ingest", seed, "--fail-on", "never"]).exit_code == 0
    info = runner.invoke(app, ["db", "info", "--lang", "en"])
    assert info.exit_code == 0 and str(tmp_path) in info.stdout
    again = runner.invoke(app, ["reprocess", "--lang", "en"])
    assert again.exit_code == 0 and "0 stored" in again.stdout
