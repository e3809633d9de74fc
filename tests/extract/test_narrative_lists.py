"""Issue #8 (session 10): lists a sentence announces and its next paragraphs or sentences
complete — a 收支 total with its change then an enumerated 其中 list (烟台 2026 预算, 20 documents of
the wide corpus), a fund's list lead in a sentence of its own and an item printed as a code before
its name (平潭 岚城乡 2017 决算). Each as synthetic variants of the pattern with near misses that keep
their old reading. Assertions are (measure, basis, value)."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from budgetlens.model import Metadata

from .inline_text import narrative_triples

BUDGET = Metadata(kind="budget", year=2026)
FINAL = Metadata(kind="final", year=2017)


def triples(*texts: str, meta: Metadata = BUDGET) -> set:
    return narrative_triples(meta, *texts)


# --- a 收支 total with a change ------------------------------------------------------------------

@pytest.mark.parametrize("total", ["收支预算", "收支总预算"])
@pytest.mark.parametrize("word, sign", [("增加", 1), ("减少", -1)])
def test_a_revenue_and_expense_total_with_its_change(total, word, sign):
    """烟台 财政局 2026 p28: "（三）增减变化情况：2026年收支预算9,069.47万元，比上年增加560.66万元，其中："
    (= 收入总计 = 支出总计): both grand totals and their change (the prior is implied from it). The
    numbered items after it ("1.收入预算增加560.66万元，…") are on the comparator of the sentence
    that announced them (session 11; their reason, in the list's last item, is the list's:
    tests/reconcile/test_form_reason_list_closing.py)."""
    got = triples(f"（三）增减变化情况：2026年{total}9,069.47万元，比上年{word}560.66万元，其中：",
                  f"1.收入预算{word}560.66万元，其中一般公共预算收入{word}560.66万元。")
    change = D("560.66") * sign
    assert got == {
        ("income.grand_total", "current", D("9069.47")),
        ("expense.grand_total", "current", D("9069.47")),
        ("income.grand_total", "change_prior", change),
        ("expense.grand_total", "change_prior", change),
        ("income.total", "change_prior", change),
        ("income.fiscal.general", "change_prior", change)}


# --- the numbered items of a list a change announces (session 11) --------------------------------

LIST_LEAD = "2026年收支总预算5,000.00万元，比上年增加300.00万元，其中："
LIST_ITEMS = ("1、收入预算增加300.00万元，其中一般公共预算收入增加250.00万元，政府性基金预算收入增加50.00万元。",
              "2、支出预算增加300.00万元，其中基本支出减少20.00万元，项目支出增加320.00万元。")


def test_each_item_of_a_list_a_change_announces_is_on_its_comparator():
    """烟台's "收支预算X，比上年减少Y，其中：" / "1.收入预算减少Y，其中一般公共预算收入减少…" / "2.支出预算
    减少Y，其中基本支出增加…" (20 wide documents), here as a variant of it (收支总预算, an increase,
    numbering "1、", a 政府性基金 part, a part that falls): every item's change and its parts'
    are read on the lead's 比上年 (each prior is then implied)."""
    got = triples(LIST_LEAD, *LIST_ITEMS)
    assert {("income.total", "change_prior", D("300.00")),
            ("income.fiscal.general", "change_prior", D("250.00")),
            ("income.fiscal.gov_fund", "change_prior", D("50.00")),
            ("expense.total", "change_prior", D("300.00")),
            ("expense.basic", "change_prior", D("-20.00")),
            ("expense.project", "change_prior", D("320.00"))} <= got


def test_the_reason_closing_the_list_is_no_item():
    """烟台 人社局 p33 "3.收支预算减少的主要原因，一是…；三是…同时…增加三名工作人员，基本支出增加24.86万元":
    the figure of a point of the list's closing reason is a cause's share of the items' changes,
    not 基本支出's change (the item said 116.16; read as well, it contradicted it)."""
    got = triples(LIST_LEAD, *LIST_ITEMS,
                  "3、收支预算增加的主要原因，一是新增项目；二是人员较上年调出，基本支出减少12.00万元。")
    assert ("expense.basic", "change_prior", D("-20.00")) in got
    assert not any(v == D("-12.00") for _, _, v in got)


@pytest.mark.parametrize("lines", [
    # no comparator in the lead: the items' bare changes have no basis
    ("2026年收支预算5,000.00万元，其中：", "1.收入预算增加300.00万元。"),
    # the list is over: a paragraph that is no numbered item
    (LIST_LEAD, "收入预算增加300.00万元。"),
    # a list of reasons, not of parts ("主要原因是："): no 其中
    ("2026年支出预算5,000.00万元，比上年增加300.00万元，主要原因是：", "1.基本支出增加20.00万元，人员增加。"),
])
def test_items_of_no_list_announced_by_a_change_stay_unread(lines):
    """Near misses: an item's bare change takes a comparator only from the lead that announced its
    list with a change and 其中."""
    got = triples(*lines)
    assert not any(m in ("income.total", "expense.basic") for m, _, _ in got)


def test_a_reason_outside_a_list_keeps_its_figure():
    """Near miss: "主要原因是基本支出增加20.00万元" in the change's own sentence names the part's
    change, as before."""
    got = triples("2026年支出预算5,000.00万元，比上年增加300.00万元，主要原因是基本支出增加20.00万元。")
    assert ("expense.basic", "change_prior", D("20.00")) in got


def test_a_final_accounts_revenue_and_expense_total():
    """The same in a 决算: "收支决算X，比上年决算减少Y"."""
    got = triples("2017年收支决算1,200.00万元，比上年决算减少100.00万元。", meta=FINAL)
    assert {("income.grand_total", "current", D("1200.00")),
            ("expense.grand_total", "change_prior", D("-100.00"))} <= got


@pytest.mark.parametrize("text, want", [
    ("2026年财政拨款收支预算9,069.47万元。", {("income.fiscal.total_with_carryover", "current",
                                             D("9069.47")),
                                            ("expense.fiscal.grand_total", "current", D("9069.47"))}),
    ("2026年一般公共预算收支预算9,069.47万元。", set()),
])
def test_a_funds_own_total_is_not_the_documents(text, want):
    """Near misses: 财政拨款收支预算 is the 财政拨款 account's total with carry-over; a 收支 total
    of one fund names no measure we have (nothing is read)."""
    assert triples(text) == want


@pytest.mark.parametrize("one", ["1.", "（2）"])
def test_a_bare_total_word_after_an_items_numbering_opens_its_clause(one):
    """"1.收入预算…": the item's numbering starts the clause as a year or a comma would (bare
    words such as 收入/支出 are read only at a clause's start)."""
    got = triples(f"{one}收入预算比上年增加560.66万元。")
    assert got == {("income.total", "change_prior", D("560.66"))}


def test_a_level_mark_is_no_numbering():
    """Near miss: "(类)" before a bare 支出 is a chain's mark, not an item's numbering."""
    got = triples("一般公共服务（类）支出比上年增加5.00万元。")
    assert not any(m == "expense.total" for m, _, _ in got)


# --- a fund's list lead in a sentence of its own -------------------------------------------------

GOV_FUND_ITEMS = ("（一）2120801城乡社区支出(类)国有土地使用权出让收入及对应专项债务收入安排的支出(款)"
                  "征地和拆迁补偿支出(项)1152.14万元，较2016年决算数增加1152.14万元。"
                  "（二）2120803城乡社区支出(类)国有土地使用权出让收入及对应专项债务收入安排的支出(款)"
                  "城市建设支出(项)254.35万元，较2016年决算数减少150.87万元，下降37.23%。")


@pytest.mark.parametrize("between", ["主要原因是政府对项目投资的增加。", "",
                                     "主要用于征地拆迁和城市建设。"])
@pytest.mark.parametrize("lead", ["具体情况如下(按项级科目分类统计)：", "具体内容如下："])
def test_a_lead_in_a_sentence_of_its_own_gives_the_running_subjects_fund(between, lead):
    """平潭 岚城乡 2017 决算 (one line of text per page): "六、政府性基金支出决算情况 2017年度政府性基金
    支出1406.49万元，比2016年增支999.27万元，增长245.39%。主要原因是…。具体情况如下(按项级科目分类
    统计)：（一）2120801…(项)1152.14万元…": the items are the 基金's, not all funds' (a false
    hierarchy warning against 本年支出)."""
    got = triples("六、政府性基金支出决算情况 2017年度政府性基金支出1406.49万元，比2016年增支999.27万元，"
                  f"增长245.39%。{between}{lead}{GOV_FUND_ITEMS}", meta=FINAL)
    assert ("expense.gov_fund.function.2120801", "current", D("1152.14")) in got
    assert ("expense.gov_fund.function.2120803", "current", D("254.35")) in got
    assert not any(m.startswith("expense.function.") for m, _, _ in got)


def test_a_lead_after_a_subject_of_no_fund_names_none():
    """Near miss: after 本年支出 (all funds) the lead's items stay all funds'."""
    got = triples(f"2017年度本年支出1406.49万元。具体情况如下：{GOV_FUND_ITEMS}", meta=FINAL)
    assert ("expense.function.2120801", "current", D("1152.14")) in got


# --- a code printed before its name, no level mark ------------------------------------------------

@pytest.mark.parametrize("numbering", ["（十三）", "13、"])
@pytest.mark.parametrize("printed, code", [("2299901其他支出", "2299901"),
                                           ("2010301行政运行", "2010301"),
                                           ("2080501行政单位离退休", "2080501"),
                                           ("2050101教育管理事务—行政运行", "2050101"),
                                           ("2010301政府办公厅（室）及相关机构事务—行政运行", "2010301"),
                                           ("2210201住房改革支出——住房公积金", "2210201")])
def test_a_code_before_its_name_is_that_item(numbering, printed, code):
    """平潭 岚城乡 2017 决算: "（十三）2299901其他支出63.13万元，（其中：人员经费48.13万元，项目支出
    15万元），较2016年决算数减少139.22万元": the 项 is named by its code, its name (其他支出, a 类
    name too) confirming the code; unread, the list fell 63.13 short of its total. 平潭 教育局 2016
    决算 prints 款 and 项 names joined by dashes after the code ("（二）2050101教育管理事务—行政运行
    436.56万元"): one of the names confirms it."""
    got = triples(f"{numbering}{printed}63.13万元，较2016年决算数减少139.22万元。", meta=FINAL)
    assert {(f"expense.function.{code}", "current", D("63.13")),
            (f"expense.function.{code}", "change_prior", D("-139.22"))} <= got


@pytest.mark.parametrize("text", ["（十四）2010301其他支出63.13万元。",  # the name is another 类's
                                  "共2299901其他支出63.13万元。",  # no numbering before the code
                                  "（十五）2299901其他费用63.13万元。",  # a name naming no level
                                  "（十六）2050101住房改革支出—住房公积金63.13万元。"])  # another 款's names
def test_a_code_its_name_does_not_confirm_is_not_read(text):
    """Near misses: a number before a name is a code only where the name names it."""
    assert not any(m.startswith("expense.function.") for m, _, _ in triples(text, meta=FINAL))


# --- a purchase count by source of money; a total whose make-up names its carry-over -------------

@pytest.mark.parametrize("fund", ["使用财政拨款预算", "使用一般公共预算资金", "使用财政拨款资金安排"])
@pytest.mark.parametrize("other", ["使用单位资金", "单位自有资金", "其他资金"])
def test_a_purchase_count_by_source_of_money_is_no_count_of_the_purchase(fund, other):
    """深圳 生态环境局 2026 p71: "2026年计划购置车辆9辆、162万元，报废更新，其中：" ending its printed
    line, then "使用财政拨款预算购置车辆8辆，144万元、使用单位资金购置车辆1辆，18万元": 8 was read as
    the purchase count beside 9 (a false warning). The parts by fund have no key."""
    got = triples("2026年计划购置车辆9辆、162万元，报废更新，其中：",
                  f"{fund}购置车辆8辆，144万元、{other}购置车辆1辆，18万元。")
    assert {(m, v) for m, b, v in got if m.startswith("three_public.vehicle.purchase_count")} == {
        ("three_public.vehicle.purchase_count", D("9"))}


@pytest.mark.parametrize("text", ["2026年一般公共预算安排购置车辆14辆，其中业务用车14辆。",
                                  "2026年购置车辆14辆，其中业务用车14辆。"])
def test_a_purchase_named_with_its_fund_alone_is_still_the_purchase(text):
    """Near miss (重庆 规划和自然资源局 2026): "2026年一般公共预算安排购置车辆14辆，其中业务用车14辆"
    states the whole purchase, of the one fund 三公 spending is."""
    got = triples(text)
    assert ("three_public.vehicle.purchase_count", "current", D("14")) in got
    assert ("three_public.vehicle.purchase_count.business", "current", D("14")) in got


@pytest.mark.parametrize("fund, measure", [("政府性基金预算收入", "income.fiscal.gov_fund"),
                                           ("一般公共预算收入", "income.fiscal.general"),
                                           ("财政拨款收入", "income.fiscal")])
@pytest.mark.parametrize("carried", ["结转2025年下达的资金80.00万元", "2025年结转资金80.00万元",
                                     "结转上年未使用的经费80.00万元"])
def test_an_income_whose_make_up_names_its_carry_over_is_the_total_with_it(fund, measure, carried):
    """深圳 宣传部 2026 p13: "2026年本部门政府性基金预算收入380.00万元，较2025年年初预算增加380.00万元，
    主要原因包括：1.…下达转移支付资金300.00万元…；2.结转2025年下达的资金80.00万元" (表1 prints the
    year's 300.00): the figure holds the carry-over, so it is the total with it."""
    got = triples(f"2026年本部门{fund}380.00万元，较2025年年初预算增加380.00万元，主要原因包括："
                  f"1.2026年下达转移支付资金300.00万元；2.{carried}。")
    with_it = {"income.fiscal": "income.fiscal.total_with_carryover"}.get(
        measure, f"{measure}.with_carryover")
    assert (with_it, "current", D("380.00")) in got
    assert not any(m == measure for m, _, _ in got)


@pytest.mark.parametrize("text", [
    "2026年一般公共预算收入300.00万元，上年结转资金80.00万元。",  # two figures, no make-up
    "2026年一般公共预算收入300.00万元，其中：结转2025年下达的资金0.00万元。",  # a carry-over of 0
    "2026年一般公共预算收入300.00万元，主要原因包括：新增项目资金80.00万元。"])  # no carry-over
def test_an_income_beside_a_carry_over_is_the_years(text):
    """Near misses: the year's income stays the year's."""
    assert ("income.fiscal.general", "current", D("300.00")) in triples(text)


# --- found by scripts/narrative_coverage.py --dir /work/unseen --shapes ---------------------------

@pytest.mark.parametrize("numbering", ["（一）", "1、", ""])
@pytest.mark.parametrize("word, measure", [("本年收入", "income.total"), ("本年支出", "expense.total")])
def test_a_year_printed_without_its_character_before_a_bare_total(numbering, word, measure):
    """平潭 岚城乡 2017 决算: "（一）2017本年收入3382.19万元，比2016年决算数增加1353.70万元，增长 66.73％，
    具体情况如下：" — the year without 年 is a lead-in word, as 2017年 is."""
    got = triples(f"{numbering}2017{word}3382.19万元，比2016年决算数增加1353.70万元，增长66.73％。",
                  meta=FINAL)
    assert {(measure, "current", D("3382.19")), (measure, "change_prior", D("1353.70")),
            (measure, "pct_change_prior", D("66.73"))} <= got


def test_another_number_before_a_bare_total_is_no_year():
    """Near miss: a number that is no year before 本年支出 leaves it unread."""
    assert triples("共1234本年支出3314.80万元。", meta=FINAL) == set()


@pytest.mark.parametrize("word", ["一般公共预算当年财政拨款", "一般公共预算当年拨款"])
def test_the_years_general_appropriation_alone_is_no_measure(word):
    """国家信访局 2026 p20 "…一般公共预算当年财政拨款16,474.82万元" is 表1's 一般公共预算拨款收入, but 杭州 公安局
    2026 p7 "一般公共预算当年拨款370,219.25万元" is 表5's spending with its carry-over (366,195.79 in 表1):
    the words alone name neither (read as income they gave 杭州 3 false warnings)."""
    got = triples(f"国家信访局2026年{word}16,474.82万元，比2025年执行数减少20,766.6万元，减幅55.76%。")
    assert not any(m.startswith("income.fiscal") for m, _, _ in got)


@pytest.mark.parametrize("general, gov_fund", [("一般公共预算当年财政拨款", "政府性基金预算当年财政拨款"),
                                               ("一般公共预算拨款", "政府性基金预算拨款")])
def test_fund_parts_of_a_subject_stay_parts_at_a_clause_start(general, gov_fund):
    """Near miss (seed 000): "项目支出均实行了绩效目标管理，涉及一般公共预算当年财政拨款1593.16万元，政府性基金
    预算当年财政拨款836万元": the second fund, at a clause start, is still the subject's part."""
    got = triples(f"2026年项目支出均实行了绩效目标管理，涉及{general}1593.16万元，{gov_fund}836万元。")
    assert {("performance.covered_amount.general", "current", D("1593.16")),
            ("performance.covered_amount.gov_fund", "current", D("836"))} <= got
    assert not any(m.startswith("income.") for m, _, _ in got)


@pytest.mark.parametrize("between", ["", "主要用于局本级行政机关的办公费、印刷费等支出。"])
@pytest.mark.parametrize("word, pct", [("下降", "-308.51"), ("增长", "8.51"), ("减少", "-122")])
def test_a_sentence_of_only_a_rate_is_the_amounts_before_it(between, word, pct):
    """平潭 教育局 2016 决算: "2016年机关运行经费支出115.46万元，主要用于…支出。比2015年下降308.51%，主要原因
    是…": the rate (a decrease over 100% as printed, for the evaluator to judge) is the change of
    the amount the sentence before stated."""
    sep = "，" if between else "。"
    got = triples(f"2016年机关运行经费支出115.46万元{sep}{between}比2015年{word}{pct.lstrip('-')}%，"
                  "主要原因是上年填报决算列支口径不一致。", meta=Metadata(kind="final", year=2016))
    assert ("admin_operating_cost", "pct_change_prior", D(pct)) in got


def test_a_rate_sentence_after_another_subjects_amount_names_no_change():
    """Near miss: after a sentence whose last figure is not the running subject's current
    amount (a change), a bare rate sentence stays unread."""
    got = triples("2016年机关运行经费比2015年减少5.00万元。比2015年下降8.51%。",
                  meta=Metadata(kind="final", year=2016))
    assert not any(b.startswith("pct_") for _, b, _ in got)
