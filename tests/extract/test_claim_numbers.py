"""The number handler (extract/claim_numbers.py): what a number token becomes by its kind, and the
bookkeeping of a number nothing names. Sentences are read by the real narrative flow (one line of
running text); each behaviour with its near miss:

- a pair of figures after 各 is the two measures of a 收、支 subject in order; one figure after 各
  stays both's;
- a decimal number right after an alias, ending its clause, is an amount in 万元 though no unit is
  printed; an integer there is not (a count or a code as likely);
- after 其中, a part the list does not name is an ``unnamed_part`` claim of the whole (so a sum
  over the named parts is known to be incomplete); without 其中 it is only unattached;
- every number is counted as seen, and as attached only when it became a fact.
"""

from __future__ import annotations

from decimal import Decimal

from budgetlens.extract.narrative import read_narrative
from budgetlens.model import Document, Line, Metadata, Page


def _read(text: str, kind: str = "final", year: int = 2024):
    document = Document("inline.txt", "text", (Page(1, (Line(text, 1, 1),)),))
    return read_narrative(document, Metadata(kind=kind, year=year))[1]


def _facts(engine) -> list[tuple[str, str, Decimal]]:
    return [(f.measure, f.basis, f.value) for f in engine.facts]


def test_a_pair_after_ge_is_the_two_measures_in_order_and_one_figure_is_both():
    pair = _read("2024年度收、支总计各是4125.49,4143.91万元。")
    assert _facts(pair) == [("income.grand_total", "current", Decimal("4125.49")),
                            ("expense.grand_total", "current", Decimal("4143.91"))]
    one = _read("2024年度收、支总计各是4125.49万元。")
    assert _facts(one) == [("income.grand_total", "current", Decimal("4125.49")),
                           ("expense.grand_total", "current", Decimal("4125.49"))]


def test_a_decimal_right_after_an_alias_is_an_amount_and_an_integer_is_not():
    decimal = _read("2024年度项目支出198.36，占支出总额的20.00%。")
    assert ("expense.project", "current", Decimal("198.36")) in _facts(decimal)
    integer = _read("2024年度项目支出198，占支出总额的20.00%。")
    assert _facts(integer) == []
    assert (integer.stats.numbers, integer.stats.attached) == (1, 0)


def test_a_part_the_list_does_not_name_is_an_unnamed_part_of_the_whole():
    listed = _read("截至2024年底，共有车辆70辆，其中保洁用车17辆。")
    assert _facts(listed) == [("assets.vehicles", "current", Decimal(70))]
    assert [(c.kind, c.measure, c.value) for c in listed.claims] == \
        [("unnamed_part", "assets.vehicles", "17辆")]
    assert (listed.stats.numbers, listed.stats.attached) == (2, 1)
    unlisted = _read("截至2024年底，共有车辆70辆，保洁用车17辆。")
    assert "unnamed_part" not in {c.kind for c in unlisted.claims}
    named = _read("截至2024年底，共有车辆70辆，其中机要通信用车17辆。")
    assert ("assets.vehicles.confidential", "current", Decimal(17)) in _facts(named)
    assert named.claims == [] and (named.stats.numbers, named.stats.attached) == (2, 2)
