"""Issue #8, the sixth batch of documents from templates neither corpus holds (docs/accuracy.md
"Unseen batch 6 (session 13)": 宁德 部门整体绩效自评表, 云南 中西医结合医院, 铁岭 人大, a 三公 page
without a title, 青岛 政协's purpose clause): what was misread there, each as synthetic variants of
the pattern with near misses that keep their old reading."""

from __future__ import annotations

from decimal import Decimal

import pytest

from budgetlens.model import Metadata
from budgetlens.pipeline import process

from .inline_text import narrative_triples


def run(tmp_path, text: str, name: str = "page.txt"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return process(str(path))


def triples(year: int, *lines: str) -> set:
    return narrative_triples(Metadata(kind="final", year=year), *lines)


# --- 总收入 / 总支出 / 财政补助收入: the year's totals and the old name of 财政拨款收入 -----------------

@pytest.mark.parametrize("sentence, expected", [
    ("2017年總收入6628.72萬元,其中:財政補助收入2339.68萬元,事業收入4131.31萬元,其他收入157.74萬元。",
     {("income.total", "current", Decimal("6628.72")), ("income.fiscal", "current", Decimal("2339.68")),
      ("income.business", "current", Decimal("4131.31")), ("income.other", "current", Decimal("157.74"))}),
    ("2017年总收入300万元，其中：财政补助收入200万元，事业收入100万元。",
     {("income.total", "current", Decimal("300")), ("income.fiscal", "current", Decimal("200")),
      ("income.business", "current", Decimal("100"))}),
    ("2017年总支出7778.55万元,其中基本支出7095.35万元。",
     {("expense.total", "current", Decimal("7778.55")), ("expense.basic", "current", Decimal("7095.35"))}),
    ("与上年相比，总支出增加606.58万元，增幅8.46%。",
     {("expense.total", "change_prior", Decimal("606.58")),
      ("expense.total", "pct_change_prior", Decimal("8.46"))}),
])
def test_total_income_and_spending_in_other_words(sentence, expected):
    """云南 中西医结合医院 2017 names the year's totals 總收入 / 總支出 and its appropriation by the
    pre-2018 name 財政補助收入: nothing of its income and spending paragraphs was read. The sources
    and the two kinds of spending add up to them (no carry-over), so they are 本年收入/支出合计."""
    assert expected <= triples(2017, sentence)


@pytest.mark.parametrize("sentence, absent", [
    # a government's account: a fund qualifier before 总收入 names no measure we have
    ("2017年一般公共预算总收入5000万元。", "income.total"),
    # a share's whole after 占 is no amount of its own
    ("其中基本支出342.81万元，占63.35%；项目支出198.36万元，占总支出比例36.65%。", "expense.total"),
])
def test_near_misses_of_the_total_words(sentence, absent):
    assert not any(m == absent for m, _, _ in triples(2017, sentence))


# --- a carry-over listed beside sources that already add up to the total ------------------------

def budget_triples(*lines: str) -> set:
    return narrative_triples(Metadata(kind="budget", year=2022), *lines)


@pytest.mark.parametrize("sentence, total", [
    ("(一)收入预算:2022年年初预算数504.51万元,其中:一般公共预算拨款204.51万元,政府性基金预算拨款0万元,"
     "国有资本经营预算收入0万元,事业收入300万元,事业单位经营收入0万元,其他收入0万元;上年结转结余资金29.81万元;"
     "收入较去年增加76.05万元。", Decimal("504.51")),
    ("2022年收入预算300万元，其中：一般公共预算拨款200万元，事业收入100万元，上年结转结余资金50万元。", Decimal("300")),
])
def test_sources_that_add_up_keep_the_total_the_years_own(sentence, total):
    """垫江 包家镇卫生院 2022: the sources after 其中 add up to the total (204.51 + 300 = 504.51) and
    the carry-over 29.81 follows them: the total is the year's income, not 收入总计 with the
    carry-over (it was re-keyed as that because the list names a carry-over)."""
    found = budget_triples(sentence)
    assert ("income.total", "current", total) in found
    assert not any(m == "income.grand_total" for m, _, _ in found)


@pytest.mark.parametrize("sentence, total", [
    # 西安 公安局 2026's form: the carry-over is one of the parts that make the total
    ("本部门当年预算收入344,447.70万元，其中：一般公共预算拨款324,638.50万元、上年结转13,102.70万元、"
     "事业收入6,706.50万元。", Decimal("344447.70")),
    ("2022年收入预算300万元，其中：一般公共预算拨款200万元，上年结转100万元。", Decimal("300")),
])
def test_near_miss_a_carryover_inside_the_total_makes_it_the_total_with_it(sentence, total):
    assert ("income.grand_total", "current", total) in budget_triples(sentence)


# --- 基本支出中…: 中 after a spending word opens its own split ------------------------------------

@pytest.mark.parametrize("sentence", [
    "基本支出中醫療業務支出5868.43萬元,管理費用1111.10萬元,其他支出115.82萬元。",
    "项目支出中业务经费80万元，其他支出20万元。",
])
def test_other_spending_inside_a_spending_split_is_not_the_class(sentence):
    """"基本支出中…,其他支出115.82萬元" (云南 2017): 中 right after a spending word is its 其中, so
    the 其他支出 of that split is no department total of 类 229 (it was read as one)."""
    assert not any(m == "expense.function.229" and b == "current" for m, b, _ in triples(2017, sentence))


def test_near_miss_other_spending_of_the_department_stays_the_class():
    found = triples(2017, "2017年支出合计500万元，其中：一般公共服务支出300万元，其他支出200万元。")
    assert ("expense.function.229", "current", Decimal("200")) in found


def test_near_miss_words_starting_with_zhong_are_no_split():
    """中央, 中心 after 支出 are words of their own: the sentence reads as before."""
    found = triples(2017, "2017年基本支出800万元，其中人员经费600万元。")
    assert ("expense.basic", "current", Decimal("800")) in found


# --- counts inside a purpose clause ------------------------------------------------------------

@pytest.mark.parametrize("sentence, expected", [
    ("公务接待费支出117万元,主要用于国内公务接待427批,4527人次。",
     {("three_public.reception.batches", "current", Decimal("427")),
      ("three_public.reception.people", "current", Decimal("4527"))}),
    ("公务接待费支出8万元，主要用于国内公务接待30批次、200人次。",
     {("three_public.reception.batches", "current", Decimal("30")),
      ("three_public.reception.people", "current", Decimal("200"))}),
    ("因公出国（境）费30.78万元，主要用于2个因公出国（境）团组10人次的出国（境）费用。",
     {("three_public.overseas.people", "current", Decimal("10"))}),
])
def test_counts_named_inside_a_purpose_clause(sentence, expected):
    """青岛 政协 2015: "…公务接待费支出117万元,主要用于国内公务接待427批,4527人次": a purpose clause
    reads no figure as the subject's, yet the counts printed right after an alias that counts its
    own units (批, 人次, 团组) are that alias's."""
    assert expected <= triples(2015, sentence)


@pytest.mark.parametrize("sentence, absent", [
    # money inside a purpose stays unread
    ("公务接待费5万元，主要用于接待上级检查等支出3万元。", ("three_public.reception", Decimal("3"))),
    # a count of something the alias does not count
    ("公务接待费5万元，主要用于保障3个单位的接待。", ("three_public.reception.batches", Decimal("3"))),
])
def test_near_misses_in_a_purpose_clause(sentence, absent):
    assert not any((m, v) == absent for m, _, v in triples(2015, sentence))


# --- metadata: a self-evaluation form, a banner with a web address, a year by 安排 --------------

FORM = ("部门整体绩效自评表\n（{year}年度）\n专项名称 101部门整体\n"
        "部门（单位）名称 {unit} 部门预算编码 101\n"
        "年初部门预算安排金额 年中调整金额 小计 年度拨付金额 支出实现率\n"
        "合计 100.00 10.00 110.00 99.00 90.00\n")


@pytest.mark.parametrize("unit, year", [("宁德市人民政府办公室", 2024), ("某县财政局", 2022)])
def test_a_self_evaluation_form_is_a_final_accounts_part_with_its_unit(tmp_path, unit, year):
    """宁德 2024 部门整体绩效自评表: read as a budget (its 部门预算编码 field and 年初部门预算安排金额
    column) with no unit (the field "部门（单位）名称" has its value in the next cell, no colon)."""
    meta = run(tmp_path, FORM.format(unit=unit, year=year)).disclosure.metadata
    assert (meta.kind, meta.year, meta.unit) == ("final", year, unit)


def test_near_miss_a_performance_target_form_stays_a_budget(tmp_path):
    """A budget's 部门整体支出绩效目标表 (no 自评) under its title stays a budget."""
    text = ("某县财政局2024年部门预算\n一、部门职责\n负责全县财政工作。\n二、收支预算总体情况\n"
            "2024年收支预算总计100万元。\n部门整体支出绩效目标表\n部门名称：某县财政局\n年度预算 100.00\n")
    meta = run(tmp_path, text).disclosure.metadata
    assert (meta.kind, meta.unit) == ("budget", "某县财政局")


def test_near_miss_a_column_header_after_a_name_label_is_no_unit(tmp_path):
    """A table's header row "单位名称 项目名称 金额" is no field: nothing there ends like a name."""
    text = "某县2024年部门预算\n单位名称 项目名称 金额\n合计 100.00\n一、部门职责\n负责有关工作。\n"
    assert run(tmp_path, text).disclosure.metadata.unit != "项目名称"


def test_near_miss_a_spaced_name_field_under_a_titled_page_yields_to_the_title(tmp_path):
    """海南 华侨商业学校 (batch 5, an OCR of the form): "单位名称 (略) 华侨商业学校" under the title's
    full name; a …名称 field without a colon is trusted only after the title."""
    text = ("海南省华侨商业学校2022年决算批复公开资料\n详情见附件\n"
            "部门: (略) 华侨商业学校 金额单位:万元 单位名称 (略) 华侨商业学校 单位负责人 陈某\n"
            "收入支出决算总表 本年收入合计 100.00 本年支出合计 100.00\n")
    assert run(tmp_path, text).disclosure.metadata.unit == "海南省华侨商业学校"


@pytest.mark.parametrize("banner, title, unit", [
    ("精选一区二区三区,日韩中文字幕区一区有砖一区\n\n鐵嶺市人民政府 TIELING.GOV.CN\n\n政府信息公開",
     "遼寧省鐵嶺市人民代表大會常務委員會辦公室2023年度部門決算公開", "遼寧省鐵嶺市人民代表大會常務委員會辦公室"),
    ("某市人民政府 www.moushi.gov.cn\n信息公开", "河北省某市审计局2022年度部门决算", "河北省某市审计局"),
])
def test_a_portal_banner_ending_in_a_web_address_is_not_the_unit(tmp_path, banner, title, unit):
    """铁岭 人大 2023 (a mirror page): spam, the portal's name with its address and a section word
    run into the title; the name read from the banner's start was "…有砖一区鐵嶺市人民政府". A web
    address ends the banner, and the name starts at the province."""
    body = "\n一、主要職責\n負責有關工作。\n二、收入支出決算總體情況說明\n收入決算總計100萬元。\n"
    assert run(tmp_path, f"{banner}\n{title}{body}").disclosure.metadata.unit == unit


def test_near_miss_a_title_without_a_banner_keeps_its_name(tmp_path):
    text = "某县教育局2022年部门决算\n一、部门职责\n负责本县教育工作。\n二、收入支出决算总体情况说明\n收入决算总计100万元。\n"
    assert run(tmp_path, text).disclosure.metadata.unit == "某县教育局"


# the page's table printed one cell a line (more lines than a cover has)
TABLE = "|\n單位:萬元\n|\n項 目\n|\n合計\n|\n一般公共預算\n|\n行政經費\n|\n312.23\n|\n“三公”經費\n|\n29.00\n"
REASON = ",主要原因是公用經費標準有所增加,按照厲行節約的要求從嚴控制各項支出,保障機關正常運轉所需。"


@pytest.mark.parametrize("lines, year", [
    (["2019 年,本部門機關運行經費安排 312.23 萬元, 比上年增加15.18萬元,增長5.11 %" + REASON,
      "2019年本部門財政撥款安排“三公”經費29萬元,比上年增加0.5萬元,增長1.75 %" + REASON], 2019),
    (["2021年本单位财政拨款安排“三公”经费10万元，比上年减少1万元，下降9.09%" + REASON], 2021),
])
def test_the_year_a_titleless_budget_page_arranges_for(tmp_path, lines, year):
    """A 三公 page of an unknown publisher (plpkl 2019): a table, then long sentences, no title and
    no year on the first lines: the year was unread. What a budget 安排s is for its year."""
    text = TABLE + "一、財政撥款安排的行政經費及“三公”經費預算情況：\n" + "\n".join(lines) + "\n"
    assert run(tmp_path, text).disclosure.metadata.year == year


def test_near_miss_a_date_before_an_arrangement_is_no_year(tmp_path):
    text = (TABLE + "一、“三公”经费预算情况：\n2020年12月安排“三公”经费10万元，比上年减少1万元，下降9.09%"
            + REASON + "\n")
    assert run(tmp_path, text).disclosure.metadata.year != 2020
