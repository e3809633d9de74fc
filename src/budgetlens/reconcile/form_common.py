"""Shared helpers of the form evaluators: building findings from a rule, evidence from records.

Why here: every form evaluator turns a :class:`~budgetlens.rules.catalogue.Rule` plus located
records into :class:`~budgetlens.model.Finding`; the rule carries severity, category and the zh/en
message templates, so the evaluators only name the fields. A finding without evidence is never
built (the model's contract): :func:`finding` returns None instead, and the evaluator records an
:class:`~budgetlens.model.Assessment` when that matters.
"""

from __future__ import annotations

from typing import Any, Iterable, Optional, Sequence

from budgetlens.model import Assessment, Claim, Evidence, Fact, Finding, Source, TableInfo
from budgetlens.rules.catalogue import Rule, RuleError

Outcome = tuple[list[Finding], list[Assessment]]
MAX_EVIDENCE = 6


def finding(rule: Rule, evidence: Sequence[Evidence], *, stated: Optional[str] = None,
            expected: Optional[str] = None, measure: str = "", basis: str = "",
            **fields: Any) -> Optional[Finding]:
    """A finding of ``rule`` with its messages filled from ``fields`` (and stated/expected)."""
    evidence = tuple(dict.fromkeys(evidence))[:MAX_EVIDENCE]
    if not evidence:
        return None
    values = {"stated": stated, "expected": expected, **fields}
    return Finding(rule=rule.id, category=rule.category, severity=rule.severity,
                   message=rule.message("zh", **values), message_en=rule.message("en", **values),
                   evidence=evidence, stated=stated, expected=expected, measure=measure,
                   basis=basis)


def assess(rule: Rule, reason: str, reason_en: str = "") -> Assessment:
    """A not-assessable record of ``rule``: why, in zh and en."""
    return Assessment(rule=rule.id, reason=reason, reason_en=reason_en)


def quote(source: Source, role: str = "statement", value: Optional[str] = None,
          measure: str = "", basis: str = "") -> Evidence:
    return Evidence(source=source, value=value, measure=measure, basis=basis, role=role)


def fact_evidence(fact: Fact, role: str = "figure") -> Evidence:
    return Evidence(source=fact.source, value=str(fact.value), measure=fact.measure,
                    basis=fact.basis, role=role)


def claim_evidence(claim: Claim, role: str = "statement") -> Evidence:
    return Evidence(source=claim.source, value=claim.value or None, measure=claim.measure,
                    basis=claim.basis, role=role)


def table_evidence(table: TableInfo, file: str, role: str = "table") -> Evidence:
    source = table.source or Source(file=file, page=table.page, table=table.index, text=table.title)
    if not source.text:
        source = source._replace(text=table.title)
    return Evidence(source=source, value=None, measure="", basis="", role=role)


def collect(results: Iterable[Optional[Finding]]) -> list[Finding]:
    return [f for f in results if f is not None]


def param(rule: Rule, key: str, kind: type, default: Any = None) -> Any:
    """A rule parameter of the expected type; a wrong type is a bug in the package data."""
    value = rule.params.get(key, default)
    if value is None:
        raise RuleError(f"{rule.origin} ({rule.id}): missing parameter '{key}'")
    if kind is float and isinstance(value, int):
        value = float(value)
    if not isinstance(value, kind):
        raise RuleError(f"{rule.origin} ({rule.id}): parameter '{key}' must be {kind.__name__}")
    return value


def str_list(rule: Rule, key: str, default: Optional[list] = None) -> tuple[str, ...]:
    values = param(rule, key, list, default)
    if not all(isinstance(v, str) for v in values):
        raise RuleError(f"{rule.origin} ({rule.id}): parameter '{key}' must be a list of strings")
    return tuple(values)
