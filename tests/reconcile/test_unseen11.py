"""Issue #8, the eleventh unseen batch (docs/accuracy.md "Unseen batch 11 (session 18, branch
unseen11)"): findings judged false on the page — each as synthetic variants of the pattern — with
near misses that keep the finding, and the true defects of the batch that must stay found."""

from __future__ import annotations

import pytest

from budgetlens.model import Severity
from budgetlens.pipeline import process


def findings(tmp_path, text: str, rule: str) -> list:
    path = tmp_path / "page.txt"
    path.write_text(text, encoding="utf-8")
    return [f for f in process(str(path)).audit.findings if f.rule == rule]


# --- 收入总计 and 收入合计 printed equal are one figure: the reason given for one is the other's ------

TOTALS = """某县某镇卫生院{year}年度单位决算
一、收入支出决算总体情况说明
{year}年度收、支总计均为{total}万元。与{prior}年度相比,收、支总计各减少{change}万元,下降{pct}%,主要原因是事业收入减少。
二、收入决算情况说明
{year}年度收入合计{income}万元,与{prior}年度相比,收入合计减少{change}万元,下降{pct}%。其中:财政拨款收入{fiscal}万元;事业收入{business}万元。
"""


@pytest.mark.parametrize("values", [
    dict(year=2023, prior=2022, total="4680.58", income="4680.58", change="2415.45", pct="34.04",
         fiscal="2982.61", business="1697.97"),
    dict(year=2021, prior=2020, total="905.00", income="905.00", change="95.00", pct="9.50",
         fiscal="605.00", business="300.00"),
])
def test_a_reason_of_the_grand_total_explains_its_equal_total(tmp_path, values):
    """白泉卫生院 2023: "收、支总计均为4680.58万元…减少2415.45万元,下降34%,主要原因是事业收入减少" then
    "收入合计4680.58万元,…减少2415.45万元,下降34%": one figure under two names (no carry-over), the
    reason given once; a form-change-reason-missing warning said the second had none."""
    assert not findings(tmp_path, TOTALS.format(**values), "form-change-reason-missing")


def test_near_miss_a_total_unequal_to_the_grand_total_needs_its_own_reason(tmp_path):
    """With a carry-over the two totals differ: the reason of one says nothing of the other."""
    values = dict(year=2023, prior=2022, total="4780.58", income="4680.58", change="2415.45",
                  pct="34.04", fiscal="2982.61", business="1697.97")
    got = findings(tmp_path, TOTALS.format(**values), "form-change-reason-missing")
    assert got and got[0].measure == "income.total"


# --- a source list cut by the end of the text adds up to nothing -----------------------------------

CUT = """某县某镇卫生院{year}年度单位决算
一、收入决算情况说明
{year}年度收入合计{income}万元,与{prior}年度相比,收入合计减少{change}万元,下降{pct}%,主要原因是事业收入减少。其中:财政拨款收入 {fiscal}万元,占本年收入{share}%;上级补助收入0万"""


@pytest.mark.parametrize("values", [
    dict(year=2023, prior=2022, income="4680.58", change="2415.45", pct="34.04", fiscal="2982.61",
         share="63.72"),
    dict(year=2020, prior=2019, income="1200.00", change="100.00", pct="7.69", fiscal="900.00",
         share="75.00"),
])
def test_a_source_list_cut_by_the_text_end_is_no_closed_sum(tmp_path, values):
    """白泉卫生院 2023: the copy stops at "上级补助收入0万": 4680.58 against 2982.61 + 0 was an
    income-total-sources-combined warning, though the sources after the cut are not on the page."""
    assert not findings(tmp_path, CUT.format(**values), "income-total-sources-combined")


def test_near_miss_a_closed_short_list_is_still_added_up(tmp_path):
    """The same list closed by 。 names all the page gives: its shortfall stays a finding."""
    text = CUT.format(year=2023, prior=2022, income="4680.58", change="2415.45", pct="34.04",
                      fiscal="2982.61", share="63.72") + "元。\n"
    assert findings(tmp_path, text, "income-total-sources-combined")


def test_the_truncated_share_stays_an_error(tmp_path):
    """The batch's true defect: 2982.61 / 4680.58 is 63.72%, printed 63% (cut, not rounded)."""
    text = CUT.format(year=2023, prior=2022, income="4680.58", change="2415.45", pct="34.04",
                      fiscal="2982.61", share="63")
    got = findings(tmp_path, text, "share-of-whole")
    assert got and got[0].severity == Severity.ERROR


# --- a self-evaluation's 年初预算 is the initial budget, not the year's figure -----------------------

SELF_EVAL = """根据《某区财政局关于做好{year}年度预算绩效自评工作的通知》,我单位组织力量对{year}年部门预算整体支出进行了绩效评价,自评得分为{score}分,现将部门整体支出绩效评价情况报告如下:
一、基本情况
我中心为全额拨款事业单位。人员编制数10人。
二、一般公共预算支出情况
1、{year}年收入总计{income}万元。
3、{year}年“三公”年初预算为{budget}万元,其中公务接待费年初预算{budget}万元,公务用车购置及运行费年初预算0万元。{year}年“三公”经费决算支出{final}万元,其中:公务接待费决算支出{final}万元。
"""


@pytest.mark.parametrize("values", [
    dict(year=2022, score=94, income="201.93", budget="8", final="6.89"),
    dict(year=2023, score=88, income="150.00", budget="5.50", final="4.10"),
])
def test_a_self_evaluations_initial_budget_is_no_second_figure(tmp_path, values):
    """赫山 2022 read as a budget: "“三公”年初预算为8万元" was the year's figure beside the final
    "决算支出6.89万元" — a false measure-consistency warning (8 against 6.89)."""
    assert not findings(tmp_path, SELF_EVAL.format(**values), "measure-consistency")


def test_near_miss_two_final_figures_that_differ_stay_found(tmp_path):
    """Two final figures of the same 三公 total that differ are still reported."""
    text = SELF_EVAL.format(year=2022, score=94, income="201.93", budget="8", final="6.89") \
        + "2022年“三公”经费决算支出7.50万元。\n"
    assert findings(tmp_path, text, "measure-consistency")


# --- a cut list opens the text's total only ---------------------------------------------------------

def _sum_of(origin: str):
    from types import SimpleNamespace as NS
    total = NS(role="total", fact=NS(measure="three_public.vehicle", basis="current", origin=origin))
    return NS(rule=NS(kind="sum"), terms=(total,))


def test_a_cut_list_opens_the_texts_total_not_the_tables():
    """杜集 政府办 2021: the text's "公务用车购置及运行维护费支出2.48万元…其中,公务用车购置费0万元,…" is
    cut by the copy's end, and its table prints 2.48 = 0 + 2.48: the table's sum is still checked
    (a holding identity was lost when the cut opened every 2.48)."""
    from budgetlens.reconcile.engine import _open_sum
    cut = {("three_public.vehicle", "current", "text")}
    assert _open_sum(_sum_of("text"), cut) and not _open_sum(_sum_of("table"), cut)


def test_near_miss_an_unnamed_part_named_in_a_sentence_opens_every_reading():
    """"共有车辆70辆，其中业务用车17辆…" (an unnamed part, no cut) keeps its reach over every reading."""
    from budgetlens.reconcile.engine import _open_sum
    unnamed = {("three_public.vehicle", "current", "")}
    assert _open_sum(_sum_of("text"), unnamed) and _open_sum(_sum_of("table"), unnamed)
