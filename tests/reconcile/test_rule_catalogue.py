"""The identity declarations police themselves: valid parameters, known kinds, bilingual
descriptions, message templates that use only the fields the engine fills."""

import string
import tomllib

import pytest

from budgetlens.model import Disclosure, Metadata
from budgetlens.reconcile import EVALUATORS, reconcile
from budgetlens.reconcile.registry import validate_params
from budgetlens.rules.catalogue import load_rules, parse_rules

IDENTITIES = [r for r in load_rules() if r.origin == "identities.toml"]
#: fields every check gets from the engine, plus the ones each kind adds (see evaluator docstrings)
ENGINE_FIELDS = {"measure", "measure_key", "basis", "stated", "expected", "difference", "tolerance",
                 "rule", "identity"}
KIND_FIELDS = {"sum": {"terms", "targets"}, "hierarchy": {"terms"}, "compare": {"left", "right"},
               "consistency": {"reference"}, "change": {"base"}, "pct": {"change", "base"},
               "zero_base": {"base"}, "share": {"of"}, "completion": {"base"}, "rounding": set(),
               "unit_sum": {"terms"}, "pct_floor": {"decrease"}, "zero_pair": set()}


def fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_identities_are_declared():
    assert len(IDENTITIES) >= 40
    assert sum(1 for r in IDENTITIES if r.kind == "rounding") == 1


@pytest.mark.parametrize("rule", IDENTITIES, ids=lambda r: r.id)
def test_declaration_is_complete_and_valid(rule):
    assert rule.kind in EVALUATORS
    assert validate_params(rule, EVALUATORS[rule.kind]) == []
    assert any("\u4e00" <= ch <= "\u9fff" for ch in rule.description)
    assert rule.description_en.strip()
    allowed = ENGINE_FIELDS | KIND_FIELDS[rule.kind]
    assert fields(rule.message_zh) <= allowed, fields(rule.message_zh) - allowed
    assert fields(rule.message_en) <= allowed, fields(rule.message_en) - allowed


def test_severity_follows_confidence():
    # [K] or regionally varying identities are warnings (standards.md confidence markers)
    by_id = {r.id: r for r in IDENTITIES}
    for rid in ("zero-base-growth", "admin-cost-within-public", "basic-econ-personnel",
                "basic-econ-public", "performance-weights-standard", "self-eval-weights-standard"):
        assert by_id[rid].severity == "warning", rid
    assert by_id["rounding-difference"].severity == "info"


def test_an_invalid_declaration_is_named_and_skipped_not_raised():
    bad = parse_rules(tomllib.loads('''
[[rule]]
id = "typo-params"
kind = "sum"
category = "arithmetic"
severity = "error"
message_zh = "x"
message_en = "x"
description = "测试"
totl = "three_public.total"
parts = ["three_public.overseas"]
'''), "inline")
    problems = validate_params(bad[0], EVALUATORS["sum"])
    assert any("'totl'" in p for p in problems)
    audit, diags = reconcile(Disclosure(path="x", metadata=Metadata()), bad)
    assert [d.code for d in diags] == ["reconcile-rule-invalid"]
    assert "typo-params" in diags[0].message and "totl" in diags[0].message_en


def test_every_rule_id_is_exercised_by_some_test():
    """Issue #12: every rule id fires on one case and stays quiet on a near miss. An identity of
    ``identities.toml`` is enumerated by ``test_identities`` (a violating and a holding case built
    from its own parameters); every other rule — form checks, a user-facing kind such as
    ``rounding``, the cross-document checks — must be named by its id in a test module, where
    its case is. A new rule with no test fails here."""
    from pathlib import Path

    from budgetlens.rules.cross_document import load_cross_checks

    from .test_identities import IDENTITIES

    here = Path(__file__).resolve()
    tests = here.parents[1]
    text = "\n".join(p.read_text(encoding="utf-8") for p in tests.rglob("test_*.py")
                     if p != here)
    enumerated = {r.id for r in IDENTITIES}
    ids = [r.id for r in load_rules()] + [c.id for c in load_cross_checks()]
    unnamed = [i for i in ids if i not in enumerated and f'"{i}"' not in text]
    assert unnamed == []
    assert len(enumerated) > 50 and len(ids) > len(enumerated)
