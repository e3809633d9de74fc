"""Cross-document checks on documents the test writes: a unit's 2023 budget, 2024 budget and 2024
final account (text disclosures as the regions publish them), with planted mismatches, a near miss
within rounding, and unrelated units that must never be paired. Run on SQLite and PostgreSQL."""

from __future__ import annotations

from pathlib import Path

import pytest

from budgetlens.crosscheck import crosscheck
from budgetlens.ingest import ingest
from budgetlens.store import open_store
from budgetlens.store.query import Filters, cross_evidence, list_cross_findings

UNIT = "重庆市黔江区测绘服务中心"

BUDGET_2023 = f"""{UNIT}
2023年部门预算情况说明

一、部门预算情况说明

2023年一般公共预算财政拨款支出480.00万元，比2022年增加5.00万元，主要原因是人员增加。其中：基本支出370.00万元；项目支出{{project}}万元。

二、“三公”经费情况说明

2023年“三公”经费预算{{three_public}}万元，与2022年持平。
"""

BUDGET_2024 = f"""{UNIT}
2024年部门预算情况说明

一、部门收支总体情况

（一）收入预算：2024年年初预算数500.00万元，其中：一般公共预算拨款500.00万元。

二、部门预算情况说明

2024年一般公共预算财政拨款支出500.00万元，比2023年增加20.00万元。其中：基本支出380.00万元，比2023年增加10.00万元；项目支出120.00万元，比2023年增加10.00万元。

三、“三公”经费情况说明

2024年“三公”经费预算6.00万元，比2023年减少0.50万元。
"""

FINAL_2024 = f"""{UNIT}（本级）
2024年度部门决算公开说明

一、一般公共预算财政拨款支出决算情况说明

2024年度一般公共预算财政拨款支出年初预算为500.00万元，支出决算为430.00万元，完成年初预算的86.00%。决算数小于年初预算数的主要原因是部分项目延期实施。

其中：基本支出年初预算为{{basic}}万元，支出决算为379.00万元，完成年初预算的99.74%。

项目支出年初预算为120.00万元，支出决算为51.00万元，完成年初预算的42.50%。
"""

#: Units that must never be paired with the one above: another unit of the same region, and a
#: unit of the same name in another district.
UNRELATED = {
    "other_unit.txt": BUDGET_2023.replace(UNIT, "重庆市黔江区档案馆").format(project="999.00",
                                                                        three_public="1.00"),
    "other_region.txt": BUDGET_2023.replace(UNIT, "重庆市开州区测绘服务中心")
    .format(project="999.00", three_public="1.00"),
}


def _write(folder: Path, basic: str = "380.00", project: str = "110.00",
           three_public: str = "6.50") -> dict[str, Path]:
    texts = {"b2023.txt": BUDGET_2023.format(project=project, three_public=three_public),
             "b2024.txt": BUDGET_2024, "f2024.txt": FINAL_2024.format(basic=basic), **UNRELATED}
    paths = {}
    for name, text in texts.items():
        paths[name] = folder / name
        paths[name].write_text(text, encoding="utf-8")
    return paths


def _run(db_url: str, paths: dict[str, Path]) -> tuple[list[dict], dict, dict[str, int]]:
    store = open_store(db_url)
    try:
        tally = ingest(store, [str(p) for p in paths.values()])
        assert tally.failed == 0
        summary = crosscheck(store.engine)
        rows = list_cross_findings(store.engine, Filters(), 1000, 0).rows
        evidence = cross_evidence(store.engine, [r["id"] for r in rows])
    finally:
        store.close()
    return rows, evidence, summary.outcome.pairs


def _by(rows: list[dict], rule: str, measure: str) -> list[dict]:
    return [r for r in rows if r["rule"] == rule and r["measure"] == measure]


def test_planted_mismatches_fire_and_cite_both_documents(db_url, tmp_path):
    paths = _write(tmp_path, basic="381.00", project="115.00")
    rows, evidence, pairs = _run(db_url, paths)
    assert pairs["cross-prior-year-budget"] == 1 and pairs["cross-initial-budget"] == 1
    (prior,) = _by(rows, "cross-prior-year-budget", "expense.general.project")
    assert (prior["stated"], prior["expected"], prior["severity"]) == ("110.00", "115.00", "warning")
    cited = evidence[prior["id"]]
    assert {e["source"] for e in cited} == {str(paths["b2024.txt"]), str(paths["b2023.txt"])}
    (expected,) = [e for e in cited if e["role"] == "expected"]
    assert expected["source"] == str(paths["b2023.txt"]) and expected["line"] is not None
    assert "项目支出115.00万元" in expected["text"]
    # the 2024 figure is implied from 120.00 and 比2023年增加10.00: both sentences are cited
    (implied,) = [e for e in cited if e["role"] == "stated"]
    assert implied["derived"] and implied["value"] == "110.00"
    inputs = [e for e in cited if e["role"] == "stated-input"]
    assert {e["value"] for e in inputs} == {"120.00", "10.00"}
    assert all(e["source"] == str(paths["b2024.txt"]) and e["line"] for e in inputs)
    (initial,) = _by(rows, "cross-initial-budget", "expense.general.basic")
    assert (initial["stated"], initial["expected"]) == ("381.00", "380.00")
    assert {e["source"] for e in evidence[initial["id"]]} == {str(paths["f2024.txt"]),
                                                             str(paths["b2024.txt"])}
    # the other figures agree: no finding on them
    assert not _by(rows, "cross-prior-year-budget", "expense.general.total")
    assert not _by(rows, "cross-initial-budget", "expense.general.total")


def test_execution_rate_variance_and_reason(db_url, tmp_path):
    rows, evidence, _ = _run(db_url, _write(tmp_path))
    (total,) = _by(rows, "cross-execution", "expense.general.total")
    assert (total["stated"], total["expected"], total["rate"], total["difference"]) == \
        ("430.00", "500.00", "86.00", "-70.00")
    assert total["explained"] is True
    assert any(e["role"] == "reason" and "项目延期" in e["text"] for e in evidence[total["id"]])
    (project,) = _by(rows, "cross-execution", "expense.general.project")
    assert project["rate"] == "42.50" and project["explained"] is False
    unexplained = [r["measure"] for r in rows if r["rule"] == "cross-variance-unexplained"]
    assert unexplained == ["expense.general.project"]  # basic is 99.74%, total has its reason


def test_quiet_within_rounding_and_on_unrelated_units(db_url, tmp_path):
    # 2023 prints the 三公 total with three decimals: 6.504 lies within the rounding of the 2024
    # document's implied 6.00 + 0.50; every other figure agrees exactly
    paths = _write(tmp_path, three_public="6.504")
    rows, evidence, pairs = _run(db_url, paths)
    same_figure = [r for r in rows if r["rule"] in ("cross-prior-year-budget",
                                                     "cross-initial-budget")]
    assert same_figure == []
    assert pairs["cross-prior-year-budget"] == 1
    unrelated = {str(paths[n]) for n in UNRELATED}
    for items in evidence.values():
        assert not unrelated & {e["source"] for e in items}


def test_a_difference_just_beyond_rounding_fires(db_url, tmp_path):
    rows, _, _ = _run(db_url, _write(tmp_path, three_public="6.52"))
    (found,) = _by(rows, "cross-prior-year-budget", "three_public.total")
    assert (found["stated"], found["expected"], found["difference"]) == ("6.50", "6.52", "-0.02")


@pytest.mark.parametrize("kind", ["merge", "split"])
def test_manual_identity_decisions_survive_reingest(db_url, tmp_path, kind):
    from budgetlens.store.units import identities, merge, split

    paths = _write(tmp_path, project="115.00")
    _run(db_url, {"b2023.txt": paths["b2023.txt"], "b2024.txt": paths["b2024.txt"],
                  "other_unit.txt": paths["other_unit.txt"]})
    store = open_store(db_url)
    try:
        if kind == "merge":
            merge(store.engine, "重庆市黔江区档案馆", UNIT, note="test")
        else:
            split(store.engine, UNIT, note="test")
    finally:
        store.close()
    # the final account is stored later and the whole library is checked again
    rows, _, pairs = _run(db_url, paths)
    store = open_store(db_url)
    try:
        groups = {frozenset(g["names"]) for g in identities(store.engine)}
    finally:
        store.close()
    if kind == "merge":
        assert {UNIT, f"{UNIT}（本级）", "重庆市黔江区档案馆"} in groups
        assert pairs["cross-prior-year-budget"] == 2  # 2024 against both 2023 budgets now
    else:
        assert {UNIT} in groups and {f"{UNIT}（本级）"} in groups
        # one printed name is one unit row: the two budgets stay paired; the （本级） final
        # account no longer belongs to them
        assert pairs["cross-prior-year-budget"] == 1 and pairs["cross-initial-budget"] == 0


FINAL_2023 = f"""{UNIT}（本级）
2023年度部门决算公开说明

一、一般公共预算财政拨款支出决算情况说明

2023年度一般公共预算财政拨款支出决算为{{total}}万元。
"""

#: the 2024 final account's prior year, implied from its change against 2023 (430.00 + 20.00)
FINAL_2024_WITH_CHANGE = FINAL_2024.replace(
    "支出决算为430.00万元，", "支出决算为430.00万元，比2023年度减少20.00万元，")


@pytest.mark.parametrize("total,fires", [("452.00", True), ("450.00", False), ("450.004", False)])
def test_a_final_accounts_prior_year_against_the_previous_final(db_url, tmp_path, total, fires):
    """cross-prior-year-final: the 2024 final account's 2023 figure (450.00, implied from its
    change) against the 2023 final account's own; 452.00 fires, the same figure and one within
    its rounding (450.004) are the near misses that stay quiet."""
    paths = _write(tmp_path)
    paths["f2024.txt"].write_text(FINAL_2024_WITH_CHANGE.format(basic="380.00"), encoding="utf-8")
    paths["f2023.txt"] = tmp_path / "f2023.txt"
    paths["f2023.txt"].write_text(FINAL_2023.format(total=total), encoding="utf-8")
    rows, evidence, pairs = _run(db_url, paths)
    assert pairs["cross-prior-year-final"] == 1
    found = _by(rows, "cross-prior-year-final", "expense.general.total")
    if not fires:
        assert "cross-prior-year-final" not in {r["rule"] for r in rows}
        return
    (finding,) = found
    assert (finding["stated"], finding["expected"]) == ("450.00", "452.00")
    assert {e["source"] for e in evidence[finding["id"]]} >= {str(paths["f2024.txt"]),
                                                             str(paths["f2023.txt"])}
