"""How the generator prints figures (generate/numbers.py): 万元 to two decimals rounded half up,
元 whole when whole, counts whole; a printed cell reads back as the 万元 figure; percentages to two
decimals (none of a zero whole); a change's direction, amount, percentage and whether a reason is
required (at the threshold: required; just below: not — the near miss)."""

from __future__ import annotations

from decimal import Decimal as D

from budgetlens.generate.numbers import change, count, from_unit, money, percent, show


def test_money_and_counts_round_half_up():
    assert money(D("2798.775")) == "2798.78" and money(D("836")) == "836.00"
    assert count(D("2.5")) == "3" and count(D("2.49")) == "2"


def test_a_cell_in_yuan_is_whole_when_the_figure_is():
    assert show(D("18976.7551"), "money", "元") == "189767551"
    assert show(D("1.23456"), "money", "元") == "12345.60"
    assert show(D("12.5"), "count") == "13" and show(D("12.5"), "money") == "12.50"
    for value, unit in ((D("18976.7551"), "元"), (D("12.50"), "万元")):
        assert from_unit(D(show(value, "money", unit)), "money", unit) == value


def test_percentages_to_two_decimals_and_none_of_zero():
    assert percent(D("1"), D("3")) == "33.33" and percent(D("1"), D("0")) is None


def test_a_change_needs_a_reason_from_its_threshold():
    at = change(D("110"), D("100"))
    assert (at.direction, at.amount, at.pct, at.material) == ("增加", "10.00", "10.00", True)
    below = change(D("109.99"), D("100"))
    assert below.pct == "9.99" and not below.material
    down = change(D("90"), D("100"))
    assert (down.direction, down.amount) == ("减少", "10.00")
    new = change(D("5"), D("0"))
    assert new.from_zero and new.material and new.pct is None
    assert change(D("100"), D("100")).direction == "持平"
