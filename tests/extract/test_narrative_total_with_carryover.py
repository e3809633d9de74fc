"""A sentence that names both totals ("收入总计434.72万元，其中：本年收入合计434.16万元，…年初结转和结余0.55
万元"): its 本年 total is not the total with carry-over (新疆 乌鲁木齐 2023 决算 excerpt: 434.16 was re-keyed
to 收入总计 and reported against 434.72, a false warning). Near miss: a lone total whose 其中 lists a
carry-over is still the total with it (西安 "当年预算收入344,447.70万元，其中：…上年结转13,102.70万元")."""

from __future__ import annotations

from decimal import Decimal

import pytest

from budgetlens.extract.narrative import extract_narrative
from budgetlens.model import Document, Line, Metadata, Page


def triples(kind: str, text: str) -> set:
    lines = (Line("一、收入支出决算总体情况说明", 1, 1), Line(text, 1, 2))
    meta = Metadata(kind=kind, year=2023)
    facts = extract_narrative(Document("inline.txt", "text", (Page(1, lines),)), meta, [])[1]
    return {(f.measure, f.value) for f in facts if f.basis == "current"}


@pytest.mark.parametrize("text", [
    "2023年度收入總計434.72萬元,其中:本年收入合計434.16萬元,使用非財政撥款結余0.00萬元,年初結轉和結余0.55萬元。",
    "2023年度收入总计434.72万元，其中：本年收入合计434.16万元，年初结转和结余0.55万元。",
])
def test_a_sentence_naming_both_totals_keeps_each(text):
    got = triples("final", text)
    assert ("income.total", Decimal("434.16")) in got
    assert ("income.grand_total", Decimal("434.72")) in got
    assert ("income.grand_total", Decimal("434.16")) not in got


def test_a_lone_total_listing_a_carryover_is_the_total_with_it():
    got = triples("budget", "本部门当年预算收入344,447.70万元，其中：一般公共预算拨款331,345.00万元、"
                            "上年结转13,102.70万元。")
    assert ("income.grand_total", Decimal("344447.70")) in got
    assert not {m for m, _ in got if m == "income.total"}
