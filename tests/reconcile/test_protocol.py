"""The one evaluator protocol: a new kind of check is one evaluator plus one declaration.

The kind registered here (``at_most``: a printed figure stays within a declared ceiling) is not a
built-in; it goes through the same registry, parameter schema, engine, tolerance and wording as the
built-in identities, on a real seed disclosure, and fires on a ceiling just below the printed figure
but not on the figure itself (the near miss)."""

from __future__ import annotations

import tomllib
from decimal import Decimal
from types import MappingProxyType

import pytest

from budgetlens.reconcile import EVALUATORS, Evaluator, reconcile
from budgetlens.reconcile.checks import Check, Term
from budgetlens.reconcile.tolerance import Interval
from budgetlens.rules.catalogue import parse_rules
from budgetlens.rules.schema import Field

from .form_support import seed


def check_at_most(rule, ctx):
    """Every stated figure of ``measure`` on ``basis`` is at most ``limit``."""
    measure, basis = rule.params["measure"], rule.params.get("basis", "current")
    for fact in ctx.index.stated.get((measure, basis), ()):
        yield Check(rule=rule, instance=(rule.id, measure, basis, fact.source), measure=measure,
                    basis=basis, stated=ctx.index.interval(fact),
                    expected=Interval.exact(Decimal(str(rule.params["limit"]))),
                    terms=(Term("stated", fact),), relation="le",
                    stated_decimals=ctx.index.digits(fact))


REGISTRY = MappingProxyType({**EVALUATORS, "at_most": Evaluator(
    check_at_most, "a figure stays within a declared ceiling",
    (Field("measure", str, True), Field("limit", (int, float), True), Field("basis", str)))})


def declared(measure: str, limit: Decimal, extra: str = "") -> tuple:
    text = f'''
[[rule]]
id = "three-public-ceiling"
kind = "at_most"
category = "arithmetic"
severity = "warning"
message_zh = "{{measure}}{{stated}}超过上限{{expected}}"
message_en = "{{measure}} {{stated}} is above the ceiling {{expected}}"
description = "三公经费不超过上限"
measure = "{measure}"
limit = {limit}
{extra}'''
    return parse_rules(tomllib.loads(text), "ceiling.toml", text)


def _a_printed_figure(disclosure):
    """The seed's 三公 total as printed (the largest, should it be printed more than once)."""
    facts = [f for f in disclosure.facts if f.measure == "three_public.total"
             and f.basis == "current" and f.origin != "derived"]
    assert facts, "the seed no longer prints its 三公经费 total"
    return "three_public.total", max(f.value for f in facts)


def test_a_registered_kind_runs_fires_and_stays_quiet_on_the_near_miss():
    disclosure = seed("002")
    measure, value = _a_printed_figure(disclosure)
    step = Decimal(1).scaleb(value.as_tuple().exponent)  # one unit of the last printed digit
    audit, diags = reconcile(disclosure, declared(measure, value - step), registry=REGISTRY)
    assert diags == [] and audit.checks_run == 1
    (finding,) = audit.findings
    assert finding.rule == "three-public-ceiling" and finding.severity == "warning"
    assert finding.stated == str(value) and str(value) in {e.value for e in finding.evidence}
    assert str(value) in finding.message and "上限" in finding.message
    quiet, _ = reconcile(disclosure, declared(measure, value), registry=REGISTRY)
    assert quiet.findings == () and quiet.checks_run == 1 and quiet.identities_held >= 1


def test_a_declaration_that_does_not_fit_the_kind_is_a_diagnostic_naming_line_and_key():
    disclosure = seed("002")
    measure, value = _a_printed_figure(disclosure)
    audit, diags = reconcile(disclosure, declared(measure, value, 'ceiling = 3'),
                             registry=REGISTRY)
    assert [d.code for d in diags] == ["reconcile-rule-invalid"]
    assert "ceiling.toml:2 (three-public-ceiling)" in diags[0].message_en
    assert "'ceiling'" in diags[0].message_en and audit.checks_run == 0


def test_without_the_registration_the_kind_is_named_not_run():
    disclosure = seed("002")
    audit, diags = reconcile(disclosure, declared(*_a_printed_figure(disclosure)))
    assert [d.code for d in diags] == ["reconcile-unknown-kind"] and audit.checks_run == 0
    assert "at_most" not in EVALUATORS


def test_every_check_of_every_stage_is_one_protocol():
    """Identities, form checks and cross-document checks: one Evaluator record, declared
    parameters, a view it reads; each cross-document kind takes the common parameters and only
    parameters its rules file declares a type for (rules/cross_document.py)."""
    from budgetlens.crosscheck.evaluators import EVALUATORS as CROSS
    from budgetlens.reconcile.protocol import READS
    from budgetlens.rules.cross_document import COMMON_PARAMS, REASON_PARAMS, VARIANCE_PARAMS

    for registry in (EVALUATORS, CROSS):
        for kind, evaluator in registry.items():
            assert isinstance(evaluator, Evaluator) and evaluator.reads in READS, kind
            assert evaluator.doc and all(isinstance(f, Field) for f in evaluator.params), kind
    assert {e.reads for e in EVALUATORS.values()} == {"facts", "printed"}
    declared = set(COMMON_PARAMS + REASON_PARAMS + VARIANCE_PARAMS)
    for kind, evaluator in CROSS.items():
        assert set(COMMON_PARAMS) <= set(evaluator.params) <= declared, kind


def check_figure_printed(rule, ctx):
    """A kind that reports a problem it meets without raising: no figure of ``measure`` printed
    is a Diagnostic of the audit (the one failure path), not an exception."""
    from budgetlens.model import Diagnostic, Severity

    measure = rule.params["measure"]
    if not ctx.index.stated.get((measure, "current")):
        yield Diagnostic("figure-not-printed", Severity.INFO, f"{measure} 未列示",
                         f"{measure} is not printed")


def test_an_evaluator_reports_a_problem_as_a_diagnostic_and_the_audit_goes_on():
    disclosure = seed("002")
    registry = {**REGISTRY, "printed": Evaluator(check_figure_printed, "a figure is printed",
                                                 (Field("measure", str, True),))}
    measure, value = _a_printed_figure(disclosure)
    text = '''
[[rule]]
id = "no-such-figure"
kind = "printed"
category = "completeness"
severity = "info"
message_zh = "x"
message_en = "x"
description = "某数应列示"
measure = "assets.no_such_measure"
'''
    rules = parse_rules(tomllib.loads(text), "printed.toml", text) + declared(measure, value - 1)
    audit, diags = reconcile(disclosure, rules, registry=registry)
    assert [(d.code, d.message_en) for d in diags] == [
        ("figure-not-printed", "assets.no_such_measure is not printed")]
    assert [f.rule for f in audit.findings] == ["three-public-ceiling"] and audit.checks_run == 2


def test_the_preflight_checks_every_rule_against_the_registry_it_is_given():
    """The package's catalogue passes; a registry without one of its kinds names the rule's file,
    line and key; a throwaway kind registered here passes once registered."""
    from budgetlens.reconcile.preflight import check_declaration, check_rules
    from budgetlens.rules.schema import RuleError

    rules = check_rules()
    assert any(r.kind == "pct_floor" for r in rules)
    partial = {k: e for k, e in EVALUATORS.items() if k != "pct_floor"}
    with pytest.raises(RuleError) as caught:
        check_rules(partial)
    assert (caught.value.file, caught.value.key) == ("identities.toml", "kind")
    assert caught.value.line > 0 and "pct_floor" in str(caught.value)
    (mine,) = declared("three_public.total", Decimal(10))
    with pytest.raises(RuleError):
        check_declaration(mine)
    check_declaration(mine, REGISTRY)
    (bad,) = declared("three_public.total", Decimal(10), 'ceiling = 3')
    with pytest.raises(RuleError) as caught:
        check_declaration(bad, REGISTRY)
    assert (caught.value.file, caught.value.line, caught.value.key) == ("ceiling.toml", 2, "ceiling")
