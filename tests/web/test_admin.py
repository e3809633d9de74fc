"""The admin pages (web/admin.py) over HTTP on a real library (tests/web/workspace.py): admin
only, and an account added there is stored hashed."""

from __future__ import annotations

from .workspace import client, login, token_of, workspace  # noqa: F401


def test_admin_pages_are_admin_only_and_accounts_added_there_are_hashed(workspace, client):  # noqa: F811
    from sqlalchemy import text

    assert client.get("/admin/log").status_code == 403
    login(client, "reviewer")
    assert client.get("/admin/users").status_code == 403
    login(client, "admin")
    token = token_of(client, "/admin/users")
    r = client.post("/admin/users", data={"csrf": token, "name": '<b>"x"</b>',
                                          "password": "web password 9", "role": "reviewer"})
    assert r.status_code == 200 and "&lt;b&gt;&#34;x&#34;&lt;/b&gt;" in r.text
    with workspace.engine.connect() as conn:
        digest = conn.execute(text("SELECT password_hash FROM users WHERE name = :n"),
                              {"n": '<b>"x"</b>'}).scalar_one()
    assert digest.startswith("$argon2id$") and "web password 9" not in digest
    log = client.get("/admin/log")
    assert log.status_code == 200 and "user.add" in log.text
    assert "&lt;b&gt;&#34;x&#34;&lt;/b&gt;" in log.text and '<b>"x"</b>' not in log.text
    csv = client.get("/admin/log?dl=log&format=csv")
    assert csv.status_code == 200 and "user.add" in csv.text
