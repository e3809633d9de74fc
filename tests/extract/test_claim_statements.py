"""Empty statements (extract/claim_statements.py): a sentence saying a measure has no figure
("本单位无政府性基金预算支出"), on real sentences (file and page quoted) and near misses."""

from __future__ import annotations

import pytest

from budgetlens.extract.narrative import read_narrative
from budgetlens.model import Document, Line, Metadata, Page


def statements(kind: str, year: int, *texts: str) -> list[tuple[str, str, str]]:
    lines = tuple(Line(t, 1, i + 1) for i, t in enumerate(texts))
    _, engine = read_narrative(Document("inline.txt", "text", (Page(1, lines),)),
                               Metadata(kind=kind, year=year))
    return [(c.kind, c.measure, c.value) for c in engine.claims
            if c.kind in ("empty_statement", "no_expense", "not_applicable")]


def test_no_expense_of_the_funds_named():
    # corpus/wide/guangdong_shenzhen_gxj_2026_yusuan.pdf, page 15
    got = statements("budget", 2026, "本单位无政府性基金预算支出、国有资本经营预算支出。")
    # one 无 over a list: both funds are stated empty
    assert [(k, m) for k, m, _ in got] == [("empty_statement", "expense.gov_fund.total"),
                                           ("empty_statement", "expense.soe_capital.total")]


@pytest.mark.parametrize("text", [
    # the last item's tail shared by the first
    "本单位2025年无政府性基金预算和国有资本经营预算支出。",
    # 没有使用…拨款 (湖州 交通运输局 2026 p12 prints "没有使用国有资本经营预算拨款安排的支出")
    "本部门2024年没有使用政府性基金预算拨款和国有资本经营预算拨款安排的支出，故相关表格为空表。",
    "本单位未安排国有资本经营预算、政府性基金预算支出。",
    "本单位2023年度无国有资本经营预算财政拨款支出及政府性基金预算财政拨款支出。",
    "我局无国有资本经营预算收入、支出以及政府性基金预算收支。",
])
def test_one_negation_over_a_list_states_each_fund_empty(text):
    got = {(k, m) for k, m, _ in statements("budget", 2025, text)}
    assert got == {("empty_statement", "expense.gov_fund.total"),
                   ("empty_statement", "expense.soe_capital.total")}, text


@pytest.mark.parametrize("text", [
    "本单位无政府性基金预算支出、有国有资本经营预算支出。",  # the second item states spending
    "本单位无政府性基金预算支出，国有资本经营预算支出12.50万元。",  # a new clause, with a figure
    "本单位无政府性基金预算支出、国有资本经营预算支出8.6万元。",  # an item holding a figure
])
def test_a_list_that_does_not_deny_the_second_fund_states_only_the_first(text):
    got = {(k, m) for k, m, _ in statements("budget", 2025, text)}
    assert got == {("empty_statement", "expense.gov_fund.total")}, text


def test_an_item_that_names_no_measure_is_not_claimed():
    # 深圳 民政局 2026: the second item, 上级专项转移支付支出预算, names no measure we check
    got = statements("budget", 2026, "政府性基金预算支出19,336.15万元，无国有资本经营预算支出和上级专项"
                                     "转移支付支出预算。")
    assert [(k, m) for k, m, _ in got] == [("empty_statement", "expense.soe_capital.total")]


def test_a_name_holding_and_is_one_statement_not_a_list():
    # 社会保障和就业支出 is one 类; 和 inside it separates nothing
    got = statements("final", 2024, "本单位无社会保障和就业支出。")
    assert [(k, m) for k, m, _ in got] == [("no_expense", "expense.function.208")]


def test_a_statement_that_the_fund_has_spending_is_none():
    # near miss: 有 instead of 无
    assert statements("budget", 2026, "本单位有政府性基金预算支出、国有资本经营预算支出。") == []


def test_no_admin_operating_cost():
    # corpus/pdf/shanghai_zhongyi_wenxianguan_2026_yusuan_danwei.pdf, page 17
    assert statements("budget", 2026, "本单位无机关运行经费。") == [
        ("not_applicable", "admin_operating_cost", "无机关运行经费")]


def test_no_such_expense_takes_the_running_subject():
    # corpus/excerpts/p34_yunnan_xundian_tangzi_jiedao_2023_juesuan_sangong.txt, page 1: 无此项支出
    # after a sentence about 公务用车购置 is that measure's
    got = statements("final", 2023, "公务用车购置费支出决算0万元。", "本单位2023年度无此项支出。")
    assert [(k, m) for k, m, _ in got] == [("no_expense", "three_public.vehicle_purchase")]
