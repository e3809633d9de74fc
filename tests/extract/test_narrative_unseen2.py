"""Issue #8, the second batch of documents from templates neither corpus holds (docs/accuracy.md
"Unseen real documents", 平潭综合实验区 决算说明 pages): sentence patterns that gave false errors
there, each as synthetic variants of the pattern with near misses that keep their old reading.
Assertions are (measure, basis, value)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from budgetlens.extract.narrative import extract_narrative
from budgetlens.model import Document, Line, Metadata, Page

FINAL = Metadata(kind="final", year=2016)


def triples(*texts: str) -> set:
    lines = tuple(Line(t, 1, i + 1) for i, t in enumerate(texts))
    facts = extract_narrative(Document("inline.txt", "text", (Page(1, lines),)), FINAL, [])[1]
    return {(f.measure, f.basis, f.value) for f in facts}


# --- an item's name ending in 支出, with its own amount: its change is not the running subject's ---

@pytest.mark.parametrize("name", ["其他法院支出", "法院支出", "教育局支出", "派出所支出", "监测站支出"])
@pytest.mark.parametrize("change", ["较2015年决算数增加143.18万元，增长125.68%",
                                    "比上年减少143.18万元，下降35.78%"])
def test_an_item_named_with_a_bare_expense_word_keeps_its_change(name, change):
    """平潭 法院 决算: "1. 基本支出1520.44万元。…（三）其他法院支出257.1万元，较2015年决算数增加
    143.18万元，增长125.68%。" — 其他法院支出 is an item (a 项 the lexicon does not name); its change
    was filed under the running subject 基本支出 and checked against 1520.44 (a false error)."""
    got = triples("1. 基本支出1520.44万元。", f"（三）{name}257.1万元，{change}。")
    assert got == {("expense.basic", "current", Decimal("1520.44"))}


def test_a_bare_expense_word_opening_an_items_paragraph_is_the_items():
    """Near miss (江苏 高院 2019 预算): "1．行政事业单位离退休（款）未归口管理的行政单位离退休（项）" then,
    on the next line, "支出417.06万元，与上年相比增加19.83万元，增长4.99%": the titled item's."""
    got = triples("（二）社会保障和就业支出（类）", "1．行政事业单位离退休（款）未归口管理的行政单位离退休（项）",
                  "支出417.06万元，与上年相比增加19.83万元，增长4.99%。")
    assert {(b, v) for m, b, v in got if m.endswith(".2080504")} >= {
        ("change_prior", Decimal("19.83")), ("pct_change_prior", Decimal("4.99"))}


@pytest.mark.parametrize("opening, measure", [("本年支出500万元。", "expense.total"),
                                              ("基本支出500万元。", "expense.basic")])
def test_a_bare_expense_word_without_an_amount_still_points_back(opening, measure):
    """Near miss: "支出比上年增加50万元" names no amount of its own; it is the running subject's."""
    got = triples(opening + "支出比上年增加50万元，增长11.11%。")
    assert (measure, "change_prior", Decimal("50")) in got
    assert (measure, "pct_change_prior", Decimal("11.11")) in got


# --- a breakdown in brackets after a function item's amount is that item's --------------------

ITEMS = [
    "（一）2010301一般公共服务支出（类）政府办公厅及相关机构事务支出（款）行政运行（项）拨款支出",
    "（二）2010601一般公共服务支出（类）财政事务支出（款）行政运行（项）拨款支出",
    "2130705农林水支出（类）农村综合改革（款）对村民委员会和村党支部的补助（项）拨款支出",
    "（四）2120501城乡社区环境卫生（项）",
]


@pytest.mark.parametrize("item", ITEMS)
@pytest.mark.parametrize("inside", ["人员经费699.09万元、日常公用经费69.57万元",
                                    "其中人员经费699.09万元，日常公用经费69.57万元",
                                    "其中：人员经费699.09万元，公用经费69.57万元"])
def test_the_split_of_a_function_item_is_not_the_documents(item, inside):
    """平潭 岚城乡 决算: "…行政运行（项）拨款支出768.66万元（人员经费699.09万元、日常公用经费
    69.57万元），较2016年决算数增加171.72万元" — the item's own 人员/公用 split was read as the
    document's 人员经费 and 公用经费 and checked against 基本支出 1587.81 (a false error)."""
    got = triples(f"{item}768.66万元（{inside}），较2016年决算数增加171.72万元。")
    assert not {m for m, _, _ in got if m.startswith("expense.general.basic")}


@pytest.mark.parametrize("whole, measure", [
    ("一般公共预算财政拨款基本支出1587.81万元", "expense.general.basic"),
    ("本部门共安排资金1587.81万元", ""),
])
def test_the_split_of_the_documents_own_total_stays_the_documents(whole, measure):
    """Near miss: brackets after the 基本支出 itself, or after an amount no item title names,
    still hold the document's 人员经费 and 公用经费."""
    got = triples(f"{whole}（人员经费1264.60万元，公用经费323.21万元）。")
    assert ("expense.general.basic.personnel", "current", Decimal("1264.60")) in got
    assert ("expense.general.basic.public", "current", Decimal("323.21")) in got
    if measure:
        assert (measure, "current", Decimal("1587.81")) in got


# --- 公共财政拨款: the 2014–2017 name of the 一般公共预算 account -------------------------------

@pytest.mark.parametrize("words", ["公共财政拨款支出", "公共财政预算拨款支出", "一般公共预算拨款支出"])
def test_the_former_name_of_the_general_account(words):
    """平潭 决算: "2016年公共财政拨款支出2209.99万元，比2015年决算数增加281.94万元，增长14.6%"."""
    got = triples(f"2016年{words}2209.99万元，比2015年决算数增加281.94万元，增长14.6%。")
    assert ("expense.general.total", "current", Decimal("2209.99")) in got
    assert ("expense.general.total", "change_prior", Decimal("281.94")) in got


@pytest.mark.parametrize("heading, measure", [
    ("五、公共财政拨款支出决算情况", "expense.general.function.2100716"),
    ("五、一般公共预算财政拨款支出决算情况", "expense.general.function.2100716"),
    ("五、财政拨款支出决算情况", "expense.fiscal.function.2100716"),
])
def test_a_former_name_heading_is_the_general_account(heading, measure):
    """Items under a 公共财政拨款 heading are the general fund's (near miss: a 财政拨款 heading
    keeps all three funds)."""
    got = triples(heading, "（四）2100716医疗卫生与计划生育支出（类）计划生育事务（款）计划生育机构（项）"
                           "拨款支出59.10万元。")
    assert (measure, "current", Decimal("59.10")) in got


# --- a code printed before a 类/款/项 chain whose 款 or 项 wording we do not know ---------------

@pytest.mark.parametrize("code, chain", [
    ("2010301", "一般公共服务支出（类）政府办公厅及相关机构事务支出（款）行政运行（项）"),
    ("2070101", "文化体育与传媒支出（类）文化（款）行政运行（项）"),
    ("2010601", "一般公共服务支出（类）财政事务支出（款）行政运行（项）"),
])
@pytest.mark.parametrize("numbering", ["（一）", "1.", ""])
def test_a_printed_code_names_the_item_its_class_confirms(code, chain, numbering):
    """平潭 岚城乡 决算: "（一）2010301一般公共服务支出（类）政府办公厅及相关机构事务支出（款）
    行政运行（项）拨款支出768.66万元" — the 款 wording differs from the reference's
    "政府办公厅（室）及相关机构事务"; the code printed before it, whose 类 the chain's 类 name
    confirms, names the item (it was left unattached, and the list fell short of its total)."""
    got = triples(f"{numbering}{code}{chain}拨款支出768.66万元，较2015年决算数增加171.72万元。")
    measures = {m for m, b, v in got if b == "current" and v == Decimal("768.66")}
    assert {m.rsplit(".", 1)[1] for m in measures} == {code}


@pytest.mark.parametrize("code", ["2080101", "2290101"])
def test_a_printed_code_of_another_class_stays_unattached(code):
    """Near miss: a code whose 类 is not the one the chain names (a misprint either way)."""
    got = triples(f"（一）{code}一般公共服务支出（类）政府办公厅及相关机构事务支出（款）行政运行（项）"
                  "拨款支出768.66万元。")
    assert not {m for m, _, _ in got if ".function." in m}


# --- a page body run into one paragraph: a section number inside it ends the last section ------

@pytest.mark.parametrize("number", ["五、", "十一、"])
def test_a_numbered_section_inside_a_paragraph_ends_the_last_ones_list(number):
    """平潭 决算 pages keep each page's text as one line: "…1. 基本支出1587.81万元。其中，人员支出…
    2. 项目支出1726.99万元。 五、公共财政拨款支出决算情况 2017年…（一）2010601…（项）44.18万元" —
    the items of 五 were read as parts of the 基本支出 listed in 四 (filed as its column)."""
    got = triples("四、决算收支总体情况 2016本年支出3314.80万元，具体情况如下： 1. 基本支出1587.81万元。"
                  "其中，人员支出1264.60万元，公用支出323.21万元。 2. 项目支出1726.99万元。 "
                  f"{number}公共财政拨款支出决算情况 2016年公共财政拨款支出1908.31万元，具体情况如下："
                  "（二）2010601一般公共服务支出（类）财政事务支出（款）行政运行（项）拨款支出44.18万元。")
    assert ("expense.general.function.2010601", "current", Decimal("44.18")) in got
    assert ("expense.basic", "current", Decimal("1587.81")) in got


def test_a_numbered_list_item_is_no_new_section():
    """Near miss: "（一）…（二）…" and "1. …2. …" items inside a paragraph keep its list."""
    got = triples("2016年公共财政拨款支出1908.31万元，具体情况如下： （一）2010601一般公共服务支出（类）"
                  "财政事务支出（款）行政运行（项）拨款支出44.18万元。 （二）2010301一般公共服务支出（类）"
                  "政府办公厅（室）及相关机构事务（款）行政运行（项）拨款支出768.66万元。")
    assert {m for m, _, _ in got if ".function." in m} == {"expense.general.function.2010601",
                                                            "expense.general.function.2010301"}


@pytest.mark.parametrize("word, sign", [("增支", ""), ("减支", "-")])
def test_more_or_less_spent_is_a_change(word, sign):
    """平潭 决算: "2017年度政府性基金支出1406.49万元，比2016年增支999.27万元" — a change, not a
    prior-year figure of 999.27."""
    got = {(m, b, v) for m, b, v in triples(f"2016年度政府性基金支出1406.49万元，比2015年{word}999.27万元。")}
    assert ("expense.gov_fund.total", "change_prior", Decimal(sign + "999.27")) in got
    assert not {b for _, b, _ in got if b == "prior"}
