from decimal import Decimal

import pytest

from budgetlens.extract.numbers import half_unit, is_blank, parse_number, to_wan


@pytest.mark.parametrize("text, value, decimals, percent", [
    ("1,234.50", "1234.50", 2, False),
    ("３５６．７８", "356.78", 2, False),
    ("(3.2)", "-3.2", 1, False),
    ("-0.04", "-0.04", 2, False),
    ("18.95%", "18.95", 2, True),
    ("1 234.5", "1234.5", 1, False),
    ("82,527,880.20", "82527880.20", 2, False),
    ("967.73万元", "967.73", 2, False),
    ("100", "100", 0, False),
])
def test_parse_number_keeps_value_and_displayed_precision(text, value, decimals, percent):
    n = parse_number(text)
    assert n is not None
    assert n.value == Decimal(value)
    assert n.decimals == decimals
    assert n.percent is percent


@pytest.mark.parametrize("text", ["", "-", "—", "合计", "2024年", "12.3.4", "(3.2", "1,23"])
def test_parse_number_rejects_non_numbers(text):
    assert parse_number(text) is None


def test_blank_marks():
    assert is_blank("") and is_blank(" - ") and is_blank("——")
    assert not is_blank("0") and not is_blank("0.00")


def test_yuan_to_wan_keeps_exact_precision():
    value, decimals = to_wan(Decimal("82527880.20"), 2, "元")
    assert value == Decimal("8252.788020") and decimals == 6
    assert half_unit(decimals) == Decimal("0.0000005")
    assert to_wan(Decimal("1.5"), 1, "万元") == (Decimal("1.5"), 1)
