"""What the words around a figure say about its basis (extract/claim_basis.py), asked at the number
token of real-shaped sentences read by the real flow (tests/extract/claim_spy.py), each with its
near miss: a direction word right before a figure makes it a change (one further away does not);
a comparator's year is no date of the amount while the clause's own year is; a year other than
the document's, and the previous year alone; a signed figure after a comparator is a change, an
unsigned one is not."""

from __future__ import annotations

from budgetlens.extract import claim_basis as basis

from .claim_spy import at, calls

SENTENCE = "2024年一般公共预算财政拨款支出100.00万元，比2023年增加10.00万元。"


def _at(text: str, figure: str, year: int = 2024):
    c = at(calls("number", "budget", year, text), figure)
    return c.ctx, c.before, c.tok


def test_a_direction_word_right_before_a_figure_makes_a_change_against_the_comparator():
    ctx, st, tok = _at(SENTENCE, "10.00万元")
    assert basis.direction_adjacent(ctx, st, tok) and basis.direction_sign(ctx, st, tok) == 1
    assert basis.change_basis(st) == "prior"
    ctx, st, tok = _at(SENTENCE, "100.00万元")
    assert not basis.direction_adjacent(ctx, st, tok)
    far = _at("一般公共预算财政拨款支出增加，主要是人员增加，支出100.00万元。", "100.00万元")
    assert not basis.direction_adjacent(*far)


def test_the_clause_year_dates_the_amount_and_a_comparators_year_does_not():
    assert basis.years(*_at(SENTENCE, "100.00万元")) == {2024}
    assert 2023 not in basis.years(*_at(SENTENCE, "10.00万元"))
    assert not basis.other_year(*_at(SENTENCE, "100.00万元"))


def test_another_year_and_the_previous_year_alone():
    last = _at("2023年一般公共预算财政拨款支出90.00万元。", "90.00万元")
    assert basis.other_year(*last) and basis.previous_year_only(*last)
    older = _at("2022年一般公共预算财政拨款支出90.00万元。", "90.00万元")
    assert basis.other_year(*older) and not basis.previous_year_only(*older)


def test_a_signed_figure_after_a_comparator_states_a_change_and_an_unsigned_one_not():
    assert basis.signed_after_comparator(*_at("一般公共预算财政拨款支出比上年-5.00万元。", "5.00万元"))
    assert not basis.signed_after_comparator(*_at("一般公共预算财政拨款支出比上年5.00万元。", "5.00万元"))
