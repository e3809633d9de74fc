"""The crosscheck stage's entry (crosscheck/__init__.py): its declarations checked before a run
against the kinds its registry declares (:func:`check_declarations`), as the audit's rules are.

The kinds are the evaluators' (``crosscheck/evaluators.py``), not a list in ``rules/``: a
declaration of a kind no evaluator has, or with a parameter its kind does not take, is refused
naming cross_document.toml, the line of the bad key and the key; the package's declarations and
a parameter the kind does take (the near misses) pass; a kind registered by a caller is accepted
with no line in ``rules/`` (a new kind is one evaluator plus data)."""

from __future__ import annotations

import tomllib
from importlib import resources
from types import MappingProxyType

import pytest

from budgetlens.crosscheck import check_declarations
from budgetlens.crosscheck.evaluators import EVALUATORS
from budgetlens.reconcile.protocol import Evaluator
from budgetlens.rules.cross_document import COMMON_PARAMS, load_cross_checks, parse_cross_checks
from budgetlens.rules.schema import RuleError

CHECK = """# a cross-document check
[[check]]
id = "x-prior"
kind = "{kind}"
category = "consistency"
severity = "warning"
description = "d"
message_zh = "m"
message_en = "m"
checked = {{ kind = "budget", basis = "prior" }}
against = {{ kind = "budget", basis = "current", year_offset = -1 }}
measures = ["expense."]
{extra}
"""


def _checks(kind: str = "same_figure", extra: str = ""):
    text = CHECK.format(kind=kind, extra=extra)
    return parse_cross_checks(tomllib.loads(text), "cross_document.toml", text)


def test_the_packages_declarations_fit_their_kinds():
    assert check_declarations() == load_cross_checks()
    assert {c.rule.kind for c in load_cross_checks()} <= set(EVALUATORS)


def test_a_kind_no_evaluator_has_is_refused_at_its_line():
    """A package declaration whose kind the registry lacks: named at the line of its ``kind``."""
    check = next(c for c in load_cross_checks() if c.rule.kind == "execution")
    registry = MappingProxyType({k: e for k, e in EVALUATORS.items() if k != "execution"})
    with pytest.raises(RuleError, match="'execution' has no evaluator") as caught:
        check_declarations([check], registry)
    lines = (resources.files("budgetlens.rules") / "cross_document.toml").read_text(
        encoding="utf-8").splitlines()
    kind_line = next(n for n in range(check.rule.line, len(lines) + 1)
                     if lines[n - 1].startswith("kind ="))
    assert (caught.value.file, caught.value.line, caught.value.key) == \
        ("cross_document.toml", kind_line, "kind")


def test_a_parameter_of_another_kind_is_refused_and_its_own_kind_takes_it():
    with pytest.raises(RuleError, match="min_pct") as caught:
        check_declarations(_checks("same_figure", "min_pct = 5"))
    assert (caught.value.file, caught.value.key) == ("cross_document.toml", "min_pct")
    assert check_declarations(_checks("variance_reason", "min_pct = 5"))  # near miss


def test_a_kind_registered_by_a_caller_needs_no_line_in_rules():
    def check_nothing(rule, pair):
        """Finds nothing (a kind the package does not have)."""
        return []

    registry = MappingProxyType({**EVALUATORS, "figure_present": Evaluator(
        check_nothing, "finds nothing", COMMON_PARAMS, reads="library")})
    checks = _checks("figure_present")
    assert check_declarations(checks, registry) == checks
    with pytest.raises(RuleError, match="figure_present"):
        check_declarations(checks)
