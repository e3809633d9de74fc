"""The identity ``hierarchy`` (reconcile/evaluators_hierarchy.py): classified rows add up by code
prefix inside a scope; a level the table does not print is skipped; rates never add up; what a
sentence lists (some items, this year's only) is not assessable where a table's rows would be a
finding (each case beside its near miss)."""

from decimal import Decimal as D

import pytest

from budgetlens.model import Fact, Source

from .test_evaluators import fact, findings


def test_hierarchy_children_skip_a_level_the_table_does_not_print():
    """A 类 whose 款 rows are not printed adds up its 项 rows; a 款 adds up its own 项 only (the
    children of each code come from one index per scope)."""
    facts = [fact("expense.general.function.201", "30.00"),
             fact("expense.general.function.2010101", "10.00"),
             fact("expense.general.function.2010102", "15.00"),
             fact("expense.general.function.208", "9.00"),
             fact("expense.general.function.20805", "9.00"),
             fact("expense.general.function.2080501", "4.00"),
             fact("expense.general.function.2080502", "5.00")]
    result, found = findings(facts, "hierarchy-general-function")
    assert [(f.measure, f.stated, f.expected) for f in found] == [
        ("expense.general.function.201", "30.00", "25.00")]
    assert result.identities_evaluated == 3 and result.identities_held == 2


def pct(measure, value, basis="pct_change_prior", scope="text:1:1"):
    src = Source("case.txt", 1, line=1, text=value)
    return Fact(measure, basis, D(value), src, 2, "percent", "text", scope, measure)


def money(measure, value, basis="current", scope="text:1:1"):
    src = Source("case.txt", 1, line=1, text=value)
    return Fact(measure, basis, D(value), src, 2, "money", "text", scope, measure)


@pytest.mark.parametrize("basis", ["pct_change_prior", "pct_change_initial_budget", "share"])
def test_rates_of_a_class_and_its_items_are_never_added_up(basis):
    """平潭 岚城乡 决算: "公共财政拨款支出1908.31万元，…增长17.8%" then each 项 "…，增长28.77%":
    the items' rates were summed (248.84) against the total's 17.8 (a false error). Rates and
    shares do not add up over the classification; their amounts still do."""
    total, items = "expense.general", "expense.general.function"
    facts = [money(f"{total}.total", "300.00"), pct(f"{total}.total", "17.80", basis),
             money(f"{items}.2010301", "200.00"), pct(f"{items}.2010301", "28.77", basis),
             money(f"{items}.2010601", "100.00"), pct(f"{items}.2010601", "25.45", basis)]
    result, found = findings(facts, "hierarchy-general-function")
    assert found == [] and result.identities_evaluated == result.identities_held == 1


def test_amounts_of_a_class_and_its_items_still_add_up():
    """Near miss: the same sentences' amounts above the total are still a finding (falling
    short, they are not assessable: test_a_text_list_short_of_its_total_is_not_assessable)."""
    items = "expense.general.function"
    facts = [money("expense.general.total", "250.00"), money(f"{items}.2010301", "200.00"),
             money(f"{items}.2010601", "100.00")]
    _, found = findings(facts, "hierarchy-general-function")
    assert [(f.measure, f.stated, f.expected) for f in found] == [
        ("expense.general.total", "250.00", "300.00")]


@pytest.mark.parametrize("total", ["350.00", "304.02"])
def test_a_text_list_short_of_its_total_is_not_assessable(total):
    """平潭 教育局 2016 决算: 18 of the 19 items its sentence lists are read (成人教育 is a 款 the
    2016 reference does not know), 4.02 short of 公共财政拨款支出 80,442.41: a list in a sentence
    may leave items out, so a shortfall is no finding (a table's is: test below)."""
    items = "expense.general.function"
    facts = [money("expense.general.total", total), money(f"{items}.2010301", "200.00"),
             money(f"{items}.2010601", "100.00")]
    result, found = findings(facts, "hierarchy-general-function")
    assert found == [] and any("可能不全" in a.reason for a in result.not_assessable)


@pytest.mark.parametrize("basis", ["change_prior", "change_initial_budget"])
@pytest.mark.parametrize("total", ["-150.00", "310.00"])
def test_changes_of_the_items_a_text_lists_bound_nothing(basis, total):
    """平潭 岚城乡 2017 决算: "公共财政拨款支出1908.31万元，比2016年决算数增加288.33万元" then its 13
    项 with their changes, which add up to 307.35: a text lists the items spent this year, and an
    item spent last year only is not among them. Not assessable, either way, not a finding."""
    items = "expense.general.function"
    facts = [money("expense.general.total", total, basis), money(f"{items}.2010301", "200.00", basis),
             money(f"{items}.2010601", "100.00", basis)]
    result, found = findings(facts, "hierarchy-general-function")
    assert found == [] and result.identities_evaluated == 0
    assert any("变动额无法核对" in a.reason for a in result.not_assessable)


def test_changes_of_the_items_a_table_lists_still_add_up():
    """Near miss: the same changes in a table's columns are still checked (a table prints every
    row of its classification, those of last year only too)."""
    items = "expense.general.function"
    facts = [money("expense.general.total", "310.00", "change_prior", "table:1"),
             money(f"{items}.2010301", "200.00", "change_prior", "table:1"),
             money(f"{items}.2010601", "100.00", "change_prior", "table:1")]
    _, found = findings(facts, "hierarchy-general-function")
    assert [(f.stated, f.expected) for f in found] == [("310.00", "300.00")]
