"""Names in finding messages (reconcile/wording.py): a measure by the vocabulary's name (a
classification code named from the reference tables), in zh and en; a key the vocabulary does not
know by the label printed beside its figure (zh), else the key itself; a basis by its name, an
unknown basis as its key. A malformed key never costs a finding its message."""

from __future__ import annotations

from decimal import Decimal

from budgetlens.model import Fact, Source
from budgetlens.reconcile.wording import basis_name, measure_name, term_name


def _fact(measure: str, label: str) -> Fact:
    return Fact(measure, "current", Decimal("1.00"), Source("case.txt", 1, 1, text="1.00"), 2,
                "money", "text", "text:1:1", label)


def test_a_known_measure_by_its_vocabulary_name_in_both_languages():
    assert measure_name("expense.general.total") == "一般公共预算财政拨款支出"
    assert measure_name("expense.general.total", lang="en").startswith("general public budget")
    function = measure_name("expense.function.2010301")
    assert "2010301" in function and "行政运行" in function
    assert "Administrative operation" in measure_name("expense.function.2010301", lang="en")


def test_an_unknown_measure_by_its_printed_label_in_zh_else_its_key():
    fact = _fact("expense.custom.thing", "某某专项支出")
    assert measure_name(fact.measure, fact) == "某某专项支出"
    assert term_name(fact) == "某某专项支出"
    assert measure_name(fact.measure, fact, lang="en") == "expense.custom.thing"
    # near miss: a known measure keeps its vocabulary name whatever label was printed
    known = _fact("expense.general.total", "较上年")
    assert term_name(known) == "一般公共预算财政拨款支出"
    assert measure_name("bad key!!") == "bad key!!"


def test_a_basis_by_its_name_and_an_unknown_one_as_its_key():
    assert (basis_name("prior"), basis_name("prior", "en")) == ("上年数", "prior-year figure")
    assert basis_name("completion_initial_budget", "en") == "completion of initial budget"
    assert basis_name("no_such_basis") == basis_name("no_such_basis", "en") == "no_such_basis"
