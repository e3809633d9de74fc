"""``GET /api/search`` over real HTTP (uvicorn on a free port): units found by two and three
characters of their names, classification items by name and code, ranked and paginated, CSV and
XLSX downloads, bad parameters refused. The same answers on PostgreSQL: tests/serve/test_postgres.py."""

from __future__ import annotations

import io

import httpx
import pytest

from ..live_server import live_server


@pytest.fixture(scope="module")
def http(library):
    from budgetlens.serve import create_app

    with live_server(create_app(library[0])) as url:
        with httpx.Client(base_url=url, timeout=30) as client:
            yield client


def test_units_by_two_and_three_characters(http, raw):
    units = raw.execute("SELECT id, name FROM units").fetchall()
    assert units
    for unit_id, name in units[:40]:
        key = "".join(name.split())
        for q in (key[-3:], key[:2]):
            body = http.get("/api/search", params={"q": q, "kind": "unit", "limit": 1000}).json()
            assert {"kind": "unit", "ref": str(unit_id)}.items() <= next(
                (r for r in body["rows"] if r["ref"] == str(unit_id)), {}).items(), (name, q)
            assert body["total"] >= len(body["rows"]) >= 1


def test_an_item_by_name_and_by_code_links_to_its_facts(http):
    body = http.get("/api/search", params={"q": "社会保障和就业", "kind": "item"}).json()
    assert body["rows"][0]["ref"] == "208"
    code = http.get("/api/search", params={"q": "208"}).json()["rows"][0]
    assert code["ref"] == "208" and code["api"] == "/api/facts?code=208"
    facts = http.get(code["api"]).json()
    assert facts["total"] > 0 and all(".208" in f["measure"] for f in facts["rows"])


def test_documents_link_to_their_record(http, raw):
    doc_id, unit, year = raw.execute("SELECT id, unit_name, year FROM documents "
                                     "WHERE status = 'ok' ORDER BY id LIMIT 1").fetchone()
    rows = http.get("/api/search", params={"q": f"{unit}{year}年", "kind": "document"}).json()["rows"]
    assert rows[0]["ref"] == str(doc_id)
    assert http.get(rows[0]["api"]).json()["unit_name"] == unit


def test_pages_and_downloads(http):
    whole = http.get("/api/search", params={"q": "支出", "limit": 1000}).json()
    assert whole["total"] == len(whole["rows"]) > 50
    page = http.get("/api/search", params={"q": "支出", "limit": 10, "offset": 10}).json()
    assert page["rows"] == whole["rows"][10:20] and page["total"] == whole["total"]
    csv = http.get("/api/search", params={"q": "支出", "format": "csv"})
    assert csv.headers["x-total-count"] == str(whole["total"])
    lines = csv.content.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("kind,ref,label") and len(lines) == whole["total"] + 1
    xlsx = http.get("/api/search", params={"q": "支出", "format": "xlsx"})
    from openpyxl import load_workbook

    ws = load_workbook(io.BytesIO(xlsx.content)).active
    assert ws.max_row == whole["total"] + 1


@pytest.mark.parametrize("params", [{}, {"q": ""}, {"q": "x" * 101}, {"q": "局", "kind": "fact"},
                                    {"q": "局", "limit": 5000}])
def test_bad_parameters(http, params):
    bad = http.get("/api/search", params=params)
    assert bad.status_code == 422 and bad.json()["error"]["code"]


def test_item_labels_in_english_on_request(http):
    """``lang=en``: an item is labelled with the English of its code (and of the 类/款 above a
    项) where the reference has it; units and documents keep their printed names."""
    from budgetlens.rules.reference.english import code_name

    zh = http.get("/api/search", params={"q": "行政运行", "kind": "item", "limit": 5}).json()
    en = http.get("/api/search", params={"q": "行政运行", "kind": "item", "limit": 5,
                                         "lang": "en"}).json()
    assert [r["ref"] for r in zh["rows"]] == [r["ref"] for r in en["rows"]] and en["rows"]
    for a, b in zip(zh["rows"], en["rows"]):
        code = a["ref"]
        assert b["label"].startswith(f"{code} {code_name(code, None, 'en')}")
        assert code_name(code[:3], None, "en") in b["label"] and "行政运行" not in b["label"]
        assert a["label"] != b["label"]
    units = {"q": "区", "kind": "unit", "limit": 5}
    assert http.get("/api/search", params=units).json()["rows"] == \
        http.get("/api/search", params={**units, "lang": "en"}).json()["rows"]
