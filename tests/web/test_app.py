"""The site as one application (web/app.py) over a workspace library (tests/web/workspace.py):
the JSON API under ``/api``, the pages at ``/``, the package's static files at ``/static``; a
missing page or a bad parameter is answered as a page, the same under ``/api`` as the API's JSON
envelope; ``secure_cookies`` marks the session cookie Secure. Near misses: each error answered
the other way (a page's 404 is no JSON, the API's no page); without ``secure_cookies`` the cookie
has no Secure flag (a site served over plain HTTP)."""

from __future__ import annotations

from importlib import resources

import pytest
from fastapi.testclient import TestClient

from budgetlens.web.app import create_site

from .conftest import csrf_of
from .workspace import PASSWORDS, workspace  # noqa: F401


@pytest.fixture(scope="module")
def site(workspace):  # noqa: F811
    with TestClient(create_site(workspace.engine)) as c:
        yield c


def test_the_api_the_pages_and_the_static_files_are_one_site(site):
    api = site.get("/api/documents", params={"limit": 5})
    assert api.status_code == 200 and api.json()["total"] == 1  # seed 002
    doc = api.json()["rows"][0]["id"]
    page = site.get(f"/documents/{doc}")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    shipped = resources.files("budgetlens.web").joinpath("static", "app.css").read_bytes()
    assert site.get("/static/app.css").content == shipped
    assert site.get("/docs").status_code == 200  # the API's OpenAPI page


def test_a_missing_page_is_a_page_and_a_missing_api_record_is_json(site):
    page = site.get("/documents/999999")
    assert page.status_code == 404 and "没有找到该页面或记录" in page.text
    assert page.headers["content-type"].startswith("text/html")
    gone = site.get("/no/such/page")
    assert gone.status_code == 404 and "没有找到该页面或记录" in gone.text
    api = site.get("/api/documents/999999")
    assert api.status_code == 404 and api.headers["content-type"] == "application/json"


def test_a_bad_parameter_is_a_page_and_in_the_api_the_envelope(site):
    page = site.get("/", params={"year": "not-a-year"})
    assert page.status_code == 422 and "请求参数无效" in page.text
    api = site.get("/api/documents", params={"year": "not-a-year"})
    assert api.status_code == 422
    assert "year" in str(api.json()) and "not-a-year" in str(api.json())


@pytest.mark.parametrize("secure", [True, False])
def test_secure_cookies_mark_the_session_cookie(workspace, secure):  # noqa: F811
    with TestClient(create_site(workspace.engine, secure_cookies=secure),
                    base_url="https://testserver") as c:
        token = csrf_of(c.get("/login").text)
        r = c.post("/login", data={"csrf": token, "name": "reviewer",
                                   "password": PASSWORDS["reviewer"]}, follow_redirects=False)
        flags = {p.strip().lower() for p in r.headers["set-cookie"].split(";")[1:]}
        assert ("secure" in flags) is secure
