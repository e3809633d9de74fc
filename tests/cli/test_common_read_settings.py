"""``--read-setting NAME=VALUE`` on the commands (cli/common.py ``read_settings``): a setting changed on
the command line changes the reading of a PDF the test draws (the default gives today's), in
this process and in worker processes; a bad name or value is refused with a message naming
the valid settings (exit 2) before anything is read."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

pytest.importorskip("reportlab")

from typer.testing import CliRunner  # noqa: E402

from budgetlens.cli import app  # noqa: E402
from budgetlens.pipeline import process_many  # noqa: E402
from budgetlens.read.settings import DEFAULT_READ  # noqa: E402

from ..read.test_settings import two_row_unruled  # noqa: E402

runner = CliRunner()
ROWS = "text_tables.min_rows=2"


def _extract(path: Path, *options: str) -> dict:
    result = runner.invoke(app, ["extract", str(path), "-f", "json", *options])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    return data[0] if isinstance(data, list) else data


def test_a_setting_given_on_the_command_line_changes_the_tables_read(tmp_path):
    path = two_row_unruled(tmp_path / "two.pdf")
    default = _extract(path)
    assert default["tables"] == [] and not any(
        d["code"] == "read-settings" for d in default["diagnostics"])
    changed = _extract(path, "--read-setting", ROWS)
    assert len(changed["tables"]) == 1
    (note,) = [d for d in changed["diagnostics"] if d["code"] == "read-settings"]
    assert note["severity"] == "info" and ROWS in note["message_en"] and ROWS in note["message"]


def test_audit_takes_the_setting_too(tmp_path):
    path = two_row_unruled(tmp_path / "two.pdf")
    result = runner.invoke(app, ["audit", str(path), "-f", "json", "--fail-on", "never",
                                 "--read-setting", ROWS])
    assert result.exit_code == 0, result.output
    assert ROWS in result.stdout


def test_worker_processes_read_with_the_same_settings(tmp_path):
    """A batch with jobs=2 runs in worker processes: they receive the settings with the call."""
    paths = [str(two_row_unruled(tmp_path / f"t{k}.pdf")) for k in range(2)]
    settings = DEFAULT_READ.override({"text_tables.min_rows": "2"})
    results = list(process_many(paths, audit=False, jobs=2, timeout=120.0, read=settings))
    assert [r.document for r in results] == [None, None]  # worker results: from the workers
    assert all(r.disclosure is not None and len(r.disclosure.tables) == 1 for r in results)
    assert all(any(d.code == "read-settings" for d in r.diagnostics) for r in results)
    plain = list(process_many(paths, audit=False, jobs=2, timeout=120.0))
    assert all(r.disclosure is not None and r.disclosure.tables == () for r in plain)


@pytest.mark.parametrize("command", ["extract", "audit"])
@pytest.mark.parametrize("pair, zh, en", [
    ("grid.snp=3", "未知的设置：grid.snp", "unknown setting: grid.snp. Valid settings: "),
    ("grid.snap=abc", "的值应为数字", "setting grid.snap takes a number"),
    ("grid.snap", "名称=值", "NAME=VALUE"),
])
def test_a_bad_name_or_value_is_refused_before_reading(tmp_path, command, pair, zh, en):
    missing = tmp_path / "never-read.pdf"  # not there: the refusal comes first
    result = runner.invoke(app, [command, str(missing), "--read-setting", pair])
    assert result.exit_code == 2 and zh in result.output and en in result.output
    english = runner.invoke(app, [command, str(missing), "--read-setting", pair, "--lang", "en"])
    assert english.exit_code == 2 and en in english.output and zh not in english.output
    if "unknown" in en:
        assert "grid.snap" in english.output and "text_tables.min_rows" in english.output


def test_debug_draws_the_page_as_read_with_the_settings():
    """The debug view reads the page with the same settings: rulings shorter than 1000 pt
    ignored, the ruled table of the page is found from its word positions instead."""
    wanli = Path(__file__).resolve().parents[2] / "samples" / "shanghai_putuo_wanli_2025_yusuan.pdf"
    plain = runner.invoke(app, ["debug", str(wanli), "--page", "10", "--lang", "en"])
    moved = runner.invoke(app, ["debug", str(wanli), "--page", "10", "--lang", "en",
                                "--read-setting", "grid.min_length=1000"])
    assert plain.exit_code == moved.exit_code == 0, moved.output
    assert "27 rulings" in plain.stdout and "[1] ruled" in plain.stdout
    assert "0 rulings" in moved.stdout and "[1] aligned (no rulings)" in moved.stdout
