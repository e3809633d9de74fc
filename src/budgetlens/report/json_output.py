"""The JSON contract: one object per input file (see docs/json-schema.md; keep it stable)."""

from __future__ import annotations

import json
from collections import Counter
from typing import Sequence

from ..model import Finding, Result, Severity

SCHEMA_VERSION = "1"


def _base(result: Result) -> dict:
    md = result.disclosure.metadata.to_dict() if result.disclosure else {
        "unit": None, "region": None, "year": None, "kind": None, "level": None, "template": None}
    return {
        "file": result.file,
        "status": result.status,
        "error": result.error,
        "error_code": result.error_code,
        "metadata": md,
        "format": result.disclosure.format if result.disclosure else None,
        "pages": result.disclosure.n_pages if result.disclosure else None,
        "diagnostics": [d.to_dict() for d in result.diagnostics],
    }


def extract_object(result: Result) -> dict:
    """The ``budgetlens extract --format json`` object of one file."""
    out = _base(result)
    d = result.disclosure
    out["tables"] = [t.to_dict() for t in d.tables] if d else []
    out["facts"] = [f.to_dict() for f in d.facts] if d else []
    out["claims"] = ([{"kind": c.kind, "text": c.text, "measure": c.measure, "basis": c.basis,
                       "source": c.source.to_dict()} for c in d.claims] if d else [])
    return out


def summary(result: Result) -> dict:
    """Counts per severity and per rule, plus identity statistics."""
    audit = result.audit
    if audit is None:
        return {"error": 0, "warning": 0, "info": 0, "by_rule": {}, "not_assessable": 0,
                "identities_evaluated": 0, "identities_held": 0, "unverified_reading": {}}
    sev = Counter(f.severity for f in audit.findings)
    return {
        "error": sev.get(Severity.ERROR, 0),
        "warning": sev.get(Severity.WARNING, 0),
        "info": sev.get(Severity.INFO, 0),
        "by_rule": dict(sorted(Counter(f.rule for f in audit.findings).items())),
        "not_assessable": len(audit.not_assessable),
        "identities_evaluated": audit.identities_evaluated,
        "identities_held": audit.identities_held,
        # 读取存疑 findings per cause (they are also counted in their severity, at most warning)
        "unverified_reading": dict(sorted(Counter(f.cause for f in audit.findings
                                                  if f.cause).items())),
    }


def audit_object(result: Result) -> dict:
    """The ``budgetlens audit --format json`` object of one file."""
    out = _base(result)
    audit = result.audit
    findings = sorted(audit.findings, key=_finding_order) if audit else []
    out["findings"] = [f.to_dict() for f in findings]
    out["not_assessable"] = ([{"rule": a.rule, "reason": a.reason, "reason_en": a.reason_en}
                              for a in audit.not_assessable] if audit else [])
    out["summary"] = summary(result)
    return out


def _finding_order(f: Finding) -> tuple[int, int, int, str]:
    first = f.evidence[0].source if f.evidence else None
    return (-Severity.ORDER[f.severity], (first.page or 0) if first else 0,
            (first.line or 0) if first else 0, f.rule)


def _dump(obj: object) -> str:
    return json.dumps(obj, ensure_ascii=False, indent=2)


def render_extract(results: Sequence[Result], lang: str = "zh") -> str:
    return _dump([extract_object(r) for r in results])


def render_audit(results: Sequence[Result], lang: str = "zh") -> str:
    return _dump([audit_object(r) for r in results])
