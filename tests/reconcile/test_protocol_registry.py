"""The one registry (issue #12 item 1): every kind of check — identity, form, cross-document — is
one :class:`~budgetlens.reconcile.protocol.Registry` record, filled in parts by the layered stages
(reconcile's single-document kinds, crosscheck's library kinds added to them); a kind is
registered once; each engine runs only the kinds of the view it reads and words any other as a
kind it has no evaluator for (the near misses beside each case)."""

from __future__ import annotations

import tomllib

import pytest

from budgetlens.crosscheck import check_declarations
from budgetlens.crosscheck.evaluators import EVALUATORS as CROSS, LIBRARY_KINDS, REGISTRY
from budgetlens.reconcile import reconcile
from budgetlens.reconcile.protocol import Evaluator, Registry
from budgetlens.reconcile.registry import REGISTRY as SINGLE
from budgetlens.rules.catalogue import load_rules, parse_rules
from budgetlens.rules.schema import RuleError

from .form_support import seed


def test_one_record_holds_every_kind_once_with_the_view_it_reads():
    assert isinstance(REGISTRY, Registry) and isinstance(SINGLE, Registry)
    assert set(REGISTRY) == set(SINGLE) | set(LIBRARY_KINDS)
    assert len(REGISTRY) == len(SINGLE) + len(LIBRARY_KINDS)
    assert {REGISTRY[k].reads for k in SINGLE} == {"facts", "printed"}
    assert {REGISTRY[k].reads for k in LIBRARY_KINDS} == {"library"}
    assert dict(REGISTRY.reading("library")) == dict(CROSS) == dict(LIBRARY_KINDS)
    assert dict(REGISTRY.reading("facts", "printed")) == dict(SINGLE)


def test_a_kind_is_registered_once():
    """Adding a cross-document kind named as an identity is refused (a kind means one check
    wherever it is named); a new name is added (the near miss)."""
    clash = Evaluator(LIBRARY_KINDS["same_figure"].check, "another sum", reads="library")
    with pytest.raises(ValueError, match="registered twice: \\['sum'\\]"):
        SINGLE.adding({"sum": clash})
    assert "same_sum" in SINGLE.adding({"same_sum": clash})
    with pytest.raises(ValueError, match="not an Evaluator"):
        Registry({"odd": Evaluator(None, "reads nothing known", reads="pictures")})


def _rule(kind: str) -> tuple:
    text = f'''
[[rule]]
id = "a-rule"
kind = "{kind}"
category = "consistency"
severity = "warning"
message_zh = "不一致"
message_en = "differs"
description = "一条规则"
measures = ["three_public.total"]
'''
    return parse_rules(tomllib.loads(text), "mine.toml", text)


def test_the_audit_given_the_whole_registry_runs_no_library_kind():
    """A [[rule]] naming a cross-document kind, audited with the whole registry, is a kind the
    single-document engine has no evaluator for (a diagnostic, nothing run); the near miss: an
    identity of the same registry runs."""
    disclosure = seed("002")
    audit, diags = reconcile(disclosure, _rule("same_figure"), registry=REGISTRY)
    assert [d.code for d in diags] == ["reconcile-unknown-kind"] and audit.checks_run == 0
    ran, diags = reconcile(disclosure, _rules_of("sum"), registry=REGISTRY)
    assert diags == [] and ran.checks_run > 0


def _rules_of(kind: str) -> list:
    return [r for r in load_rules() if r.kind == kind][:3]


def test_a_cross_declaration_naming_a_single_document_kind_is_refused_at_its_line():
    """A [[check]] of kind ``sum`` (an identity of the same registry) is refused before a run at
    its ``kind`` line, the known kinds listed being the library's; the near miss: the same
    declaration of kind ``same_figure`` passes."""
    from tests.crosscheck.test_crosscheck import _checks

    with pytest.raises(RuleError, match="kind 'sum' has no evaluator") as caught:
        check_declarations(_checks("sum"))
    assert caught.value.key == "kind" and "same_figure" in str(caught.value)
    assert "hierarchy" not in str(caught.value)  # the known kinds listed are the library's
    assert check_declarations(_checks("same_figure")) == _checks("same_figure")
