"""Clause handlers of the claim engine (extract/claim_clauses.py): 其中 making the next aliases
parts of the running subject, bracketed asides with figures of their own, asides without figures,
and 、 enumerating parts. Sentences read by the real narrative flow (one line of running text),
each with its near miss."""

from __future__ import annotations

from decimal import Decimal

from budgetlens.extract.narrative import read_narrative
from budgetlens.model import Document, Line, Metadata, Page


def _facts(text: str, kind: str = "budget", year: int = 2024) -> dict[tuple[str, str], Decimal]:
    document = Document("inline.txt", "text", (Page(1, (Line(text, 1, 1),)),))
    engine = read_narrative(document, Metadata(kind=kind, year=year))[1]
    return {(f.measure, f.basis): f.value for f in engine.facts}


def test_qi_zhong_makes_the_next_alias_a_part_of_the_running_subject():
    parts = _facts("一般公共预算财政拨款支出100.00万元，其中：基本支出80.00万元。")
    assert parts[("expense.general.basic", "current")] == Decimal("80.00")
    # near miss: a new sentence without 其中 names the basic expense of all funds
    apart = _facts("一般公共预算财政拨款支出100.00万元。基本支出80.00万元。")
    assert ("expense.general.basic", "current") not in apart
    assert apart[("expense.basic", "current")] == Decimal("80.00")


def test_an_aside_with_figures_is_read_and_one_without_adds_nothing():
    aside = _facts("公务用车购置及运行维护费210.95万元（其中：公务用车购置费100.00万元，"
                   "公务用车运行维护费110.95万元）。")
    assert aside == {("three_public.vehicle", "current"): Decimal("210.95"),
                     ("three_public.vehicle_purchase", "current"): Decimal("100.00"),
                     ("three_public.vehicle_operation", "current"): Decimal("110.95")}
    change = _facts("公务用车购置及运行维护费210.95万元（比上年增加10.00万元）。")
    assert change[("three_public.vehicle", "change_prior")] == Decimal("10.00")
    gloss = _facts("一般公共预算财政拨款支出100.00万元（不含上年结转）。")
    assert gloss == {("expense.general.total", "current"): Decimal("100.00")}


def test_a_list_enumerated_with_dunhao_gives_every_part():
    listed = _facts("基本支出100.00万元，其中：人员经费80.00万元、公用经费20.00万元。")
    assert {m for m, _ in listed} >= {"expense.general.basic.personnel",
                                      "expense.general.basic.public"}
    assert sum(v for (m, _), v in listed.items() if m.startswith("expense.general.basic.")) == \
        Decimal("100.00")
