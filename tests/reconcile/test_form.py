"""The form-check entry point and catalogue: registry, declarations, templates, self-policing."""

from __future__ import annotations

import re
import tomllib
from importlib import resources
from pathlib import Path

import pytest

from budgetlens.model import Severity
from budgetlens.reconcile import EVALUATORS, check_form, evaluate
from budgetlens.reconcile.form import FORM_EVALUATORS, FORM_KINDS
from budgetlens.reconcile.registry import validate_params
from budgetlens.rules.templates import load_templates, role_family
from budgetlens.rules.catalogue import Rule, load_rules, parse_rules

from .form_support import form_rules, seed

HERE = Path(__file__).resolve().parent
FORM_TOML = "form_checks.toml"


def _declared_ids() -> set[str]:
    data = tomllib.loads(resources.files("budgetlens.rules").joinpath(FORM_TOML).read_text("utf-8"))
    return {entry["id"] for entry in data["rule"]}


def test_every_declared_form_rule_is_exercised_by_a_test():
    """Policing: each rule id of form_checks.toml appears in a test module other than this one."""
    used: set[str] = set()
    for path in HERE.glob("test_form_*.py"):
        used |= set(re.findall(r"form-[a-z0-9]+(?:-[a-z0-9]+)*", path.read_text("utf-8")))
    missing = sorted(_declared_ids() - used)
    assert missing == [], f"form rules without a test: {missing}"


def test_every_form_kind_is_declared_and_every_declaration_is_valid():
    rules = form_rules()
    assert {r.id for r in rules} == _declared_ids()
    assert {r.kind for r in rules} == set(FORM_KINDS)
    for rule in rules:
        assert validate_params(rule, EVALUATORS[rule.kind]) == []
        assert rule.origin == FORM_TOML and rule.line > 0


def test_a_declaration_missing_a_parameter_is_a_diagnostic_naming_file_line_and_key():
    rule = next(r for r in form_rules() if r.kind == "form-change-reason")
    broken = Rule(rule.id, rule.kind, rule.category, rule.severity, rule.message_zh,
                  rule.message_en, rule.description, origin="test.toml", line=12,
                  params={k: v for k, v in rule.params.items() if k != "reason_markers"})
    result = evaluate(seed("004"), [broken])
    assert [d.code for d in result.diagnostics] == ["reconcile-rule-invalid"]
    assert re.search(r"test\.toml:12 \(form-change-reason-missing\).*reason_markers",
                     result.diagnostics[0].message_en)
    assert result.findings == [] and result.checks_run == 0


def test_a_parameter_no_evaluator_declares_is_refused_by_name():
    rule = next(r for r in form_rules() if r.kind == "form-change-reason")
    typo = Rule(rule.id, rule.kind, rule.category, rule.severity, rule.message_zh,
                rule.message_en, rule.description, origin="test.toml", line=3,
                params={**rule.params, "reason_marker": "因"})
    (problem,) = validate_params(typo, EVALUATORS[typo.kind])
    assert "test.toml:3" in problem and "'reason_marker'" in problem


def test_a_failing_form_check_is_a_diagnostic_and_the_others_run():
    rule = next(r for r in form_rules() if r.kind == "form-template-residue")
    broken = Rule(rule.id, rule.kind, rule.category, rule.severity, rule.message_zh,
                  rule.message_en, rule.description, origin="test.toml",
                  params={"patterns": ["(unclosed"]})
    others = form_rules("form-required-table-missing")
    result = evaluate(seed("004"), [broken, *others])
    assert [d.code for d in result.diagnostics] == ["reconcile-evaluator-failed"]
    assert result.checks_run == 1


def test_other_kinds_are_ignored():
    others = [r for r in load_rules() if r.kind not in FORM_KINDS]
    assert others, "the catalogue should hold arithmetic rules too"
    assert check_form(seed("004"), others) == ([], [])


def test_registry_is_read_only():
    with pytest.raises(TypeError):
        FORM_EVALUATORS["x"] = FORM_EVALUATORS["form-required-tables"]  # type: ignore[index]


def test_template_roles_exist_in_the_table_catalogue():
    tables = tomllib.loads(resources.files("budgetlens.rules").joinpath("tables.toml").read_text("utf-8"))
    known = set()
    for fam in tables.get("family", []):
        known |= set(fam.get("roles", {}).values()) | ({fam["role"]} if "role" in fam else set())
    templates = load_templates()
    for t in templates.templates:
        for role in t.required_tables + t.recommended_tables:
            assert role in known, f"{t.name}/{t.kind}: unknown role {role}"
            assert role_family(role) in templates.roles, role


def test_parse_rules_accepts_the_form_declarations():
    data = tomllib.loads(resources.files("budgetlens.rules").joinpath(FORM_TOML).read_text("utf-8"))
    assert len(parse_rules(data, FORM_TOML)) == len(_declared_ids())


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003", "004"])
def test_seeds_raise_no_error_and_no_warning(prefix):
    """Acceptance: the seeds' real defects are arithmetic; form checks may only add infos."""
    result = evaluate(seed(prefix), form_rules())
    assert [f for f in result.findings if Severity.ORDER[f.severity] >= 1] == []
    for f in result.findings:
        assert f.evidence and "{" not in f.message and "{" not in f.message_en
    assert result.diagnostics == [] and result.checks_run == len(form_rules())
