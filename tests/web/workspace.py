"""A library of its own for the reviewer's workspace tests (they write: decisions, sign-offs,
accounts, a document added from an upload), so the shared read-only library of the page tests
stays as ingested. Seed 002 ingested by the real ingest, with one account per role."""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest

from ..conftest import seed_path
from .conftest import csrf_of

PASSWORDS = {"admin": "admin passphrase 1", "reviewer": "reviewer passphrase 2",
             "public": "public passphrase 3"}


@dataclass
class Workspace:
    engine: object
    path: object


def make_workspace(folder) -> Workspace:
    from budgetlens.ingest import ingest
    from budgetlens.store import open_store
    from budgetlens.store.accounts import add_user

    store = open_store(str(folder / "workspace.db"))
    ingest(store, [str(seed_path("002"))])
    for role, password in PASSWORDS.items():
        add_user(store.engine, role, password, role, actor_name="test")
    return Workspace(store.engine, folder / "workspace.db")


def login(client, name: str, password: str = "") -> None:
    """Log ``client`` in through the login form (token from the form, as a browser does)."""
    token = csrf_of(client.get("/login").text)
    r = client.post("/login", data={"csrf": token, "name": name,
                                    "password": password or PASSWORDS[name], "next": "/"},
                    follow_redirects=False)
    assert r.status_code == 303, r.text


def token_of(client, path: str) -> str:
    return csrf_of(client.get(path).text)


def finding_ids(body: str) -> list[int]:
    return [int(x) for x in re.findall(r'id="finding-(\d+)"', body)]


@pytest.fixture(scope="module")
def workspace(tmp_path_factory):
    ws = make_workspace(tmp_path_factory.mktemp("workspace"))
    yield ws
    ws.engine.dispose()


@pytest.fixture
def client(workspace):  # noqa: F811
    """A site over the workspace's library (its own TestClient: sessions do not leak between
    tests)."""
    from fastapi.testclient import TestClient

    from budgetlens.web import create_site

    with TestClient(create_site(workspace.engine)) as c:
        yield c

