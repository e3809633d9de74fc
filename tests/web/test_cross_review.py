"""Cross-document findings reviewable in the browser (issue #10): shown on both documents' pages
and on the unit's page; a reviewer confirms, dismisses (with a reason) or comments as on a
document's own findings, with who and when, written to the admin log; the decision holds after
the next ``crosscheck`` (which replaces every cross finding) and when either document is
re-ingested in a corrected version — its key names both sides, not a row or document id.
Real inputs: the crosscheck tests' text disclosures (a unit's 2023 budget, 2024 budget and
2024 final account with planted mismatches), on SQLite and PostgreSQL."""

from __future__ import annotations

import re
from html import unescape

import pytest

from ..crosscheck.test_synthetic import BUDGET_2023, UNIT, _write
from ..store.conftest import db_url  # noqa: F401
from .workspace import PASSWORDS, login, token_of

HOSTILE = "<script>alert('x')</script> \"引号\""


@pytest.fixture
def cross_site(db_url, tmp_path):  # noqa: F811
    from fastapi.testclient import TestClient

    from budgetlens.crosscheck import crosscheck
    from budgetlens.ingest import ingest
    from budgetlens.store import open_store
    from budgetlens.store.accounts import add_user

    paths = _write(tmp_path, basic="381.00", project="115.00")
    store = open_store(db_url)
    ingest(store, [str(p) for p in paths.values()])
    crosscheck(store.engine)
    for role in ("reviewer", "public"):
        add_user(store.engine, role, PASSWORDS[role], role, actor_name="test")
    from budgetlens.web import create_site

    with TestClient(create_site(store.engine)) as client:
        yield client, store, paths, tmp_path
    store.close()


def _ids(store, source: str) -> int:
    from budgetlens.store.query import Filters, list_documents

    return next(d["id"] for d in list_documents(store.engine, Filters(), 100, 0).rows
                if d["source"] == source)


def _prior(store) -> dict:
    """The planted 上年 mismatch: the 2024 budget's 项目支出 上年 (110.00) against 2023's 115.00."""
    from budgetlens.store.query import Filters, list_cross_findings

    rows = list_cross_findings(store.engine, Filters(rule="cross-prior-year-budget"), 100, 0).rows
    return next(r for r in rows if r["measure"] == "expense.general.project")


def _status(body: str, fid: int) -> str:
    found = re.search(rf'id="cross-status-{fid}">([^<]*)<', body)
    return found.group(1) if found else ""


def _decide(client, fid: int, action: str, text: str = "", back: str = ""):
    return client.post(f"/cross-findings/{fid}/decision",
                       data={"csrf": token_of(client, "/audit"), "action": action, "text": text,
                             "back": back}, follow_redirects=False)


def test_cross_findings_are_shown_and_decided_on_both_pages(cross_site):
    client, store, paths, _ = cross_site
    prior = _prior(store)
    fid, later, earlier = prior["id"], prior["document_id"], prior["other_document_id"]
    unit = next(d["unit_id"] for d in [__import__("budgetlens.store.query", fromlist=["get_document"])
                                       .get_document(store.engine, later)])
    for path in (f"/documents/{later}", f"/documents/{earlier}", f"/units/{unit}"):
        body = client.get(path).text
        assert f'id="cross-{fid}"' in body and _status(body, fid) == "待审核", path
        assert f'id="cross-decide-{fid}"' not in body  # no form for the anonymous
    # refused: the anonymous, a public account, a missing token; a dismissal without reason
    assert _decide(client, fid, "confirm").status_code == 403
    login(client, "public")
    assert _decide(client, fid, "confirm").status_code == 403
    login(client, "reviewer")
    assert client.post(f"/cross-findings/{fid}/decision", data={"action": "confirm"}).status_code == 403
    assert _decide(client, fid, "dismiss").status_code == 422
    r = _decide(client, fid, "comment", HOSTILE, back=f"/units/{unit}")
    assert r.status_code == 303 and r.headers["location"] == f"/units/{unit}#cross-{fid}"
    r = _decide(client, fid, "confirm", back="//evil.example/x")
    assert r.headers["location"] == f"/documents/{later}#cross-{fid}"  # only this site's pages
    for path in (f"/documents/{later}", f"/documents/{earlier}", f"/units/{unit}"):
        body = client.get(path).text
        assert _status(body, fid) == "已确认", path
        assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in body and HOSTILE not in body
        assert f'id="cross-decide-{fid}"' in body
    # the section's download carries the status (CSV, as every table of the site)
    import csv
    import io

    got = client.get(f"/units/{unit}?dl=cross&format=csv")
    rows = list(csv.DictReader(io.StringIO(got.content.decode("utf-8-sig"))))
    mine = next(r for r in rows if r["id"] == str(fid))
    assert mine["review_status"] == "confirmed" and mine["rule"] == "cross-prior-year-budget"
    from sqlalchemy import text

    with store.engine.connect() as conn:
        actions = [a for (a,) in conn.execute(text("SELECT action FROM admin_log ORDER BY id"))]
    assert actions[-2:] == ["review.cross.comment", "review.cross.confirm"]


def test_a_decision_holds_after_crosscheck_and_a_corrected_version(cross_site):
    from budgetlens.crosscheck import crosscheck
    from budgetlens.ingest import ingest

    client, store, paths, folder = cross_site
    login(client, "reviewer")
    prior = _prior(store)
    assert _decide(client, prior["id"], "dismiss", "已核实：上年数口径调整").status_code == 303
    crosscheck(store.engine)  # every cross finding deleted and written again
    again = _prior(store)
    body = client.get(f"/documents/{again['document_id']}").text
    assert _status(body, again["id"]) == "已驳回" and f'id="cross-carried-{again["id"]}"' not in body
    # the 2023 budget published again, corrected elsewhere but still printing 115.00: a new
    # version (a new document of the same unit, year and kind) on the other side of the pair
    corrected = folder / "b2023_v2.txt"
    corrected.write_text(BUDGET_2023.format(project="115.00", three_public="6.50")
                         .replace("主要原因是人员增加", "主要原因是在职人员增加"), encoding="utf-8")
    ingest(store, [str(corrected)])
    crosscheck(store.engine)
    new_doc = _ids(store, str(corrected))
    from budgetlens.store.query import Filters, list_cross_findings

    rows = [r for r in list_cross_findings(store.engine, Filters(document=new_doc), 100, 0).rows
            if r["rule"] == "cross-prior-year-budget" and r["measure"] == "expense.general.project"]
    assert rows, "the corrected 2023 budget is paired with the 2024 budget"
    for r in rows:
        body = client.get(f"/documents/{new_doc}").text
        assert _status(body, r["id"]) == "已驳回"
        carried = re.search(rf'id="cross-carried-{r["id"]}">([^<]*)<', body)
        assert carried and f"#{prior['other_document_id']}" in unescape(carried.group(1))
        assert "已核实：上年数口径调整" in body
    assert UNIT in client.get(f"/documents/{new_doc}").text
