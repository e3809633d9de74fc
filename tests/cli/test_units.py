"""`budgetlens units list | merge | split` (cli/units.py) on a library the test fills: a unit's
names grouped, merged and split again; an unknown name is one line and exit 2."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from budgetlens.cli import app

from ..crosscheck.test_synthetic import UNIT
from .test_crosscheck import _library

runner = CliRunner()


def test_units_list_merge_split(tmp_path):
    db, _ = _library(tmp_path)
    listed = runner.invoke(app, ["units", "list", "--db", db, "--format", "json"])
    groups = json.loads(listed.stdout)
    own = next(g for g in groups if UNIT in g["names"])
    assert f"{UNIT}（本级）" in own["names"]  # the final account's 本级 name is the same unit
    assert not any("档案馆" in n for n in own["names"])
    merged = runner.invoke(app, ["units", "merge", "重庆市黔江区档案馆", UNIT, "--db", db])
    assert merged.exit_code == 0, merged.output
    groups = json.loads(runner.invoke(app, ["units", "list", "--db", db, "-f", "json"]).stdout)
    assert any({UNIT, "重庆市黔江区档案馆"} <= set(g["names"]) for g in groups)
    split = runner.invoke(app, ["units", "split", "重庆市黔江区档案馆", "--db", db])
    assert split.exit_code == 0
    groups = json.loads(runner.invoke(app, ["units", "list", "--db", db, "-f", "json"]).stdout)
    assert not any({UNIT, "重庆市黔江区档案馆"} <= set(g["names"]) for g in groups)


def test_units_unknown_name_is_one_line_and_exit_2(tmp_path):
    db, _ = _library(tmp_path)
    result = runner.invoke(app, ["units", "merge", "不存在的单位", UNIT, "--db", db])
    assert result.exit_code == 2
    assert "不存在的单位" in result.stderr and "Traceback" not in result.output
