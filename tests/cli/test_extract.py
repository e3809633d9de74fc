"""`budgetlens extract` (cli/extract.py) on the real seeds and on bad inputs made by the tests:
the JSON with provenance, and a batch that survives unreadable files."""

from __future__ import annotations

import json
import os
from decimal import Decimal

from typer.testing import CliRunner

from budgetlens.cli import app

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
