"""Rules handed to the pipeline from Python are checked once per run, as the command line checks
its catalogue: ``process_many`` checks them before the first document (a bad rule stops the run
with one error naming file, line and key, before anything is read) and no document checks them
again; ``process`` alone (one document, never raises) reports a bad rule as that document's
diagnostic. The rules are real declarations (TOML parsed as a rules file is), the documents real
seeds, and a sound rule fires on them in this process and in worker processes."""

from __future__ import annotations

import tomllib
from decimal import Decimal

import pytest

from budgetlens.pipeline import process, process_many
from budgetlens.reconcile import protocol
from budgetlens.rules.catalogue import load_rules, parse_rules
from budgetlens.rules.schema import RuleError

from .conftest import seed_path

RULE = '''
[[rule]]
id = "decrease-floor"
kind = "pct_floor"
category = "percentage"
severity = "warning"
description = "比上年降幅不超过{floor}%"
message_zh = "{{measure}}{{basis}}列示{{stated}}%，低于{{expected}}%"
message_en = "{{measure}}: {{basis}} {{stated}}% below {{expected}}%"
bases = ["pct_change_prior"]
{key} = {floor}
'''


def _rules(key: str = "floor", floor: str = "-1") -> tuple:
    text = RULE.format(key=key, floor=floor)
    return parse_rules(tomllib.loads(text), "mine.toml", text)


def _seeds() -> list[str]:
    return [str(seed_path(p)) for p in ("000", "002")]


def _counting(monkeypatch) -> list[str]:
    """Every parameter check of a rule, by rule id (the engine's and the start-of-run check's)."""
    calls: list[str] = []
    real = protocol.param_problems

    def counted(rule, evaluator):
        calls.append(rule.id)
        return real(rule, evaluator)

    monkeypatch.setattr(protocol, "param_problems", counted)
    import budgetlens.reconcile.preflight as preflight
    monkeypatch.setattr(preflight, "param_problems", counted)
    return calls


def test_a_bad_rule_stops_the_run_before_the_first_document(tmp_path):
    missing = tmp_path / "never-read.pdf"  # a read would give an error Result, not a raise
    run = process_many([str(missing), *_seeds()], rules=_rules(key="flor"))
    with pytest.raises(RuleError) as caught:
        next(run)
    assert (caught.value.file, caught.value.key) == ("mine.toml", "floor")
    assert "missing 'floor'" in str(caught.value)


def test_a_run_checks_its_rules_once_not_per_document(monkeypatch):
    calls = _counting(monkeypatch)
    rules = _rules()
    results = list(process_many(_seeds(), rules=rules))
    assert [r.status for r in results] == ["ok", "ok"]
    assert calls.count("decrease-floor") == 1  # once for the run of two documents
    for r in results:
        assert not [d for d in r.diagnostics if d.code.startswith("reconcile-rule")]
        assert r.audit.checks_run == 1  # the one rule handed in, not the catalogue


def test_one_document_alone_checks_them_itself_and_reports_a_diagnostic(monkeypatch):
    """The near miss: ``process`` is a run of one document and never raises."""
    calls = _counting(monkeypatch)
    result = process(_seeds()[0], rules=_rules(key="flor"))
    assert result.status == "ok" and calls.count("decrease-floor") == 1
    (diag,) = [d for d in result.diagnostics if d.code == "reconcile-rule-invalid"]
    assert "mine.toml" in diag.message_en and "'floor'" in diag.message_en
    assert result.audit.checks_run == 0


def test_a_sound_rule_fires_the_same_in_worker_processes():
    """The rules travel to the workers (a ``Rule`` pickles); a floor above a printed decrease
    fires on the seed that prints one, and the same findings come back with two workers."""
    rules = _rules(floor="-0.5")
    serial = list(process_many(_seeds(), rules=rules))
    parallel = list(process_many(_seeds(), rules=rules, jobs=2))
    found = [[(f.rule, f.stated) for f in r.audit.findings] for r in serial]
    assert found == [[(f.rule, f.stated) for f in r.audit.findings] for r in parallel]
    stated = [Decimal(s) for doc in found for _, s in doc]
    assert stated and all(s < Decimal("-0.5") for s in stated)


def test_the_catalogue_is_checked_once_too(monkeypatch):
    calls = _counting(monkeypatch)
    list(process_many(_seeds()))
    catalogue = [r.id for r in load_rules()]
    assert sorted(calls) == sorted(catalogue)  # each rule once for two documents
