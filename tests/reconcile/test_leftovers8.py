"""Issue #8, the misses left open by unseen batches 6 and 7 (docs/accuracy.md "Batches 6 and 7:
the open misses (session 15)"): checks that were missing, each fired on a variant of a real page
made for it and quiet on the real one and on a near miss."""

from __future__ import annotations

from pathlib import Path

from budgetlens.pipeline import process

from .form_support import seed_text

RATE = "self-eval-execution-rate"

# seed 002's 绩效自评表, printed one cell a line: 年初预算数, 全年（调整）预算数, 全年执行数, 执行率（%）
FUNDS_ROW = "\t年度总金额\n\t20.85　\n\t20.85　\n\t　20.85\n\t　100\n"


def _audited(tmp_path: Path, name: str, funds_row: str) -> list:
    text = seed_text("002")
    assert FUNDS_ROW in text, "seed 002 no longer prints its self-evaluation's funds row"
    path = tmp_path / name
    path.write_text(text.replace(FUNDS_ROW, funds_row, 1), encoding="utf-8")
    return [f for f in process(str(path)).audit.findings if f.rule == RATE]


def test_a_wrong_execution_rate_of_a_self_evaluation_is_found(tmp_path):
    """宁德 2024's form states 执行率 88.75 = 8,874.74 / 9,999.77 and no check read it: a form
    whose 执行率 stays 100 while 全年执行数 is 18.50 of 20.85 (88.73%) is an error, with the
    execution and the budget as its evidence."""
    found = _audited(tmp_path, "002_rate_wrong.txt", "\t年度总金额\n\t20.85　\n\t20.85　\n\t　18.50\n\t　100\n")
    assert len(found) == 1 and found[0].severity == "error"
    assert "18.50" in found[0].message and "20.85" in found[0].message


def test_the_rate_of_the_year_budget_not_the_initial_one(tmp_path):
    """执行率 is of 全年（调整）预算数: 18.50 of an adjusted 20.00 is 92.50 (of the initial 20.85
    it would be 88.73): quiet."""
    assert not _audited(tmp_path, "002_rate_adjusted.txt",
                        "\t年度总金额\n\t20.85　\n\t20.00　\n\t　18.50\n\t　92.50\n")


def test_near_miss_the_real_forms_and_a_consistent_variant_are_quiet(tmp_path):
    assert not _audited(tmp_path, "002_rate_real.txt", FUNDS_ROW)
    assert not _audited(tmp_path, "002_rate_consistent.txt",
                        "\t年度总金额\n\t20.85　\n\t20.85　\n\t　18.50\n\t　88.73\n")
