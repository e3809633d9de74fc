"""The command line driven in-process, on the real seeds and on bad inputs made by the tests."""

from __future__ import annotations

import json
import os
from decimal import Decimal

import pytest
from typer.testing import CliRunner

from budgetlens.cli import app
from budgetlens.rules.catalogue import load_rules

from ..conftest import seed_path

runner = CliRunner()


def _json(result) -> list[dict]:
    # stderr lines (one per unreadable file) are not part of the JSON on stdout
    return json.loads(result.stdout)


def test_extract_json_schema_and_provenance():
    seed = seed_path("004")
    result = runner.invoke(app, ["extract", str(seed), "--format", "json"])
    assert result.exit_code == 0, result.output
    (obj,) = _json(result)
    assert {"file", "status", "error", "metadata", "tables", "facts"} <= set(obj)
    assert obj["status"] == "ok"
    assert set(obj["metadata"]) >= {"unit", "region", "year", "kind", "level"}
    facts = [(f["measure"], f["basis"], Decimal(f["value"])) for f in obj["facts"]]
    assert ("expense.general.total", "current", Decimal("967.73")) in facts
    for f in obj["facts"]:
        src = f["source"]
        assert src["file"] == str(seed)
        if f.get("derived"):  # printed nowhere: its provenance is the facts it came from
            assert f["derived_from"] and all(x["line"] or x["table"] is not None or x.get("derivation")
                                             for x in f["derived_from"])
            continue
        assert src["line"] or src["table"] is not None
        assert src["text"] or f.get("blank"), "a printed number quotes its text"


def test_extract_batch_survives_bad_inputs(tmp_path):
    empty = tmp_path / "empty.pdf"
    empty.write_bytes(b"")
    garbage = tmp_path / "garbage.bin"
    garbage.write_bytes(os.urandom(4096))
    seed = seed_path("003")
    result = runner.invoke(app, ["extract", str(empty), str(seed), str(garbage), "--format", "json"])
    assert result.exit_code == 2
    objs = _json(result)
    assert [o["status"] for o in objs] == ["error", "ok", "error"]
    assert objs[0]["error"] and "\n" not in objs[0]["error"]
    assert objs[1]["facts"], "the good file's results are kept"
    assert "Traceback" not in result.output


def test_audit_exit_codes_follow_fail_on():
    seed = seed_path("000")  # has a real arithmetic error (issue acceptance)
    assert runner.invoke(app, ["audit", str(seed)]).exit_code == 1
    assert runner.invoke(app, ["audit", str(seed), "--fail-on", "never"]).exit_code == 0


def test_audit_json_findings_carry_evidence():
    seed = seed_path("002")
    result = runner.invoke(app, ["audit", str(seed), "--format", "json", "--fail-on", "never"])
    assert result.exit_code == 0, result.output
    (obj,) = _json(result)
    assert obj["findings"]
    for f in obj["findings"]:
        assert {"rule", "category", "severity", "message", "stated", "expected", "evidence"} <= set(f)
        assert f["evidence"], "no evidence, no finding"
        for e in f["evidence"]:
            assert {"page", "line", "text", "value"} <= set(e)
    assert obj["summary"]["error"] == sum(1 for f in obj["findings"] if f["severity"] == "error")


@pytest.mark.parametrize("fmt", ["text", "md", "html"])
def test_audit_renderings_quote_evidence(fmt):
    seed = seed_path("000")
    result = runner.invoke(app, ["audit", str(seed), "--format", fmt, "--fail-on", "never"])
    assert result.exit_code == 0
    assert "1110.21" in result.stdout
    if fmt == "html":
        assert result.stdout.startswith("<!DOCTYPE html>")
        assert "http://" not in result.stdout and "https://" not in result.stdout  # self-contained


def test_audit_english_messages():
    seed = seed_path("000")
    result = runner.invoke(app, ["audit", str(seed), "--lang", "en", "--fail-on", "never"])
    assert "error" in result.stdout


def test_rules_lists_every_declaration():
    result = runner.invoke(app, ["rules", "--format", "json"])
    assert result.exit_code == 0
    listed = {r["id"] for r in json.loads(result.stdout)}
    assert listed == {r.id for r in load_rules()}
    assert len(listed) > 10


def test_unknown_format_is_a_usage_error():
    seed = seed_path("001")
    result = runner.invoke(app, ["audit", str(seed), "--format", "pdf"])
    assert result.exit_code == 2


def test_version_names_package_and_extractor_build():
    """``--version`` alone works (no command needed) and names the extractor build the library tags
    documents with, so a report can be matched to the code that produced it."""
    from budgetlens import __version__
    from budgetlens.ingest.version import extractor_version

    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.output.strip() == f"budgetlens {__version__} (extractor {extractor_version()})"
