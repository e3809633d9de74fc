"""cross_document.toml loads into typed checks, stays out of the single-document catalogue, and a
malformed declaration names its bad key."""

from __future__ import annotations

import tomllib

import pytest

from budgetlens.rules.catalogue import RuleError, load_rules
from budgetlens.rules.cross_document import load_cross_checks, parse_cross_checks

CHECK = """
[[check]]
id = "x-prior"
kind = "same_figure"
category = "consistency"
severity = "warning"
description = "d"
message_zh = "m"
message_en = "m"
checked = { kind = "budget", basis = "prior" }
against = { kind = "budget", basis = "current", year_offset = -1 }
measures = ["expense.", "income.total"]
"""


def test_package_checks_load_and_are_not_audit_rules():
    checks = load_cross_checks()
    assert {c.rule.kind for c in checks} == {"same_figure", "execution", "variance_reason"}
    audit_ids = {r.id for r in load_rules()}
    assert not audit_ids & {c.id for c in checks}


def test_measures_are_keys_or_prefixes():
    (check,) = parse_cross_checks(tomllib.loads(CHECK))
    assert check.against.year_offset == -1 and check.checked.basis == "prior"
    assert check.wants("expense.general.total") and check.wants("income.total")
    assert not check.wants("income.total.x") and not check.wants("three_public.total")


@pytest.mark.parametrize("edit,key", [
    (('measures = ', 'reason_lines = "six"\nmeasures = '), "reason_lines"),
    (('measures = ', 'reason_lines = -1\nmeasures = '), "reason_lines"),
    (("measures = ", "measure = "), "measure"),
    (('year_offset = -1', 'year = -1'), "year"),
    (('{ kind = "budget", basis = "prior" }', '{ kind = "plan", basis = "prior" }'), "checked"),
    (('severity = "warning"', 'severity = "fatal"'), "severity"),
])
def test_a_malformed_check_names_its_bad_key(edit, key):
    with pytest.raises(RuleError, match=key):
        parse_cross_checks(tomllib.loads(CHECK.replace(*edit)))


def test_the_kind_and_what_it_takes_are_the_registrys_to_check():
    """rules/ does not know the cross-document kinds (the evaluators declare them, above rules/ in
    the import contract): a kind no evaluator has, or a parameter its kind does not take, loads
    here and is refused by ``budgetlens.crosscheck.check_declarations`` (tests/crosscheck)."""
    (check,) = parse_cross_checks(tomllib.loads(CHECK.replace('"same_figure"', '"sum"')))
    assert check.rule.kind == "sum"
    (check,) = parse_cross_checks(tomllib.loads(CHECK.replace("measures = ", "min_pct = 5\nmeasures = ")))
    assert check.min_pct == 5 and check.rule.params["min_pct"] == 5
