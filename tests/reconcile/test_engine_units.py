"""Facts of budget units (scope ``table:<i>:unit:<name>``) in the engine: checked inside their
own scope, one finding per unit, never read as the department's figure."""

from decimal import Decimal as D

from budgetlens.model import Disclosure, Fact, Metadata, Source
from budgetlens.reconcile import reconcile
from budgetlens.rules.catalogue import load_rules

RULES = {r.id: r for r in load_rules()}
_row = iter(range(1, 10**6))


def fact(measure, value, scope="table:0"):
    src = Source("case.pdf", 1, table=0, row=next(_row), column=1, text=value)
    return Fact(measure, "current", D(value), src, 2, "money", "table", scope, measure)


def audit(facts, *ids):
    result, diags = reconcile(Disclosure("case.pdf", Metadata(), facts=tuple(facts)),
                              [RULES[i] for i in ids])
    assert diags == []
    return result


def test_each_units_hierarchy_is_its_own_finding():
    facts = []
    for unit, lei in (("甲", "30.00"), ("乙", "31.00")):
        scope = f"table:0:unit:{unit}"
        facts += [fact("expense.function.201", lei, scope),
                  fact("expense.function.20101", "10.00", scope),
                  fact("expense.function.20102", "10.00", scope)]
    found = audit(facts, "hierarchy-expense-function").findings
    assert len([f for f in found if f.severity == "error"]) == 2


def test_a_unit_figure_is_no_second_observation_of_the_departments():
    facts = [fact("income.fiscal.general", "100.00"),
             fact("income.fiscal.general", "60.00", "table:0:unit:甲"),
             fact("income.fiscal.general", "40.00", "table:0:unit:乙"),
             fact("income.fiscal.general", "100.00", "table:3")]
    result = audit(facts, "measure-consistency", "units-sum-to-department")
    assert not result.findings and not result.not_assessable
    assert result.identities_evaluated == result.identities_held >= 2


def test_a_unit_row_does_not_stand_in_for_a_missing_department_figure():
    facts = [fact("expense.general.basic", "10.00", "table:0:unit:甲"),
             fact("expense.general.project", "5.00", "table:0:unit:甲"),
             fact("expense.general.total", "20.00", "table:1")]
    result = audit(facts, "general-basic-project")
    assert not result.findings  # 10 + 5 is the unit's, not the department's 20


def test_codes_of_a_level_left_out_keep_their_parent_unchecked():
    """陕西 prints 3010201 津贴补贴 under 301 with no 30102: 301 ≠ Σ 5-digit rows alone."""
    facts = [fact("expense.general.basic.economic.301", "30.00"),
             fact("expense.general.basic.economic.30101", "10.00"),
             fact("expense.general.basic.economic.3010201", "20.00")]
    assert not audit(facts, "hierarchy-basic-economic").findings
    facts.append(fact("expense.general.basic.economic.302", "9.00"))
    facts += [fact("expense.general.basic.economic.30201", "5.00")]
    found = audit(facts, "hierarchy-basic-economic").findings
    assert [f.measure for f in found if f.severity == "error"] == ["expense.general.basic.economic.302"]


def _by_unit(basis, total, parts):
    out = [fact("training_fee", total)._replace(basis=basis)]
    for unit, value in zip("甲乙丙", parts):
        out.append(fact("training_fee", value, f"table:0:unit:{unit}")._replace(basis=basis))
    return out


def test_change_of_a_total_summed_from_rounded_unit_rows_carries_their_rounding():
    """Issue #8 (西安 2022 三公 table by unit): each unit's change is rounded from unrounded
    figures (71.72 − 63.90 printed 7.81), and the 合计 row prints Σ of the units' figures in every
    column, so 合计 change 35.40 may differ from 179.18 − 143.76 = 35.42 with no misprint."""
    facts = (_by_unit("current", "30.02", ["10.01", "10.01", "10.00"])
             + _by_unit("prior", "20.00", ["6.67", "6.67", "6.66"])
             + _by_unit("change_prior", "10.00", ["3.33", "3.33", "3.34"]))
    result = audit(facts, "change-arithmetic", "units-sum-to-department")
    assert not [f for f in result.findings if f.severity != "info"]
    assert result.identities_evaluated == result.identities_held == 4


def test_change_of_a_total_beyond_its_units_rounding_is_an_error():
    """A 合计 change that is not Σ of its units' changes keeps its own half-cent width (10.10
    against 30.02 − 20.00); a unit's change misprinted (3.64, the 合计 then 10.30) is beyond what
    three units' rounding explains."""
    for changes, total in ((["3.33", "3.33", "3.34"], "10.10"), (["3.33", "3.33", "3.64"], "10.30")):
        facts = (_by_unit("current", "30.02", ["10.01", "10.01", "10.00"])
                 + _by_unit("prior", "20.00", ["6.67", "6.67", "6.66"])
                 + _by_unit("change_prior", total, changes))
        found = audit(facts, "change-arithmetic").findings
        assert [f.severity for f in found] == ["error"]
