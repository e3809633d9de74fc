"""Rounding intervals (imply/interval.py): a printed figure stands for ± half a unit of its last
digit; a sum or a difference carries the widths of both (an implied value is as uncertain as all
its inputs together); a difference that may be zero is told from one that cannot be."""

from __future__ import annotations

from decimal import Decimal as D

from budgetlens.imply.interval import Interval


def test_a_printed_figure_stands_for_half_a_unit_of_its_last_digit():
    two = Interval.of(D("6.50"), 2)
    assert (two.lo, two.hi, two.point) == (D("6.495"), D("6.505"), D("6.50"))
    assert Interval.of(D("7"), 0).width == 1
    assert Interval.of(D("7"), -1).width == 1  # no negative precision: an integer at least
    assert Interval.exact(D("0")).width == 0


def test_an_implied_value_carries_the_rounding_of_every_input():
    # prior = current − change: 120.00 (2 decimals) − 10.0 (1 decimal)
    prior = Interval.of(D("120.00"), 2) - Interval.of(D("10.0"), 1)
    assert prior.point == D("110.00")
    assert (prior.lo, prior.hi) == (D("109.945"), D("110.055"))
    total = Interval.of(D("60.00"), 2) + Interval.of(D("50.00"), 2)
    assert (total.lo, total.hi) == (D("109.990"), D("110.010"))
    assert total.neg() == Interval(D("-110.010"), D("-109.990"), D("-110.00"))


def test_a_difference_within_rounding_may_be_zero_and_one_beyond_cannot():
    within = Interval.of(D("6.50"), 2) - Interval.of(D("6.504"), 3)
    assert within.contains_zero()
    beyond = Interval.of(D("6.50"), 2) - Interval.of(D("6.52"), 2)
    assert not beyond.contains_zero()
