"""Stage 3, reconcile: Disclosure + declared rules → Audit (findings, not-assessable, counts).

Entry point: :func:`reconcile`. The checks are data (``rules/*.toml`` ``[[rule]]`` entries); the
engine (:mod:`.engine`) evaluates the arithmetic kinds registered in :mod:`.registry` over the
facts, with rounding-aware tolerance (:mod:`.tolerance`) and the implied values of
:mod:`budgetlens.imply`;
form checks (presence, wording, empty tables) live in :mod:`.form` and receive the rules of the
kinds they handle. A finding whose evidence stands on a table reading in doubt is then reported
apart, category 读取存疑 (:mod:`.confidence`). Bad content never raises: a failing evaluator becomes a Diagnostic.
"""

from __future__ import annotations

import importlib
import importlib.util
from dataclasses import replace
from typing import Mapping, Sequence

from ..model import Assessment, Audit, Diagnostic, Disclosure, Finding, Severity
from ..rules.catalogue import Rule, load_rules
from .confidence import qualify
from .engine import Evaluation, evaluate
from .registry import EVALUATORS, Evaluator
from .tolerance import ToleranceSettings

__all__ = ["reconcile", "evaluate", "Evaluation", "EVALUATORS", "ToleranceSettings"]


def reconcile(disclosure: Disclosure, rules: Sequence[Rule] | None = None, *,
              registry: Mapping[str, Evaluator] = EVALUATORS,
              settings: ToleranceSettings | Mapping | None = None) -> tuple[Audit, list[Diagnostic]]:
    """Audit one disclosure against the rules (default: the whole catalogue)."""
    rules = tuple(load_rules() if rules is None else rules)
    result = evaluate(disclosure, rules, registry=registry, settings=settings)
    findings, assessments = list(result.findings), list(result.assessments)
    diagnostics = list(result.diagnostics)
    others = [r for r in rules if r.kind not in registry]
    checks_run = result.checks_run
    if others:
        f, a, d, n = _form_checks(_printed(disclosure), others)
        findings += f
        assessments += a
        diagnostics += d
        checks_run += n
    findings = qualify(findings, disclosure, rules)  # a reading in doubt is reported apart
    findings.sort(key=_order)
    audit = Audit(findings=tuple(findings), not_assessable=tuple(assessments),
                  checks_run=checks_run, identities_evaluated=result.evaluated,
                  identities_held=result.held)
    return audit, diagnostics


def _form_checks(disclosure: Disclosure, rules: Sequence[Rule]
                 ) -> tuple[list[Finding], list[Assessment], list[Diagnostic], int]:
    """Hand the non-arithmetic rules to the form checks, when that module is installed."""
    if importlib.util.find_spec(f"{__name__}.form") is None:
        return [], [], [_unhandled(r) for r in rules], 0
    form = importlib.import_module(f"{__name__}.form")
    kinds = getattr(form, "KINDS", None) or getattr(form, "EVALUATORS", None)  # its registry
    handled = [r for r in rules if kinds is None or r.kind in kinds]
    diagnostics = [_unhandled(r) for r in rules if kinds is not None and r.kind not in kinds]
    try:
        findings, assessments = form.check_form(disclosure, handled)
    except Exception as exc:  # a failing extension becomes a diagnostic
        diagnostics.append(Diagnostic("reconcile-form-failed", Severity.WARNING,
                                      f"格式检查执行失败，已跳过：{exc}",
                                      f"form checks failed and were skipped: {exc}"))
        return [], [], diagnostics, 0
    return list(findings), list(assessments), diagnostics, len(handled)


def _printed(disclosure: Disclosure) -> Disclosure:
    """The disclosure as printed: form checks judge what the document says (an empty-table
    statement against the figures it prints), never the values imply added."""
    stated = tuple(f for f in disclosure.facts if f.origin != "derived")
    return disclosure if len(stated) == len(disclosure.facts) else replace(disclosure, facts=stated)


def _unhandled(rule: Rule) -> Diagnostic:
    return Diagnostic("reconcile-unknown-kind", Severity.INFO,
                      f"规则 {rule.id} 的类型 {rule.kind} 无对应的检查程序，未执行",
                      f"rule {rule.id}: no evaluator for kind '{rule.kind}', not run")


def _order(f: Finding) -> tuple:
    first = f.evidence[0].source if f.evidence else None
    return (-Severity.ORDER.get(f.severity, 0), (first.page or 0) if first else 0,
            (first.line or 0) if first else 0, f.rule, f.measure)

