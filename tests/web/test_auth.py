"""Accounts, sessions, CSRF and roles over HTTP on a real library (tests/web/workspace.py): every
write refuses the anonymous and the wrong role with 403 and any request without the session's
CSRF token with 403; admin-only account actions; the session cookie's flags and signature; a
disabled account's session stops at once; a private site asks a login for pages and the API."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from budgetlens.web import create_site

from .workspace import PASSWORDS, client, finding_ids, login, token_of, workspace  # noqa: F401


def _writes(client) -> list[tuple[str, dict, str]]:
    """Every write of the site: (path, form, the role it needs)."""
    body = client.get("/documents/1").text
    fid = finding_ids(body)[0]
    return [(f"/documents/1/findings/{fid}/decision", {"action": "comment", "text": "看一下"}, "reviewer"),
            ("/documents/1/signoff", {"note": "先签署"}, "reviewer"),
            ("/audit/library", {"token": "0" * 32}, "reviewer"),
            ("/admin/users", {"name": "new-one", "password": "a long password", "role": "public"}, "admin"),
            ("/admin/users/role", {"name": "public", "role": "public"}, "admin"),
            ("/admin/users/disable", {"name": "new-one", "disabled": "1"}, "admin")]


@pytest.mark.parametrize("who", [None, "public", "reviewer", "admin"])
def test_every_write_needs_its_role(client, who):
    if who:
        login(client, who)
    order = ("public", "reviewer", "admin")
    for path, form, needed in _writes(client):
        token = token_of(client, "/login")
        r = client.post(path, data={**form, "csrf": token}, follow_redirects=False)
        allowed = who is not None and order.index(who) >= order.index(needed)
        if not allowed:
            assert r.status_code == 403, (who, path)
            assert 'id="error-message"' in r.text
        elif path == "/audit/library":
            assert r.status_code == 404  # allowed, but no upload is held under that token
        else:
            assert r.status_code == 303, (who, path, r.text[:300])


@pytest.mark.parametrize("csrf", [None, "", "forged-token-forged-token-forged-token"])
def test_a_write_without_the_right_csrf_token_is_refused(client, csrf):
    login(client, "admin")
    for path, form, _ in _writes(client):
        data = dict(form) if csrf is None else {**form, "csrf": csrf}
        r = client.post(path, data=data, follow_redirects=False)
        assert r.status_code == 403, path
    # the login and logout forms are checked too
    assert client.post("/logout", data={}, follow_redirects=False).status_code == 403
    client.cookies.clear()
    r = client.post("/login", data={"name": "admin", "password": PASSWORDS["admin"]})
    assert r.status_code == 403


def test_the_session_cookie_is_signed_http_only_and_same_site(client):
    token = token_of(client, "/login")
    r = client.post("/login", data={"csrf": token, "name": "reviewer",
                                    "password": PASSWORDS["reviewer"]}, follow_redirects=False)
    cookie = r.headers["set-cookie"]
    flags = {p.strip().split("=")[0].lower() for p in cookie.split(";")[1:]}
    assert {"httponly", "samesite", "path", "max-age"} <= flags
    assert "samesite=lax" in cookie.lower()
    assert PASSWORDS["reviewer"] not in cookie
    assert 'id="account-name">reviewer<' in client.get("/").text
    # a cookie whose signature does not match is no session at all
    value = client.cookies.get("budgetlens_session")
    client.cookies.set("budgetlens_session", value[:-3] + ("AAA" if value[-3:] != "AAA" else "BBB"))
    assert 'id="login-link"' in client.get("/").text


def test_login_failures_and_logout(client):
    token = token_of(client, "/login")
    r = client.post("/login", data={"csrf": token, "name": "admin", "password": "wrong"})
    assert r.status_code == 401 and 'id="login-error"' in r.text
    r = client.post("/login", data={"csrf": token, "name": "nobody", "password": "wrong"})
    assert r.status_code == 401
    # an outside address as the place to go after login is not followed
    r = client.post("/login", data={"csrf": token, "name": "admin", "password": PASSWORDS["admin"],
                                    "next": "//evil.example/x"}, follow_redirects=False)
    assert r.headers["location"] == "/"
    r = client.post("/logout", data={"csrf": token_of(client, "/")}, follow_redirects=False)
    assert r.status_code == 303 and 'id="login-link"' in client.get("/").text


def test_a_disabled_account_loses_its_session_at_once(workspace, client):  # noqa: F811
    from budgetlens.store.accounts import add_user, set_disabled

    add_user(workspace.engine, "temp-reviewer", "temporary password", "reviewer")
    login(client, "temp-reviewer", "temporary password")
    assert 'id="signoff-form"' in client.get("/documents/1").text
    set_disabled(workspace.engine, "temp-reviewer")
    assert 'id="signoff-form"' not in client.get("/documents/1").text
    r = client.post("/documents/1/signoff", data={"csrf": token_of(client, "/login"), "note": "x"})
    assert r.status_code == 403


def test_a_private_site_needs_a_login_to_read(workspace):  # noqa: F811
    with TestClient(create_site(workspace.engine, public_read=False)) as c:
        r = c.get("/documents/1?table=0", follow_redirects=False)
        assert r.status_code == 303 and r.headers["location"] == "/login?next=%2Fdocuments%2F1%3Ftable%3D0"
        assert c.get("/api/documents").status_code == 401
        assert c.get("/static/app.css").status_code == 200
        assert c.get("/login").status_code == 200
        login(c, "public")
        assert c.get("/documents/1").status_code == 200
        assert c.get("/api/documents").status_code == 200


def test_repeated_failed_logins_are_throttled(client, monkeypatch):
    from budgetlens.web import auth

    from budgetlens.store.holding import failure_key, recent_failures

    monkeypatch.setattr(auth, "THROTTLE", auth.Throttle(limit=3))
    engine, key = client.app.state.engine, failure_key("testclient", "admin")
    token = token_of(client, "/login")
    codes = [client.post("/login", data={"csrf": token, "name": "admin",
                                         "password": "guess %d" % i}).status_code
             for i in range(4)]
    assert codes == [401, 401, 401, 429]
    # the right password does not get through while throttled; another name is not affected
    r = client.post("/login", data={"csrf": token, "name": "admin",
                                    "password": PASSWORDS["admin"]})
    assert r.status_code == 429 and 'id="login-error"' in r.text
    login(client, "reviewer")
    # counted in the library (every server process sees them), and forgotten on request
    assert recent_failures(engine, key, auth.THROTTLE.window) == 3
    auth.THROTTLE.passed(engine, key)
    assert recent_failures(engine, key, auth.THROTTLE.window) == 0
