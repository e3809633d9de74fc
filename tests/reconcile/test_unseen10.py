"""Issue #8, the tenth unseen batch (docs/accuracy.md "Unseen batch 10 (session 17)"): findings
judged false on the page — each as synthetic variants of the pattern — with near misses that keep
the finding, and the true defects of the batch that must stay found."""

from __future__ import annotations

import pytest

from budgetlens.model import Severity
from budgetlens.pipeline import process


def findings(tmp_path, text: str, rule: str) -> list:
    path = tmp_path / "page.txt"
    path.write_text(text, encoding="utf-8")
    return [f for f in process(str(path)).audit.findings if f.rule == rule]


# --- the year's appropriations called 收入总计 in prose -------------------------------------------

YEAR = """{year}年度单位决算情况说明
一、收入决算情况说明
{year}年本年收入合计{income}万元,其中:一般公共预算财政拨款收入{general}万元;政府性基金预算财政拨款收入{fund}万元;事业收入{business}万元。
二、财政拨款收入支出决算总体情况说明
{year}年财政拨款收入总计{total_in}万元,与{prior}年相比增加{chg_in}万元,增长{pct_in}%;财政拨款支出总计{total_out}万元,与{prior}年相比增加{chg_out}万元,增长{pct_out}%。{carry}
"""


@pytest.mark.parametrize("values", [
    dict(year=2021, prior=2020, income="2500.00", general="700.00", fund="300.00", business="1500.00",
         total_in="1000.00", chg_in="100.00", pct_in="11.11", total_out="1150.00", chg_out="150.00",
         pct_out="15.00"),
    dict(year=2019, prior=2018, income="880.50", general="600.25", fund="80.25", business="200.00",
         total_in="680.50", chg_in="-19.50", pct_in="-2.79", total_out="700.00", chg_out="0.00",
         pct_out="0.00"),
])
def test_the_years_appropriations_called_total_are_one_warning(tmp_path, values):
    """保健院 2020: "财政拨款收入总计1614.63万元,…增长50.28%;财政拨款支出总计1870.91万元,…增长51.19%"
    gave three fiscal-grand-total-balance errors (current, change, rate), while 1614.63 is the year's
    一般公共预算 1008.64 + 政府性基金 605.99: the page calls the year's figure 总计 and its spending
    exceeds it by a carry-over it does not name. One warning, on the year's figures."""
    got = findings(tmp_path, YEAR.format(carry="", **values), "fiscal-grand-total-balance")
    assert len(got) == 1 and got[0].severity == Severity.WARNING and got[0].basis == "current"


def test_near_miss_a_printed_carry_over_keeps_the_errors(tmp_path):
    """A 年初财政拨款结转和结余 printed beside them proves the 总计 has its carry-over: the two
    totals must balance, and their difference stays an error."""
    values = dict(year=2021, prior=2020, income="2500.00", general="700.00", fund="300.00",
                  business="1500.00", total_in="1000.00", chg_in="100.00", pct_in="11.11",
                  total_out="1150.00", chg_out="150.00", pct_out="15.00")
    carry = "年初财政拨款结转和结余0.00万元。"
    got = findings(tmp_path, YEAR.format(carry=carry, **values), "fiscal-grand-total-balance")
    assert got and all(f.severity == Severity.ERROR for f in got)


def test_near_miss_a_total_above_the_years_parts_keeps_the_errors(tmp_path):
    """A 收入总计 that is not the year's appropriations (it holds more) is the total the rule means.
    (A table's 总计 row equal to its year's rows stays an error too: tests/reconcile/test_corpus11.py's
    misprinted 支出合计 of seed 004's 财政拨款收支总表.)"""
    values = dict(year=2021, prior=2020, income="2500.00", general="700.00", fund="300.00",
                  business="1500.00", total_in="1080.00", chg_in="100.00", pct_in="10.20",
                  total_out="1150.00", chg_out="150.00", pct_out="15.00")
    got = findings(tmp_path, YEAR.format(carry="", **values), "fiscal-grand-total-balance")
    assert got and all(f.severity == Severity.ERROR for f in got)


# --- a heading naming both levels is no unit wording ----------------------------------------------

HEADINGS = """{title}
目 录
第一部分 {part}
一、主要职能
二、机构设置及人员情况
第二部分 部门决算情况说明
一、收入支出决算总体情况说明
第一部分 {part}
一、主要职能
本部门负责全县青少年工作。
""" + "".join(f"（{i}）本段说明部门决算的编制依据和原则。\n" for i in range(14))


@pytest.mark.parametrize("part", ["部门单位概况", "部门、单位概况", "部门/单位概况"])
def test_a_heading_naming_both_levels_is_no_unit_wording(tmp_path, part):
    """阿克陶 塔尔乡 2021 and 昌吉州团委 2021 (新疆's template) title their first part "部门单位概况":
    form-unit-wording-in-department noted unit wording in a department's document."""
    text = HEADINGS.format(title="2021年度某州团委部门决算公开说明", part=part)
    assert not findings(tmp_path, text, "form-unit-wording-in-department")


def test_near_miss_unit_wording_alone_is_still_noted(tmp_path):
    """隆德 教体局 2024's 部门预算 titles its part "单位概况": still noted (info)."""
    text = HEADINGS.format(title="2021年度某州团委部门决算公开说明", part="单位概况")
    assert findings(tmp_path, text, "form-unit-wording-in-department")


def test_near_miss_balanced_year_totals_are_compared_on_every_basis(tmp_path):
    """Where the year's 总计s balance there is no doubt: a change stated differently for the two
    sides stays an error (the doubtful reading does not skip the other bases)."""
    values = dict(year=2021, prior=2020, income="2500.00", general="700.00", fund="300.00",
                  business="1500.00", total_in="1000.00", chg_in="100.00", pct_in="11.11",
                  total_out="1000.00", chg_out="150.00", pct_out="17.65")
    got = findings(tmp_path, YEAR.format(carry="", **values), "fiscal-grand-total-balance")
    assert {f.basis for f in got} >= {"change_prior"} and all(f.severity == Severity.ERROR for f in got)
