"""``budgetlens ingest | reprocess | db info`` driven in-process: exit codes as ``audit``, failures
on stderr, and an unusable database as one line with exit code 2 and no traceback."""

from __future__ import annotations

import json
import re

import pytest
from typer.testing import CliRunner

from budgetlens.cli import app

from ..conftest import seed_path

runner = CliRunner()


def _db(tmp_path) -> str:
    return str(tmp_path / "library.db")


def test_ingest_exit_codes_follow_fail_on(tmp_path):
    seed = str(seed_path("000"))  # a real arithmetic error (error finding)
    db = _db(tmp_path)
    first = runner.invoke(app, ["ingest", seed, "--db", db, "--no-progress"])
    assert first.exit_code == 1, first.output
    # stored now: the second run reads nothing and still exits as the audit did
    assert runner.invoke(app, ["ingest", seed, "--db", db, "--no-progress"]).exit_code == 1
    never = runner.invoke(app, ["ingest", seed, "--db", db, "--fail-on", "never"])
    assert never.exit_code == 0


def test_ingest_records_an_unreadable_file_and_exits_2(tmp_path):
    garbage = tmp_path / "garbage.pdf"
    garbage.write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 8)
    seed = str(seed_path("001"))
    result = runner.invoke(app, ["ingest", str(garbage), seed, "--db", _db(tmp_path),
                                 "--no-progress", "--fail-on", "never"])
    assert result.exit_code == 2
    assert str(garbage) in result.stderr and "Traceback" not in result.output
    info = json.loads(runner.invoke(app, ["db", "info", "--db", _db(tmp_path), "--format",
                                          "json"]).stdout)
    assert info["by_status"] == {"ok": 1, "error": 1}
    assert info["documents"] == 2 and info["facts"] > 0


def test_ingest_in_english_gives_the_failure_reason_in_english(tmp_path):
    garbage = tmp_path / "garbage.pdf"
    garbage.write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 8)
    lines = {}
    for lang, run in (("zh", "first"), ("en", "first"), ("en", "again")):
        # "again": the failure is stored, the file skipped; its English comes from the library
        result = runner.invoke(app, ["ingest", str(garbage), "--db", str(tmp_path / f"{lang}.db"),
                                     "--no-progress", "--lang", lang])
        assert result.exit_code == 2, result.output
        lines[lang, run] = next(ln for ln in result.stderr.splitlines()
                                if ln.startswith(str(garbage)))
    reason = {key: line[len(str(garbage)):] for key, line in lines.items()}
    assert re.search(r"[\u4e00-\u9fff]", reason["zh", "first"])
    for run in ("first", "again"):
        assert not re.search(r"[\u4e00-\u9fff]", reason["en", run]), run
        assert re.search(r"[a-z]{3}", reason["en", run])
    code = reason["zh", "first"][reason["zh", "first"].rindex(" ["):]
    assert reason["en", "first"] == reason["en", "again"] and reason["en", "first"].endswith(code)


@pytest.mark.parametrize("db", [
    "{tmp}/no/such/folder/library.db",              # folder missing
    "{tmp}",                                        # a folder, not a file
    "postgresql+psycopg://nobody:x@127.0.0.1:1/none",  # nothing listens on port 1
    "nosuchdialect://x/y",                          # not a database URL we know
])
def test_unusable_database_is_one_line_exit_2(tmp_path, db):
    seed = str(seed_path("001"))
    for args in (["ingest", seed, "--no-progress"], ["db", "info"], ["reprocess"]):
        result = runner.invoke(app, [*args, "--db", db.format(tmp=tmp_path)])
        assert result.exit_code == 2, result.output
        assert "Traceback" not in result.output
        assert result.exception is None or isinstance(result.exception, SystemExit)
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0]


def test_ingest_of_an_empty_folder_is_an_input_error(tmp_path):
    empty = tmp_path / "nothing"
    empty.mkdir()
    result = runner.invoke(app, ["ingest", str(empty), "--db", _db(tmp_path)])
    assert result.exit_code == 2 and "no input files found" in result.stderr


def test_reprocess_rereads_documents_of_an_older_extractor(tmp_path):
    from budgetlens.ingest import ingest
    from budgetlens.store import open_store

    seeds = [str(seed_path("001")), str(seed_path("003"))]
    store = open_store(_db(tmp_path))
    ingest(store, seeds, version="0.0.0+older")
    store.close()
    info = json.loads(runner.invoke(app, ["db", "info", "--db", _db(tmp_path), "-f", "json"]).stdout)
    assert info["stale"] == 2
    result = runner.invoke(app, ["reprocess", "--db", _db(tmp_path), "--lang", "en",
                                 "--fail-on", "never"])
    assert result.exit_code == 0 and "2 stored" in result.stdout
    info = json.loads(runner.invoke(app, ["db", "info", "--db", _db(tmp_path), "-f", "json"]).stdout)
    assert (info["stale"], info["documents"], info["documents_all_versions"]) == (0, 2, 4)
    assert list(info["versions"]) == [info["extractor_version"]]
