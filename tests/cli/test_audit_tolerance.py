"""``audit --no-rounding-notes`` and ``--percent-slack``: the tolerance settings a reviewer changes,
on a bundled real disclosure, in this process and in worker processes."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from typer.testing import CliRunner

from budgetlens.cli import app

SAMPLES = Path(__file__).resolve().parents[2] / "samples"
HANGZHOU = SAMPLES / "zhejiang_hangzhou_qxj_2026_yusuan.pdf"
WANLI = SAMPLES / "shanghai_putuo_wanli_2025_yusuan.pdf"
runner = CliRunner()


def _findings(*args: str) -> list[list[dict]]:
    result = runner.invoke(app, ["audit", *args, "--format", "json", "--fail-on", "never"])
    assert result.exit_code == 0, result.output
    return [obj["findings"] for obj in json.loads(result.stdout)]


def _rules(findings: list[dict]) -> Counter:
    return Counter((f["rule"], f["severity"]) for f in findings)


def test_rounding_notes_can_be_left_out_and_nothing_else_moves():
    (default,) = _findings(str(HANGZHOU))
    (quiet,) = _findings(str(HANGZHOU), "--no-rounding-notes")
    notes = [f for f in default if f["rule"] == "rounding-difference"]
    assert notes and all(f["severity"] == "info" for f in notes)
    assert _rules(quiet) == _rules([f for f in default if f["rule"] != "rounding-difference"])


def test_no_percent_slack_makes_a_share_off_by_six_hundredths_a_finding():
    # p.5 prints 人员经费 占比 49.4 where the figures give 49.46: inside 0.05 rounding + 0.1 pp
    # slack by default (a note), beyond the rounding of 49.4 alone without the slack
    (default,) = _findings(str(HANGZHOU))
    (strict,) = _findings(str(HANGZHOU), "--percent-slack", "0")
    assert not [f for f in default if f["severity"] != "info"]
    (share,) = [f for f in strict if f["severity"] != "info"]
    assert share["rule"] == "share-of-whole"
    stated = [e for e in share["evidence"] if e["role"] == "stated"]
    assert stated and stated[0]["page"] == 5 and stated[0]["value"] == "49.4"
    assert "占49.4%" in stated[0]["text"]


def test_the_settings_reach_worker_processes():
    in_process = _findings(str(HANGZHOU), str(WANLI), "--no-rounding-notes", "--percent-slack", "0")
    workers = _findings(str(HANGZHOU), str(WANLI), "--no-rounding-notes", "--percent-slack", "0",
                        "--jobs", "2")
    assert [_rules(f) for f in workers] == [_rules(f) for f in in_process]
    assert not any(f["rule"] == "rounding-difference" for fs in workers for f in fs)


def test_percent_slack_reaches_the_form_checks_that_compare_figures(tmp_path):
    """The budget relation's amount (a form check) is judged with ``--percent-slack`` as the
    identities are: a real 2020 final account (seed 002) with an item stating "超出年初预算数20.6%"
    where its figures give 20.5% — a rounding note by default, an error without the slack."""
    from ..conftest import seed_path

    anchor = "（四）一般公共预算财政拨款基本支出决算情况说明"
    text = seed_path("002").read_text(encoding="utf-8")
    assert anchor in text
    item = ("（1）一般公共服务支出（类）政府办公厅（室）及相关机构事务（款）行政运行（项）。"
            "年初预算为100.00万元，支出决算为120.50万元。决算数超出年初预算数20.6%，主要原因是人员增加。")
    path = tmp_path / "002_relation.txt"
    path.write_text(text.replace(anchor, f"5．主要支出科目情况。\n{item}\n{anchor}", 1), encoding="utf-8")
    rule = "form-budget-relation-amount"
    (default,) = _findings(str(path))
    (strict,) = _findings(str(path), "--percent-slack", "0")
    assert [f for f in default if f["rule"] == rule] == []
    assert [f["severity"] for f in strict if f["rule"] == rule] == ["error"]
