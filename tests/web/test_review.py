"""The reviewer's workspace over HTTP (tests/web/workspace.py): a reviewer confirms, dismisses with
a reason and comments on findings of seed 002; then uploads a corrected copy (one figure fixed as
its finding says, every line moved), adds it to the library from the report, and finds the
decisions carried over to the same findings and the fixed one resolved (已整改); signs the review
off and sees it on the unit page; everything is in the admin log. Reasons and comments with
markup and quotes are shown as text."""

from __future__ import annotations

import re
from html import unescape

import pytest
from fastapi.testclient import TestClient

from budgetlens.web import create_site

from ..store.test_review import corrected_copy
from .workspace import login, token_of, workspace  # noqa: F401

HOSTILE = '<script>alert("r")</script> \'引号\' "quotes"'


@pytest.fixture(scope="module")
def reviewer(workspace):  # noqa: F811
    with TestClient(create_site(workspace.engine)) as c:
        login(c, "reviewer")
        yield c


def _decide(client, doc: int, fid: int, action: str, text: str = "", follow=False):
    token = token_of(client, f"/documents/{doc}")
    return client.post(f"/documents/{doc}/findings/{fid}/decision",
                       data={"csrf": token, "action": action, "text": text},
                       follow_redirects=follow)


def _status(body: str, fid: int) -> str:
    return unescape(re.search(rf'id="status-{fid}">([^<]*)<', body).group(1))


def _serious(body: str) -> list[int]:
    """Findings that are not notes (severity info): the ones a sign-off needs decided."""
    return [int(i) for sev, i in re.findall(r'class="finding sev-(\w+)" id="finding-(\d+)"', body)
            if sev != "info"]


def test_decisions_carry_over_to_a_corrected_upload(reviewer, tmp_path):
    doc = reviewer.get("/documents/1").text
    first, second, third = _serious(doc)[:3]
    r = _decide(reviewer, 1, first, "confirm")
    assert r.status_code == 303 and r.headers["location"] == f"/documents/1#finding-{first}"
    assert _decide(reviewer, 1, second, "dismiss").status_code == 422  # a reason is required
    assert _decide(reviewer, 1, third, "comment", HOSTILE).status_code == 303
    page = reviewer.get("/documents/1").text
    assert _status(page, first) == "已确认" and _status(page, second) == "待审核"
    assert "<script>alert(\"r\")" not in page and "&lt;script&gt;alert(&#34;r&#34;)" in page

    path, fixed = corrected_copy(tmp_path)
    fixed_id = next(int(m) for m in re.findall(r'id="finding-(\d+)"', doc)
                    if fixed[0] in _item(doc, int(m)) and fixed[1] in _item(doc, int(m)))
    assert _decide(reviewer, 1, fixed_id, "dismiss", HOSTILE).status_code == 303

    token = token_of(reviewer, "/audit")
    with open(path, "rb") as fh:
        report = reviewer.post("/audit", data={"csrf": token},
                               files={"file": ("更正版 <b>.txt", fh.read(), "text/plain")})
    assert report.status_code == 200 and 'id="library-form"' in report.text
    held = re.search(r'name="token" value="([0-9a-f]{32})"', report.text).group(1)
    added = reviewer.post("/audit/library", data={"csrf": token_of(reviewer, "/audit"),
                                                  "token": held}, follow_redirects=False)
    assert added.status_code == 303
    new = int(added.headers["location"].rsplit("/", 1)[1])
    page = reviewer.get(f"/documents/{new}").text
    assert unescape(re.search(r'id="doc-source">([^·]*)', page).group(1)).strip() == "更正版 <b>.txt"
    carried = re.findall(r'id="carried-(\d+)"', page)
    assert len(carried) == 1 and _status(page, int(carried[0])) == "已确认"
    assert "沿用自第 1 个版本的审核结论" in page
    resolved = re.search(r'id="resolved-list">(.*?)</ol>\s*$', page, re.S) or \
        re.search(r'id="resolved-list">(.*)', page, re.S)
    assert f'id="resolved-{fixed_id}"' in resolved.group(1) and "已驳回" in resolved.group(1)
    assert "&lt;script&gt;" in resolved.group(1) and "<script>alert" not in page
    assert 'id="review-versions"' in page
    log = _admin_log(reviewer.app)
    for action in ("review.confirm", "review.dismiss", "review.comment", "library.add"):
        assert action in log, action
    # the held upload is gone once added
    again = reviewer.post("/audit/library", data={"csrf": token_of(reviewer, "/audit"),
                                                  "token": held})
    assert again.status_code == 404


def _item(body: str, fid: int) -> str:
    start = body.index(f'id="finding-{fid}"')
    return body[start:body.index("</li>", start)]


def test_sign_off_needs_every_finding_decided_or_a_note(reviewer, workspace):  # noqa: F811
    page = reviewer.get("/documents/1").text
    token = token_of(reviewer, "/documents/1")
    pending = [f for f in _serious(page) if _status(page, f) == "待审核"]
    assert pending
    r = reviewer.post("/documents/1/signoff", data={"csrf": token, "note": ""})
    assert r.status_code == 422 and str(len(pending)) in r.text
    for fid in pending:
        assert _decide(reviewer, 1, fid, "confirm").status_code == 303
    r = reviewer.post("/documents/1/signoff", data={"csrf": token, "note": ""},
                      follow_redirects=False)
    assert r.status_code == 303
    page = reviewer.get("/documents/1").text
    assert 'id="signoff"' in page and "reviewer" in page.split('id="signoff"')[1][:200]
    unit = re.search(r'href="/units/(\d+)"', page).group(1)
    unit_page = reviewer.get(f"/units/{unit}").text
    assert "已签署 · reviewer" in unit_page
    csv = reviewer.get("/documents/1?dl=findings&format=csv").text
    assert "review_status" in csv.splitlines()[0] and "confirmed" in csv

    log = _admin_log(reviewer.app)
    assert "review.sign-off" in log and "review.confirm" in log


def _admin_log(app) -> str:
    """The admin log page as an admin sees it."""
    with TestClient(app) as admin:
        login(admin, "admin")
        return admin.get("/admin/log").text
