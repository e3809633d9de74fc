"""Two server processes over one library agree (issue #10): a reviewer's upload audited by one
site instance is added to the library through the other, and failed logins spread over both are
counted together by the throttle — on SQLite and on PostgreSQL (when ``BUDGETLENS_TEST_PG``
names a server). Each instance has its own engine (its own connection pool), as two uvicorn
workers have; nothing but the database is shared. Held uploads and failures past their time are
gone."""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import update

from ..conftest import seed_path
from ..store.conftest import db_url  # noqa: F401
from .workspace import PASSWORDS, login, token_of


@pytest.fixture
def two_sites(db_url):  # noqa: F811
    """Two TestClients, each over a site with its own engine on the same database, sharing one
    browser's cookies (a load balancer sends the browser to either)."""
    from fastapi.testclient import TestClient

    from budgetlens.ingest import ingest
    from budgetlens.store import open_store
    from budgetlens.store.accounts import add_user
    from budgetlens.web import create_site

    first = open_store(db_url)
    ingest(first, [str(seed_path("004"))])
    add_user(first.engine, "reviewer", PASSWORDS["reviewer"], "reviewer", actor_name="test")
    second = open_store(db_url)
    assert first.engine is not second.engine
    with TestClient(create_site(first.engine)) as a, TestClient(create_site(second.engine)) as b:
        yield a, b, first.engine
    first.close()
    second.close()


def _ago(delta: timedelta) -> datetime:
    return datetime.now(timezone.utc) - delta


def _share(a, b) -> None:
    for name, value in a.cookies.items():
        b.cookies.set(name, value)


def _upload(client) -> str:
    token = token_of(client, "/audit")
    with open(seed_path("002"), "rb") as fh:
        r = client.post("/audit", data={"csrf": token},
                        files={"file": ("另一份 <i>.txt", fh.read(), "text/plain")})
    assert r.status_code == 200 and 'id="library-form"' in r.text
    return re.search(r'name="token" value="([0-9a-f]{32})"', r.text).group(1)


def test_an_upload_held_by_one_process_is_added_by_the_other(two_sites):
    a, b, _ = two_sites
    login(a, "reviewer")
    _share(a, b)
    held = _upload(a)
    added = b.post("/audit/library", data={"csrf": token_of(b, "/audit"), "token": held},
                   follow_redirects=False)
    assert added.status_code == 303, added.text[:300]
    new = added.headers["location"]
    assert "另一份 &lt;i&gt;.txt" in a.get(new).text  # the uploaded name, seen from the other
    again = a.post("/audit/library", data={"csrf": token_of(a, "/audit"), "token": held})
    assert again.status_code == 404  # taken once, whichever process asks again


def test_a_held_upload_expires(two_sites):
    from budgetlens.store.holding import HOLD
    from budgetlens.store.schema_review import HeldUpload

    a, b, engine = two_sites
    login(a, "reviewer")
    _share(a, b)
    held = _upload(a)
    with engine.begin() as conn:
        conn.execute(update(HeldUpload).values(created_at=_ago(HOLD + timedelta(minutes=1))))
    r = b.post("/audit/library", data={"csrf": token_of(b, "/audit"), "token": held})
    assert r.status_code == 404


def test_failed_logins_on_both_processes_count_together(two_sites):
    from budgetlens.store.schema_review import LoginFailure
    from budgetlens.web.auth import THROTTLE

    a, b, engine = two_sites
    token = token_of(a, "/login")
    _share(a, b)
    codes = []
    for i in range(THROTTLE.limit):
        client = (a, b)[i % 2]
        codes.append(client.post("/login", data={"csrf": token, "name": "reviewer",
                                                 "password": f"guess {i}"}).status_code)
    assert codes == [401] * THROTTLE.limit
    right = {"csrf": token, "name": "reviewer", "password": PASSWORDS["reviewer"]}
    assert a.post("/login", data=right).status_code == 429
    assert b.post("/login", data=right).status_code == 429
    # past the window the failures no longer count, on either process
    with engine.begin() as conn:
        conn.execute(update(LoginFailure).values(at=_ago(THROTTLE.window + timedelta(minutes=1))))
    assert b.post("/login", data=right, follow_redirects=False).status_code == 303
