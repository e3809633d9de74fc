"""A percentage judged against what its printed digits explain (rule percent-beyond-printed-rounding).

The general pattern: a stated percentage whose recomputation from the printed figures differs by
more than the rounding of every figure (the intervals) plus one more unit of its own last digit,
but by less than the customary 0.1 pp slack.
Until session 14 that was a rounding note; "下降0.87%" beside figures that give 0.80% is not
rounding, so it is a warning. One unit of the last digit is allowed beyond the intervals: a
truncated percentage, or one moved so that shares add up to 100. Written variants of real sentences (泉州 市政府办公室 2026 p27,
长沙 公安局 2025 p9, seed 002 L59, 重庆 增福镇卫生院 2024 L20), each with near misses.
"""

from decimal import Decimal as D

from budgetlens.reconcile import reconcile
from budgetlens.reconcile.tolerance import Interval, compare

from .test_engine import disclosure, project, rules

PCT = ("pct-change", "percent-beyond-printed-rounding", "rounding-difference")


def printed(value: str) -> Interval:
    """A figure as printed: half a unit of its last digit either side."""
    d = len(value.split(".")[1]) if "." in value else 0
    half = D(1).scaleb(-d) / 2
    return Interval(D(value) - half, D(value) + half, D(value))


def test_two_decimals_explain_a_hundredth_not_seven():
    expected = Interval(D("-0.8063"), D("-0.7855"), D("-0.7959"))  # −2.10 over 263.90-ish
    verdict = compare(printed("-0.87"), expected, percent=True)
    assert verdict.holds and not verdict.printed  # inside 0.1 pp, beyond the print
    assert verdict.tolerance < D("0.1")  # the printed tolerance is reported
    # a truncated −0.879 printed −0.87, or a −0.8595 moved by one unit: explained
    for iv in (Interval(D("-0.8795"), D("-0.8785"), D("-0.879")),
               Interval(D("-0.8596"), D("-0.8594"), D("-0.8595"))):
        assert compare(printed("-0.87"), iv, percent=True).printed
    # near miss: two units off is beyond the print
    assert not compare(printed("-0.87"), Interval(D("-0.8496"), D("-0.8494"), D("-0.8495")),
                       percent=True).printed


def test_an_integer_percentage_keeps_the_customary_slack():
    """Half a unit of "2%" is 0.5 pp: the cut never widens, so 0.1 pp stays the slack."""
    expected = Interval(D("2.55"), D("2.58"), D("2.56"))
    verdict = compare(printed("2"), expected, percent=True)
    assert verdict.holds and verdict.printed
    assert not compare(printed("2"), Interval(D("2.61"), D("2.62"), D("2.615")), percent=True).holds


def test_a_zero_percentage_read_as_exact_keeps_its_unit():
    """Near miss: "增加0.02万元，增长0%" on 500万元 is 0.004 %, printed as 0%: a zero percentage
    read as exact (width 0) still stands for one unit of its digit, never a warning."""
    exact_zero = Interval(D(0), D(0), D(0))
    tiny = Interval(D("0.0039"), D("0.0041"), D("0.004"))
    assert compare(exact_zero, tiny, stated_decimals=0, percent=True).printed
    assert not compare(exact_zero, Interval(D("0.19"), D("0.2"), D("0.195")), stated_decimals=0,
                       percent=True).holds


def test_amounts_are_not_judged_by_percentage_digits():
    verdict = compare(printed("371.06"), Interval(D("371.03"), D("371.07"), D("371.05")))
    assert verdict.holds and verdict.printed


QUANZHOU = """
text:27:19 three_public.vehicle_purchase current 261.90 公务用车购置费
text:27:19 three_public.vehicle_purchase change_prior {change} 公务用车购置费
text:27:19 three_public.vehicle_purchase pct_change_prior {pct} 公务用车购置费
"""


def audit(text: str, *ids: str):
    found, _ = reconcile(disclosure(text), rules("change-arithmetic", *ids))
    return found


def test_quanzhou_as_printed_is_quiet_and_a_moved_change_warns():
    # 2.30 / 264.20 = 0.8706 %: "下降0.87%" as printed
    assert project(audit(QUANZHOU.format(change="-2.30", pct="-0.87"), *PCT)) == []
    moved = audit(QUANZHOU.format(change="-2.10", pct="-0.87"), *PCT)
    assert project(moved) == [("percent-beyond-printed-rounding", "warning",
                               "three_public.vehicle_purchase", "pct_change_prior")]
    finding = moved.findings[0]
    assert (finding.stated, finding.expected) == ("-0.87", "-0.80")
    assert finding.category == "percentage"
    assert {e.value for e in finding.evidence} >= {"-0.87", "-2.10", "261.90"}
    assert "超出所印位数" in finding.message and "beyond what the printed digits" in \
        finding.message_en
    assert moved.identities_held < moved.identities_evaluated  # it does not hold


def test_beyond_the_customary_slack_it_is_the_checks_own_error():
    wrong = audit(QUANZHOU.format(change="-1.50", pct="-0.87"), *PCT)  # 0.57 %
    assert project(wrong) == [("pct-change", "error", "three_public.vehicle_purchase",
                               "pct_change_prior")]


def test_without_the_rule_it_is_a_rounding_note_as_before():
    moved = audit(QUANZHOU.format(change="-2.10", pct="-0.87"), "pct-change",
                  "rounding-difference")
    assert project(moved) == [("rounding-difference", "info", "three_public.vehicle_purchase",
                               "pct_change_prior")]
    assert moved.identities_held == moved.identities_evaluated


CHANGSHA = """
text:9:10 admin_operating_cost current {current} 机关运行经费
text:9:10 admin_operating_cost change_prior -29.30 机关运行经费
text:9:10 admin_operating_cost pct_change_prior -1.41 机关运行经费
"""


def test_changsha_current_moved_by_seven_percent_warns():
    # 29.30 / 2074.31 = 1.4125 %: as printed
    assert project(audit(CHANGSHA.format(current="2045.01"), *PCT)) == []
    assert project(audit(CHANGSHA.format(current="2188.16"), *PCT)) == [
        ("percent-beyond-printed-rounding", "warning", "admin_operating_cost",
         "pct_change_prior")]


def test_one_decimal_keeps_the_customary_slack_and_truncation_is_a_note():
    """Near misses: 重庆 增福镇卫生院 prints 1.8% for 20.38 / 1164.41 = 1.750 % (rounding); one
    unit of a one-decimal percentage is the 0.1 pp itself, so 1.936 % printed 1.8 stays a note
    (a truncating document prints 1.879 % as 1.8)."""
    zengfu = """
text:1:20 income.total current 1184.79 收入合计
text:1:20 income.total change_prior {change} 收入合计
text:1:20 income.total pct_change_prior 1.8 收入合计
"""
    assert "percent-beyond-printed-rounding" not in {
        f.rule for f in audit(zengfu.format(change="20.38"), *PCT).findings}
    for change in ("21.85", "22.50"):  # 1.879 %, 1.936 %
        assert [f.severity for f in audit(zengfu.format(change=change), *PCT).findings] == ["info"]
    beyond = audit(zengfu.format(change="23.50"), *PCT)  # 2.023 %: beyond 0.1 pp
    assert project(beyond) == [("pct-change", "error", "income.total", "pct_change_prior")]


def test_a_share_moved_by_one_unit_to_make_100_is_a_note():
    """江苏 检察院 2018 p25 prints 基本支出 13,994.31 of 21,955.35 as 63.75% (63.7398) beside
    项目支出 36.25%: one unit moved so the shares add up to 100. Two units is beyond the print."""
    jcy = """
text:25:15 expense.basic current 13994.31 基本支出
text:25:15 expense.basic share {share} 基本支出 of=expense.total
text:14:5 expense.total current 21955.35 支出合计
"""
    quiet = audit(jcy.format(share="63.75"), "share-of-whole", *PCT)
    assert [f.rule for f in quiet.findings] == ["rounding-difference"]
    moved = audit(jcy.format(share="63.76"), "share-of-whole", *PCT)
    assert project(moved) == [("percent-beyond-printed-rounding", "warning", "expense.basic",
                               "share")]
