"""Accounts of the library (store/accounts.py) on SQLite and PostgreSQL: a password is stored as
an Argon2id hash and checked against it, names and roles are validated, a role change and a
disabled account are logged in the admin log, and the session-signing secret is made once per
library. Near misses: a wrong password, an unknown name and a disabled account all fail the same
way (None); a second library has a secret of its own."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from budgetlens.store import StoreError, open_store
from budgetlens.store.accounts import (ROLES, add_user, admin_log, check_name_and_role,
                                       check_password, get_user, list_users, session_secret,
                                       set_disabled, set_role)

from .conftest import sqlite_url


def test_accounts_store_a_hash_and_check_it(library_engine):
    engine = library_engine
    user = add_user(engine, "admin", "s3cret-passphrase", "admin", actor_name="cli")
    with engine.connect() as conn:
        stored = conn.execute(text("SELECT password_hash FROM users")).scalar_one()
    assert "s3cret-passphrase" not in stored and stored.startswith("$argon2id$")
    assert check_password(engine, "admin", "s3cret-passphrase") == user
    assert check_password(engine, "admin", "wrong") is None
    assert check_password(engine, "nobody", "s3cret-passphrase") is None
    with pytest.raises(StoreError):
        add_user(engine, "admin", "another password", "reviewer")
    with pytest.raises(StoreError):
        add_user(engine, "short", "1234567", "reviewer")
    with pytest.raises(StoreError):
        set_role(engine, "admin", "superuser")
    assert set_role(engine, "admin", "reviewer").role == "reviewer"
    assert set_disabled(engine, "admin").disabled
    assert check_password(engine, "admin", "s3cret-passphrase") is None
    _, lines = admin_log(engine)
    assert [(x["action"], x["user"]) for x in lines][::-1] == [
        ("user.add", "cli"), ("user.set-role", ""), ("user.disable", "")]


def test_users_are_found_by_id_or_name_and_listed(library_engine):
    engine = library_engine
    first = add_user(engine, "reviewer-1", "a long passphrase", "reviewer")
    second = add_user(engine, "public-1", "another passphrase", "public")
    assert get_user(engine, user_id=second.id) == second
    assert get_user(engine, name="reviewer-1") == first
    assert get_user(engine, name="nobody") is None
    assert [u.name for u in list_users(engine)] == ["public-1", "reviewer-1"]  # by name


@pytest.mark.parametrize("name,role,ok", [
    ("reviewer-1", "reviewer", True), ("审核员 甲", "public", True), ("a" * 64, "admin", True),
    ("", "public", False), (" padded", "public", False), ("a" * 65, "public", False),
    ("tab\there", "public", False), ("ok-name", "root", False)])
def test_names_and_roles_are_checked_before_anything_is_written(name, role, ok):
    if ok:
        check_name_and_role(name, role)
        assert role in ROLES
    else:
        with pytest.raises(StoreError):
            check_name_and_role(name, role)


def test_the_session_secret_is_made_once_per_library(tmp_path):
    one, two = open_store(sqlite_url(tmp_path, "a.db")), open_store(sqlite_url(tmp_path, "b.db"))
    try:
        secret = session_secret(one.engine)
        assert len(secret) == 64 and int(secret, 16) >= 0  # 256 bits, hex
        assert session_secret(one.engine) == secret  # asked again: the same
        assert session_secret(two.engine) != secret  # another library: its own
    finally:
        one.close()
        two.close()
