"""Issue #8, documents from templates neither corpus holds (docs/accuracy.md "Unseen real
documents"): sentence patterns that were misread there, each as synthetic variants of the pattern
with near misses that must keep their old reading. Assertions are (measure, basis, value)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from budgetlens.model import Metadata

from .inline_text import narrative_triples

FINAL = Metadata(kind="final", year=2024)
BUDGET = Metadata(kind="budget", year=2026)


def by_code(got: set, basis: str = "current") -> dict:
    """function code → value of ``basis``, whatever fund the sentence gives the 类."""
    return {m.rsplit(".", 1)[1]: v for m, b, v in got if ".function." in m and b == basis}


triples = narrative_triples


# --- a short 类 name marked （类） before its 支出 ------------------------------------------------

@pytest.mark.parametrize("name, code", [("教育", "205"), ("外交", "202"), ("国防", "203")])
@pytest.mark.parametrize("marker", ["（类）", "(类)"])
def test_a_short_class_name_marked_lei_is_the_class(name, code, marker):
    """中央部门 决算: "一般公共服务（类）支出9846.82万元，占71.7%；教育（类）支出180.03万元，占1.31%"
    — 教育 alone is too short to stand for the 类, the （类） marker makes it one."""
    got = triples(FINAL, f"本部门2024年度财政拨款支出13733.8万元，主要用于以下方面：一般公共服务{marker}"
                         f"支出9846.82万元，占71.7%；{name}{marker}支出180.03万元，占1.31%。")
    assert by_code(got) == {"201": Decimal("9846.82"), code: Decimal("180.03")}
    assert by_code(got, "share") == {"201": Decimal("71.7"), code: Decimal("1.31")}


def test_a_chain_through_a_short_class_name_stays_the_chain():
    """Near miss: 教育（类）教育管理事务（款）行政运行（项） is the 项, never the 类."""
    got = triples(FINAL, "教育（类）教育管理事务（款）行政运行（项）支出决算为12.5万元。")
    assert "205" not in by_code(got)


@pytest.mark.parametrize("text", ["教育培训支出180.03万元。", "开展教育180.03万元。"])
def test_a_short_class_name_without_its_marker_is_not_the_class(text):
    """Near miss: 教育 without （类） names no 类 (教育培训, a purpose)."""
    assert "205" not in by_code(triples(FINAL, text))


# --- the 财政拨款 account's 收支 total, worded 收支总预算 ------------------------------------------

@pytest.mark.parametrize("words", ["财政拨款收支总预算", "财政拨款收支总计", "财政拨款收、支总计"])
def test_the_fiscal_account_total_of_both_sides(words):
    """中央部门 预算: "2026年XX局财政拨款收支总预算18,728.91万元。" is the 财政拨款 account's total,
    the same on both sides of a balanced 财政拨款收支总表."""
    got = triples(BUDGET, "四、关于财政拨款收支总表的说明", f"2026年本部门{words}18,728.91万元。")
    assert ("income.fiscal.total_with_carryover", "current", Decimal("18728.91")) in got
    assert ("expense.fiscal.grand_total", "current", Decimal("18728.91")) in got


def test_the_fiscal_income_total_alone_is_one_side():
    """Near miss: 财政拨款收入总计 is the income side only."""
    got = triples(BUDGET, "2026年本部门财政拨款收入总计18,728.91万元。")
    assert ("income.fiscal.total_with_carryover", "current", Decimal("18728.91")) in got
    assert not any(m == "expense.fiscal.grand_total" for m, _, _ in got)


def test_a_bare_shouzhi_under_a_fiscal_heading_is_still_not_read():
    """Near miss: a bare 收支总计 under a 财政拨款 heading is the department's, not stated here."""
    got = triples(BUDGET, "四、财政拨款收入支出决算总体情况说明", "收支总计较上年增加30万元。")
    assert not any(m in ("income.grand_total", "expense.grand_total") for m, _, _ in got)


@pytest.mark.parametrize("words", ["一般公共预算当年拨款收入", "一般公共预算拨款收入"])
def test_the_general_budget_appropriation_of_the_year(words):
    got = triples(BUDGET, f"收入包括：{words}16,474.82万元、上年结转2,254.12万元。")
    assert ("income.fiscal.general", "current", Decimal("16474.82")) in got
