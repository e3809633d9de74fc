"""Issue #8, the misses left open by unseen batches 6 and 7 (docs/accuracy.md "Batches 6 and 7:
the open misses (session 15)"): each pattern as synthetic variants (other units, years and
figures) with near misses that keep their old reading. Assertions are (measure, basis, value)
triples of the narrative stage, or the facts and findings of a whole page run through the pipeline."""

from __future__ import annotations

from decimal import Decimal

import pytest

from budgetlens.model import Metadata
from budgetlens.pipeline import process

from .inline_text import narrative_triples


def final(year: int, *lines: str) -> set:
    return narrative_triples(Metadata(kind="final", year=year), *lines)


def budget(year: int, *lines: str) -> set:
    return narrative_triples(Metadata(kind="budget", year=year), *lines)


def values(found: set, measure: str) -> set:
    return {(b, v) for m, b, v in found if m == measure}


# --- 1. amounts printed with 万 but no 元, among amounts in 万元 ----------------------------------

@pytest.mark.parametrize("sentence, measure, basis, value", [
    ("2023年“三公”经费支出合计为86.20万,其中:因公出国(境)费0万元、公务用车运行维护费50.10万元、公务接待费36.10万元。",
     "three_public.total", "current", Decimal("86.20")),
    ("2022年的“三公”经费决算数合计为512.3万，其中：因公出国（境）费2万元，公务接待费10.3万元。",
     "three_public.total", "prior", Decimal("512.3")),
    ("会议费比上年减少17.51万元,培训费增加3.6万,主要原因是培训增多。", "training_fee", "change_prior", Decimal("3.6")),
])
def test_an_amount_with_wan_but_no_yuan_beside_wanyuan_amounts_is_money(sentence, measure, basis, value):
    """鄂城区 2022 三公 决算: "合计为1000.86万,其中:…0万元、…399.25万元" and "培训费增加4.66万," — the
    sentence's other amounts are in 万元, so 万 is 万元 (the totals were not read and the change
    275.76 contradicting them went unseen)."""
    assert (basis, value) in values(final(2023, sentence), measure)


@pytest.mark.parametrize("sentence", [
    "全年接待群众3.5万人次,公务接待费36.10万元。",
    "全年开展培训1.2万次,培训费36.10万元。",
    "新建办公用房1.5万平方米,公务用车运行维护费50.10万元。",
    "馆藏图书12万册,公务接待费36.10万元。",
])
def test_near_miss_wan_before_a_counted_word_stays_a_quantity(sentence):
    """万人次, 万次, 万平方米, 万册: a letter after 万 makes the figure a quantity, never money."""
    got = final(2023, sentence)
    assert all(v not in (Decimal("3.5"), Decimal("1.2"), Decimal("1.5"), Decimal("12")) for _, _, v in got)


def test_near_miss_wan_without_any_wanyuan_amount_in_the_sentence_stays_bare():
    """"公务接待费合计为86.20万," alone: nothing in the sentence says 万 is money (a bare 万 may
    count people), so the figure stays unread as before."""
    assert not values(final(2023, "本年度“三公”经费合计为86.20万,较上年有所下降。"), "three_public.total")


def test_the_change_that_contradicts_the_printed_totals_is_found(tmp_path):
    """The whole pattern: totals printed with 万 and the change stated in 万元 that contradicts
    them (300.40 − 250.10 = 50.30, printed 80.00) — the defect is found."""
    page = tmp_path / "sangong_2023_juesuan.txt"
    page.write_text(
        "2023年一般公共预算“三公”经费决算执行情况说明\n"
        "某县2023年的“三公”经费决算数合计为300.40万,其中:因公出国(境)费0万元、公务用车运行维护费200.20万元、"
        "公务接待费100.20万元。2022年的三公经费决算数合计为250.10万,其中:因公出国(境)费0万元、"
        "公务用车运行维护费170.05万元、公务接待费80.05万元。\n"
        "2023年“三公”经费决算数相较于上年增加80.00万元,主要原因是车辆维修增加。\n", encoding="utf-8")
    findings = process(str(page)).audit.findings
    change = [f for f in findings if f.rule == "change-arithmetic" and f.measure == "three_public.total"]
    assert change and change[0].severity == "error"


# --- 2. a lead-in that opens with a fund's name: "一般公共预算安排“三公”经费支出…。其中:…" ----------------

LEAD_FUND = ("一般公共预算安排“三公”经费支出{total}万元,比年初预算增加{change}万元。其中:因公出国(境)经费0万元;"
             "公务用车购置及运行维护费{vehicle}万元,比年初预算增加{vchange}万元;公务接待费{reception}万元,"
             "比年初预算减少{rchange}万元。")


@pytest.mark.parametrize("total, change, vehicle, vchange, reception, rchange", [
    ("8,237.23", "1317.14", "7,634.75", "1833.7", "602.47", "516.57"),
    ("96.40", "6.10", "60.20", "8.00", "36.20", "1.90"),
])
def test_a_lead_in_opening_with_a_fund_name_leaves_the_total_and_its_parts_read(
        total, change, vehicle, vchange, reception, rchange):
    """凉山州 州本级 2022 (a final account): the qualifier 一般公共预算 took the first words of the
    declared lead-in 一般公共预算安排, so "安排" stood between it and 三公 as an unknown modifier —
    the total and every part after 其中 went unread (and its rounding 8,237.23 against
    0 + 7,634.75 + 602.47 with them)."""
    text = LEAD_FUND.format(total=total, change=change, vehicle=vehicle, vchange=vchange,
                            reception=reception, rchange=rchange)
    got = final(2022, text)
    num = lambda s: Decimal(s.replace(",", ""))  # noqa: E731
    assert ("current", num(total)) in values(got, "three_public.total")
    assert ("current", num(vehicle)) in values(got, "three_public.vehicle")
    assert ("current", num(reception)) in values(got, "three_public.reception")
    assert ("change_initial_budget", -num(rchange)) in values(got, "three_public.reception")


def test_near_miss_a_fund_name_before_an_undeclared_modifier_still_blocks():
    """"一般公共预算结转“三公”经费…": 结转 is no lead-in — the carried-over part of the 三公 money is no
    measure we name, so nothing is read (as before)."""
    got = final(2022, "一般公共预算结转“三公”经费支出12.50万元,比年初预算增加1.20万元。")
    assert not values(got, "three_public.total")


def test_near_miss_the_budget_parts_of_a_final_account_stay_the_budgets():
    """铜梁 安居镇 2021: "“三公”经费预算为20万元,其中:…" in a final account — the parts take their
    whole's basis (the budget), never the year's spending (a false three-public-total)."""
    got = final(2021, "2021年我镇一般公共预算安排“三公”经费预算为30万元,其中:因公出国(境)费0万元,公务接待费12万元,"
                      "公务用车运行维护费18万元。")
    assert ("current", Decimal("12")) not in values(got, "three_public.reception")
    assert ("current", Decimal("18")) not in values(got, "three_public.vehicle_operation")


# --- 3. function items written 类-款-项 with dashes, the amount right after the 项 ------------------

@pytest.mark.parametrize("names, tail, code, value", [
    (("一般公共服务支出", "审计事务", "行政运行"), "60,445,848.46元，主要用于审计机关行政单位的基本支出。", "2010801",
     Decimal("6044.584846")),
    (("教育支出", "普通教育", "小学教育"), "1,230.50万元，主要用于学校运转。", "2050202", Decimal("1230.50")),
    (("卫生健康支出", "行政事业单位医疗", "事业单位医疗"), "98.74万元，主要用于基本医疗保险缴费。", "2101102",
     Decimal("98.74")),
])
def test_a_dashed_function_chain_before_its_amount_is_the_item(names, tail, code, value):
    """昆明 审计局 2026: the 10 function items printed "类-款-项金额" went unread; read as the 项
    under its 款 and 类, the same as the (类)(款)(项) chain of the same names."""
    lei, kuan, xiang = names
    got = budget(2026, f"{lei}-{kuan}-{xiang}{tail}")
    assert (f"expense.function.{code}", "current", value) in got
    chained = budget(2026, f"{lei}(类){kuan}(款){xiang}(项){tail}")
    assert {t for t in got if t[0].startswith("expense.function.")} == \
        {t for t in chained if t[0].startswith("expense.function.")}


@pytest.mark.parametrize("text", [
    "教育支出-2024-2026年规划1,230.50万元，主要用于学校运转。",
    "一般公共服务支出201-203科目合计1,230.50万元。",
    "教育支出-普通教育-小学教育，主要用于学校运转，共1,230.50万元。",
])
def test_near_miss_a_date_or_code_range_or_a_chain_without_its_amount(text):
    """Dashes between years or codes name no item; a dashed chain not followed by its amount is
    a name in running text (its figure may be anything the clause goes on to say)."""
    assert not [t for t in budget(2026, text) if t[0].startswith("expense.function.205020")]
    assert not [t for t in budget(2026, text) if t[0].startswith("expense.function.201")]


# --- 5. a name the page gave its total with carry-over keeps that meaning for its changes ----------

def test_the_change_of_a_name_used_for_the_total_with_carryover_is_that_totals(tmp_path):
    """昆明 审计局 2026: "财政拨款收入121,884,997.75元，其中:本年收入…，上年结转收入…" then "财政拨款收入增加
    6,399,184.61元，增长5.54%" — the rate is the total-with-carry-over's (5.54%), checked against the
    year's own figure it was a false 5.60%. Variant: 500 with 40 carried over, +23.81 = 5.00% of the
    prior 476.19 of the total (the year's own 460 would give 5.46%)."""
    got = budget(2026, "2026年单位财政拨款收入500.00万元，其中:本年收入460.00万元，上年结转收入40.00万元。",
                 "与上年对比单位财政拨款收入增加23.81万元，增长5.00%，主要原因是人员增加。")
    assert ("income.fiscal.total_with_carryover", "change_prior", Decimal("23.81")) in got
    assert ("income.fiscal.total_with_carryover", "pct_change_prior", Decimal("5.00")) in got
    assert not values(got, "income.fiscal") - {("current", Decimal("460.00"))}
    page = tmp_path / "dept_2026_yusuan.txt"
    page.write_text("某局2026年部门预算\n（一）财政拨款收入情况\n2026年单位财政拨款收入500.00万元，其中:本年收入460.00万元，上年结转收入40.00万元。\n"
                    "与上年对比单位财政拨款收入增加23.81万元，增长5.00%，主要原因是人员增加。\n"
                    "2026年一般公共预算财政拨款支出460.00万元，其中：基本支出400.00万元，项目支出60.00万元。\n",
                    encoding="utf-8")
    findings = process(str(page)).audit.findings
    assert not [f for f in findings if f.rule in ("pct-change", "percent-beyond-printed-rounding",
                                                  "rounding-difference")]


def test_near_miss_a_name_that_also_gave_the_years_own_figure_keeps_its_changes():
    """"财政拨款收入460万元" stated as the year's own too: its change stays the year's own."""
    got = budget(2026, "2026年单位财政拨款收入460.00万元。", "2026年收入总计500.00万元，其中：财政拨款收入460.00万元，"
                 "上年结转40.00万元。", "与上年对比财政拨款收入增加23.81万元，增长5.46%。")
    assert ("income.fiscal", "change_prior", Decimal("23.81")) in got
    assert not values(got, "income.fiscal.total_with_carryover")


# --- 4. a unit named without its city, the city printed with it elsewhere on the page --------------

def _unit(tmp_path, name: str, text: str):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return process(str(path)).disclosure.metadata.unit


BODY = ("{city}{town}人民政府 2023 年部门预算 1 目 录 第一部分 {city}{town}人民政府概况 一、部门职责 "
        "第二部分 {city}{town}人民政府 2023 年部门预算报表 一、收支总表 二、收入总表 三、支出总表 四、财政拨款收支总表 "
        "第三部分 {city}{town}人民政府 2023 年部门预算情况说明 一、收支预算总体情况 2023年收入预算总计300.00万元，"
        "支出预算总计300.00万元。一般公共预算财政拨款支出280.00万元，其中：基本支出200.00万元，项目支出80.00万元。" * 3)


@pytest.mark.parametrize("city, town", [("绥芬河市", "阜宁镇"), ("海林市", "长汀镇"), ("宁安市", "渤海镇")])
def test_a_unit_named_without_its_city_takes_the_place_the_page_prints(tmp_path, city, town):
    """绥芬河 阜宁镇 2022: a document library's copy opens with the file-name line "阜宁镇人民政府2022年
    部门预算.pdf"; the title with the city is the start of a 2,000-character line (beyond the head
    lines' length). The name the page prints with its place is the unit."""
    text = f"{town}人民政府2023年部门预算.pdf\n" + BODY.format(city=city, town=town) + "\n"
    assert _unit(tmp_path, "town.txt", text) == f"{city}{town}人民政府"


def test_near_miss_a_word_before_the_name_that_is_no_place(tmp_path):
    """"本市阜宁镇人民政府" / "关于阜宁镇人民政府": 本市 and 关于 are no region — the name stays as read."""
    text = "阜宁镇人民政府2023年部门预算.pdf\n" + BODY.format(city="本市", town="阜宁镇") + "\n"
    assert _unit(tmp_path, "town.txt", text) == "阜宁镇人民政府"


def test_near_miss_a_name_carrying_its_place_is_kept(tmp_path):
    """A unit read with its county ("宁安县渤海镇人民政府") is not lengthened by another line's city."""
    text = "宁安县渤海镇人民政府2023年部门预算\n" + BODY.format(city="牡丹江市宁安县", town="渤海镇") + "\n"
    assert _unit(tmp_path, "town.txt", text) == "宁安县渤海镇人民政府"


# --- 6a. 其他支出 after 其中 items we cannot name is the list's rest, not 类 229 ----------------------

@pytest.mark.parametrize("sentence", [
    "相比2016年的总支出7171.97增加606.58万元,增幅8.46%。其中,财政项目补助支出增加103.80万元,事业支出增长1156.49万元,"
    "管理费用减少768.12万元,其他支出增加114.41万元.",
    "2020年总支出比上年减少52.00万元。其中,医疗业务成本减少40.00万元,管理费用减少20.00万元,其他支出增加8.00万元。",
])
def test_other_spending_after_unnamed_items_of_a_list_is_no_class(sentence):
    """云南 中西医结合医院 2017: a hospital's change split into 财政项目补助/事业支出/管理费用 — items we
    have no key for — and 其他支出: that list's rest, which was filed as the department's 类 229 (and
    asked for a reason as a class)."""
    assert not [m for m, _, _ in final(2020, sentence) if m.startswith("expense.function.229")]


@pytest.mark.parametrize("sentence, basis, value", [
    ("2017年一般公共预算财政拨款支出500万元,比上年增加50万元。其中,一般公共服务支出增加30万元,其他支出增加20万元。",
     "change_prior", Decimal("20")),
    ("2017年支出合计500万元,其中:其他支出200万元,教育支出300万元。", "current", Decimal("200")),
])
def test_near_miss_other_spending_among_classes_or_first_stays_the_class(sentence, basis, value):
    """After a function class in the list, or first in it, 其他支出 is 类 229 as before."""
    got = final(2017, sentence)
    assert any(m.endswith("function.229") and b == basis and v == value for m, b, v in got)


# --- 2b. 和 before 年初预算 compares where its verb follows ---------------------------------------------

@pytest.mark.parametrize("sentence", ["因公出国(境)经费0万元,和年初预算持平。", "公务接待费0万元,和年初预算数相比持平。",
                                      "因公出国(境)费0万元,和年初预算相同。"])
def test_he_before_the_initial_budget_with_its_verb_is_a_comparison(sentence):
    """凉山州 2022 (a final account): "因公出国(境)经费0万元,和年初预算持平" was read as a flat change on
    last year (and its implied prior); it is the change on the year's initial budget."""
    got = final(2022, sentence)
    assert any(b == "change_initial_budget" and v == 0 for _, b, v in got)
    assert not any(b in ("change_prior", "prior") for _, b, _ in got)


def test_near_miss_he_as_a_conjunction_compares_nothing():
    got = final(2022, "公务接待费602.47万元,和年初预算数据一同列示。")
    assert not any(b.startswith("change") for _, b, _ in got)
