"""A bad rules file stops a run once, at the start, with one message naming file, line and key
(issue #12; session 9 saw a bad category turn every document's audit into an internal error).

The rules folder is real: ``BUDGETLENS_RULES`` names a folder of the user's own ``[[rule]]`` files,
read after the package's. Each test writes such a folder with one defect and runs the real
commands on a real seed; a folder whose rule is sound runs, and its rule fires like a built-in one
(a check as data)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from budgetlens.cli import app
from budgetlens.rules.catalogue import RULES_ENV

from ..conftest import REPO, seed_path

runner = CliRunner()
RULE = '''# a reviewer's own check
[[rule]]
id = "{id}"
kind = "{kind}"
category = "{category}"
severity = "warning"
description = "三公经费降幅不超过10%"
description_en = "the 三公 spending decreases by at most 10%"
message_zh = "{{measure}}{{basis}}列示{{stated}}%"
message_en = "{{measure}}: {{basis}} {{stated}}%"
bases = ["pct_change_prior"]
{param} = -10
'''


def _folder(tmp_path: Path, *, id: str = "my-floor", kind: str = "pct_floor",
            category: str = "percentage", param: str = "floor", text: str = "") -> Path:
    folder = tmp_path / "rules"
    folder.mkdir(parents=True)
    (folder / "mine.toml").write_text(text or RULE.format(id=id, kind=kind, category=category,
                                                          param=param), encoding="utf-8")
    return folder


def _run(folder: Path, *args: str):
    return runner.invoke(app, list(args), env={RULES_ENV: str(folder)})


def _seed() -> str:
    return str(seed_path("002"))


@pytest.mark.parametrize("command", [["audit"], ["extract"]])
def test_a_bad_category_stops_the_run_once_naming_file_line_and_key(tmp_path, command):
    folder = _folder(tmp_path, category="arithmetics")
    result = _run(folder, *command, _seed(), _seed())
    assert result.exit_code == 2
    assert result.stdout == ""  # nothing was read, nothing reported
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 2  # one message, zh then en, once for the whole run
    zh, en = lines
    where = str(folder / "mine.toml")
    assert zh.startswith("规则文件有误") and f"{where} 第 5 行（键 category）" in zh
    assert f"{where}, line 5, key 'category'" in en
    assert "'arithmetics'" in en and "'arithmetic'" in en  # what was given, what is allowed
    assert "Traceback" not in result.output


@pytest.mark.parametrize("defect, key, at, words", [
    ({"kind": "pct_flor"}, "kind", 4, "has no evaluator"),
    ({"param": "flor"}, "floor", 2, "missing 'floor'"),  # a missing key: its [[rule]] line
    ({"id": "My_Floor"}, "id", 3, "not kebab-case"),
])
def test_rules_that_do_not_fit_their_kind_stop_the_run(tmp_path, defect, key, at, words):
    """Named at the line of the bad key itself (the rule's kind is checked against the
    evaluators at the start of the run, not by the file's loader)."""
    result = _run(_folder(tmp_path, **defect), "audit", _seed(), "--lang", "en")
    assert result.exit_code == 2 and result.stdout == ""
    [line] = result.stderr.strip().splitlines()  # --lang en: English alone
    assert f"mine.toml, line {at}, key '{key}'" in line and words in line


def test_a_file_that_is_no_toml_is_named(tmp_path):
    result = _run(_folder(tmp_path, text="[[rule]]\nid = \n"), "extract", _seed(), "--lang", "en")
    assert result.exit_code == 2
    assert "mine.toml" in result.stderr and "not valid TOML" in result.stderr


def test_a_missing_folder_is_named(tmp_path):
    result = _run(tmp_path / "nowhere", "audit", _seed(), "--lang", "en")
    assert result.exit_code == 2 and f"{RULES_ENV}=" in result.stderr


def test_ingest_refuses_before_the_library_is_touched(tmp_path):
    db = tmp_path / "lib.sqlite"
    result = _run(_folder(tmp_path, category="arithmetics"), "ingest", _seed(),
                  "--db", f"sqlite:///{db}")
    assert result.exit_code == 2 and "键 category" in result.stderr
    assert not db.exists()


def test_a_sound_rule_of_the_folder_runs_like_a_built_in(tmp_path):
    """The user's rule is data only: a floor of −10% on stated changes fires on seed 002's
    "下降22.27%" (三公 against the budget: not a prior basis, quiet) and its prior-year decreases."""
    result = _run(_folder(tmp_path), "audit", _seed(), "--format", "json", "--fail-on", "never")
    assert result.exit_code == 0, result.output
    [doc] = json.loads(result.stdout)
    mine = [f for f in doc["findings"] if f["rule"] == "my-floor"]
    assert mine and all(float(f["stated"]) < -10 for f in mine)
    assert all(f["evidence"] and f["severity"] == "warning" for f in mine)


def test_in_a_fresh_process_the_message_is_the_whole_output(tmp_path):
    """The installed entry point, as a user runs it: no traceback, exit 2, one message."""
    folder = _folder(tmp_path, category="arithmetics")
    env = dict(os.environ, PYTHONPATH=str(REPO / "src"), **{RULES_ENV: str(folder)})
    out = subprocess.run([sys.executable, "-m", "budgetlens", "audit", _seed()], env=env,
                         capture_output=True, text=True, timeout=300)
    assert out.returncode == 2 and out.stdout == ""
    assert out.stderr.count("mine.toml") == 2 and "Traceback" not in out.stderr


def test_the_rules_command_checks_a_folder_and_lists_its_rules(tmp_path):
    """``budgetlens rules`` is how a reviewer checks a folder before a run."""
    bad = _run(_folder(tmp_path / "a", category="arithmetics"), "rules", "--lang", "en")
    assert bad.exit_code == 2 and "key 'category'" in bad.stderr
    good = _run(_folder(tmp_path / "b"), "rules", "--format", "json")
    assert good.exit_code == 0
    mine = [r for r in json.loads(good.stdout) if r["id"] == "my-floor"]
    assert [(r["kind"], r["file"]) for r in mine] == [
        ("pct_floor", str(tmp_path / "b" / "rules" / "mine.toml"))]
