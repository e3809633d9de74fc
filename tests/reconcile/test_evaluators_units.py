"""Σ units = the department's row (reconcile/evaluators_units.py, rule
``units-sum-to-department``) on workbooks the test writes: a 收入总表 by 预算单位 whose
department row adds up holds in every column, one that does not is an error citing the total
and its parts; the rule's ``prefixes`` parameter limits what is checked (near miss: a prefix of
other measures evaluates nothing); a department figure that is the exact sum of its units'
printed figures carries their rounding."""

from __future__ import annotations

import dataclasses
from decimal import Decimal
from types import MappingProxyType

import pytest

from budgetlens.extract.tables import extract_tables
from budgetlens.imply.index import FactIndex
from budgetlens.model import Disclosure, Metadata, scope_unit
from budgetlens.read import read_document
from budgetlens.reconcile import reconcile
from budgetlens.reconcile.evaluators_units import unit_sum_interval
from budgetlens.rules.catalogue import load_rules

from ..extract.xlsx_tables import write_rows

pytest.importorskip("openpyxl")

(UNIT_RULE,) = [r for r in load_rules() if r.id == "units-sum-to-department"]
HEADER = [["2026年部门收入总表"], ["单位：万元"],
          ["预算单位", "收入总计", "一般公共预算拨款", "事业收入", "其他收入"]]


def _facts(tmp_path, fiscal: str = "900.00"):
    rows = HEADER + [["示例局", "1,000.00", fiscal, "60.00", "40.00"],
                     ["示例局（本级）", "700.00", "650.00", "30.00", "20.00"],
                     ["示例局信息中心", "200.00", "180.00", "10.00", "10.00"],
                     ["示例局培训学校", "100.00", "70.00", "20.00", "10.00"]]
    document, _ = read_document(write_rows(tmp_path / "income.xlsx", rows))
    _, facts, _ = extract_tables(document, Metadata(unit="示例局", kind="budget", year=2026))
    return facts


def _audit(facts, rule=UNIT_RULE):
    audit, _ = reconcile(Disclosure(path="case.xlsx", metadata=Metadata(), facts=tuple(facts)),
                         [rule])
    return audit


def test_units_adding_up_to_the_department_hold(tmp_path):
    audit = _audit(_facts(tmp_path))
    assert not audit.findings and audit.identities_evaluated >= 3
    assert audit.identities_held == audit.identities_evaluated


def test_department_row_that_is_not_the_sum_of_its_units_is_reported(tmp_path):
    found = [f for f in _audit(_facts(tmp_path, fiscal="950.00")).findings
             if f.severity == "error"]
    assert len(found) == 1 and found[0].stated == "950.00" and found[0].expected == "900.00"
    assert {e.role for e in found[0].evidence} == {"total", "part"}


def test_the_prefixes_parameter_limits_the_measures_checked(tmp_path):
    """``prefixes = ["income.fiscal"]`` still finds the misprint of 一般公共预算拨款; the near
    miss ``["expense"]`` (no expense in an income table) evaluates nothing."""
    facts = _facts(tmp_path, fiscal="950.00")
    fiscal = dataclasses.replace(UNIT_RULE, params=MappingProxyType({"prefixes": ["income.fiscal"]}))
    assert [f.stated for f in _audit(facts, fiscal).findings] == ["950.00"]
    other = dataclasses.replace(UNIT_RULE, params=MappingProxyType({"prefixes": ["expense"]}))
    audit = _audit(facts, other)
    assert not audit.findings and audit.identities_evaluated == 0


def test_a_department_figure_summed_from_its_units_carries_their_rounding(tmp_path):
    """900.00 = 650 + 180 + 70: its interval is the sum of three half-cent widths; 950.00 is
    no such sum and gets none (near miss)."""
    for fiscal, summed in (("900.00", True), ("950.00", False)):
        facts = _facts(tmp_path, fiscal)
        index = FactIndex(facts)
        (dept,) = [f for f in facts if f.measure == "income.fiscal.general"
                   and not scope_unit(f.scope)]
        interval = unit_sum_interval(index, dept)
        assert (interval is not None) is summed
        if summed:
            assert interval.hi - interval.lo == Decimal("0.03")
