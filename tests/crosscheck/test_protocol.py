"""The cross-document checks on the audit's one evaluator protocol, on a library the test writes
(tests/crosscheck/test_synthetic.py's unit: its 2023 and 2024 budgets and 2024 final account):

- a check that cannot be judged is a not-assessable record (``Assessment``) naming the document
  and why — its counterpart is not in the library, the pair prints no figure in common, the final
  account's sentences were not kept — and a document that has its counterpart gets none (the
  near miss);
- a check that cannot run is a ``Diagnostic`` (unknown kind, parameters that do not fit, an
  evaluator that raises), and the other checks still run.
"""

from __future__ import annotations

from dataclasses import replace
from types import MappingProxyType

import pytest
from sqlalchemy import update

from budgetlens.crosscheck import evaluate
from budgetlens.crosscheck.evaluators import EVALUATORS
from budgetlens.ingest import ingest
from budgetlens.reconcile.protocol import Evaluator
from budgetlens.rules.cross_document import load_cross_checks
from budgetlens.store import open_store
from budgetlens.store.schema import Document

from ..store.conftest import sqlite_url
from .test_synthetic import UNIT, _write

#: A final account of the unit that prints only its 三公 spending: nothing on the initial budget.
FINAL_NO_BUDGET = f"""{UNIT}（本级）
2024年度部门决算公开说明

一、“三公”经费支出决算情况说明

2024年度“三公”经费支出决算为5.00万元。
"""


def _library(folder, names, final: str = "") -> tuple:
    paths = _write(folder)
    if final:
        paths["f2024.txt"].write_text(final, encoding="utf-8")
    store = open_store(sqlite_url(folder))
    assert ingest(store, [str(paths[n]) for n in names]).failed == 0
    return store, paths


@pytest.fixture(scope="module")
def whole(tmp_path_factory):
    """The unit's three documents and an unrelated unit's 2023 budget."""
    store, paths = _library(tmp_path_factory.mktemp("whole"),
                            ("b2023.txt", "b2024.txt", "f2024.txt", "other_unit.txt"))
    yield store, paths
    store.close()


def _reasons(outcome, rule: str) -> list[str]:
    return [a.reason_en for a in outcome.not_assessable if a.rule == rule]


def test_a_document_without_its_counterpart_is_not_assessable(whole):
    store, paths = whole
    outcome = evaluate(store.engine, load_cross_checks())
    assert outcome.diagnostics == [] and outcome.records
    prior = _reasons(outcome, "cross-prior-year-budget")
    # the 2023 budgets (the unit's and the unrelated one) have no 2022 budget to be checked against
    assert sorted(prior) == sorted(
        f"{paths[n]}: the library holds no budget document of the same unit for 2022; "
        "not assessable" for n in ("b2023.txt", "other_unit.txt"))
    # near miss: the 2024 budget has its 2023 budget, the final account its budget
    assert not any(str(paths["b2024.txt"]) in r for r in prior)
    for rule in ("cross-initial-budget", "cross-execution", "cross-variance-unexplained"):
        assert _reasons(outcome, rule) == [], rule
    (final,) = [a for a in outcome.not_assessable if a.rule == "cross-prior-year-final"]
    assert final.reason == (f"{paths['f2024.txt']}：资料库中没有同一单位2023年度的决算文件，"
                            "无法核对")


def test_a_final_account_without_its_budget_is_not_assessable_and_finds_nothing(tmp_path):
    store, paths = _library(tmp_path, ("b2023.txt", "f2024.txt"))
    try:
        outcome = evaluate(store.engine, load_cross_checks())
    finally:
        store.close()
    assert outcome.records == [] and outcome.pairs["cross-initial-budget"] == 0
    for rule in ("cross-initial-budget", "cross-execution", "cross-variance-unexplained"):
        (reason,) = _reasons(outcome, rule)
        assert reason.startswith(f"{paths['f2024.txt']}: the library holds no budget document")
        assert "for 2024" in reason


def test_a_pair_with_no_figure_in_common_is_not_assessable(tmp_path):
    store, paths = _library(tmp_path, ("b2024.txt", "f2024.txt"), final=FINAL_NO_BUDGET)
    try:
        outcome = evaluate(store.engine, load_cross_checks())
    finally:
        store.close()
    assert outcome.pairs["cross-initial-budget"] == 1
    assert outcome.compared["cross-initial-budget"] == 0
    (reason,) = _reasons(outcome, "cross-initial-budget")
    assert reason == (f"{paths['f2024.txt']} and {paths['b2024.txt']}: no figure the check "
                      "compares is printed in both (initial_budget / current); not assessable")
    assert not [r for r in outcome.records if r.rule == "cross-initial-budget"]


def test_a_pair_that_has_figures_in_common_is_assessed(whole):
    """The near miss of the above: the full final account prints its initial budget."""
    store, _ = whole
    outcome = evaluate(store.engine, load_cross_checks())
    assert outcome.compared["cross-initial-budget"] > 0
    assert not any("no figure the check compares" in a.reason_en for a in outcome.not_assessable)


def test_sentences_not_kept_make_the_variance_reason_not_assessable(tmp_path):
    """A final account stored before its sentences were kept (``n_claims`` NULL): a large
    variance is neither a finding nor silently fine."""
    store, paths = _library(tmp_path, ("b2024.txt", "f2024.txt"))
    try:
        kept = evaluate(store.engine, load_cross_checks())
        with store.engine.begin() as conn:
            conn.execute(update(Document).where(Document.source == str(paths["f2024.txt"]))
                         .values(n_claims=None))
        lost = evaluate(store.engine, load_cross_checks())
    finally:
        store.close()
    # near miss: with the sentences kept, the project variance is a finding, no record
    assert [r.measure for r in kept.records if r.rule == "cross-variance-unexplained"] == \
        ["expense.general.project"]
    assert _reasons(kept, "cross-variance-unexplained") == []
    assert not [r for r in lost.records if r.rule == "cross-variance-unexplained"]
    (record,) = [a for a in lost.not_assessable if a.rule == "cross-variance-unexplained"]
    assert record.reason.startswith(f"{paths['f2024.txt']}：") and "未保存" in record.reason
    assert "sentences were not kept" in record.reason_en


def _raises(rule, pair):
    raise ZeroDivisionError("planted")


def test_a_check_that_cannot_run_is_a_diagnostic_and_the_others_run(whole):
    store, paths = whole
    checks = load_cross_checks()
    broken = MappingProxyType({**{k: e for k, e in EVALUATORS.items() if k != "execution"},
                               "same_figure": EVALUATORS["same_figure"]._replace(check=_raises)})
    typo = next(c for c in checks if c.id == "cross-variance-unexplained")
    typo = replace(typo, rule=replace(typo.rule, params={**typo.rule.params, "min_pct_": 5}))
    others = [c for c in checks if c.id != typo.id]
    outcome = evaluate(store.engine, [*others, typo], registry=broken)
    codes = sorted({d.code for d in outcome.diagnostics})
    assert codes == ["crosscheck-evaluator-failed", "crosscheck-rule-invalid",
                     "crosscheck-unknown-kind"]
    failed = [d for d in outcome.diagnostics if d.code == "crosscheck-evaluator-failed"]
    # each same_figure pair once, naming both documents and the exception
    assert len(failed) == sum(outcome.pairs[c.id] for c in others if c.rule.kind == "same_figure")
    assert all("planted" in d.message_en and "planted" in d.message for d in failed)
    assert any(str(paths["b2024.txt"]) in d.message_en and str(paths["b2023.txt"]) in d.message_en
               for d in failed)
    (unknown,) = [d for d in outcome.diagnostics if d.code == "crosscheck-unknown-kind"]
    assert "cross-execution" in unknown.message_en and "规则 cross-execution" in unknown.message
    (bad,) = [d for d in outcome.diagnostics if d.code == "crosscheck-rule-invalid"]
    assert "'min_pct_'" in bad.message_en and "cross_document.toml" in bad.message_en
    # nothing of the checks that could not run; the one left (none here) would still have run
    assert {r.rule for r in outcome.records} == set()
    assert "cross-execution" not in outcome.pairs and typo.id not in outcome.pairs


def test_a_registered_evaluator_runs_beside_the_failing_ones(whole):
    """One evaluator raising does not lose the others' findings (the near miss of the above)."""
    store, _ = whole
    good = evaluate(store.engine, load_cross_checks())
    registry = MappingProxyType({**EVALUATORS, "same_figure": Evaluator(
        _raises, "raises", EVALUATORS["same_figure"].params, reads="library")})
    partial = evaluate(store.engine, load_cross_checks(), registry=registry)
    same = {c.id for c in load_cross_checks() if c.rule.kind == "same_figure"}
    kept = {(r.rule, r.measure) for r in good.records if r.rule not in same}
    assert {r for r, _ in kept} == {"cross-execution", "cross-variance-unexplained"}
    assert kept == {(r.rule, r.measure) for r in partial.records}
    assert {d.code for d in partial.diagnostics} == {"crosscheck-evaluator-failed"}
