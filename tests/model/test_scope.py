"""A fact's scope as fields (issue #12 item 4): :class:`budgetlens.model.Scope` is the one reading
of the ``Fact.scope`` string, and writes it back unchanged; severities, bases, fact kinds and
origins are typed values that still equal and print as the strings of the JSON contract."""

from __future__ import annotations

import json

import pytest

from budgetlens.extract import extract
from budgetlens.model import (Basis, FactKind, Origin, Scope, Severity, UNIT_SCOPE, scope_unit)
from budgetlens.read import read_document
from budgetlens.rules.catalogue import load_rules

from ..conftest import seed_path

openpyxl = pytest.importorskip("openpyxl")


def _facts(path):
    document, _ = read_document(str(path))
    disclosure, _ = extract(document)
    return disclosure.facts


def _units_workbook(path):
    """A 收入总表 broken down by budget unit, as 深圳 prints them (the units' rows are facts of the
    units' scopes)."""
    book = openpyxl.Workbook()
    for row in ([["2026年部门收入总表"], ["单位：万元"],
                 ["预算单位", "收入总计", "一般公共预算拨款", "事业收入", "其他收入"],
                 ["示例局", "1,000.00", "900.00", "60.00", "40.00"],
                 ["示例局（本级）", "700.00", "650.00", "30.00", "20.00"],
                 ["示例局信息中心", "300.00", "250.00", "30.00", "20.00"]]):
        book.active.append(row)
    book.save(path)
    return path


def test_every_scope_of_a_real_extraction_parses_and_writes_back_unchanged(tmp_path):
    facts = _facts(seed_path("000")) + _facts(_units_workbook(tmp_path / "units.xlsx"))
    kinds = set()
    for f in facts:
        scope = Scope.parse(f.scope)
        assert str(scope) == f.scope
        kinds.add(scope.kind)
        if scope.kind == "table":
            assert scope.table == f.source.table, f
        if scope.kind == "text":
            assert scope.text_line is not None and scope.table is None
    assert {"table", "text"} <= kinds
    units = {Scope.parse(f.scope).unit for f in facts} - {""}
    assert units == {"示例局（本级）", "示例局信息中心"}


@pytest.mark.parametrize("text, base, unit, row", [
    ("table:3", "table:3", "", ""),
    ("table:3:row:7", "table:3", "", "7"),
    ("table:3:unit:深圳市考试院", "table:3", "深圳市考试院", ""),
    ("table:3:unit:深圳市考试院:row:7", "table:3", "深圳市考试院", "7"),
    ("text:12:4", "text:12:4", "", ""),
    ("", "", "", ""),
])
def test_scope_fields(text, base, unit, row):
    scope = Scope.parse(text)
    assert (scope.base, scope.unit, scope.row) == (base, unit, row) and str(scope) == text
    assert scope_unit(text) == unit
    assert scope.of_department("table:3") == (base == "table:3" and not unit)
    assert (UNIT_SCOPE in text) == bool(unit)


def test_typed_values_equal_and_print_as_their_strings():
    assert Severity.ERROR == "error" and Severity("warning") is Severity.WARNING
    assert Severity.ERROR.rank > Severity.WARNING.rank > Severity.INFO.rank
    assert Severity.ORDER["error"] == Severity.ERROR.rank
    assert json.dumps([Severity.ERROR, Basis.PRIOR, FactKind.MONEY, Origin.DERIVED]) == \
        '["error", "prior", "money", "derived"]'
    assert f"{Basis.CURRENT}" == "current" and {"current": 1}[Basis.CURRENT] == 1


def test_rule_severities_are_typed_when_loaded():
    rules = load_rules()
    assert rules and all(isinstance(r.severity, Severity) for r in rules)
