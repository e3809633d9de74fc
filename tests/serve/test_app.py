"""The query API over a real library (TestClient): filters agree with the database read
directly, pagination covers every row once, the aggregate equals the sum of the listed facts
(each printed figure once),
values stay exact strings, bad input is a 422/404 in one error envelope."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

import pytest

CURRENT = "superseded_by IS NULL"


def _all(client, path: str, **params) -> list[dict]:
    """Every row of a list, page by page (small pages on purpose)."""
    rows, offset = [], 0
    while True:
        body = client.get(path, params={**params, "limit": 97, "offset": offset}).json()
        rows += body["rows"]
        offset += 97
        if offset >= body["total"]:
            return rows


def test_pagination_covers_every_fact_exactly_once(client, raw):
    total = client.get("/api/facts", params={"limit": 1}).json()["total"]
    ids = [r["id"] for r in _all(client, "/api/facts")]
    expected = {i for (i,) in raw.execute(
        f"SELECT f.id FROM facts f JOIN documents d ON d.id = f.document_id "
        f"WHERE d.{CURRENT} AND d.status = 'ok'")}
    assert len(ids) == len(set(ids)) == total == len(expected)
    assert set(ids) == expected


@pytest.mark.parametrize("key", ["region_prefix", "region_name", "year", "kind"])
def test_document_filters_agree_with_the_database(client, raw, key):
    docs = raw.execute(f"SELECT id, region_code, region, year, kind FROM documents "
                       f"WHERE {CURRENT}").fetchall()
    assert docs
    values = {"region_prefix": {d[1][:2] for d in docs}, "region_name": {d[2][:2] for d in docs},
              "year": {d[3] for d in docs}, "kind": {d[4] for d in docs}}[key]
    param = "region" if key.startswith("region") else key
    seen = 0
    for value in values:
        body = client.get("/api/documents", params={param: value}).json()
        want = {d[0] for d in docs if (
            d[1].startswith(value) if key == "region_prefix" else
            value in d[2] if key == "region_name" else d[3 if key == "year" else 4] == value)}
        assert {r["id"] for r in body["rows"]} == want and body["total"] == len(want)
        seen += len(want)
    if key in ("region_prefix", "year", "kind"):  # a partition: every document once
        assert seen == len(docs)


def test_fact_filters_narrow_consistently(client, raw):
    everything = client.get("/api/facts", params={"limit": 1}).json()["total"]
    prefix = "expense.general.function."
    body = client.get("/api/facts", params={"measure": prefix, "basis": "current",
                                            "limit": 1000}).json()
    rows = body["rows"]
    assert 0 < body["total"] < everything and len(rows) == body["total"]
    assert all(r["measure"].startswith(prefix) and r["basis"] == "current" for r in rows)
    (n,) = raw.execute(f"SELECT count(*) FROM facts f JOIN documents d ON d.id = f.document_id "
                       f"WHERE d.{CURRENT} AND d.status='ok' AND f.measure LIKE ? "
                       f"AND f.basis = 'current'", (prefix + "%",)).fetchone()
    assert n == body["total"]
    code = rows[0]["measure"][len(prefix):].split(".")[0][:3]
    coded = client.get("/api/facts", params={"measure": prefix, "code": code,
                                             "limit": 1000}).json()["rows"]
    assert coded and all(f".{code}" in r["measure"] for r in coded)
    exact = client.get("/api/facts", params={"measure": rows[0]["measure"], "limit": 1000}).json()
    assert exact["rows"] and all(r["measure"] == rows[0]["measure"] for r in exact["rows"])


def test_unit_filter_by_chinese_name_and_scope(client, raw):
    parent_id, name = raw.execute(
        "SELECT p.id, p.name FROM units u JOIN units p ON p.id = u.parent_id LIMIT 1").fetchone()
    children = {i for (i,) in raw.execute("SELECT id FROM units WHERE parent_id = ?", (parent_id,))}
    by_unit = _all(client, "/api/facts", scope="unit", region=name[:2])
    assert by_unit and {r["unit_id"] for r in by_unit} <= children | {parent_id}
    own = _all(client, "/api/facts", unit=name, scope="document")
    assert own and all(r["unit_id"] == parent_id for r in own)
    docs = client.get("/api/documents", params={"unit": name}).json()["rows"]
    assert docs and all(name in d["unit_name"] for d in docs)
    unit = client.get(f"/api/units/{parent_id}").json()
    assert unit["name"] == name and {c["id"] for c in unit["children"]} == children
    assert {d["id"] for d in unit["documents"]} == {d["id"] for d in docs}
    listed = client.get("/api/units", params={"unit": name[2:6]}).json()["rows"]
    assert parent_id in {u["id"] for u in listed} and all(name[2:6] in u["name"] for u in listed)


def test_values_are_exact_strings_as_stored(client, raw):
    stored = dict(raw.execute("SELECT id, value FROM facts"))
    rows = client.get("/api/facts", params={"limit": 1000}).json()["rows"]
    assert rows
    for r in rows:
        assert isinstance(r["value"], str) and r["value"] == stored[r["id"]]
        Decimal(r["value"])


@pytest.mark.parametrize("drilldown", ["year|region", "unit", "kind|measure", ""])
def test_aggregate_equals_the_sum_of_the_listed_facts(client, drilldown):
    """Each printed figure (document, measure, basis, unit) once: where a document prints it in
    several places, the first table's (issue #9; tests/serve/test_aggregate.py checks it against
    the printed table)."""
    prefix = "expense.general.function."
    agg = client.get("/api/aggregate", params={"measure": prefix, "drilldown": drilldown}).json()
    listed = _all(client, "/api/facts", measure=prefix, basis="current", scope="document",
                  value_kind="money")
    first: dict = {}
    for f in sorted(listed, key=lambda f: (f["table_idx"] is None, f["table_idx"] or 0, f["id"])):
        first.setdefault((f["document_id"], f["measure"], f["basis"], f["unit_id"]), f)
    facts = list(first.values())
    assert len(facts) < len(listed), "no figure printed twice: the test would not bite"
    col = {"region": "region_code", "kind": "kind", "year": "year", "unit": "unit_id",
           "measure": "measure"}
    dims = [d for d in drilldown.split("|") if d]
    sums: dict = defaultdict(lambda: [Decimal(0), 0])
    for f in facts:
        acc = sums[tuple(f[col[d]] for d in dims)]
        acc[0] += Decimal(f["value"])
        acc[1] += 1
    cells = {tuple(c[d] for d in dims): [Decimal(c["sum"]), c["facts"]] for c in agg["cells"]}
    assert cells == {k: v for k, v in sums.items()} and cells
    assert Decimal(agg["summary"]["sum"]) == sum(Decimal(f["value"]) for f in facts)
    assert agg["summary"]["facts"] == len(facts)


def test_aggregate_sums_one_kind_of_value(client):
    """Money by default: 万元 and percentages of one measure prefix are never added together."""
    prefix = "expense.general.function."
    kinds = {r["value_kind"] for r in _all(client, "/api/facts", measure=prefix, basis="share")}
    assert kinds == {"percent"}
    money = client.get("/api/aggregate", params={"measure": prefix, "basis": "share"}).json()
    assert money["summary"]["facts"] == 0 and money["cells"] == []
    pct = client.get("/api/aggregate", params={"measure": prefix, "basis": "share",
                                               "value_kind": "percent"}).json()
    assert pct["summary"]["facts"] > 0 and pct["value_kind"] == "percent"


def test_aggregate_cut_equals_filter(client, raw):
    (code,) = raw.execute(f"SELECT region_code FROM documents WHERE {CURRENT} LIMIT 1").fetchone()
    (year,) = raw.execute(f"SELECT year FROM documents WHERE {CURRENT} AND region_code = ?",
                          (code,)).fetchone()
    cut = client.get("/api/aggregate", params={
        "measure": "expense.", "drilldown": "measure", "cut": f"region:{code[:4]}|year:{year}"})
    filt = client.get("/api/aggregate", params={
        "measure": "expense.", "drilldown": "measure", "region": code[:4], "year": year})
    assert cut.status_code == filt.status_code == 200
    assert cut.json()["cells"] == filt.json()["cells"] and cut.json()["cells"]
    assert cut.json()["cut"] == {"region": code[:4], "year": str(year)}


def test_document_detail_counts_match_its_rows(client, raw):
    for (doc_id,) in raw.execute(f"SELECT id FROM documents WHERE {CURRENT}").fetchall():
        d = client.get(f"/api/documents/{doc_id}").json()
        assert len(d["tables"]) == d["n_tables"]
        assert sum(d["facts_by_basis"].values()) == d["n_facts"]
        assert sum(d["findings_by_severity"].values()) == d["n_findings"]
        listed = client.get("/api/facts", params={"document": doc_id, "limit": 1}).json()
        assert listed["total"] == d["n_facts"]


def test_findings_filters_and_evidence(client, raw):
    for severity, n in raw.execute("SELECT severity, count(*) FROM findings GROUP BY 1"):
        body = client.get("/api/findings", params={"severity": severity, "limit": 1000}).json()
        assert body["total"] == n and all(r["severity"] == severity for r in body["rows"])
    (rule, n) = raw.execute("SELECT rule, count(*) FROM findings GROUP BY 1 "
                            "ORDER BY 2 DESC LIMIT 1").fetchone()
    rows = client.get("/api/findings", params={"rule": rule, "limit": 1000}).json()["rows"]
    assert len(rows) == n
    evidence = dict(raw.execute("SELECT finding_id, count(*) FROM evidence GROUP BY 1"))
    assert all(len(r["evidence"]) == evidence.get(r["id"], 0) for r in rows)


@pytest.mark.parametrize("path, params, code", [
    ("/api/facts", {"year": "abc"}, "bad-parameter"),
    ("/api/documents", {"kind": "预算"}, "bad-parameter"),
    ("/api/facts", {"limit": 5000}, "limit-too-large"),
    ("/api/facts", {"limit": 0}, "bad-parameter"),
    ("/api/facts", {"measure": "Expense Total"}, "bad-parameter"),
    ("/api/facts", {"code": "abc"}, "bad-parameter"),
    ("/api/findings", {"severity": "fatal"}, "bad-parameter"),
    ("/api/facts", {"value_kind": "yuan"}, "bad-parameter"),
    ("/api/aggregate", {}, "bad-parameter"),
    ("/api/aggregate", {"measure": "expense.total", "drilldown": "colour"}, "bad-drilldown"),
    ("/api/aggregate", {"measure": "expense.total", "drilldown": "year|year"}, "bad-drilldown"),
    ("/api/aggregate", {"measure": "expense.total", "cut": "year:二〇二四"}, "bad-cut"),
    ("/api/aggregate", {"measure": "expense.total", "cut": "year"}, "bad-cut"),
    ("/api/aggregate", {"measure": "expense.total", "format": "pdf"}, "bad-parameter"),
])
def test_bad_input_is_a_422_with_one_error_envelope(client, path, params, code):
    r = client.get(path, params=params)
    assert r.status_code == 422
    err = r.json()["error"]
    assert err["code"] == code and err["message"] and err["message_en"]
    assert set(r.json()) == {"error"}


@pytest.mark.parametrize("path", ["/api/documents/999999", "/api/units/999999"])
def test_unknown_id_is_a_404(client, path):
    r = client.get(path)
    assert r.status_code == 404 and r.json()["error"]["code"] == "not-found"


def test_openapi_lists_every_endpoint(client):
    paths = client.get("/openapi.json").json()["paths"]
    for p in ("/api/documents", "/api/documents/{document_id}", "/api/facts", "/api/findings",
              "/api/units", "/api/units/{unit_id}", "/api/aggregate"):
        assert p in paths
    assert client.get("/docs").status_code == 200
