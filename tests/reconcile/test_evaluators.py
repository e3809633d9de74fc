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
