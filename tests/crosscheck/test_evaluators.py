"""The cross-document evaluators (crosscheck/evaluators.py) on pairs the test builds from stored
records, without a library: the package's own declarations (cross_document.toml) judged on
figures chosen around each threshold, each with its near miss.

- same_figure: a difference beyond the printed rounding is a finding citing both documents; one
  within it (6.504 printed against 6.50) and a measure the check does not name are quiet;
- execution: rate and variance of every measure both print, whether the final account explains it;
- variance_reason: a large variance with no reason is a finding, one with its reason or under the
  declared thresholds is quiet, and with the sentences not kept it is not assessable.
(tests/crosscheck/test_synthetic.py runs the same kinds end to end on a library.)"""

from __future__ import annotations

from decimal import Decimal

from budgetlens.crosscheck.evaluators import (EVALUATORS, Pair, check_execution, check_same_figure,
                                              check_variance_reason)
from budgetlens.crosscheck.reasons import Reasons
from budgetlens.model import Assessment
from budgetlens.rules.cross_document import load_cross_checks
from budgetlens.store.cross import StoredClaim, StoredDocument, StoredFact

CHECKS = {c.id: c for c in load_cross_checks()}


def _doc(id_: int, kind: str, year: int) -> StoredDocument:
    return StoredDocument(id_, f"{kind}{year}.txt", kind, year, "department", 7, "某某局", "500000", 3)


def _fact(measure: str, basis: str, value: str, line: int = 1) -> StoredFact:
    decimals = len(value.split(".")[1]) if "." in value else 0
    return StoredFact(measure, basis, Decimal(value), decimals, "money", "text", 1, line, None,
                      None, None, f"{value}万元", None, None)


def _pair(check_id: str, checked: dict, against: dict, reasons=None) -> Pair:
    check = CHECKS[check_id]
    c, a = check.checked, check.against
    docs = (_doc(1, c.kind, 2024), _doc(2, a.kind, 2024 + a.year_offset))
    return Pair(check, *docs, {(m, c.basis): _fact(m, c.basis, v) for m, v in checked.items()},
                {(m, a.basis): _fact(m, a.basis, v) for m, v in against.items()}, reasons)


def test_every_declared_kind_has_its_evaluator():
    assert {c.rule.kind for c in CHECKS.values()} <= set(EVALUATORS)


def test_same_figure_fires_beyond_rounding_and_is_quiet_within_it():
    prior = "cross-prior-year-budget"
    rule = CHECKS[prior].rule
    (found,) = check_same_figure(rule, _pair(prior, {"three_public.total": "6.50"},
                                             {"three_public.total": "6.52"}))
    assert (found.rule, found.stated, found.expected) == (prior, "6.50", "6.52")
    assert {(e.document_id, e.role) for e in found.evidence} == {(1, "stated"), (2, "expected")}
    assert check_same_figure(rule, _pair(prior, {"three_public.total": "6.50"},
                                         {"three_public.total": "6.504"})) == []
    # a figure only one document prints is not compared
    assert check_same_figure(rule, _pair(prior, {"three_public.total": "6.50"},
                                         {"expense.total": "6.70"})) == []


def _final(measure: str, final: str, budget: str, reason: bool | None):
    kept = reason is not None
    claims = {measure: StoredClaim("reason", measure, "current", 1, 2, "主要原因是项目延期。")} \
        if reason else {}
    return {"checked": {measure: final}, "against": {measure: budget},
            "reasons": Reasons(1, kept, claims)}


def test_execution_reports_rate_variance_and_whether_a_reason_is_given():
    case = _final("expense.general.project", "51.00", "120.00", reason=False)
    (record,) = check_execution(CHECKS["cross-execution"].rule,
                                _pair("cross-execution", case["checked"], case["against"],
                                      case["reasons"]))
    assert (record.rate, record.difference, record.explained) == ("42.50", "-69.00", False)


def test_a_large_variance_without_a_reason_fires_and_its_near_misses_do_not():
    unexplained = "cross-variance-unexplained"
    rule = CHECKS[unexplained].rule

    def run(final: str, budget: str, reason: bool | None):
        case = _final("expense.general.project", final, budget, reason)
        return check_variance_reason(rule, _pair(unexplained, case["checked"], case["against"],
                                                 case["reasons"]))

    (record,) = run("51.00", "120.00", reason=False)
    assert record.rule == unexplained and record.explained is False
    assert run("51.00", "120.00", reason=True) == []  # explained
    assert run("119.90", "120.00", reason=False) == []  # 99.9%: under the declared thresholds
    (unknown,) = run("51.00", "120.00", reason=None)  # sentences not kept: cannot be said
    assert isinstance(unknown, Assessment) and unknown.rule == unexplained
