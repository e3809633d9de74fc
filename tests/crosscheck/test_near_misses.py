"""Every cross-document rule fires on one library and stays quiet on its near miss: the same
documents with one declared change on one line of one of them (tests/near_miss.py). The
documents are tests/crosscheck/test_synthetic.py's — a unit's 2023 budget, 2024 budget and 2024
final account, as the regions publish them — ingested into a real library (SQLite, and
PostgreSQL when BUDGETLENS_TEST_PG is set) and cross-checked. A rule is judged on the measure its
case is about, the others of that library being other cases' business (a library of three
documents gives an execution rate per measure)."""

from __future__ import annotations

from pathlib import Path

import pytest

from ..near_miss import Change, NearMiss
from .test_synthetic import (BUDGET_2023, BUDGET_2024, FINAL_2023, FINAL_2024,
                             FINAL_2024_WITH_CHANGE, _run)


def _library(project: str = "110.00", basic: str = "380.00", final: str = FINAL_2024,
             final_2023: str = "") -> dict[str, str]:
    texts = {"b2023.txt": BUDGET_2023.format(project=project, three_public="6.50"),
             "b2024.txt": BUDGET_2024, "f2024.txt": final.format(basic=basic)}
    if final_2023:
        texts["f2023.txt"] = FINAL_2023.format(total=final_2023)
    return texts


ORIGIN = "test_synthetic's 2023 and 2024 budgets and 2024 final account (and 2023 final)"
#: (near miss, the measure it is about)
CASES: tuple[tuple[NearMiss, str], ...] = (
    (NearMiss("cross-prior-year-budget", _library(project="115.00"),
              Change("项目支出115.00万元", "项目支出110.00万元", "the 2023 budget's figure made the one "
                     "the 2024 budget implies for 2023 (120.00 − 10.00): one digit", "b2023.txt"), ORIGIN),
     "expense.general.project"),
    (NearMiss("cross-initial-budget", _library(basic="381.00"),
              Change("年初预算为381.00万元", "年初预算为380.00万元", "the final account's 年初预算 made "
                     "the budget's own 380.00: one digit", "f2024.txt"), ORIGIN),
     "expense.general.basic"),
    (NearMiss("cross-execution", _library(),
              Change("支出决算为51.00万元，完成", "完成", "the final account's 决算 of the project "
                     "expense left unstated (its 年初预算 and rate kept): an execution is recorded "
                     "for every figure both documents print, so one of the two missing is the "
                     "nearest quiet case", "f2024.txt"), ORIGIN),
     "expense.general.project"),
    (NearMiss("cross-variance-unexplained", _library(),
              Change("完成年初预算的42.50%。", "完成年初预算的42.50%，主要原因是项目延期实施。", "the "
                     "variance given its reason in its own sentence: the figures stay", "f2024.txt"), ORIGIN),
     "expense.general.project"),
    (NearMiss("cross-prior-year-final", _library(final=FINAL_2024_WITH_CHANGE, final_2023="452.00"),
              Change("支出决算为452.00万元", "支出决算为450.004万元", "the 2023 final's figure within the "
                     "rounding of the 450.00 the 2024 final implies", "f2023.txt"), ORIGIN),
     "expense.general.total"),
)


def _fired(db_url: str, folder: Path, texts: dict[str, str], rule: str, measure: str) -> int:
    folder.mkdir()
    paths = {}
    for name, text in texts.items():
        paths[name] = folder / name
        paths[name].write_text(text, encoding="utf-8")
    rows, _evidence, _pairs = _run(db_url, paths)
    return len([r for r in rows if r["rule"] == rule and r["measure"] == measure])


@pytest.mark.parametrize("side", ["fires", "quiet"])
@pytest.mark.parametrize("near, measure", CASES, ids=lambda v: getattr(v, "rule", ""))
def test_a_cross_document_rule_fires_and_its_one_change_near_miss_is_quiet(db_url, tmp_path,
                                                                           near, measure, side):
    """Each side in a library of its own (the fixture's): documents stay in a library."""
    quiet = near.quiet  # the one declared change, checked whichever side runs
    found = _fired(db_url, tmp_path / side, dict(near.case) if side == "fires" else quiet,
                   near.rule, measure)
    assert found > 0 if side == "fires" else found == 0
