"""End to end on the real seed disclosures: read → extract → reconcile (identities only).

The seeds contain real defects (a total change that its parts do not add up to, percentages
computed on the wrong base, growth "100%" from nothing) and real rounding-level differences; a
sound audit reports the former and tolerates the latter.
"""

from pathlib import Path

import pytest

from budgetlens.extract import extract
from budgetlens.read import read_document
from budgetlens.reconcile import reconcile
from budgetlens.rules.catalogue import load_rules

SEEDS = Path(__file__).resolve().parents[2] / ".." / "shared" / "seeds"
IDENTITIES = [r for r in load_rules() if r.origin == "identities.toml"]


def seed(prefix: str) -> Path:
    if not SEEDS.is_dir():
        pytest.skip("shared seeds not available")
    return next(SEEDS.glob(f"{prefix}_*.txt"))


_CACHE: dict = {}


def audit_of(prefix: str):
    if prefix not in _CACHE:
        document, _ = read_document(str(seed(prefix)))
        disclosure, _ = extract(document)
        _CACHE[prefix] = (disclosure, reconcile(disclosure, IDENTITIES)[0])
    return _CACHE[prefix][1]


def errors(audit):
    return {(f.rule, f.measure, f.basis, f.stated, f.expected)
            for f in audit.findings if f.severity == "error"}


def test_seed_000_total_change_is_not_the_sum_of_basic_and_project_changes():
    audit = audit_of("000")
    [finding] = [f for f in audit.findings if f.severity == "error"]
    assert (finding.rule, finding.measure, finding.basis) == (
        "general-basic-project", "expense.general.total", "change_prior")
    assert (finding.stated, finding.expected) == ("1110.21", "1075.21")
    quoted = {e.value: e.source.text for e in finding.evidence}
    assert "增加1110.21万元" in quoted["1110.21"]
    assert {"-136.48", "1211.69"} <= set(quoted)


def test_seed_002_percentages_on_the_wrong_base_and_three_public_changes():
    audit = audit_of("002")
    assert errors(audit) == {
        ("pct-change", "admin_operating_cost", "pct_change_prior", "18.95", "23.39"),
        ("pct-change", "admin_operating_cost", "pct_change_initial_budget", "-10.52", "-52.50"),
        ("pct-change", "three_public.vehicle_operation", "pct_change_prior", "-1.16", "-1.64"),
        ("three-public-total", "three_public.total", "change_prior", "-0.04", "0.98"),
    }
    total = next(f for f in audit.findings if f.rule == "three-public-total")
    cited = {(e.measure, e.basis, e.value) for e in total.evidence}
    assert {("three_public.vehicle_operation", "change_prior", "-0.04"),
            ("three_public.reception", "change_prior", "1.02")} <= cited
    zero = {(f.measure, f.basis) for f in audit.findings if f.rule == "zero-base-growth"}
    assert ("three_public.reception", "pct_change_prior") in zero
    assert all(f.severity == "warning" for f in audit.findings if f.rule == "zero-base-growth")


@pytest.mark.parametrize("prefix,measure", [("003", "expense.total"),
                                            ("004", "expense.general.basic.economic.301")])
def test_rounding_level_differences_are_at_most_info(prefix, measure):
    audit = audit_of(prefix)
    notes = [f for f in audit.findings if f.measure == measure and f.basis == "current"]
    assert notes and all(f.severity == "info" for f in notes)
    assert {f.rule for f in notes} == {"rounding-difference"}


@pytest.mark.parametrize("prefix", ["001", "003", "004"])
def test_no_error_on_sound_seeds(prefix):
    assert errors(audit_of(prefix)) == set()


@pytest.mark.parametrize("prefix", ["000", "002", "004"])
def test_audit_is_deterministic_and_counts_are_sane(prefix):
    first = audit_of(prefix)
    disclosure = _CACHE[prefix][0]
    again, _ = reconcile(disclosure, IDENTITIES)
    assert [f.to_dict() for f in again.findings] == [f.to_dict() for f in first.findings]
    assert 0 < first.identities_held <= first.identities_evaluated
    for f in first.findings:
        assert f.evidence and all(e.source.text != "<derived>" for e in f.evidence)
