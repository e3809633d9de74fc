"""The review of cross-document findings (store/cross_review.py) on SQLite and PostgreSQL: a
decision is kept under a key naming the rule, the figure, the unit and both sides by year and
kind, so it holds after the next crosscheck replaces every finding row; a dismissal needs a
reason; a note (info) needs no decision before sign-off. Near misses: the key changes with either
side; a decision on one finding decides no other; bad actions and unknown findings are refused."""

from __future__ import annotations

import pytest

from budgetlens.crosscheck import crosscheck
from budgetlens.store import StoreError
from budgetlens.store.accounts import add_user, admin_log
from budgetlens.store.cross_review import cross_key, cross_reviews, decide_cross, undecided_cross
from budgetlens.store.review import CONFIRMED, DISMISSED, PENDING

from .cross_library import cross_library, documents_by_name


def test_the_key_names_both_sides_and_nothing_stored():
    unit, budget, final = ("k", "500114"), (2024, "budget", "department"), (2024, "final", "department")
    key = cross_key("cross-execution", "expense.general.total", "current", unit, final, budget)
    assert len(key) == 32
    assert key == cross_key("cross-execution", "expense.general.total", "current", unit, final,
                            budget)
    assert key != cross_key("cross-execution", "expense.general.total", "current", unit, final,
                            (2023, "budget", "department"))
    assert key != cross_key("cross-execution", "expense.general.basic", "current", unit, final,
                            budget)


def test_decisions_hold_after_the_next_crosscheck(db_url, tmp_path):
    store, _, _ = cross_library(db_url, tmp_path, project="115.00")
    try:
        engine = store.engine
        reviewer = add_user(engine, "reviewer", "a long passphrase", "reviewer")
        ids = documents_by_name(store)
        final = cross_reviews(engine, document_id=ids["f2024.txt"])
        assert final and all(r.status == PENDING and r.evidence for r in final)
        # notes (cross-execution, info) need no decision; the unexplained variance does
        assert [r.finding["rule"] for r in undecided_cross(engine, ids["f2024.txt"])] == [
            "cross-variance-unexplained"]
        (prior,) = [r for r in cross_reviews(engine, document_id=ids["b2024.txt"])
                    if r.finding["rule"] == "cross-prior-year-budget"]
        with pytest.raises(StoreError):
            decide_cross(engine, prior.finding["id"], "dismiss", "  ", reviewer)
        with pytest.raises(StoreError):
            decide_cross(engine, prior.finding["id"], "approve", "ok", reviewer)
        with pytest.raises(StoreError):
            decide_cross(engine, 10_000, "confirm", "", reviewer)
        decide_cross(engine, prior.finding["id"], "confirm", "", reviewer)
        variance = undecided_cross(engine, ids["f2024.txt"])[0]
        decide_cross(engine, variance.finding["id"], "dismiss", "原因见附件说明", reviewer)
        crosscheck(engine)  # every finding row replaced
        after = {r.key: r for r in cross_reviews(engine, document_id=ids["b2024.txt"])}
        assert after[prior.key].status == CONFIRMED and after[prior.key].decided_by == "reviewer"
        assert after[prior.key].carried_from is None  # the same pair of documents
        dismissed = {r.key: r for r in cross_reviews(engine, document_id=ids["f2024.txt"])}
        assert dismissed[variance.key].status == DISMISSED
        assert dismissed[variance.key].reason == "原因见附件说明"
        assert undecided_cross(engine, ids["f2024.txt"]) == []
        others = [r for r in dismissed.values() if r.key != variance.key]
        assert others and all(r.status == PENDING for r in others)
        _, lines = admin_log(engine)
        assert [x["action"] for x in lines[:2]] == ["review.cross.dismiss", "review.cross.confirm"]
    finally:
        store.close()


def test_a_units_page_lists_its_identitys_cross_findings(db_url, tmp_path):
    store, _, _ = cross_library(db_url, tmp_path, project="115.00")
    try:
        engine = store.engine
        ids = documents_by_name(store)
        by_document = {r.key for name in ("b2023.txt", "b2024.txt", "f2024.txt")
                       for r in cross_reviews(engine, document_id=ids[name])}
        unit_id = cross_reviews(engine, document_id=ids["b2024.txt"])[0].finding["unit_id"]
        assert {r.key for r in cross_reviews(engine, unit_id=unit_id)} == by_document
        assert cross_reviews(engine, document_id=ids["other_unit.txt"]) == []
    finally:
        store.close()
