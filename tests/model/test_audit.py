"""Audit records (model/audit.py): a finding serialises its figures, its evidence with their
places and roles, and the cause of a doubtful reading only when it has one; an audit of a real
seed carries findings whose evidence is never empty."""

from __future__ import annotations

from budgetlens.model import Assessment, Audit, Evidence, Finding, Source
from budgetlens.pipeline import process

from ..conftest import seed_path


def _finding(**extra) -> Finding:
    evidence = (Evidence(Source("a.txt", line=3, text="合计100.00"), "100.00",
                         "expense.total", "current", "total"),
                Evidence(Source("a.txt", line=4, text="基本支出90.00"), "90.00",
                         "expense.basic", "current", "part"))
    return Finding("sum-expense", "identity", "error", "合计不等于各项之和", evidence,
                   message_en="the total is not the sum of its parts", stated="100.00",
                   expected="90.00", difference="10.00", tolerance="0.01", **extra)


def test_a_finding_serialises_its_figures_and_evidence():
    d = _finding().to_dict()
    assert (d["stated"], d["expected"], d["difference"], d["tolerance"]) == (
        "100.00", "90.00", "10.00", "0.01")
    assert [(e["line"], e["value"], e["role"]) for e in d["evidence"]] == [
        (3, "100.00", "total"), (4, "90.00", "part")]
    assert "cause" not in d and "severity_as_read" not in d  # near miss: no doubtful reading


def test_a_doubtful_reading_says_its_cause_and_the_severity_as_read():
    d = _finding(cause="recognised-by-content", severity_as_read="error").to_dict()
    assert (d["cause"], d["severity_as_read"]) == ("recognised-by-content", "error")


def test_an_audit_of_a_seed_lists_findings_with_evidence_and_counts():
    result = process(str(seed_path("000")))
    audit = result.audit
    assert isinstance(audit, Audit) and audit.checks_run > 0
    assert audit.identities_held <= audit.identities_evaluated
    assert all(f.evidence for f in audit.findings)
    assert all(isinstance(a, Assessment) and a.reason for a in audit.not_assessable)
