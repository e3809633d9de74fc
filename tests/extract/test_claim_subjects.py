"""Subjects of the claim engine (extract/claim_subjects.py): which measure an alias names under the
heading it stands under. A fund-relative word (支出) or a function 类 name is the fund of its
section (一般公共预算 / 政府性基金); under a heading of no fund a 类 name is of all funds, and a bare
支出 is not read at all (which total it means cannot be told). Sentences read by the real flow under
headings the test prints."""

from __future__ import annotations

from decimal import Decimal

from budgetlens.extract.narrative import read_narrative
from budgetlens.model import Document, Line, Metadata, Page

GENERAL = "一、一般公共预算财政拨款支出决算情况说明"
GOV_FUND = "一、政府性基金预算财政拨款支出决算情况说明"
OVERALL = "一、收入支出决算总体情况说明"


def _facts(heading: str, sentence: str) -> list[tuple[str, str, Decimal]]:
    lines = (Line(heading, 1, 1), Line(sentence, 1, 2))
    document = Document("inline.txt", "text", (Page(1, lines),))
    engine = read_narrative(document, Metadata(kind="final", year=2024))[1]
    return [(f.measure, f.basis, f.value) for f in engine.facts]


def test_a_fund_relative_word_is_the_total_of_its_sections_fund():
    assert _facts(GENERAL, "2024年度支出决算为430.00万元。") == \
        [("expense.general.total", "current", Decimal("430.00"))]
    assert _facts(GOV_FUND, "2024年度支出决算为30.00万元。") == \
        [("expense.gov_fund.total", "current", Decimal("30.00"))]
    assert _facts(OVERALL, "2024年度支出决算为430.00万元。") == []  # near miss: no fund


def test_a_function_class_name_is_of_its_sections_fund_or_of_all_funds():
    assert _facts(GENERAL, "2024年度一般公共服务支出决算为100.00万元。") == \
        [("expense.general.function.201", "current", Decimal("100.00"))]
    assert _facts(GOV_FUND, "2024年度城乡社区支出决算为30.00万元。") == \
        [("expense.gov_fund.function.212", "current", Decimal("30.00"))]
    assert _facts(OVERALL, "2024年度一般公共服务支出决算为100.00万元。") == \
        [("expense.function.201", "current", Decimal("100.00"))]
