"""The review of a document in the library (store/review.py, store/findkey.py)
on SQLite and PostgreSQL: a real seed and a corrected copy of it — the same unit and year, one
figure fixed as its finding says, and a line added above so every later line moves — ingested
by the real ingest. Decisions on the first version carry to the same findings of the second; the
fixed finding shows as resolved (已整改); the sign-off needs every finding decided or a note."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from budgetlens.store import StoreError, open_store
from budgetlens.store.accounts import add_user, admin_log
from budgetlens.store.findkey import finding_keys
from budgetlens.store.review import (CONFIRMED, DISMISSED, PENDING, decide, review, sign_off,
                                     signed_off, versions)

from ..conftest import seed_path
from .conftest import pipeline_result

SEED = "002"


def corrected_copy(folder) -> tuple[str, tuple]:
    """Seed 002 with its admin_operating_cost change rate printed as the audit expects it, and a
    line added after the heading (every later line moves down one). Returns the path and the
    (rule, measure, basis) of the finding the correction removes."""
    original = seed_path(SEED)
    wrong = [f for f in pipeline_result(str(original)).audit.findings
             if f.rule == "pct-change" and f.basis == "pct_change_prior" and f.severity == "error"]
    assert wrong, "seed 002 no longer has the pct-change finding this test corrects"
    fix = wrong[-1]
    body = original.read_text("utf-8")
    printed = f"增长{fix.stated}%"
    assert body.count(printed) == 1
    lines = body.replace(printed, f"增长{fix.expected}%").split("\n")
    lines.insert(4, "（本文件为更正后重新公开的版本。）")
    path = folder / "corrected_002.txt"
    path.write_text("\n".join(lines), "utf-8")
    return str(path), (fix.rule, fix.measure, fix.basis)


def _ids(engine):
    with engine.connect() as conn:
        return [r[0] for r in conn.execute(text("SELECT id FROM documents ORDER BY id"))]


def _findings(engine, doc):
    with engine.connect() as conn:
        return conn.execute(text("SELECT id, rule, measure, basis, severity FROM findings "
                                 "WHERE document_id = :d ORDER BY id"), {"d": doc}).all()


@pytest.fixture
def two_versions(db_url, tmp_path):
    from budgetlens.ingest import ingest

    store = open_store(db_url)
    corrected, fixed = corrected_copy(tmp_path)
    ingest(store, [str(seed_path(SEED))])
    ingest(store, [corrected])
    old, new = _ids(store.engine)
    yield store.engine, old, new, fixed
    store.close()


def test_keys_survive_moved_lines_and_the_fix_removes_one(two_versions):
    engine, old, new, fixed = two_versions
    with engine.connect() as conn:
        assert versions(conn, new) == [old, new] == versions(conn, old)
        k_old, k_new = finding_keys(conn, old), finding_keys(conn, new)
    by_key_old = {k: f for f in _findings(engine, old) for fid, k in k_old.items() if fid == f.id}
    gone = [f for k, f in by_key_old.items() if k not in set(k_new.values())]
    assert [(f.rule, f.measure, f.basis) for f in gone] == [fixed]
    assert len(k_new) == len(k_old) - 1
    with engine.connect() as conn:
        moved = conn.execute(text(
            "SELECT count(*) FROM evidence e JOIN findings f ON f.id = e.finding_id "
            "WHERE f.document_id = :d AND e.line IS NOT NULL"), {"d": new}).scalar_one()
    assert moved > 0  # the new version's evidence has lines, all moved by the inserted line


def test_decisions_carry_over_and_the_fixed_finding_is_resolved(two_versions):
    engine, old, new, fixed = two_versions
    reviewer = add_user(engine, "审核员甲", "correct horse battery", "reviewer")
    serious = [f for f in _findings(engine, old) if f.severity != "info"]
    fixed_row = next(f for f in serious if (f.rule, f.measure, f.basis) == fixed)
    kept = [f for f in serious if f.id != fixed_row.id]
    decide(engine, old, kept[0].id, "confirm", "", reviewer)
    decide(engine, old, fixed_row.id, "dismiss", '理由 <b>"引号"</b>', reviewer)
    decide(engine, old, kept[1].id, "comment", "再核对", reviewer)
    with pytest.raises(StoreError):
        decide(engine, old, kept[1].id, "dismiss", "  ", reviewer)  # a dismissal needs a reason
    with pytest.raises(StoreError):
        decide(engine, new, kept[0].id, "confirm", "", reviewer)  # not a finding of `new`

    state = review(engine, new)
    by_rule = {(r.status, r.carried_from) for r in state.findings.values()}
    assert (CONFIRMED, old) in by_rule
    confirmed = [r for r in state.findings.values() if r.status == CONFIRMED]
    assert len(confirmed) == 1 and confirmed[0].decided_by == "审核员甲"
    assert confirmed[0].carried_version == 1  # the first of the two versions
    assert [(r["rule"], r["status_before"]) for r in state.resolved] == [(fixed[0], DISMISSED)]
    assert state.resolved[0]["history"][0]["text"] == '理由 <b>"引号"</b>'
    commented = [r for r in state.findings.values() if r.status == PENDING and r.history]
    assert [h["action"] for h in commented[0].history] == ["comment"]
    # a decision of its own in the new version wins over the carried one
    new_id = next(fid for fid, r in state.findings.items() if r.status == CONFIRMED)
    decide(engine, new, new_id, "dismiss", "更正后不成立", reviewer)
    again = review(engine, new).findings[new_id]
    assert (again.status, again.carried_from, again.reason) == (DISMISSED, None, "更正后不成立")


def test_sign_off_needs_decisions_or_a_note_and_is_logged(two_versions):
    engine, old, new, _ = two_versions
    reviewer = add_user(engine, "reviewer-b", "another long password", "reviewer")
    state = review(engine, new)
    assert state.undecided > 0
    with pytest.raises(StoreError) as err:
        sign_off(engine, new, "", reviewer)
    assert err.value.code == "review-undecided"
    for fid, r in state.findings.items():
        if r.severity != "info":
            decide(engine, new, fid, "confirm", "", reviewer)
    sign_off(engine, new, "", reviewer)
    assert signed_off(engine, [old, new])[new]["user"] == "reviewer-b"
    assert old not in signed_off(engine, [old, new])
    sign_off(engine, old, "旧版本不再审核", reviewer)
    total, lines = admin_log(engine)
    actions = [line["action"] for line in lines]
    assert actions[0] == "review.sign-off" and lines[0]["detail"] == "旧版本不再审核"
    assert actions.count("review.confirm") == state.undecided and actions[-1] == "user.add"
    assert total == len(lines)
