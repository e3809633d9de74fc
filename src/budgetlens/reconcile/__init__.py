"""Stage 3, reconcile: Disclosure + declared rules → Audit (findings, not-assessable, counts).

Entry point: :func:`reconcile`. The checks are data (``rules/*.toml`` ``[[rule]]`` entries); the
engine (:mod:`.engine`) runs every kind registered in :mod:`.registry` through one protocol
(:mod:`.protocol`): identities over the facts, with rounding-aware tolerance (:mod:`.tolerance`)
and the implied values of :mod:`budgetlens.imply`, and form checks (presence, wording, empty
tables, :mod:`.form`) over the printed document. A finding whose evidence stands on a table
reading in doubt is then reported apart, category 读取存疑 (:mod:`.confidence`). Bad content
never raises: a bad rule or a failing evaluator becomes a Diagnostic.
"""

from __future__ import annotations

from typing import Mapping, Sequence

from ..model import Assessment, Audit, Diagnostic, Disclosure, Finding, Severity
from ..rules.catalogue import Rule, load_rules
from .confidence import qualify
from .engine import Evaluation, evaluate
from .merge import merge_findings
from .form import FORM_KINDS
from ..rules.templates import Templates
from .registry import EVALUATORS, Evaluator
from .tolerance import ToleranceSettings

__all__ = ["reconcile", "check_form", "evaluate", "Evaluation", "EVALUATORS", "Evaluator",
           "ToleranceSettings"]


def reconcile(disclosure: Disclosure, rules: Sequence[Rule] | None = None, *,
              registry: Mapping[str, Evaluator] = EVALUATORS,
              settings: ToleranceSettings | Mapping | None = None,
              checked: bool = False) -> tuple[Audit, list[Diagnostic]]:
    """Audit one disclosure against the rules (default: the whole catalogue). ``checked``: the
    rules were checked once for the run (:func:`.preflight.check_rules`), not again here."""
    rules = tuple(load_rules() if rules is None else rules)
    result = evaluate(disclosure, rules, registry=registry, settings=settings, checked=checked)
    findings = qualify(result.findings, disclosure, rules)  # a reading in doubt is reported apart
    findings = merge_findings(findings, rules)  # one printed defect, one finding
    findings.sort(key=_order)
    audit = Audit(findings=tuple(findings), not_assessable=tuple(result.assessments),
                  checks_run=result.checks_run, identities_evaluated=result.evaluated,
                  identities_held=result.held)
    return audit, list(result.diagnostics)


def check_form(disclosure: Disclosure, rules: Sequence[Rule], templates: Templates | None = None
               ) -> tuple[list[Finding], list[Assessment]]:
    """Only the checks of the printed document (form kinds) among ``rules``: findings and
    not-assessable records, as the audit would give them (the others are left out)."""
    printed = [r for r in rules if r.kind in FORM_KINDS]
    result = evaluate(disclosure, printed, templates=templates)
    return result.findings, result.assessments


def _order(f: Finding) -> tuple:
    first = f.evidence[0].source if f.evidence else None
    return (-Severity.ORDER.get(f.severity, 0), (first.page or 0) if first else 0,
            (first.line or 0) if first else 0, f.rule, f.measure)
