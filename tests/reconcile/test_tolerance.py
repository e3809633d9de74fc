"""Rounding-aware comparison: intervals over the printed precision (standards §4 tolerance)."""

from decimal import Decimal as D

import pytest

from budgetlens.reconcile.tolerance import (Interval, ToleranceSettings, compare, ratio_percent,
                                            sum_intervals)


def iv(text: str) -> Interval:
    decimals = len(text.split(".")[1]) if "." in text else 0
    return Interval.of(D(text), decimals)


def test_printed_figure_stands_for_half_a_unit_either_side():
    assert iv("2.4") == Interval(D("2.35"), D("2.45"), D("2.4"))
    assert iv("371.06").width == D("0.010")


def test_parts_rounded_separately_may_miss_the_total_by_a_cent():
    # seed 003: 一般公共服务 291.20 + 社保 40.24 + 卫生 20.64 + 住房 18.97 = 371.05 vs 371.06
    parts = sum_intervals(iv(x) for x in ("291.20", "40.24", "20.64", "18.97"))
    verdict = compare(iv("371.06"), parts)
    assert verdict.holds and not verdict.exact
    assert verdict.difference == D("0.01")


def test_a_clear_difference_is_outside_the_tolerance():
    # seed 000: 1110.21 stated vs −136.48 + 1211.69 = 1075.21
    verdict = compare(iv("1110.21"), iv("-136.48") + iv("1211.69"))
    assert not verdict.holds
    assert verdict.difference == D("35.00")


def test_ten_cent_figures_in_text_and_yuan_figures_in_tables_agree():
    # 213.28 万元 in the text vs 2,132,777.54 元 in a table (6 decimals once in 万元)
    table = Interval.of(D("213.277754"), 6)
    assert compare(iv("213.28"), table, stated_decimals=2).exact
    assert not compare(iv("213.29"), table).holds


def test_percentage_over_operand_intervals():
    # seed 002: 机关运行经费 增加9.49 on 50.07 → base 40.58, 23.39%, stated 18.95%
    base = iv("50.07") - iv("9.49")
    pct = ratio_percent(iv("9.49"), base)
    assert pct.lo < D("23.39") < pct.hi
    assert not compare(iv("18.95"), pct, stated_decimals=2).holds
    # 公务车运行维护费 −0.04 on 2.44 is −1.64% (stated −1.16%): a wide base interval still refutes it
    op = ratio_percent(iv("-0.04"), iv("2.4") - iv("-0.04"))
    assert not compare(iv("-1.16"), op).holds
    assert compare(iv("-1.64"), op).holds


def test_percentage_of_a_base_that_may_be_zero_is_unbounded():
    assert ratio_percent(iv("1.02"), iv("1.02") - iv("1.02")) is None


def test_relations_le_and_ge():
    assert compare(iv("42.24"), iv("42.24"), "le").holds
    assert compare(iv("13.24"), iv("0.00"), "le").holds is False
    assert compare(iv("8.31"), iv("0.30"), "ge").holds
    with pytest.raises(ValueError):
        compare(iv("1"), iv("1"), "lt")


def test_settings_resolve_from_a_dict_and_name_a_bad_key():
    s = ToleranceSettings.resolve({"extra_slack": "0.01", "report_rounding": False})
    assert s.extra_slack == D("0.01") and not s.report_rounding
    assert compare(iv("1.00"), iv("1.02"), settings=s).holds
    assert not compare(iv("1.00"), iv("1.02")).holds
    with pytest.raises(ValueError, match="slack_typo"):
        ToleranceSettings.resolve({"slack_typo": 1})
    with pytest.raises(ValueError):
        ToleranceSettings(extra_slack=D(-1))


def test_percentages_get_a_tenth_of_a_point_for_rounding_slips():
    # 21940.96 / 21955.35 = 99.9345% printed as 99.94%: a rounding slip, not a wrong figure
    share = ratio_percent(iv("21940.96"), iv("21955.35"))
    assert not compare(iv("99.94"), share).holds
    verdict = compare(iv("99.94"), share, percent=True)
    assert verdict.holds and not verdict.exact
    assert not compare(iv("99.70"), share, percent=True).holds
