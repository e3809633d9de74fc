"""A total of both sides of an account (收支总预算, 收支总计) lists its income parts, then
"支出包括：…" its expense parts: the bare 支出 is the expense side of that total, so the 类 after it
are the account's spending and their shares are of its whole (issue #8: "a share checked against
a default total instead of the whole the sentence names"; 国家信访局 2026 p18 read the shares
against the department's all-fund spending). Variants of the wording; near misses keep their
old reading. Assertions are (measure, basis, value)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from budgetlens.extract.narrative import extract_narrative
from budgetlens.model import Document, Line, Metadata, Page, TableInfo

BUDGET = Metadata(kind="budget", year=2026)
FINAL = Metadata(kind="final", year=2024)
HEADING = "四、关于财政拨款收支总表的说明"
INCOME = ("收入全部为一般公共预算拨款（无政府性基金及国有资本经营预算拨款），包括：一般公共预算当年拨款收入"
          "16,474.82万元、上年结转2,254.12万元；")
EXPENSE = ("支出包括：一般公共服务支出15,291.3万元，占81.65%；教育支出118.01万元，占0.63%；"
           "住房保障支出1,111.44万元，占5.93%。")


def triples(meta: Metadata, *texts: str, tables: tuple = ()) -> set:
    lines = tuple(Line(t, 1, i + 1) for i, t in enumerate(texts))
    facts = extract_narrative(Document("inline.txt", "text", (Page(1, lines),)), meta, list(tables))[1]
    return {(f.measure, f.basis, f.value) for f in facts}


def classes(got: set, basis: str) -> dict:
    return {m: v for m, b, v in got if ".function." in m and b == basis}


@pytest.mark.parametrize("meta, total", [
    (BUDGET, "2026年本部门财政拨款收支总预算18,728.91万元。"),
    (BUDGET, "2026年本部门财政拨款收支总计18,728.91万元。"),
    (FINAL, "2024年度本部门财政拨款收支总决算18,728.91万元。"),
])
def test_expense_parts_after_the_income_parts_of_a_both_sides_total(meta, total):
    """The 类 after "支出包括：" are 财政拨款 spending with their shares."""
    got = triples(meta, HEADING, total + INCOME + EXPENSE)
    assert classes(got, "current") == {"expense.fiscal.function.201": Decimal("15291.3"),
                                       "expense.fiscal.function.205": Decimal("118.01"),
                                       "expense.fiscal.function.221": Decimal("1111.44")}
    assert classes(got, "share")["expense.fiscal.function.221"] == Decimal("5.93")
    assert ("income.carryover", "current", Decimal("2254.12")) in got


def test_without_a_both_sides_total_the_bare_expense_stays_unread():
    """Near miss: an income total alone ("收入预算…，包括：…；支出包括：…") names no expense side:
    the list after 支出包括 keeps no subject, as before."""
    got = triples(BUDGET, "2026年本部门收入预算18,728.91万元，包括：财政拨款收入16,474.82万元、"
                          "上年结转2,254.12万元；" + EXPENSE)
    assert classes(got, "current") == {}


def test_a_bare_expense_after_an_expense_subject_is_unchanged():
    """Near miss: 支出 pointing back to an expense subject ("三公经费支出预算…，支出比上年减少…")
    takes that subject, not a side of a 收支 total read earlier."""
    got = triples(BUDGET, "2026年本部门财政拨款收支总预算100.00万元。",
                  "2026年“三公”经费财政拨款支出预算10.00万元，支出比2025年减少2.00万元。")
    assert ("three_public.total", "change_prior", Decimal("-2.00")) in got \
        or ("three_public.total", "change_prior", Decimal("-2")) in got


#: the other funds' tables printed empty: elsewhere a 财政拨款 类 is read as 一般公共预算's
EMPTY_FUNDS = (TableInfo(0, "budget_gov_fund", "政府性基金预算支出表", 2, empty=True),
               TableInfo(1, "budget_soe_capital", "国有资本经营预算支出表", 3, empty=True))


def test_parts_of_the_total_with_carryover_stay_the_accounts_when_other_funds_are_empty():
    """国家信访局 2026: the other funds' tables are empty, but the 类 listed under the 收支 total
    (with 上年结转) are the account's spending of all its money, not 一般公共预算 of the year (p20
    gives those: 13,144.37 against 15,291.3), also where the list goes on in the next printed
    paragraph."""
    got = triples(BUDGET, HEADING, "2026年本部门财政拨款收支总预算18,728.91万元。" + INCOME +
                  EXPENSE.replace("住房保障支出1,111.44万元，占5.93%。", ""),
                  "住房保障支出1,111.44万元，占5.93%。", tables=EMPTY_FUNDS)
    assert set(classes(got, "current")) == {"expense.fiscal.function.201", "expense.fiscal.function.205",
                                            "expense.fiscal.function.221"}


def test_a_class_of_the_year_with_other_funds_empty_is_still_the_general_budgets():
    """Near miss: a 财政拨款 heading and no total with carry-over before the list: with the other
    funds' tables empty the 类 is 一般公共预算's, as before."""
    got = triples(BUDGET, "五、财政拨款支出预算情况说明", "一般公共服务支出13,144.37万元，占79.78%。",
                  tables=EMPTY_FUNDS)
    assert set(classes(got, "current")) == {"expense.general.function.201"}
