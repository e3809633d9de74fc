"""The number lexer (rules/numbers.py): real printed figures, each with where it was printed, and
the near misses each shape must refuse."""

from decimal import Decimal

import pytest

from budgetlens.rules.lexicon import load_lexicon
from budgetlens.rules.numbers import (MODEL_UNIT, per_unit, AMOUNT_LIKE, CLEAN_NUMBER, DIGIT_RUN, PRINTED_AMOUNT,
                                      figure_pattern, figure_value, is_numeric_cell, parse_number,
                                      to_wan)


def _figures(text: str) -> list[tuple[str, Decimal, int, str]]:
    lex = load_lexicon()
    pattern = figure_pattern(lex.money_units + lex.percent_units + lex.count_units)
    out = []
    for m in pattern.finditer(text):
        value, decimals = figure_value(m)
        out.append((m.group(0), value, decimals, m.group("unit") or ""))
    return out


def test_figures_of_a_sentence_with_thousands_separators_and_percentages():
    # corpus/pdf/jiangsu_zxbgt_2018_yusuan_text.pdf, page 7
    text = ("江苏省政协办公厅2018年度收入、支出预算总计10,150.48万元，与上年相比收、支预算总计各增加"
            "1,003.69万元，增长10.97%。")
    assert _figures(text) == [
        ("2018", Decimal(2018), 0, ""),
        ("10,150.48万元", Decimal("10150.48"), 2, "万元"),
        ("1,003.69万元", Decimal("1003.69"), 2, "万元"),
        ("10.97%", Decimal("10.97"), 2, "%"),
    ]


def test_figures_in_yuan_and_the_longest_unit():
    # corpus/pdf/jilin_changchun_xfj_2026_yusuan.pdf, page 17: 元 where 万元 was meant, kept as printed
    text = "2026年预算支出1682.76元，其中基本支出预算1208.20万元，占部门预算总支出的71.80%"
    units = [(f, u) for f, _, _, u in _figures(text)]
    assert units == [("2026", ""), ("1682.76元", "元"), ("1208.20万元", "万元"), ("71.80%", "%")]
    assert to_wan(Decimal("1682.76"), 2, "元") == (Decimal("0.168276"), 6)
    assert to_wan(Decimal("19.53"), 2, "亿元") == (Decimal("195300.00"), 0)


def test_counts_take_their_longest_unit():
    # seeds/002_e92d25c76e12c090.txt, line 67
    text = "2020年度本单位因公出国（境）共计0个团组，0人；公务用车购置0辆，公务车保有量为1辆；国内公务接待5批次80人"
    assert [u for *_, u in _figures(text)] == ["", "个团组", "人", "辆", "辆", "批次", "人"]


@pytest.mark.parametrize("text, figures", [
    ("12.3.4", ["12.3"]),          # a section number: the 4 after a point is no figure
    ("第1,23页", ["1", "23"]),      # a broken thousands group is two numbers, never 123
])
def test_near_misses_in_sentences(text, figures):
    assert [f for f, *_ in _figures(text)] == figures


@pytest.mark.parametrize("text, value, decimals", [
    ("（3.20）", "-3.20", 2),         # a negative printed in brackets
    ("－１，２３４．５０", "-1234.50", 2),  # full-width sign, digits, separator and point
    ("12.5 %", "12.5", 1),
])
def test_cells(text, value, decimals):
    n = parse_number(text)
    assert n is not None and (n.value, n.decimals) == (Decimal(value), decimals)


@pytest.mark.parametrize("text", ["(3.2", "1,23", "12.3.4", "2024年", "—"])
def test_cells_that_are_no_number(text):
    assert parse_number(text) is None


@pytest.mark.parametrize("text, numeric", [
    ("1,234.50", True), ("(3.2)", True), ("-12%", True), ("１２３．４５", True),
    ("（１２）", True), ("合计", False), ("2024年", False), ("1.2.3", False), ("", False),
])
def test_numeric_cell(text, numeric):
    assert is_numeric_cell(text) is numeric


def test_reader_shapes():
    assert AMOUNT_LIKE.search("合计 12,437.36") and AMOUNT_LIKE.search("1,234")
    assert not AMOUNT_LIKE.search("2024年 第3页")  # a year or a page number is not an amount
    m = PRINTED_AMOUNT.fullmatch("12,437.36")
    assert m is not None and m.group(1) == "36"
    assert PRINTED_AMOUNT.fullmatch("12,43.7") is None
    assert CLEAN_NUMBER.match("(181,184.15)") and CLEAN_NUMBER.match("-3%")
    for misread in ("967,73", "2O1", "1．"):  # OCR runs that read as no number
        assert CLEAN_NUMBER.match(misread) is None
    assert DIGIT_RUN.fullmatch(".36") and not DIGIT_RUN.fullmatch("6万元")


def test_a_printed_unit_in_wan_is_the_lexers_conversion():
    """The generator prints and reads back a 万元 figure in a table's unit through the lexer's one
    conversion (``per_unit`` is ``to_wan`` of 1): 元 is 0.0001 万元, the model's unit itself 1 —
    the exponent too, so a figure read back prints as before. Near miss: 亿元 is no 元."""
    assert MODEL_UNIT == "万元" and per_unit(MODEL_UNIT) == 1
    assert str(per_unit("元")) == "0.0001" and per_unit("千元") == Decimal("0.1")
    assert per_unit("亿元") == 10000 != per_unit("元")
    assert Decimal("189767551") * per_unit("元") == Decimal("18976.7551")
