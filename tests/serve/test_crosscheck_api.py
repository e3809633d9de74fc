"""GET /api/crosscheck over a library the test fills with a unit's budget pair and final account
(tests/crosscheck/test_synthetic.py) and checks with the real stage: each finding comes with its
evidence in both documents, filters narrow it, and lists download as CSV."""

from __future__ import annotations

import csv
import io

import pytest

from ..crosscheck.test_synthetic import _run, _write


@pytest.fixture()
def client(tmp_path):
    from fastapi.testclient import TestClient

    from budgetlens.serve import create_app
    from budgetlens.store import open_store

    url = "sqlite:///" + str(tmp_path / "library.db")
    paths = _write(tmp_path, basic="381.00", project="115.00")
    _run(url, paths)
    store = open_store(url)
    with TestClient(create_app(store.engine)) as c:
        yield c, paths
    store.close()


def test_cross_findings_with_evidence_in_both_documents(client):
    c, paths = client
    body = c.get("/api/crosscheck", params={"rule": "cross-initial-budget"}).json()
    assert body["total"] == 1
    (row,) = body["rows"]
    assert (row["measure"], row["stated"], row["expected"]) == ("expense.general.basic", "381.00",
                                                                "380.00")
    assert {e["source"] for e in row["evidence"]} == {str(paths["f2024.txt"]),
                                                     str(paths["b2024.txt"])}
    assert all(e["line"] for e in row["evidence"])


def test_filters_and_downloads(client):
    c, _ = client
    everything = c.get("/api/crosscheck").json()["total"]
    warnings = c.get("/api/crosscheck", params={"severity": "warning"}).json()
    assert 0 < warnings["total"] < everything
    assert all(r["severity"] == "warning" for r in warnings["rows"])
    by_measure = c.get("/api/crosscheck", params={"measure": "expense.general."}).json()
    assert by_measure["total"] and all(r["measure"].startswith("expense.general.")
                                       for r in by_measure["rows"])
    download = c.get("/api/crosscheck", params={"format": "csv"})
    rows = list(csv.DictReader(io.StringIO(download.content.decode("utf-8-sig"))))
    assert len(rows) == everything and "other_document_id" in rows[0]
    bad = c.get("/api/crosscheck", params={"rule": "Not A Rule"})
    assert bad.status_code == 422 and bad.json()["error"]["code"] == "bad-parameter"


def test_a_unit_shows_its_other_printed_names(client):
    c, _ = client
    rows = c.get("/api/units", params={"unit": "测绘服务中心"}).json()["rows"]
    qianjiang = [r for r in rows if "黔江区" in r["name"]]
    assert len(qianjiang) == 2 and len({r["identity_id"] for r in qianjiang}) == 1  # …（本级）
    one = c.get(f"/api/units/{qianjiang[0]['id']}").json()
    assert [u["id"] for u in one["same_unit"]] == [qianjiang[1]["id"]]
    other = next(r for r in rows if "开州区" in r["name"])  # same name, another district
    assert other["identity_id"] not in {r["identity_id"] for r in qianjiang}
