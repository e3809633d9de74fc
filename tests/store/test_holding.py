"""What the library holds between two requests (store/holding.py) on SQLite and PostgreSQL: an
upload held for its account until it is taken once, and the failed logins the throttle counts.
Near misses: another account's token, a token taken already and an upload older than its hour
give nothing; failures under another key or older than the window are not counted."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from sqlalchemy import select, update

from budgetlens.store.accounts import add_user
from budgetlens.store.holding import (HOLD, Held, clear_failures, failure_key, hold_upload,
                                      recent_failures, record_failure, take_upload)
from budgetlens.store.schema_review import HeldUpload, LoginFailure


def _now() -> datetime:
    return datetime.now(timezone.utc)


CONTENT = "单位：万元\n项目\t本年预算\n合计\t100.00\n".encode("utf-8")


def test_an_upload_is_taken_once_by_its_own_account(library_engine):
    engine = library_engine
    alice = add_user(engine, "alice", "a long passphrase", "reviewer")
    bob = add_user(engine, "bob", "another passphrase", "reviewer")
    token = hold_upload(engine, alice.id, "预算.txt", ".txt", CONTENT)
    assert len(token) == 32 and int(token, 16) >= 0
    assert take_upload(engine, token, bob.id) is None  # another account's
    assert take_upload(engine, token, alice.id) == Held("预算.txt", ".txt", CONTENT)
    assert take_upload(engine, token, alice.id) is None  # taken already


def test_an_upload_older_than_its_hour_is_gone(library_engine):
    engine = library_engine
    user = add_user(engine, "alice", "a long passphrase", "reviewer")
    old = hold_upload(engine, user.id, "old.txt", ".txt", CONTENT)
    fresh = hold_upload(engine, user.id, "fresh.txt", ".txt", CONTENT)
    with engine.begin() as conn:  # the first one was held more than an hour ago
        conn.execute(update(HeldUpload).where(HeldUpload.token == old)
                     .values(created_at=_now() - HOLD - timedelta(minutes=1)))
    assert take_upload(engine, old, user.id) is None
    assert take_upload(engine, fresh, user.id).name == "fresh.txt"


def test_failed_logins_are_counted_per_key_within_the_window(library_engine):
    engine = library_engine
    window = timedelta(minutes=15)
    key, other = failure_key("10.0.0.1", "alice"), failure_key("10.0.0.2", "alice")
    assert key != other and key == failure_key("10.0.0.1", "alice")
    for _ in range(3):
        record_failure(engine, key, window)
    record_failure(engine, other, window)
    assert recent_failures(engine, key, window) == 3
    assert recent_failures(engine, other, window) == 1
    with engine.begin() as conn:  # two of them long ago
        ids = conn.execute(select(LoginFailure.id).where(LoginFailure.key == key)
                           .order_by(LoginFailure.id).limit(2)).scalars().all()
        conn.execute(update(LoginFailure).where(LoginFailure.id.in_(ids))
                     .values(at=_now() - timedelta(hours=1)))
    assert recent_failures(engine, key, window) == 1
    clear_failures(engine, key)
    assert recent_failures(engine, key, window) == 0
    assert recent_failures(engine, other, window) == 1  # another key's stay
