"""``composed`` parts of a sum (reconcile/evaluators.py ``_in_scope_or_composed``).

西安 一般公共预算支出明细表 and 上海 财务收支预算总表 print 人员经费 | 公用经费 | 项目支出 (or 专项业务经费
支出) with no 基本支出 column. Read as they are, the row identity 合计 = 基本 + 项目 would take the
missing 基本支出 as zero (a warning on every row); ``composed`` lets 人员经费 + 公用经费 stand in.
"""

from decimal import Decimal as D
from pathlib import Path

import pytest

from budgetlens.model import Disclosure, Fact, Metadata, Source
from budgetlens.pipeline import process
from budgetlens.reconcile import reconcile
from budgetlens.rules.catalogue import load_rules

RULES = {r.id: r for r in load_rules()}
PDF = Path(__file__).resolve().parents[2] / ".." / "shared" / "corpus" / "pdf"
_row = iter(range(1, 10**6))


def fact(measure, value, scope="table:0"):
    src = Source("case.pdf", 1, table=0, row=next(_row), column=1, text=value)
    return Fact(measure, "current", D(value), src, 2, "money", "table", scope, measure)


def findings(facts, rule_id):
    result, diags = reconcile(Disclosure("case.pdf", Metadata(), facts=tuple(facts)),
                              [RULES[rule_id]])
    assert diags == []
    return result, [f for f in result.findings if f.severity != "info"]


def row(code, total, personnel, public, project):
    m = f"expense.general.function.{code}"
    out = [fact(m, total), fact(f"{m}.project", project), fact(f"{m}.basic.personnel", personnel)]
    return out + ([fact(f"{m}.basic.public", public)] if public is not None else [])


def test_personnel_and_public_stand_in_for_an_unprinted_basic_column():
    result, found = findings(row("201", "30.00", "12.00", "8.00", "10.00"),
                             "row-general-function-basic-project")
    assert found == [] and result.identities_held == result.identities_evaluated == 1


def test_a_row_short_of_its_composed_parts_is_an_error():
    _, found = findings(row("201", "35.00", "12.00", "8.00", "10.00"),
                        "row-general-function-basic-project")
    assert [(f.severity, f.measure) for f in found] == [("error", "expense.general.function.201")]


def test_a_blank_cell_of_a_printed_column_is_zero():
    facts = row("201", "30.00", "12.00", "8.00", "10.00") + row("205", "22.00", "20.00", None,
                                                               "2.00")
    result, found = findings(facts, "row-general-function-basic-project")
    assert found == [] and result.identities_evaluated == 2


def test_a_component_column_the_table_does_not_print_keeps_the_row_partial():
    _, found = findings(row("205", "30.00", "20.00", None, "2.00"),
                        "row-general-function-basic-project")
    assert [f.severity for f in found] == ["warning"]  # 公用经费 may be a column not read


def test_a_printed_basic_column_is_used_as_it_is():
    m = "expense.general.function.201"
    facts = row("201", "30.00", "12.00", "8.00", "10.00") + [fact(f"{m}.basic", "25.00")]
    _, found = findings(facts, "row-general-function-basic-project")
    assert [f.severity for f in found] == ["error"]  # 25 + 10 ≠ 30, whatever 人员 + 公用 say


@pytest.mark.parametrize("name", ["shaanxi_xian_rsj_2020_yusuan.pdf",
                                  "shanghai_czj_2025_yusuan_danwei.pdf"])
def test_project_columns_beside_personnel_and_public_are_read_and_hold(name):
    path = PDF / name
    if not path.exists():
        pytest.skip("corpus not available")
    result = process(str(path))
    project = [f for f in result.disclosure.facts
               if f.measure.startswith(("expense.general.function.", "expense.function."))
               and f.measure.endswith(".project") and f.origin == "table"]
    assert len(project) >= 3
    rows = ("row-general-function-basic-project", "row-function-basic-project")
    assert not [f for f in result.audit.findings if f.rule in rows and f.severity != "info"]


def test_a_sum_finding_names_its_parts_though_holding_checks_are_never_worded():
    """``{terms}`` is worded when a check becomes a finding (LazyFields): the message still names
    every part as the vocabulary does."""
    facts = [fact("three_public.total", "10.00"), fact("three_public.overseas", "1.00"),
             fact("three_public.reception", "2.00"), fact("three_public.vehicle", "3.00")]
    _, found = findings(facts, "three-public-total")
    assert len(found) == 1
    message = found[0].message
    assert all(name in message for name in ("因公出国", "公务接待", "公务用车")), message
    assert "6.00" in message and "10.00" in message


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
