"""Upload → library (web/library_add.py) on a workspace library (tests/web/workspace.py: seed
002, one account per role): held bytes are ingested from a temporary file named by their suffix,
stored under the uploaded name, logged, and the temporary folder is removed; through HTTP a
reviewer adds only an upload held for that account. Near misses: the same bytes added again are
the same document, not a second; a token of the wrong shape or another account's is "gone" (404)
and leaves the other account's upload held."""

from __future__ import annotations

import tempfile

from sqlalchemy import func, select

from budgetlens.store.accounts import admin_log, get_user
from budgetlens.store.holding import hold_upload, take_upload
from budgetlens.store.schema import Document
from budgetlens.web.library_add import _ingest_held

from ..conftest import seed_path
from .workspace import client, login, token_of, workspace  # noqa: F401

NAME = "上传 <i>.txt"


def _documents(engine) -> int:
    with engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(Document)).scalar_one()


def test_held_bytes_are_stored_under_the_uploaded_name_once(workspace, tmp_path, monkeypatch):  # noqa: F811
    engine = workspace.engine
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))  # where the holding file is written
    reviewer = get_user(engine, name="reviewer")
    content = seed_path("003").read_bytes()
    before = _documents(engine)
    held = take_upload(engine, hold_upload(engine, reviewer.id, NAME, ".txt", content), reviewer.id)
    doc = _ingest_held(engine, held, reviewer)
    assert doc is not None and _documents(engine) == before + 1
    with engine.connect() as conn:
        assert conn.execute(select(Document.source).where(Document.id == doc)).scalar_one() == NAME
    assert list(tmp_path.glob("budgetlens-held-*")) == []  # the holding folder is gone
    _, lines = admin_log(engine, limit=1)
    assert (lines[0]["action"], lines[0]["detail"]) == ("library.add", NAME)
    again = take_upload(engine, hold_upload(engine, reviewer.id, "again.txt", ".txt", content),
                        reviewer.id)
    assert _ingest_held(engine, again, reviewer) == doc and _documents(engine) == before + 1


def test_only_the_account_that_uploaded_may_add_it(workspace, client):  # noqa: F811
    engine = workspace.engine
    admin = get_user(engine, name="admin")
    theirs = hold_upload(engine, admin.id, "admin.txt", ".txt", seed_path("004").read_bytes())
    login(client, "reviewer")
    for token in (theirs, "../" + "0" * 29, theirs.upper()):
        r = client.post("/audit/library", data={"csrf": token_of(client, "/audit"),
                                                "token": token})
        assert r.status_code == 404 and "待入库的上传已过期或不属于当前账号" in r.text
    assert take_upload(engine, theirs, admin.id) is not None  # still held for its account
