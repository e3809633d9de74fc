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
    """A 收入总计 that is not the year's appropriations (it holds more) is the total the rule means."""
    values = dict(year=2021, prior=2020, income="2500.00", general="700.00", fund="300.00",
                  business="1500.00", total_in="1080.00", chg_in="100.00", pct_in="10.20",
                  total_out="1150.00", chg_out="150.00", pct_out="15.00")
    got = findings(tmp_path, YEAR.format(carry="", **values), "fiscal-grand-total-balance")
    assert got and all(f.severity == Severity.ERROR for f in got)
