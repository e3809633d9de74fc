"""What the cross-document stage reads from the library and writes back (store/cross.py), on
SQLite and PostgreSQL, over a unit's budgets and final account the test writes: the current
documents with their unit identity, a document's own facts and claims, the identities a run
stored, findings replaced as a whole or by scope, listed by filter with their evidence. Near
misses: a file that is no disclosure is not a current document; a scope naming another unit
leaves the findings as they were; an exact measure does not match its children."""

from __future__ import annotations

from datetime import datetime, timezone

from budgetlens.store.browse import Filters
from budgetlens.store.cross import (add_evidence_boxes, cross_evidence, current_documents,
                                    document_claims, document_facts, list_cross_findings,
                                    replace_cross_findings, run_identities)

from .cross_library import UNIT, cross_library, documents_by_name


def _rows(engine, **filters) -> list[dict]:
    return list_cross_findings(engine, Filters(**filters), 100, 0).rows


def test_current_documents_carry_their_unit_identity(db_url, tmp_path):
    store, paths, run_id = cross_library(db_url, tmp_path)
    try:
        docs = {d.source: d for d in current_documents(store.engine)}
        assert str(paths["notes.txt"]) not in docs  # read, but no disclosure
        assert len(docs) == 5
        b23, b24, f24 = (docs[str(paths[n])] for n in ("b2023.txt", "b2024.txt", "f2024.txt"))
        assert (b23.kind, b23.year, f24.kind, f24.year) == ("budget", 2023, "final", 2024)
        assert b23.unit == b24.unit == f24.unit  # 测绘服务中心 and its （本级）: one identity
        assert f24.unit_name == f"{UNIT}（本级）"
        others = {docs[str(paths[n])].unit for n in ("other_unit.txt", "other_region.txt")}
        assert len(others) == 2 and b23.unit not in others
        assert run_identities(store.engine, run_id) == {b23.unit} | others
        assert run_identities(store.engine, run_id + 1) == set()  # no such run
    finally:
        store.close()


def test_a_documents_facts_and_claims_by_basis_and_kind(db_url, tmp_path):
    store, paths, _ = cross_library(db_url, tmp_path)
    try:
        ids = documents_by_name(store)
        facts = document_facts(store.engine, ids["b2024.txt"], ["current"], ["money"])
        got = {(f.measure, str(f.value)) for f in facts}
        assert ("expense.general.project", "120.00") in got and ("three_public.total", "6.00") in got
        assert all(f.basis == "current" for f in facts)
        changes = document_facts(store.engine, ids["b2024.txt"], ["change_prior"], ["money"])
        assert ("three_public.total", "-0.50") in {(f.measure, str(f.value)) for f in changes}
        assert document_facts(store.engine, ids["b2024.txt"], ["current"], ["percent"]) == []
        (reason,) = document_claims(store.engine, ids["f2024.txt"], ["reason"])
        assert "项目延期" in reason.text and reason.line
        (other,) = document_claims(store.engine, ids["b2023.txt"], ["reason"])
        assert "人员增加" in other.text  # each document its own
        assert document_claims(store.engine, ids["f2024.txt"], ["no-such-kind"]) == []
    finally:
        store.close()


def test_findings_are_listed_by_filter_with_their_evidence(db_url, tmp_path):
    store, paths, _ = cross_library(db_url, tmp_path, project="115.00")
    try:
        ids, engine = documents_by_name(store), store.engine
        (prior,) = _rows(engine, rule="cross-prior-year-budget")
        assert (prior["stated"], prior["expected"]) == ("110.00", "115.00")
        assert prior["document_id"] == ids["b2024.txt"]
        assert prior["other_document_id"] == ids["b2023.txt"]
        # either side's document finds it; a measure ending in "." is a prefix, else exact
        assert prior in _rows(engine, document=ids["b2023.txt"])
        assert _rows(engine, measure="expense.general.") == _rows(engine)
        assert _rows(engine, measure="expense.general") == []
        assert {r["rule"] for r in _rows(engine, measure="expense.general.project")} == {
            "cross-prior-year-budget", "cross-execution", "cross-variance-unexplained"}
        assert len(_rows(engine, unit="黔江区测绘")) == len(_rows(engine))
        assert _rows(engine, unit="档案馆") == []
        evidence = cross_evidence(engine, [prior["id"]])[prior["id"]]
        assert {e["source"] for e in evidence} == {str(paths["b2024.txt"]), str(paths["b2023.txt"])}
        add_evidence_boxes(engine, {prior["id"]: evidence})
        assert all(e["x0"] is None for e in evidence)  # text files: no box on any page
    finally:
        store.close()


def test_findings_are_replaced_as_a_whole_or_by_scope(db_url, tmp_path):
    store, _, _ = cross_library(db_url, tmp_path, project="115.00")
    try:
        engine, now = store.engine, datetime.now(timezone.utc)
        before = _rows(engine)
        unit = before[0]["unit_id"]
        assert before and {r["unit_id"] for r in before} == {unit}
        assert replace_cross_findings(engine, [], now, scope=({unit + 100}, set())) == 0
        assert _rows(engine) == before  # another unit's scope: nothing of this one goes
        assert replace_cross_findings(engine, [], now, scope=({unit}, set())) == 0
        assert _rows(engine) == [] and cross_evidence(engine, [before[0]["id"]]) == {
            before[0]["id"]: []}
    finally:
        store.close()
