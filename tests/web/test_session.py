"""A request's account and CSRF token (web/session.py), with a real SQLite library holding real
accounts and Starlette requests carrying a session: only an enabled account is the request's
user, read once per request; a form passes only with this session's token (in the form or the
X-CSRF-Token header)."""

from __future__ import annotations

from types import SimpleNamespace

from starlette.datastructures import FormData
from starlette.requests import Request

from budgetlens.store import open_store
from budgetlens.store.accounts import add_user, set_disabled
from budgetlens.web.session import CSRF_FIELD, account_of, csrf_ok, csrf_token, current_user


def _request(engine, session: dict, headers: tuple = ()) -> Request:
    scope = {"type": "http", "method": "POST", "path": "/", "headers": list(headers),
             "session": session, "app": SimpleNamespace(state=SimpleNamespace(engine=engine)),
             "state": {}}
    return Request(scope)


def test_only_an_enabled_account_is_the_requests_user(tmp_path):
    store = open_store(str(tmp_path / "lib.db"))
    try:
        reviewer = add_user(store.engine, "reviewer", "a long enough password", "reviewer")
        assert account_of(store.engine, {"uid": reviewer.id}).name == "reviewer"
        assert account_of(store.engine, {"uid": str(reviewer.id)}) is None  # not an id
        assert account_of(store.engine, {}) is None
        request = _request(store.engine, {"uid": reviewer.id})
        assert current_user(request).name == "reviewer"
        set_disabled(store.engine, "reviewer")
        assert current_user(request).name == "reviewer"  # read once per request
        assert current_user(_request(store.engine, {"uid": reviewer.id})) is None  # disabled
    finally:
        store.close()


def test_a_form_passes_with_this_sessions_token_only():
    session: dict = {}
    request = _request(None, session)
    token = csrf_token(request)
    assert len(token) >= 32 and session[CSRF_FIELD] == token
    assert csrf_token(request) == token  # made once
    assert csrf_ok(request, FormData({CSRF_FIELD: token}))
    assert csrf_ok(_request(None, session, ((b"x-csrf-token", token.encode()),)), None)
    assert not csrf_ok(request, FormData({CSRF_FIELD: token[:-1] + "x"}))  # near miss
    assert not csrf_ok(request, None) and not csrf_ok(_request(None, {}), FormData({CSRF_FIELD: token}))
