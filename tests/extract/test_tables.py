"""Table extraction on a real disclosure (seed 004, 重庆 南岸区 2024 部门预算): roles, units, notes
and cells → facts with the measure keys of docs/measures.md."""

from __future__ import annotations

from decimal import Decimal

import pytest

from budgetlens.extract.numbers import parse_number
from budgetlens.extract.tables import ROLE_TITLES_ZH, extract_tables
from budgetlens.model import Metadata
from budgetlens.read import read_document

from ..conftest import seed_path


@pytest.fixture(scope="module")
def seed004():
    document, _ = read_document(seed_path("004"))
    assert document is not None
    return document


@pytest.fixture(scope="module")
def extracted(seed004):
    return extract_tables(seed004, Metadata(kind="budget", year=2024))


def _by_role(infos, role):
    hits = [i for i in infos if i.role == role]
    assert hits, f"no table recognised as {role}"
    return hits[0]


def _facts(extracted, role=None):
    infos, facts, _ = extracted
    tables = {i.index for i in infos if role is None or i.role == role}
    return {(f.measure, f.basis, f.value) for f in facts if f.source.table in tables}


def test_every_table_gets_an_info_with_its_role(extracted):
    infos, _, _ = extracted
    roles = [i.role for i in infos]
    for role in ("budget_fiscal_summary", "budget_gpb_expense", "budget_gpb_basic",
                 "budget_three_public", "budget_gov_fund", "budget_summary", "budget_income",
                 "budget_expense", "budget_procurement", "performance_targets"):
        assert role in roles
    assert roles.count("performance_targets") == 7
    assert all(i.money_unit == "万元" for i in infos)


def test_empty_gov_fund_table_is_empty_with_its_note(extracted):
    infos, facts, _ = extracted
    info = _by_role(infos, "budget_gov_fund")
    assert info.empty
    assert "无数据" in info.note
    assert not [f for f in facts if f.source.table == info.index]
    assert not _by_role(infos, "budget_gpb_expense").empty


def test_gpb_expense_rows_become_function_facts(extracted):
    got = _facts(extracted, "budget_gpb_expense")
    d = Decimal
    assert {("expense.general.total", "current", d("967.73")),
            ("expense.general.basic", "current", d("699.81")),
            ("expense.general.project", "current", d("267.92")),
            ("expense.general.function.2010301", "current", d("167.09")),
            ("expense.general.function.2010301.basic", "current", d("167.09")),
            ("expense.general.function.201.project", "current", d("267.92")),
            ("expense.general.function.2210201", "current", d("36.82"))} <= got
    codes = {m.split(".")[3] for m, _, _ in got if m.startswith("expense.general.function.")}
    assert len(codes) == 19  # every code row of 表二


def test_blank_cells_read_as_zero_only_in_rows_with_figures(extracted):
    infos, facts, _ = extracted
    table = _by_role(infos, "budget_gpb_expense").index
    blank = [f for f in facts if f.source.table == table and f.blank]
    assert ("expense.general.function.2010301.project", Decimal(0)) in {(f.measure, f.value) for f in blank}
    assert all(f.value == 0 and f.source.text == "" for f in blank)


def test_basic_table_gives_economic_and_personnel_facts(extracted):
    got = _facts(extracted, "budget_gpb_basic")
    d = Decimal
    assert {("expense.general.basic.economic.30101", "current", d("136.52")),
            ("expense.general.basic.economic.301", "current", d("594.47")),
            ("expense.general.basic.personnel", "current", d("597.33")),
            ("expense.general.basic.public", "current", d("102.48")),
            ("expense.general.basic", "current", d("699.81"))} <= got


def test_three_public_columns(extracted):
    got = _facts(extracted, "budget_three_public")
    d = Decimal
    assert {("three_public.total", "current", d("2.90")),
            ("three_public.vehicle", "current", d("1.90")),
            ("three_public.vehicle_operation", "current", d("1.90")),
            ("three_public.reception", "current", d("1.00"))} <= got
    assert ("three_public.vehicle_purchase", "current", d(0)) in got


def test_two_sided_summaries_map_labels(extracted):
    d = Decimal
    fiscal = _facts(extracted, "budget_fiscal_summary")
    assert {("income.fiscal", "current", d("967.73")),
            ("income.fiscal.general", "current", d("967.73")),
            ("expense.fiscal.total", "current", d("967.73")),
            ("expense.general.total", "current", d("967.73")),
            ("expense.fiscal.function.201", "current", d("824.65")),
            ("expense.general.function.208", "current", d("71.97"))} <= fiscal
    summary = _facts(extracted, "budget_summary")
    assert {("income.total", "current", d("967.73")),
            ("income.fiscal.general", "current", d("967.73")),
            ("expense.total", "current", d("967.73")),
            ("expense.function.210", "current", d("34.30"))} <= summary


def test_income_expense_and_procurement_tables(extracted):
    d = Decimal
    assert {("income.total", "current", d("967.73")),
            ("income.fiscal.general", "current", d("967.73")),
            ("income.function.2080505", "current", d("46.21")),
            ("income.function.2080505.fiscal.general", "current", d("46.21"))
            } <= _facts(extracted, "budget_income")
    assert {("expense.total", "current", d("967.73")), ("expense.basic", "current", d("699.81")),
            ("expense.function.2010306.project", "current", d("267.92"))
            } <= _facts(extracted, "budget_expense")
    assert {("procurement.total", "current", d("186.90")),
            ("procurement.services", "current", d("186.90"))} <= _facts(extracted, "budget_procurement")


def test_performance_tables(extracted):
    got = _facts(extracted, "performance_targets")
    d = Decimal
    assert ("expense.total", "current", d("967.73")) in got
    budgets = sorted((m, v) for m, _, v in got if m.endswith(".budget"))
    assert budgets == [(f"performance.project.{n}.budget", d(v)) for n, v in
                       enumerate(["9.00", "6.50", "40.00", "15.53", "97.35", "99.54"], 1)]
    weights = {m: v for m, _, v in got if m.startswith("performance.project.1.weight.")}
    assert weights == {"performance.project.1.weight.1": 31, "performance.project.1.weight.2": 30,
                       "performance.project.1.weight.3": 29}


def test_facts_carry_cell_provenance(seed004, extracted):
    _, facts, _ = extracted
    for f in facts:
        assert f.origin == "table" and f.scope == f"table:{f.source.table}"
        assert f.source.file == seed004.path and f.source.row is not None
        if not f.blank:  # every table of this seed is in 万元: the value is the printed number
            assert parse_number(f.source.text).value == f.value
    by_measure = {f.measure: f for f in facts}
    fact = by_measure["expense.general.function.2010301"]
    assert fact.source.text == "167.09" and fact.label.startswith("2010301 行政运行")


def test_phase_comes_from_title_when_metadata_is_missing(seed004):
    infos, facts, _ = extract_tables(seed004, Metadata())
    assert _by_role(infos, "budget_gpb_expense")
    assert facts


def test_role_titles_cover_standard_roles():
    for role in ("budget_summary", "final_summary", "budget_three_public", "final_soe_capital",
                 "performance_targets", "performance_self_eval", "budget_procurement"):
        assert ROLE_TITLES_ZH[role]


def test_self_evaluation_form_printed_cell_per_line():
    """Seed 002 prints its 绩效自评表 one cell per line (HTML turned text): rows are rebuilt."""
    document, _ = read_document(seed_path("002"))
    infos, facts, _ = extract_tables(document, Metadata(kind="final"))
    assert [i.role for i in infos].count("performance_self_eval") == 1
    got = {(f.measure, f.basis, f.value) for f in facts}
    d = Decimal
    assert {("performance.self_eval.1.score", "current", d(100)),
            ("performance.self_eval.1.funds", "initial_budget", d("20.85")),
            ("performance.self_eval.1.funds", "adjusted_budget", d("20.85")),
            ("performance.self_eval.1.funds", "current", d("20.85")),
            ("performance.self_eval.1.execution_rate", "current", d(100)),
            ("performance.self_eval.1.execution_score", "current", d(10))} <= got
    weights = [v for m, _, v in got if m.startswith("performance.self_eval.1.indicator.")
               and m.endswith(".weight")]
    scores = [v for m, _, v in got if m.endswith(".score") and ".indicator." in m]
    assert sorted(weights) == [20, 30, 40] and sum(scores) + 10 == 100  # 执行率 10 + indicators 90
    rate = next(f for f in facts if f.measure == "performance.self_eval.1.execution_rate")
    assert rate.kind == "percent"
