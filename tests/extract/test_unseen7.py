"""Issue #8, the seventh batch of documents from templates neither corpus holds (docs/accuracy.md
"Unseen batch 7 (session 14)": 昆明 审计局 and 市政府办公室 2026, 铜梁 安居镇 2021, 鄂城区 2022,
凉山州 州本级 2022, 重庆 江北 2021, 百色 2024): what was misread there, each pattern as synthetic
variants (other units, years and figures) with near misses that keep their old reading.
Assertions are (measure, basis, value) triples of the narrative stage, or the metadata of a
whole page run through the pipeline."""

from __future__ import annotations

from decimal import Decimal

import pytest

from budgetlens.model import Metadata
from budgetlens.pipeline import process

from .inline_text import narrative_triples


def budget(*lines: str) -> set:
    return narrative_triples(Metadata(kind="budget", year=2026), *lines)


def final(year: int, *lines: str) -> set:
    return narrative_triples(Metadata(kind="final", year=year), *lines)


def measures(found: set) -> set:
    return {m for m, _, _ in found}


# --- 财政拨款收入X，其中：本年收入Y，上年结转收入Z: the account's own year and carry-over ---------------

@pytest.mark.parametrize("sentence, total, year_own, carried", [
    ("2026年单位财政拨款收入121,884,997.75元，其中:本年收入120,692,357.75元，上年结转收入1,192,640.00元。"
     "本年收入中，一般公共预算财政拨款120,692,357.75元，政府性基金预算财政拨款0.00元。",
     Decimal("12188.499775"), Decimal("12069.235775"), Decimal("119.264")),
    ("2026年本部门财政拨款收入350.00万元，其中：本年收入320.00万元，上年结转30.00万元。",
     Decimal("350.00"), Decimal("320.00"), Decimal("30.00")),
])
def test_the_year_and_the_carryover_of_the_fiscal_income(sentence, total, year_own, carried):
    """昆明 审计局 2026: the 本年收入 listed under 财政拨款收入 was read as the department's 本年收入合计
    (an error against the 财政拨款 figure), 上年结转收入 not at all (so the total was not known to
    hold it), and the split of that 本年收入 by fund was checked against the total with it."""
    got = budget(sentence)
    assert ("income.fiscal.total_with_carryover", "current", total) in got
    assert ("income.fiscal", "current", year_own) in got
    assert ("income.carryover.fiscal", "current", carried) in got
    assert "income.total" not in measures(got)


def test_near_miss_the_departments_grand_total_keeps_its_parts():
    """收入总计 with 本年收入 and 上年结转 after 其中 stays the department's: 收入总计, 本年收入合计 and
    the carry-over of all funds."""
    got = budget("2026年收入总计300.00万元，其中：本年收入280.00万元，上年结转20.00万元。")
    assert {("income.grand_total", "current", Decimal("300.00")),
            ("income.total", "current", Decimal("280.00")),
            ("income.carryover", "current", Decimal("20.00"))} <= got


# --- 财政拨款安排支出 is the 财政拨款's spending ---------------------------------------------------

@pytest.mark.parametrize("sentence", [
    "2026年单位预算总支出299.11万元。财政拨款安排支出188.50万元，其中：基本支出112.65万元，项目支出75.85万元。",
    "财政拨款安排的支出188.50万元，其中：基本支出112.65万元，项目支出75.85万元。",
])
def test_spending_the_appropriation_arranges_is_the_fiscal_spending(sentence):
    """昆明 审计局 2026: "财政拨款安排支出" (安排 between 财政拨款 and 支出) was read as the
    department's 本年支出合计 — two totals that disagree (a false warning) — and its 基本/项目 split
    was checked against the all-fund total."""
    got = budget(sentence)
    assert ("expense.fiscal.total", "current", Decimal("188.50")) in got
    assert ("expense.fiscal.basic", "current", Decimal("112.65")) in got
    assert ("expense.fiscal.project", "current", Decimal("75.85")) in got
    assert ("expense.total", "current", Decimal("188.50")) not in got


def test_near_miss_the_total_spending_and_the_three_public_arrangement_keep_their_measures():
    got = budget("2026年单位预算总支出299.11万元。", "2026年本部门财政拨款安排“三公”经费20.37万元。")
    assert ("expense.total", "current", Decimal("299.11")) in got
    assert ("three_public.total", "current", Decimal("20.37")) in got


# --- a vehicle quota is no holding ------------------------------------------------------------

@pytest.mark.parametrize("sentence, held", [
    ("车辆编制16辆，实有车辆5辆,超编0辆。", Decimal("5")),
    ("编制车辆8辆，现有车辆7辆。", Decimal("7")),
    ("公务用车编制3辆，实有公务用车3辆。", Decimal("3")),
])
def test_a_vehicle_quota_is_not_the_vehicles_held(sentence, held):
    """昆明 审计局 2026: "车辆编制16辆" was read as the vehicles held, against "实有车辆5辆" (a false
    consistency warning)."""
    got = budget(sentence)
    assert {v for m, _, v in got if m == "assets.vehicles"} == {held}


def test_near_miss_vehicles_held_with_their_categories():
    got = budget("截至2025年底，共有车辆12辆，其中业务用车7辆。")
    assert ("assets.vehicles", "current", Decimal("12")) in got
    assert ("assets.vehicles.business", "current", Decimal("7")) in got


# --- the parts after 其中 are on their whole's basis ------------------------------------------

@pytest.mark.parametrize("year, sentence, basis, parts", [
    # 铜梁 安居镇 2021: the budget's parts in a final account
    (2021, "2021年我镇“三公”经费预算为20万元,其中:因公出国(境)费0万元,公务接待费9万元,公务用车运行维护费11万元。",
     "initial_budget", {"three_public.reception": Decimal("9"), "three_public.vehicle_operation": Decimal("11")}),
    (2022, "2022年本单位“三公”经费年初预算为36.5万元，其中：公务接待费12.5万元，公务用车运行维护费24万元。",
     "initial_budget", {"three_public.reception": Decimal("12.5"),
                        "three_public.vehicle_operation": Decimal("24")}),
    # 鄂城区 2022: last year's account in a final account, its parts last year's too
    (2022, "2021年的三公经费决算数合计为807.95万元,其中:因公出国(境)费0万元、公务用车购置费272.53万元、公务接待费39.43万元。",
     "prior", {"three_public.vehicle_purchase": Decimal("272.53"), "three_public.reception": Decimal("39.43")}),
])
def test_parts_listed_after_a_whole_take_its_basis(year, sentence, basis, parts):
    """The parts of a budget total (or of last year's total) were read as the year's spending:
    the 三公 total 9.07 was then "wrong" by 10.93 against parts that add up to the budget 20."""
    got = final(year, sentence)
    for measure, value in parts.items():
        assert (measure, basis, value) in got
        assert not any(m == measure and b == "current" for m, b, _ in got)


@pytest.mark.parametrize("meta, sentence, expected", [
    # the year's spending: the parts are the year's
    (Metadata(kind="final", year=2021), "2021年“三公”经费支出9.07万元,其中:公务接待费4万元,公务用车运行维护费5.07万元。",
     {("three_public.reception", "current", Decimal("4"))}),
    # last year's account in a budget (no prior figure of the budget's kind): nothing, as before
    (Metadata(kind="budget", year=2022), "2021年度“三公”经费合计支出20.12万元,其中:公务接待12.39万元,公务用车运行费用7.73万元。",
     set()),
])
def test_near_miss_parts_of_the_years_own_whole_stay_current(meta, sentence, expected):
    got = narrative_triples(meta, sentence)
    assert expected <= got
    if not expected:
        assert not any(m.startswith("three_public") for m in measures(got))


# --- 相较于 / 较之 / 相比于: comparators ---------------------------------------------------------

@pytest.mark.parametrize("sentence, fact", [
    ("2022年“三公”经费决算数相较于上年增加275.76万元,主要原因是:",
     ("three_public.total", "change_prior", Decimal("275.76"))),
    ("公务接待费较之上年减少3.20万元。", ("three_public.reception", "change_prior", Decimal("-3.20"))),
    ("公务接待费相比于上年减少1.5万元。", ("three_public.reception", "change_prior", Decimal("-1.5"))),
    ("公务接待费相较于年初预算减少3万元。", ("three_public.reception", "change_initial_budget", Decimal("-3"))),
])
def test_comparators_in_other_words(sentence, fact):
    """鄂城区 2022: "决算数相较于上年增加275.76万元" stated no change (相较于 was no comparator)."""
    assert fact in final(2022, sentence)


def test_near_miss_a_comparison_with_something_else_states_no_change():
    got = final(2022, "相较于其他单位，本单位公务接待费3万元。")
    assert not any(b.startswith("change") for _, b, _ in got)


# --- 三公经费支出总额, and a lead-in naming who spends ----------------------------------------------

@pytest.mark.parametrize("sentence, total", [
    ("2022年“三公”经费支出总额为8,237.23万元,比年初预算增加1317.14万元。", Decimal("8237.23")),
    ("2023年三公经费支出合计为56.4万元。", Decimal("56.4")),
    ("经州财政局汇总,2022年州本级部门,包括州级行政单位、事业单位和其他单位使用财政拨款安排“三公”经费支出总额为"
     "8,237.23万元,比年初预算增加1317.14万元。", Decimal("8237.23")),
])
def test_the_three_public_spending_total(sentence, total):
    """凉山州 州本级 2022 (a final account): "“三公”经费支出总额为…" gave the figure to the
    department's 支出总额 (or, in a final account, to nothing), and the lead "…和其他单位使用财政拨款
    安排" named no subject the lead-in words cover."""
    year = int(sentence[sentence.index("20"):][:4])
    assert ("three_public.total", "current", total) in final(year, sentence)


def test_near_miss_the_departments_spending_total():
    got = final(2022, "2022年支出总额为300.00万元。")
    assert ("expense.grand_total", "current", Decimal("300.00")) in got
    assert "three_public.total" not in measures(got)


# --- metadata: a final account by its comparison with the year's 年初预算; no unit from a lead-in --

SANGONG_FINAL = ("根据《中华人民共和国预算法》的有关规定,经{who}财政局汇总,{year}年{who}本级部门,包括行政单位、事业单位和"
                 "其他单位使用财政拨款安排“三公”经费支出总额为{total}万元,比年初预算增加{change}万元。一般公共预算安排"
                 "“三公”经费支出{total}万元,比年初预算增加{change}万元。其中:因公出国(境)经费0万元,和年初预算持平;"
                 "公务接待费602.47万元,比年初预算减少516.57万元。\n{year}年,{who}本级“三公”经费支出中公务接待费低于预算数"
                 "的主要原因为各部门按照政府过紧日子的有关要求减少了相关支出。\n")
SANGONG_BUDGET = ("根据{who}人民代表大会批准的{who}本级{year}年预算,{year}年市本级一般公共预算安排的“三公”经费支出预算"
                  "安排情况如下:\n{year}年,一般公共预算安排的“三公”经费支出共计{total}万元,比{prior}年预算数减少{change}万元。\n"
                  "公务接待费638万元,比上年年初预算减少317万元。\n")


def run(tmp_path, text: str, name: str = "page.txt"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return process(str(path)).disclosure.metadata


@pytest.mark.parametrize("who, year, total, change", [
    ("凉山州", 2022, "8,237.23", "1317.14"), ("某市", 2023, "412.50", "12.30")])
def test_spending_against_the_years_initial_budget_is_a_final_account(tmp_path, who, year, total, change):
    """凉山州 州本级 2022: a 三公 page without title whose "财政拨款安排“三公”经费" read as a budget's;
    its spending is compared with the year's own 年初预算 (and 低于预算数): a final account."""
    meta = run(tmp_path, SANGONG_FINAL.format(who=who, year=year, total=total, change=change))
    assert (meta.kind, meta.year) == ("final", year)


def test_near_miss_a_budget_compared_with_last_years_initial_budget(tmp_path):
    """百色 2024: "比上年年初预算减少317万元" is a budget's comparison: it stays a budget."""
    meta = run(tmp_path, SANGONG_BUDGET.format(who="百色市", year=2024, prior=2023, total="3923",
                                               change="332"))
    assert (meta.kind, meta.year) == ("budget", 2024)


@pytest.mark.parametrize("lead", ["按照区政府关于推进政府信息公开工作部署和要求,经汇总,",
                                  "根据县人民代表大会第五次会议批准的预算,", "依据预算法有关规定,经汇总,"])
def test_a_sentences_lead_in_is_no_unit_name(tmp_path, lead):
    """重庆 江北 2021 and 百色 2024 print no unit (a district's and a city's aggregate 三公 page): the
    run-in text of the first sentence ("按照区政府关于推进政府…", "根据百色市第五届人民代表大会…")
    was taken for one."""
    text = lead + "2021年区本级一般公共预算中“三公”经费支出预算为4432万元,与2020年预算基本持平。\n"
    assert run(tmp_path, text).unit is None


def test_near_miss_a_title_still_names_its_unit(tmp_path):
    text = ("重庆市某区财政局2021年“三公”经费预算情况\n按照区政府关于推进政府信息公开工作部署和要求,"
            "2021年本部门“三公”经费支出预算为44.32万元,与2020年预算基本持平。\n")
    assert run(tmp_path, text).unit == "重庆市某区财政局"
