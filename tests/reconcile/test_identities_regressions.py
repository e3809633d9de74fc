"""Regressions from reviewing every error finding on the corpus (docs/corpus-findings.md).

Each test runs the whole pipeline on a real corpus PDF and asserts projections of the findings
(rule, page, measure) or the facts the identities were evaluated over: false alarms that were
extraction or engine defects stay fixed, and real defects in the documents stay reported.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from ..conftest import corpus_result as run


def errors(result) -> set[tuple[str, int | None, str]]:
    """(rule, page of the first evidence, measure) of every error finding."""
    out = set()
    for f in result.audit.findings:
        if f.severity == "error":
            page = f.evidence[0].source.page if f.evidence else None
            out.add((f.rule, page, f.measure))
    return out


def table_facts(result, role: str, basis: str = "current") -> dict[str, list]:
    tables = {t.index for t in result.disclosure.tables if t.role == role}
    out: dict[str, list] = {}
    for f in result.disclosure.facts:
        if f.source.table in tables and f.basis == basis:
            out.setdefault(f.measure, []).append(f)
    return out


def test_table_pages_printed_as_separate_fragments_are_audited_together():
    """深圳: every standard table is printed one page per grid; the 合计 on the last page is
    checked against the 类 rows of all pages (one scope), not the last page's only."""
    result = run("guangdong_shenzhen_sjj_2026_yusuan.pdf")
    summary = table_facts(result, "budget_summary")
    lei = [fs[0] for m, fs in summary.items()  # the 类 rows (款/项 printed by name are read alone)
           if m.startswith("expense.function.") and len(m.split(".")[2]) == 3 and m.count(".") == 2]
    total = summary["expense.total"][0]
    assert len({f.source.page for f in lei}) == 2  # rows read from both pages …
    assert {f.scope for f in lei} == {total.scope}  # … in the total's scope
    assert sum(f.value for f in lei) == total.value
    hierarchy = {e for e in errors(result) if e[0].startswith("hierarchy-")}
    assert not hierarchy


def test_carryover_section_named_jieyu_jiezhuan_is_not_income_of_the_year():
    """深圳 财政拨款收支总表: '上年结余、结转' opens the carry-over section, so
    '1.一般公共预算拨款结余、结转' is carry-over, not 一般公共预算 income of the year."""
    for name in ("guangdong_shenzhen_sjj_2026_yusuan.pdf",
                 "guangdong_shenzhen_rsj_2026_yusuan_large.pdf"):
        result = run(name)
        fiscal = table_facts(result, "budget_fiscal_summary")
        assert "income.carryover.fiscal.general" in fiscal
        assert all(f.value == fiscal["income.fiscal"][0].value
                   for f in fiscal.get("income.fiscal.general", []))
        rules = {e[0] for e in errors(result)}
        assert not rules & {"income-fiscal-funds", "measure-consistency"}


def test_crosswalk_rows_with_repeated_codes_are_not_summed_partially():
    """陕西 基本支出明细表 prints one row per (部门经济科目, 政府经济科目): 30101 appears twice and
    is not read, so 301 cannot be checked against the 款 left over; the 合计 = Σ 类 check stays."""
    for name in ("shaanxi_xian_rsj_2020_yusuan.pdf", "shaanxi_xian_ybj_2022_yusuan.pdf"):
        result = run(name)
        basic = table_facts(result, "budget_gpb_basic")
        lei = [basic[f"expense.general.basic.economic.{c}"][0] for c in ("301", "302", "303")]
        total = next(f for f in basic["expense.general.basic"]
                     if f.source.table == lei[0].source.table)
        assert all(f.scope == total.scope for f in lei)
        kuan = [fs[0] for m, fs in basic.items()
                if m.startswith("expense.general.basic.economic.302")
                and len(m.split(".")[4]) == 5 and m.count(".") == 4]
        assert kuan and all(f.scope != total.scope for f in kuan)
        assert not {e for e in errors(result) if e[0].startswith("hierarchy-")}
        assert total.value == sum(f.value for f in lei)  # the 合计 = Σ 类 check is still made


def test_unit_breakdown_printed_as_code_rows_is_not_checked_level_by_level():
    """陕西 安监局: the 单位 rows (125001 …) repeat every 类 code per unit; no 类 = Σ 款 or
    合计 = Σ 类 check is made over the rows that happen to be printed once."""
    result = run("shaanxi_xian_ajj_2019_yusuan_tables.pdf")
    assert not {e for e in errors(result) if e[0].startswith("hierarchy-")}
    gpb = table_facts(result, "budget_gpb_expense")
    assert gpb["expense.general.total"]  # the department 合计 is still read


def test_summary_with_two_classes_on_one_line_does_not_check_total_against_classes():
    """无锡 发改委 财政拨款收支总表: '（十八）援助其他地区支出（十九）自然资源海洋气象等支出 502.00' is
    one printed line naming two 类; the 类 rows read miss 502.00, so 合计 = Σ 类 is not checked
    (it would be a false alarm) while every other identity of the table still is."""
    result = run("jiangsu_wuxi_fgw_2025_yusuan.pdf")
    fiscal = table_facts(result, "budget_fiscal_summary")
    total = fiscal["expense.fiscal.total"][0]
    lei = [fs[0] for m, fs in fiscal.items() if m.startswith("expense.fiscal.function.")]
    assert lei and all(f.scope != total.scope for f in lei)
    assert fiscal["income.fiscal"][0].scope == total.scope
    assert not {e for e in errors(result) if e[0] == "hierarchy-fiscal-function"}
    summary = table_facts(result, "budget_summary")  # a table printed cleanly keeps its check
    s_total = summary["expense.total"][0]
    assert all(fs[0].scope == s_total.scope for m, fs in summary.items()
               if m.startswith("expense.function."))


def test_income_table_total_including_carryover_is_the_grand_total():
    """陕西 收入总表: 合计 | 一般公共预算拨款 | … | 上年结转 — the 合计 includes 上年结转, so it is
    收入总计 (= 收支总表 收入总计), and the 上年结转 column is this year's carry-over, not a prior."""
    for name in ("shaanxi_xian_rsj_2020_yusuan.pdf", "shaanxi_xian_ajj_2019_yusuan_tables.pdf",
                 "shaanxi_xian_sjj_2026_yusuan_huizong.pdf"):  # the last: 上年实户资金余额 only
        result = run(name)
        income = table_facts(result, "budget_income")
        summary = table_facts(result, "budget_summary")
        assert "income.total" not in income
        assert income["income.grand_total"][0].value == summary["income.grand_total"][0].value
        if name.startswith("shaanxi_xian_sjj"):
            continue
        assert income["income.carryover"][0].value == summary["income.carryover"][0].value
        assert not table_facts(result, "budget_income", "prior")
        expense = table_facts(result, "budget_expense")
        assert expense["expense.grand_total"][0].value == summary["expense.grand_total"][0].value
        assert not {e for e in errors(result) if e[2] in ("income.total", "expense.total")}


def test_list_of_changes_wrapped_over_lines_is_added_up_whole():
    """重庆 经信委: '收入比2025年减少10,586.36万元，主要是一般公共预算拨款减少8,648.06万元，财政专户
    管理资金增加519.12万元，…' is printed over three lines; the sentence is one scope, so all five
    sources are its parts and they add up (this was a partial-list warning while lines were scopes)."""
    result = run("chongqing_jxw_2026_yusuan_textlayout.pdf")
    changes = [f for f in result.disclosure.facts if f.origin == "text" and f.basis == "change_prior"
               and f.measure.startswith("income.") and f.source.page == 2]
    assert len({f.source.line for f in changes}) > 1 and len({f.scope for f in changes}) == 1
    assert not [f for f in result.audit.findings if f.rule.startswith("income-total-sources")]


def test_general_budget_project_table_is_not_all_fund_project_spending():
    """广州 统计局 表7 一般公共预算项目支出情况表: its 合计 is the general-budget project spending
    (= 一般公共预算支出表 项目支出), not the all-fund 项目支出 of 支出总表 (which adds 其他支出)."""
    result = run("guangdong_guangzhou_tjj_2026_yusuan.pdf")
    gpb_project = table_facts(result, "budget_gpb_project_expense")
    assert "expense.project" not in gpb_project
    assert gpb_project["expense.general.project"][0].value == \
        table_facts(result, "budget_gpb_expense")["expense.general.project"][0].value
    assert not {e for e in errors(result) if e[2] in ("expense.project", "expense.general.project")}


def test_basic_table_over_two_pages_with_renlei_column():
    """长沙 公安局 一般公共预算基本支出情况表: printed as two grids (pages 19, 20) with a 人员类
    column; 302 = Σ 款 over both pages, and 合计 = 人员类 + 公用经费 on the 合计 row."""
    result = run("hunan_changsha_gaj_2025_yusuan.pdf")
    basic = table_facts(result, "budget_gpb_basic")
    lei = basic["expense.general.basic.economic.302"][0]
    kuan = [fs[0] for m, fs in basic.items()
            if m.startswith("expense.general.basic.economic.302") and m.count(".") == 4
            and len(m.split(".")[4]) == 5]
    assert len({f.source.page for f in kuan}) == 2 and {f.scope for f in kuan} == {lei.scope}
    assert sum(f.value for f in kuan) == lei.value
    total = basic["expense.general.basic"][0]
    parts = basic["expense.general.basic.personnel"][0].value + \
        basic["expense.general.basic.public"][0].value
    assert parts == total.value
    assert not {e for e in errors(result) if e[0].startswith(("hierarchy-", "row-"))}


def test_malformed_class_code_is_reported_not_summed_as_a_class():
    """普陀 社会福利院: '7 | 11 | 02 事业单位医疗' (for 210 11 02) is no 类 of the table: the 合计 is
    checked against the printed 类 rows (it holds), and the malformed code is still reported."""
    result = run("shanghai_putuo_shfly_2024_yusuan_danwei.pdf")
    assert not {e for e in errors(result) if e[0].startswith("hierarchy-")}
    assert any(f.rule == "form-code-malformed" and f.stated == "71102"
               for f in result.audit.findings)
    expense = table_facts(result, "budget_expense")
    total = expense["expense.total"][0]
    lei = [fs[0] for m, fs in expense.items()
           if m.startswith("expense.function.") and m.count(".") == 2 and len(m.split(".")[2]) == 3]
    assert {f.scope for f in lei} == {total.scope}
    assert expense["expense.function.71102"][0].scope != total.scope


def test_text_figure_cut_instead_of_rounded_is_a_warning_a_typo_stays_an_error():
    """普陀 财政局: the text prints 87.70 for the table's 877,080元 (87.708万元, cut at the cent)
    — a warning; 887.36 for 873,617元 is a different amount — an error. (The text lists 财政拨款
    items; its 政府性基金/国有资本经营 tables are empty, so they are 一般公共预算 figures.)"""
    result = run("shanghai_putuo_czj_2025_yusuan.pdf")
    by_measure = {(f.measure, f.severity) for f in result.audit.findings
                  if f.rule == "measure-consistency"}
    assert ("expense.general.function.2080501", "warning") in by_measure
    assert ("expense.general.function.2080506", "error") in by_measure
    assert not any(m == "expense.general.function.2080501" and s == "error" for m, s in by_measure)


def test_income_differing_by_exactly_its_carryover_is_a_warning():
    """重庆 经信委: 收支总表 一般公共预算资金 192,446.79 includes 上年结转 11,262.64, which the
    财政拨款收支总表 prints apart (本年 181,184.15): two 口径. Since session 8 extraction files the
    folded row under the measure with carry-over (extract/table_fold.py), so nothing disagrees;
    a gap of exactly the carry-over that remains is still a warning (explained_by)."""
    result = run("chongqing_jxw_2026_yusuan_textlayout.pdf")
    found = [f for f in result.audit.findings
             if f.rule == "measure-consistency" and f.measure == "income.fiscal.general"]
    assert all(f.severity == "warning" for f in found)
    folded = [f for f in result.disclosure.facts
              if f.measure == "income.fiscal.general.with_carryover"]
    assert any(f.value == Decimal("192446.79") for f in folded)


def test_income_table_with_nothing_carried_over_keeps_income_of_the_year():
    """广州 统计局 收入总表 prints a 上年结转 column of 0.00: its 合计 is both 收入总计 and 本年收入合计
    and keeps the latter key, so 本年收入合计 = Σ sources and = 收支总表 are still checked."""
    result = run("guangdong_guangzhou_tjj_2026_yusuan.pdf")
    income = table_facts(result, "budget_income")
    assert income["income.carryover"][0].value == 0
    assert "income.total" in income and "income.grand_total" not in income


def test_one_code_printed_for_two_items_is_reported_crosswalk_repeats_are_not():
    """长春 信访局 基本支出表 prints 30208 for 取暖费 and for 物业管理费: both rows are read (alone) and
    the two values of 30208 are reported; 陕西 crosswalk repeats (30101 基本工资 twice) are not."""
    result = run("jilin_changchun_xfj_2026_yusuan.pdf")
    rows = [f for f in table_facts(result, "budget_gpb_basic").get(
        "expense.general.basic.economic.30208", [])]
    assert len({f.source.row for f in rows}) == 2 and len({f.scope for f in rows}) == 2
    assert ("measure-consistency", 11, "expense.general.basic.economic.30208") in errors(result)
    crosswalk = run("shaanxi_xian_rsj_2020_yusuan.pdf")
    assert "expense.general.basic.economic.30101" not in table_facts(crosswalk, "budget_gpb_basic")
    assert not {e for e in errors(crosswalk) if ".economic." in e[2]}


def test_text_figure_rounded_up_instead_of_rounded_is_a_warning():
    """西安 医保局: the text prints 2036.82 and 17.64 for the table's 20,368,125.45元 and 176,340元
    (2036.8125 and 17.634万元, rounded up at the cent) and 3092.07 for 30,920,756.17元 (cut): slips
    in rounding, warnings — not amounts that disagree."""
    result = run("shaanxi_xian_ybj_2022_yusuan.pdf")
    found = {(f.measure, f.severity) for f in result.audit.findings
             if f.rule == "measure-consistency" and ".economic.30" in f.measure}
    assert {("expense.general.economic.301", "warning"), ("expense.general.economic.302", "warning"),
            ("expense.general.economic.303", "warning")} <= found
    assert not any(severity == "error" for _, severity in found)
