"""The command line driven in-process, on the real seeds and on bad inputs made by the tests."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from budgetlens.cli import app
from budgetlens.rules.catalogue import load_rules

from ..conftest import seed_path

runner = CliRunner()


def _json(result) -> list[dict]:
    # stderr lines (one per unreadable file) are not part of the JSON on stdout
    return json.loads(result.stdout)


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
