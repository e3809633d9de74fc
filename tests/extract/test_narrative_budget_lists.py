"""Narrative wordings that state a budget beside its outcome, list fiscal items by classification,
or state zero amounts. Sentences are quoted from the corpus (寿县 文物保护中心 2023 决算, 广东省财政厅
2023 决算, 上海 普陀 2025 预算, 上海市财政局 2025 预算, 无锡 发改委 2025 预算); one test reads a real
excerpt end to end. Each asserts (measure, basis, value), and a similar wording that must not give
the fact."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from budgetlens.extract.narrative import extract_narrative
from budgetlens.model import Document, Line, Metadata, Page, TableInfo
from budgetlens.read import read_document

SHARED = Path(__file__).resolve().parents[2] / ".." / "shared"
FINAL = Metadata(kind="final", year=2023)
BUDGET = Metadata(kind="budget", year=2025)


def run(meta: Metadata, *texts: str):
    lines = tuple(Line(t, 1, i + 1) for i, t in enumerate(texts))
    return extract_narrative(Document("inline.txt", "text", (Page(1, lines),)), meta, [])


def triples(facts) -> set:
    return {(f.measure, f.basis, f.value) for f in facts}


def test_budget_final_and_completion_in_one_sentence():
    """A bare 预算 in a final account is the initial budget (as a bare 预算数 column of its tables);
    the percentage after 完成预算的 is the completion of that budget."""
    _, facts, _, _ = run(FINAL, "1.公务接待费预算为1万元,支出决算为0.53万元,完成预算的47%;较上年减少0.47万元,下降47 %。")
    assert triples(facts) == {
        ("three_public.reception", "initial_budget", Decimal("1")),
        ("three_public.reception", "current", Decimal("0.53")),
        ("three_public.reception", "completion_initial_budget", Decimal("47")),
        ("three_public.reception", "change_prior", Decimal("-0.47")),
        ("three_public.reception", "pct_change_prior", Decimal("-47"))}


def test_completion_with_the_budget_inside_the_phrase():
    _, facts, _, _ = run(FINAL, "其中:因公出国(境)费支出决算为12.02万元,完成预算12.02万元的100%,比上年决算数增加12.02万元。")
    assert {("three_public.overseas", "initial_budget", Decimal("12.02")),
            ("three_public.overseas", "completion_initial_budget", Decimal("100"))} <= triples(facts)
    # 全年预算 stays the adjusted budget
    _, facts, _, _ = run(FINAL, "广东省财政厅2023年度“三公”经费财政拨款支出决算为62.07万元,完成全年预算84.82万元的73.2%。")
    assert triples(facts) == {("three_public.total", "current", Decimal("62.07")),
                              ("three_public.total", "adjusted_budget", Decimal("84.82")),
                              ("three_public.total", "completion_adjusted_budget", Decimal("73.2"))}


def test_budget_document_names_no_completion_basis():
    """In a 预算 a bare 预算 is the document's own figure; 完成预算的 there names no basis."""
    _, facts, _, _ = run(BUDGET, "公务接待费预算为1万元,完成预算的47%。")
    assert triples(facts) == {("three_public.reception", "current", Decimal("1"))}


LIST = ("财政拨款支出主要内容如下：",
        "1.“一般公共服务支出-政府办公厅（室）及相关机构事务-行政运行”科目1,202.95万元，主要用于行政单位的基本支出。",
        "2.“一般公共服务支出（类）统计信息事务（款）专项普查活动（项）”科目43.83万元，主要用于统计信息事务统计管理。",
        "3.“社会保障和就业支出”科目1,756万元，主要用于缴纳在职人员养老保险缴费等支出。")


def test_fiscal_items_listed_by_classification_take_the_list_fund():
    """上海: "财政拨款支出主要内容如下：" then numbered “类-款-项”科目 items: 财政拨款 function figures
    (not all-fund ones: a unit's 事业收入 is in its 支出总表 rows, not in these)."""
    _, facts, _, _ = run(BUDGET, *LIST)
    assert triples(facts) == {
        ("expense.fiscal.function.2010301", "current", Decimal("1202.95")),
        ("expense.fiscal.function.2010507", "current", Decimal("43.83")),
        ("expense.fiscal.function.208", "current", Decimal("1756"))}


def empty(index: int, role: str) -> TableInfo:
    return TableInfo(index, role, role, 1, empty=True)


def test_fiscal_items_are_general_when_the_other_funds_tables_are_empty():
    """The document prints its 政府性基金 and 国有资本经营 function tables empty: 财政拨款 is 一般公共预算
    alone, so the items compare with the 一般公共预算 function table's rows."""
    document = Document("inline.txt", "text", (Page(1, tuple(Line(t, 1, i + 1) for i, t in enumerate(LIST))),))
    tables = [empty(5, "budget_gov_fund"), empty(6, "budget_soe_capital")]
    _, facts, _, _ = extract_narrative(document, BUDGET, tables)
    assert triples(facts) == {
        ("expense.general.function.2010301", "current", Decimal("1202.95")),
        ("expense.general.function.2010507", "current", Decimal("43.83")),
        ("expense.general.function.208", "current", Decimal("1756"))}
    # one of the two funds printed with figures (or not printed at all): 财政拨款 stays as said
    for tables in ([empty(5, "budget_gov_fund")],
                   [TableInfo(5, "budget_gov_fund", "", 1), empty(6, "budget_soe_capital")]):
        _, facts, _, _ = extract_narrative(document, BUDGET, tables)
        assert {f.measure.split(".")[1] for f in facts} == {"fiscal"}


def test_list_fund_ends_with_the_list():
    """A paragraph that is no numbered item ends the list: a later 类 figure is not the list's fund."""
    _, facts, _, _ = run(BUDGET, "财政拨款支出主要内容如下：", "以上为主要内容。",
                         "2.“社会保障和就业支出”科目1,756万元。")
    assert triples(facts) == {("expense.function.208", "current", Decimal("1756"))}


def test_dash_chain_needs_kemu_or_its_amount_and_known_names():
    """A dashed name is a classification before 科目 or, with three levels, right before its
    amount (昆明 审计局 2026: "一般公共服务支出-审计事务-行政运行60,445,848.46元"; session 15,
    tests/extract/test_leftovers8.py); elsewhere it is not; an unknown 项 name blocks its amount."""
    _, facts, _, _ = run(BUDGET, "一般公共服务支出-政府办公厅（室）及相关机构事务-行政运行1,202.95万元。")
    assert [f for f in facts if f.measure.endswith("2010301")]
    _, facts, _, _ = run(BUDGET, "一般公共服务支出-政府办公厅（室）及相关机构事务-行政运行，共1,202.95万元。")
    assert not [f for f in facts if f.measure.endswith("2010301")]
    _, facts, _, _ = run(BUDGET, "1.“一般公共服务支出-政府办公厅（室）及相关机构事务-不存在的事务”科目12.00万元。")
    assert not facts


def test_zero_amounts_of_funds_and_carryovers():
    _, facts, _, _ = run(
        BUDGET, "政府性基金拨款支出预算0.00万元，与2024年预算持平；国有资本经营预算拨款支出预算0.00万元。",
        "2．上年结转结余为0万元。", "2．年终结转结余为0万元。")
    assert {("expense.gov_fund.total", "current", Decimal("0.00")),
            ("expense.gov_fund.total", "change_prior", Decimal("0")),
            ("expense.soe_capital.total", "current", Decimal("0.00")),
            ("income.carryover", "current", Decimal("0")),
            ("carryforward.end", "current", Decimal("0"))} <= triples(facts)
    # a fund's part of the carry-over is not the carry-over itself (nor the fund's income of the year)
    _, facts, _, _ = run(BUDGET, "上年结转结余的一般公共预算收入0万元，占0%；")
    assert {f.measure for f in facts} == {"income.carryover.fiscal.general"}


def test_real_final_three_public_excerpt_end_to_end():
    path = SHARED / "corpus" / "excerpts" / "p32_anhui_shouxian_wwbhzx_2023_juesuan_sangong.txt"
    if not path.is_file():
        pytest.skip("shared corpus not available")
    document, _ = read_document(path)
    _, facts, _, _ = extract_narrative(document, FINAL, [])
    got = triples(facts)
    assert {("three_public.total", "initial_budget", Decimal("3")),
            ("three_public.total", "current", Decimal("1.71")),
            ("three_public.total", "completion_initial_budget", Decimal("43")),
            ("three_public.reception", "initial_budget", Decimal("1")),
            ("three_public.reception", "completion_initial_budget", Decimal("47"))} <= got
    completion = [f for f in facts if f.basis == "completion_initial_budget"]
    assert completion and all(f.source.file == str(path) and "完成预算" in f.source.text for f in completion)


def test_income_and_expense_grand_total_stated_as_one():
    """上海 决算: "收入支出总计" is both grand totals; under a 财政拨款 heading a bare one is not."""
    _, facts, _, _ = run(Metadata(kind="final", year=2024), "一、收入支出决算总体情况说明",
                         "上海市普陀区规划和自然资源局2024年度收入支出总计9859.38万元。"
                         "与2023年度相比，收入支出总计增加1062.85万元，增长12.08%。")
    assert triples(facts) == {
        (m, b, Decimal(v)) for m in ("income.grand_total", "expense.grand_total")
        for b, v in (("current", "9859.38"), ("change_prior", "1062.85"), ("pct_change_prior", "12.08"))}
    _, facts, _, _ = run(Metadata(kind="final", year=2024), "二、财政拨款收入支出决算总体情况说明",
                         "与2023年度相比，收入支出总计增加1062.85万元。")
    assert not facts


def test_last_years_execution_and_the_change_against_it():
    """上海 普陀 2024 预算: each item states last year's execution, this year's budget and the
    percentage change against the execution (not against last year's budget)."""
    _, facts, _, _ = run(
        Metadata(kind="budget", year=2024),
        "1.“社会保障和就业支出（类）行政事业单位养老支出（款）事业单位离退休（项）”53.84万元，主要用于事业单位退休人员"
        "福利费和生活补贴。2023年当年预算执行数为54.60万元，2024年预算安排53.84万元，比2023年预算执行数减少1.39%。"
        "主要原因是：有退休人员去世。")
    assert triples(facts) == {
        ("expense.function.2080502", "current", Decimal("53.84")),
        ("expense.function.2080502", "prior_execution", Decimal("54.60")),
        ("expense.function.2080502", "pct_change_prior_execution", Decimal("-1.39"))}


def test_execution_of_another_year_is_not_last_years():
    _, facts, _, _ = run(Metadata(kind="budget", year=2025),
                         "“三公”经费2023年当年预算执行数为54.60万元，2025年预算安排53.84万元，比2023年预算执行数减少1.39%。")
    assert triples(facts) == {("three_public.total", "current", Decimal("53.84"))}


def test_percentage_right_after_a_comparator_is_the_amounts_change():
    _, facts, _, _ = run(BUDGET, "一般公共预算财政拨款支出100万元，比2024年增长5%。")
    assert triples(facts) == {("expense.general.total", "current", Decimal("100")),
                              ("expense.general.total", "pct_change_prior", Decimal("5"))}
    # words between the comparator and the direction: not said of the amount ("比上年人数增长5%")
    _, facts, _, _ = run(BUDGET, "一般公共预算财政拨款支出100万元，比2024年人数增长5%。")
    assert triples(facts) == {("expense.general.total", "current", Decimal("100"))}


def test_pair_of_figures_after_ge_is_each_total_in_order():
    """四川 2022 决算: 各 distributes two figures over 收入总计 and 支出总计 in order (the unit printed
    once, after the pair); the change and its percentage the same way."""
    meta = Metadata(kind="final", year=2022)
    _, facts, _, _ = run(meta, "一、收入支出决算总体情况说明",
                         "2022年度收、支总计各是4125.49,4143.91万元。与2021年相比,收、支总计各减少1267.86,"
                         "2570.97万元,各下降23.51%、38.28%。")
    assert triples(facts) == {
        ("income.grand_total", "current", Decimal("4125.49")),
        ("expense.grand_total", "current", Decimal("4143.91")),
        ("income.grand_total", "change_prior", Decimal("-1267.86")),
        ("expense.grand_total", "change_prior", Decimal("-2570.97")),
        ("income.grand_total", "pct_change_prior", Decimal("-23.51")),
        ("expense.grand_total", "pct_change_prior", Decimal("-38.28"))}


def test_ge_with_one_figure_or_without_a_pair_subject():
    """One figure after 各 is both totals' (seed 002 wording); a pair without a two-measure subject
    is not distributed."""
    _, facts, _, _ = run(Metadata(kind="final", year=2020), "2020年度收、支总计541.17万元，与2019年相比，"
                         "收、支总计各增加27.98万元，增长5.45%。")
    assert {("income.grand_total", "change_prior", Decimal("27.98")),
            ("expense.grand_total", "change_prior", Decimal("27.98"))} <= triples(facts)
    _, facts, _, _ = run(Metadata(kind="final", year=2022), "基本支出、项目支出各是100.00,200.00万元。")
    assert not facts


def test_figures_named_inside_a_reason():
    """Seed 003: "主要是人员减少工资薪金减少9.82万元" — the wages' part of the change explained (read only
    inside a reason; "工资薪金支出100万元" elsewhere is no figure we name)."""
    meta = Metadata(kind="budget", year=2024)
    _, facts, _, _ = run(meta, "（一）收入预算：2024年年初预算数371.06万元。收入较去年减少9.82万元，"
                               "主要是人员减少工资薪金减少9.82万元。",
                         "其中：基本支出358.68万元，比2023年减少9.85万元，主要原因是人员减少工资薪金减少9.85万元。")
    got = triples(facts)
    assert {("income.total", "change_prior", Decimal("-9.82")),
            ("reason.wages", "change_prior", Decimal("-9.82")),
            ("reason.wages", "change_prior", Decimal("-9.85"))} <= got
    _, facts, _, _ = run(meta, "工资薪金支出100万元。", "主要用于工资薪金减少5万元的补足。")
    assert not facts


def test_seed_003_reason_figures_end_to_end():
    path = SHARED / "seeds"
    if not path.is_dir():
        pytest.skip("shared seeds not available")
    document, _ = read_document(next(path.glob("003_*.txt")))
    _, facts, _, _ = extract_narrative(document, Metadata(kind="budget", year=2024), [])
    wages = sorted((f.value, f.source.line) for f in facts if f.measure == "reason.wages")
    assert [v for v, _ in wages] == [Decimal("-9.85"), Decimal("-9.82"), Decimal("-9.82")]
    assert all(f.basis == "change_prior" and "工资薪金减少" in f.source.text
               for f in facts if f.measure == "reason.wages")


def test_procurement_awards_named_with_their_prefix():
    """西安 卫健委 2022 决算: "政府采购授予中小企业合同金额…，其中：授予小微企业合同金额…"."""
    _, facts, _, _ = run(Metadata(kind="final", year=2022),
                         "（二）政府采购授予中小企业合同金额24,498.01万元，占政府采购支出合同总额的9%，"
                         "其中：授予小微企业合同金额7,000.00万元。")
    assert triples(facts) == {("procurement.sme_awarded", "current", Decimal("24498.01")),
                              ("procurement.sme_awarded", "share", Decimal("9")),
                              ("procurement.small_micro_awarded", "current", Decimal("7000.00"))}


def test_parts_of_the_expense_grand_total():
    """乌鲁木齐 2023 决算: 支出总计 = 本年支出合计 + 结余分配 + 年末结转和结余, listed after 其中."""
    _, facts, _, _ = run(FINAL, "2023年度支出總計434.72萬元,其中:本年支出合計434.16萬元,結余分配0.00萬元,"
                                "年末結轉和結余0.55萬元。")
    assert triples(facts) == {("expense.grand_total", "current", Decimal("434.72")),
                              ("expense.total", "current", Decimal("434.16")),
                              ("balance.distribution", "current", Decimal("0.00")),
                              ("carryforward.end", "current", Decimal("0.55"))}
    # parts of another whole stay apart: 三公 items after 机关运行经费 …其中
    _, facts, _, _ = run(FINAL, "机关运行经费82万元，其中：公务接待费2万元。")
    assert triples(facts) == {("admin_operating_cost", "current", Decimal("82"))}


def test_economic_classes_printed_with_their_code():
    """西安 审计局 2026: "按照部门预算支出经济分类，本部门当年一般公共预算支出…，其中：（1）工资福利支出（301）…"
    — the 一般公共预算 economic class; 政府预算 codes (5xx) have no measure, and the 人员经费 part of
    a class is not the department's 人员经费."""
    _, facts, _, _ = run(Metadata(kind="budget", year=2026), "（三）支出按经济科目分类的明细情况",
                         "1.按照部门预算支出经济分类，本部门当年一般公共预算支出4,005.29万元，其中：",
                         "（1）工资福利支出（301）2,981.28万元，较上年增加117.32万元，增长4.10%，增长的主要原因是："
                         "实有在编人员增加；",
                         "2.按照政府预算支出经济分类：（1）机关工资福利支出（501）2,981.28万元。")
    assert triples(facts) == {("expense.general.total", "current", Decimal("4005.29")),
                              ("expense.general.economic.301", "current", Decimal("2981.28")),
                              ("expense.general.economic.301", "change_prior", Decimal("117.32")),
                              ("expense.general.economic.301", "pct_change_prior", Decimal("4.10"))}
    _, facts, _, _ = run(Metadata(kind="budget", year=2020),
                         "对个人和家庭的补助（303）100151.38万元,其中：人员经费138.06万元,较上年增加13.93万元。")
    assert triples(facts) == {("expense.economic.303", "current", Decimal("100151.38"))}


def test_approximately_flat_states_no_zero_change():
    """杭州 气象局 2026: "增长0.8%，与上年基本持平" — 基本 makes the flat word approximate; a bare 持平
    is still a zero change."""
    meta = Metadata(kind="budget", year=2026)
    _, facts, _, _ = run(meta, "2026年支出预算5,876.67万元，比上年执行数增加48.92万元，增长0.8%，与上年基本持平。")
    assert triples(facts) == {("expense.total", "current", Decimal("5876.67")),
                              ("expense.total", "change_prior_execution", Decimal("48.92")),
                              ("expense.total", "pct_change_prior_execution", Decimal("0.8"))}
    _, facts, _, _ = run(meta, "2026年支出预算5,876.67万元，与上年持平。")
    assert ("expense.total", "change_prior", Decimal("0")) in triples(facts)
