"""Narrative extraction on the real seeds: (measure, basis, value) projections of the sentence facts.

The seeds are read with the real reader (``budgetlens.read.read_document``); metadata (kind, year)
is given as the documents state it on their covers, so these tests exercise the narrative stage
alone.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from budgetlens.extract.narrative import extract_narrative, read_narrative
from budgetlens.model import Metadata
from budgetlens.read import read_document

SHARED = Path(__file__).resolve().parents[2] / ".." / "shared"
SEEDS = SHARED / "seeds"

META = {
    "000": Metadata(kind="budget", year=2024),
    "001": Metadata(kind="budget", year=2024),
    "002": Metadata(kind="final", year=2020),
    "003": Metadata(kind="budget", year=2024),
    "004": Metadata(kind="budget", year=2024),
}


def _seed(prefix: str):
    if not SEEDS.is_dir():
        pytest.skip("shared seeds not available")
    path = next(SEEDS.glob(f"{prefix}_*.txt"))
    document, _ = read_document(path)
    assert document is not None
    return document


@pytest.fixture(scope="module")
def extracted():
    cache = {}

    def get(prefix: str):
        if prefix not in cache:
            document = _seed(prefix)
            cache[prefix] = (document, extract_narrative(document, META[prefix], []))
        return cache[prefix]
    return get


def triples(facts) -> set[tuple[str, str, Decimal]]:
    return {(f.measure, f.basis, f.value) for f in facts}


def D(text: str) -> Decimal:
    return Decimal(text)


def test_seed_000_budget_totals_and_changes(extracted):
    _, (headings, facts, claims, diags) = extracted("000")
    got = triples(facts)
    expected = {
        ("income.total", "current", D("2798.78")),
        ("expense.function.206", "current", D("1164")),
        ("expense.general.total", "current", D("1962.78")),
        ("expense.general.total", "change_prior", D("1110.21")),
        ("expense.general.basic", "current", D("369.62")),
        ("expense.general.basic", "change_prior", D("-136.48")),
        ("expense.general.project", "current", D("1593.16")),
        ("expense.general.project", "change_prior", D("1211.69")),
        ("three_public.total", "current", D("6")),
        ("three_public.total", "change_prior", D("0")),
        ("admin_operating_cost", "current", D("30.7")),
        ("admin_operating_cost", "change_prior", D("-67.13")),
        ("assets.vehicles", "current", D("1")),
        # 部门收支总体 is all funds: the reason's parts are expense.basic / expense.project
        ("income.total", "change_prior", D("1911.21")),
        ("expense.basic", "change_prior", D("-136.48")),
        ("expense.project", "change_prior", D("2047.69")),
    }
    assert expected <= got
    # the 一般公共预算 parts never leak into the all-fund keys with their current values
    assert ("expense.basic", "current", D("369.62")) not in got
    # the reasons of both the 收入 and the 支出 sentence name the all-fund parts
    assert len([f for f in facts if (f.measure, f.basis) == ("expense.basic", "change_prior")]) == 2


def test_seed_000_provenance(extracted):
    document, (_, facts, _, _) = extracted("000")
    fact = next(f for f in facts if f.measure == "expense.general.project" and f.basis == "change_prior")
    assert fact.origin == "text" and fact.kind == "money"
    assert fact.scope == f"text:{fact.source.page}:{fact.source.line}"
    line = next(l for l in document.lines() if l.number == fact.source.line and l.page == fact.source.page)
    assert "1211.69" in line.text and "1211.69" in fact.source.text
    assert fact.source.text.endswith("。")


def test_seed_002_final_account(extracted):
    _, (_, facts, claims, _) = extracted("002")
    got = triples(facts)
    expected = {
        ("admin_operating_cost", "current", D("50.07")),
        ("admin_operating_cost", "change_prior", D("9.49")),
        ("admin_operating_cost", "pct_change_prior", D("18.95")),
        ("admin_operating_cost", "change_initial_budget", D("-55.34")),
        ("admin_operating_cost", "pct_change_initial_budget", D("-10.52")),
        ("three_public.total", "current", D("3.42")),
        ("three_public.total", "change_initial_budget", D("-0.98")),
        ("three_public.total", "pct_change_initial_budget", D("-22.27")),
        ("three_public.total", "change_prior", D("-0.04")),
        ("three_public.total", "pct_change_prior", D("-1.16")),
        ("three_public.vehicle_operation", "current", D("2.4")),
        ("three_public.vehicle_operation", "change_initial_budget", D("-0.6")),
        ("three_public.vehicle_operation", "pct_change_initial_budget", D("-20")),
        ("three_public.vehicle_operation", "change_prior", D("-0.04")),
        ("three_public.vehicle_operation", "pct_change_prior", D("-1.16")),
        ("three_public.reception", "current", D("1.02")),
        ("three_public.reception", "change_prior", D("1.02")),
        ("three_public.reception", "pct_change_prior", D("100")),
        ("three_public.overseas", "current", D("0.00")),
        ("three_public.overseas", "initial_budget", D("0.00")),
        ("three_public.overseas", "prior", D("0.00")),
        ("expense.general.basic.personnel", "current", D("292.74")),
        ("expense.general.basic.personnel", "change_prior", D("45.12")),
        ("expense.general.basic.personnel", "pct_change_prior", D("18.22")),
        ("expense.general.basic.public", "current", D("50.07")),
        ("meeting_fee", "current", D("0.00")),
        ("meeting_fee", "change_prior", D("-1.97")),
        ("meeting_fee", "pct_change_prior", D("-100")),
        ("three_public.vehicle.fleet", "current", D("1")),
        ("three_public.reception.batches", "current", D("5")),
        ("three_public.reception.people", "current", D("80")),
        ("expense.general.total", "change_initial_budget", D("248.91")),
        ("income.fiscal.general", "change_initial_budget", D("75.91")),
    }
    assert expected <= got
    share = [f for f in facts if f.measure == "expense.basic" and f.basis == "share"]
    assert [(f.value, f.of) for f in share] == [(D("63.35"), "expense.total")]
    # 国内外事接待 / 国(境)外公务接待 are parts, not the 国内公务接待 total
    people = [f.value for f in facts if f.measure == "three_public.reception.people"]
    assert people == [D("80")]
    # "收入总计541.17万元，支出总计541.17万元，收支较上年决算数增加27.98万元，增长5.45%": 收支
    # right after both totals were stated is each total's change
    changes = {(f.measure, f.basis, f.value) for f in facts
               if f.measure in ("income.grand_total", "expense.grand_total")
               and f.basis != "current"}
    assert changes == {(m, b, v) for m in ("income.grand_total", "expense.grand_total")
                       for b, v in (("change_prior", D("27.98")), ("pct_change_prior", D("5.45")))}
    # 此外，使用年初财政拨款结转结余资金173万元
    assert ("income.carryover.fiscal", "current", D("173")) in got
    assert ("performance.self_eval.covered_amount", "current", D("164.85")) in got
    assert any(c.kind == "empty_statement" and c.measure == "expense.gov_fund.total" for c in claims)
    assert any(c.kind == "reason" and c.measure == "three_public.total"
               and c.basis == "change_prior" for c in claims)


def test_seed_002_function_lines_under_comparison(extracted):
    _, (_, facts, _, _) = extracted("002")
    rows = {
        "201": ("422.47", "78.07", "185.26", "78.1"),
        "206": ("20.85", "3.85", "20.85", "100"),
        "208": ("31.1", "5.75", "3.07", "10.95"),
        "210": ("23.93", "4.42", "10.07", "72.66"),
        "215": ("20", "3.69", "20", "100"),
        "221": ("22.82", "4.22", "9.66", "73.4"),
    }
    got = triples(facts)
    for code, (cur, share, change, pct) in rows.items():
        key = f"expense.general.function.{code}"
        assert {(key, "current", D(cur)), (key, "share", D(share)),
                (key, "change_initial_budget", D(change)),
                (key, "pct_change_initial_budget", D(pct))} <= got, code
        assert {f.of for f in facts if f.measure == key and f.basis == "share"} == {"expense.general.total"}


def test_seed_003_functions_without_zhichu_suffix(extracted):
    _, (_, facts, claims, _) = extracted("003")
    got = triples(facts)
    assert {
        ("expense.function.201", "current", D("291.20")),
        ("expense.function.208", "current", D("40.24")),
        ("expense.function.210", "current", D("20.64")),
        ("expense.function.221", "current", D("18.97")),
        ("expense.total", "current", D("371.06")),
        ("expense.total", "change_prior", D("-9.82")),
        ("three_public.total", "change_prior", D("-0.44")),
        ("three_public.reception", "change_prior", D("-0.30")),
        ("three_public.vehicle", "change_prior", D("-0.14")),
    } <= got
    # 支出较去年减少9.82万元 after the 其中 list is the parent, not the last 类
    assert ("expense.function.221", "change_prior", D("-9.82")) not in got
    assert any(c.kind == "not_applicable" and c.measure == "admin_operating_cost" for c in claims)


def test_seed_001_and_004_three_public_and_general(extracted):
    _, (_, facts1, claims1, _) = extracted("001")
    assert {
        ("three_public.total", "current", D("1.8")),
        ("three_public.total", "change_prior", D("-0.1")),
        ("three_public.reception", "change_prior", D("-0.1")),
        ("expense.general.basic", "current", D("558.29")),
        ("expense.general.project", "current", D("34")),
    } <= triples(facts1)
    assert any(c.kind == "not_applicable" for c in claims1)
    _, (_, facts4, _, _) = extracted("004")
    got4 = triples(facts4)
    assert {
        ("three_public.total", "current", D("2.90")),
        ("three_public.total", "change_prior", D("-2.10")),
        ("three_public.reception", "change_prior", D("-2")),
        ("three_public.vehicle_operation", "change_prior", D("-0.10")),
        ("three_public.vehicle_purchase", "change_prior", D("0")),
        ("expense.general.basic", "change_prior", D("66.60")),
        ("expense.general.project", "current", D("267.92")),
        ("admin_operating_cost", "current", D("40.12")),
        ("admin_operating_cost", "change_prior", D("4.3")),
    } <= got4
    # the 一般公共预算 share of procurement is not the procurement total's parts
    assert len([f for f in facts4 if f.measure == "procurement.services"]) == 1


def test_table_lines_are_not_read(extracted):
    document, (_, facts, _, _) = extracted("004")
    table_lines = {(l.page, l.number) for l in document.lines() if l.table is not None or "\t" in l.text}
    assert table_lines
    assert not [f for f in facts if (f.source.page, f.source.line) in table_lines]


def test_attachment_rate_on_seeds():
    """Most numbers of the seeds' sentences are attached; the rest are reported, not guessed."""
    numbers = attached = 0
    for prefix, meta in META.items():
        stats = read_narrative(_seed(prefix), meta)[1].stats
        numbers += stats.numbers
        attached += stats.attached
    assert numbers > 250
    assert attached / numbers >= 0.85


def test_unattached_numbers_diagnostic(extracted):
    # seed 002: every number of its sentences is a fact now (8个内设机构, 1个未独立核算的下属事业单位,
    # 对3个项目开展了绩效自评), so there is nothing to report
    _, (_, _, _, diags) = extracted("002")
    assert not [d for d in diags if d.code == "unattached-numbers"]
    # seed 004: the subordinate units counted again inside a purpose clause (主要用于保障我办及下属
    # 2个事业单位…) stay unattached and are reported as an info, with the example
    _, (_, _, _, diags) = extracted("004")
    diag = [d for d in diags if d.code == "unattached-numbers"]
    assert len(diag) == 1 and diag[0].severity == "info"
    like, other = diag[0].message.split("；其他计数")
    assert "中0个" in like and "2个" in other and "下属" in other


def test_seed_fund_parts_of_procurement_and_performance(extracted):
    """A fund qualifier names that fund's share and its parts (政府采购), or a fund part of the
    sentence's subject (绩效目标管理，涉及一般公共预算…，政府性基金预算…)."""
    _, (_, facts3, _, _) = extracted("003")
    got3 = triples(facts3)
    assert {
        ("procurement.total", "current", D("2")),
        ("procurement.goods", "current", D("2")),
        ("procurement.general.total", "current", D("2")),
        ("procurement.general.goods", "current", D("2")),
        ("procurement.general.works", "current", D("0")),
        ("procurement.general.services", "current", D("0")),
        ("performance.covered_amount.general", "current", D("12.38")),
        ("income.total", "change_prior", D("-9.82")),
        ("expense.total", "change_prior", D("-9.82")),
    } <= got3
    # "主要是人员减少工资薪金减少9.82万元": a reason's own figure, the wages' part of the change
    said = [(f.measure, f.basis) for f in facts3 if f.source.text.startswith(("收入较去年", "支出较去年"))]
    assert sorted(said) == [("expense.total", "change_prior"), ("income.total", "change_prior"),
                            ("reason.wages", "change_prior"), ("reason.wages", "change_prior")]
    _, (_, facts0, _, _) = extracted("000")
    assert {
        ("performance.covered_amount.general", "current", D("1593.16")),
        ("performance.covered_amount.gov_fund", "current", D("836")),
    } <= triples(facts0)
    # the all-fund parts are read once (before the 一般公共预算 share)
    _, (_, facts4, _, _) = extracted("004")
    services = [f.value for f in facts4 if f.measure.endswith("procurement.services")]
    general = [f.value for f in facts4 if f.measure == "procurement.general.services"]
    assert services == [D("186.90")] and general == [D("186.90")]


def test_measure_like_coverage_on_seeds():
    """Every money amount and percentage of the seeds is attached, a reason's own figures too
    (主要是人员减少工资薪金减少9.82万元: reason.wages); organisation counts are reported apart."""
    like = attached = 0
    for prefix, meta in META.items():
        stats = read_narrative(_seed(prefix), meta)[1].stats
        like += stats.measure_like[0]
        attached += stats.measure_like[1]
        for kind in ("money", "percent"):
            seen, read = stats.by_kind.get(kind, [0, 0])
            assert seen == read, (prefix, kind)
    assert like > 250 and attached / like >= 0.97
