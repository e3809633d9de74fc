"""The records reconciliation produces: :class:`Finding` s with their :class:`Evidence`, the
checks not assessable (:class:`Assessment`) and the :class:`Audit` of one disclosure.

Why a module of their own: they are the audit's output, read by report, store and web;
``budgetlens.model`` re-exports them, so callers import from the package as before.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple, Optional

from .base import Source

# ---------------------------------------------------------------------------------------------
# Findings: what reconciliation produces
# ---------------------------------------------------------------------------------------------


class Evidence(NamedTuple):
    """One fact taking part in a finding: where it is, what it says, its value and role."""

    source: Source
    value: Optional[str] = None
    measure: str = ""
    basis: str = ""
    role: str = ""

    def to_dict(self) -> dict:
        d = self.source.to_dict()
        d.update({"value": self.value, "measure": self.measure, "basis": self.basis,
                  "role": self.role})
        return d


@dataclass(frozen=True)
class Finding:
    """One audit finding. ``rule`` is the stable kebab-case id of the declaration that raised it.
    ``stated`` is what the document says, ``expected`` what the identity implies (as strings, in
    the unit of the measure). ``evidence`` is never empty: a finding that cannot show its evidence
    is not reported."""

    rule: str
    category: str
    severity: str
    message: str
    evidence: tuple[Evidence, ...]
    message_en: str = ""
    stated: Optional[str] = None
    expected: Optional[str] = None
    difference: Optional[str] = None
    tolerance: Optional[str] = None
    measure: str = ""
    basis: str = ""
    #: a finding whose evidence stands on a reading in doubt (category ``unverified_reading``,
    #: 读取存疑): the cause's code (rules/reading.toml) and the severity the evidence would carry
    #: if the reading were sure. "" for every other finding.
    cause: str = ""
    severity_as_read: str = ""
    #: the other identities the same printed discrepancy breaks (reconcile/merge.py: one printed
    #: defect, one finding), each a finding as it would have been reported; () for most findings
    also_breaks: tuple["Finding", ...] = ()

    def to_dict(self) -> dict:
        out = {"rule": self.rule, "category": self.category, "severity": self.severity,
               "message": self.message, "message_en": self.message_en, "stated": self.stated,
               "expected": self.expected, "difference": self.difference,
               "tolerance": self.tolerance, "measure": self.measure, "basis": self.basis,
               "evidence": [e.to_dict() for e in self.evidence]}
        if self.cause:
            out["cause"] = self.cause
            out["severity_as_read"] = self.severity_as_read
        if self.also_breaks:
            out["also_breaks"] = [f.to_dict() for f in self.also_breaks]
        return out


@dataclass(frozen=True)
class Assessment:
    """A check that could not be evaluated: recorded as "not assessable" instead of guessing.
    ``reason`` is zh-CN; ``reason_en`` its English where the check words one (the cross-document
    checks do; "" otherwise)."""

    rule: str
    reason: str
    reason_en: str = ""


@dataclass(frozen=True)
class Audit:
    """What reconciliation returns for one disclosure."""

    findings: tuple[Finding, ...] = ()
    not_assessable: tuple[Assessment, ...] = ()
    checks_run: int = 0
    identities_evaluated: int = 0
    identities_held: int = 0
