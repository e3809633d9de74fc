"""crosscheck.engine: an evaluator that cannot check is one diagnostic of the run, not a crash per
pair (issue #12: found by the type check, ``Evaluator.check`` is Optional)."""

from __future__ import annotations

from budgetlens.crosscheck import evaluate
from budgetlens.crosscheck.evaluators import EVALUATORS
from budgetlens.ingest import ingest
from budgetlens.reconcile.protocol import Evaluator
from budgetlens.rules.cross_document import load_cross_checks
from budgetlens.store import open_store

from .test_synthetic import _write


def _evaluate(db_url: str, paths: dict, registry: dict):
    store = open_store(db_url)
    try:
        assert ingest(store, [str(p) for p in paths.values()]).failed == 0
        return evaluate(store.engine, load_cross_checks(), registry=registry)
    finally:
        store.close()


def test_a_kind_without_checks_is_one_problem_and_the_rest_runs(db_url, tmp_path):
    """A kind registered with ``check=None`` (a declaration that only words something) is
    reported once, by check id; before, every pair of it failed with "'NoneType' object is not
    callable". The other kinds still compare their pairs."""
    checks = load_cross_checks()
    prior = next(c for c in checks if c.id == "cross-prior-year-budget")
    registry = {**EVALUATORS, prior.rule.kind: Evaluator(None)}
    out = _evaluate(db_url, _write(tmp_path, project="115.00"), registry)
    same = [c.id for c in checks if c.rule.kind == prior.rule.kind]
    assert [(d.code, d.message_en) for d in out.diagnostics] == \
        [("crosscheck-unknown-kind", f"rule {i}: no evaluator for kind '{prior.rule.kind}', not run")
         for i in same]
    assert not set(same) & set(out.pairs)
    assert out.pairs["cross-execution"] == 1
    assert any(r.rule == "cross-execution" for r in out.records)


def test_the_registered_evaluators_run_every_check(db_url, tmp_path):
    """Near miss: the project's own registry: no problem, the prior-year pair compared."""
    out = _evaluate(db_url, _write(tmp_path, project="115.00"), dict(EVALUATORS))
    assert out.diagnostics == []
    assert out.pairs["cross-prior-year-budget"] == 1
    assert {"cross-prior-year-budget", "cross-execution"} <= {r.rule for r in out.records}
