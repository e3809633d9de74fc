"""A document's figures as a cross-document check reads them (crosscheck/figures.py), on stored
records the test builds: the observation that stands for the document (a table cell before a
sentence before an implied value), the values a printed figure stands for (its rounding; an
integer zero exact; an implied value as wide as its inputs' rounding), and how an implied value
is cited (by the printed facts it came from)."""

from __future__ import annotations

import json
from decimal import Decimal

from budgetlens.crosscheck.figures import evidence, implied_interval, interval, pick
from budgetlens.store.cross import StoredFact


def _fact(value: str, origin: str = "table", page: int = 1, line: int = 1,
          derived_from: str | None = None) -> StoredFact:
    decimals = len(value.split(".")[1]) if "." in value else 0
    return StoredFact("expense.total", "current", Decimal(value), decimals, "money", origin, page,
                      line, 0 if origin == "table" else None, 3 if origin == "table" else None,
                      2 if origin == "table" else None, value, None, derived_from)


def test_a_table_cell_stands_for_the_document_before_a_sentence_and_an_implied_value():
    text, cell, implied = _fact("100.0", "text", 1, 2), _fact("100.00", "table", 5, 9), \
        _fact("100.004", "derived")
    assert pick([text, implied, cell])[("expense.total", "current")] is cell
    assert pick([implied, text])[("expense.total", "current")] is text
    earlier = _fact("100.00", "text", 1, 1)
    assert pick([text, earlier])[("expense.total", "current")] is earlier  # the first printed


def test_a_printed_figure_stands_for_its_rounding_and_an_integer_zero_for_nothing():
    two = interval(_fact("6.50"))
    assert (two.lo, two.hi) == (Decimal("6.495"), Decimal("6.505"))
    zero = interval(_fact("0"))
    assert zero.lo == zero.hi == 0
    printed_zero = interval(_fact("0.00"))  # near miss: 0.00 is a rounded figure
    assert printed_zero.lo < 0 < printed_zero.hi


def test_an_implied_value_carries_its_inputs_rounding_and_is_cited_by_them():
    inputs = [{"measure": "expense.total", "basis": "current", "value": "120.00", "page": 2,
               "line": 4, "text": "支出120.00万元", "origin": "text"},
              {"measure": "expense.total", "basis": "change_prior", "value": "10.0", "page": 2,
               "line": 4, "text": "增加10.0万元", "origin": "text"}]
    fact = _fact("110.00", "derived", derived_from=json.dumps(inputs, ensure_ascii=False))
    span = interval(fact)
    assert span.lo <= Decimal("109.945") and span.hi >= Decimal("110.055")
    assert implied_interval(Decimal("110.00"), [2, 1]).hi == span.hi
    head, *cited = evidence(7, fact, "stated")
    assert head.derived and "expense.total change_prior 10.0" in head.text
    assert [(c.role, c.value, c.line) for c in cited] == [("stated-input", "120.00", 4),
                                                          ("stated-input", "10.0", 4)]
    (printed,) = evidence(7, _fact("110.00"), "stated")  # near miss: a cell cites itself
    assert (printed.role, printed.table_idx, printed.row, printed.derived) == ("stated", 0, 3, False)
