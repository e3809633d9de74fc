"""Downloads parse back to the rows the JSON list gives: CSV (UTF-8 with BOM, so Excel and WPS
read the Chinese) and XLSX (openpyxl), for lists and the aggregate."""

from __future__ import annotations

import csv
import io

import pytest
from openpyxl import load_workbook


def _as_text(row: dict) -> dict:
    """A JSON row as a download's cells: text, empty for null (nested evidence left out)."""
    out = {}
    for k, v in row.items():
        if k == "evidence":
            continue
        out[k] = "" if v is None else ("true" if v is True else "false" if v is False else str(v))
    return out


def _csv_rows(body: bytes) -> list[dict]:
    assert body.startswith(b"\xef\xbb\xbf"), "CSV must start with a UTF-8 BOM"
    return list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))


def _xlsx_rows(body: bytes) -> list[dict]:
    ws = load_workbook(io.BytesIO(body), read_only=True).active
    values = list(ws.iter_rows(values_only=True))
    header = values[0]
    pad = [None] * len(header)  # a row's trailing empty cells are not stored
    return [{h: "" if v is None else str(v) for h, v in zip(header, (*r, *pad))}
            for r in values[1:]]


LISTS = [("/api/facts", {"region": "50", "limit": 300}),
         ("/api/documents", {}),
         ("/api/findings", {"severity": "error"}),
         ("/api/units", {}),
         ("/api/facts", {"measure": "expense.general.function.", "offset": 5, "limit": 40})]


@pytest.mark.parametrize("fmt, parse", [("csv", _csv_rows), ("xlsx", _xlsx_rows)])
@pytest.mark.parametrize("path, params", LISTS)
def test_list_downloads_are_the_json_rows(client, path, params, fmt, parse):
    page = client.get(path, params=params).json()
    assert page["rows"]
    r = client.get(path, params={**params, "format": fmt})
    assert r.status_code == 200
    assert r.headers["x-total-count"] == str(page["total"])
    assert f'.{fmt}"' in r.headers["content-disposition"]
    assert parse(r.content) == [_as_text(row) for row in page["rows"]]


@pytest.mark.parametrize("path", ["/api/facts", "/api/documents", "/api/findings", "/api/units"])
def test_an_empty_download_still_has_its_header(client, path):
    full = _csv_rows(client.get(path, params={"format": "csv", "limit": 1}).content)
    r = client.get(path, params={"region": "999999", "format": "csv"})
    assert r.status_code == 200 and r.headers["x-total-count"] == "0"
    header = r.content.decode("utf-8-sig").splitlines()
    assert len(header) == 1 and header[0].split(",") == list(full[0])


def test_download_without_limit_has_every_matching_row(client):
    total = client.get("/api/facts", params={"limit": 1}).json()["total"]
    assert total > 1000  # more than one JSON page: the download is not capped at a page
    assert len(_csv_rows(client.get("/api/facts", params={"format": "csv"}).content)) == total


def test_chinese_text_round_trips_through_csv_and_xlsx(client, raw):
    (name,) = raw.execute("SELECT unit_name FROM documents WHERE unit_name IS NOT NULL "
                          "LIMIT 1").fetchone()
    for fmt, parse in (("csv", _csv_rows), ("xlsx", _xlsx_rows)):
        rows = parse(client.get("/api/documents", params={"unit": name, "format": fmt}).content)
        assert rows and all(name in r["unit_name"] for r in rows)
        findings = parse(client.get("/api/findings", params={"format": fmt}).content)
        assert any("，" in f["message"] or "合计" in f["message"] for f in findings)


@pytest.mark.parametrize("fmt, parse", [("csv", _csv_rows), ("xlsx", _xlsx_rows)])
def test_aggregate_downloads_are_its_cells(client, fmt, parse):
    params = {"measure": "expense.", "drilldown": "year|region|measure"}
    cells = client.get("/api/aggregate", params=params).json()["cells"]
    assert cells
    assert parse(client.get("/api/aggregate", params={**params, "format": fmt}).content) == \
        [_as_text(c) for c in cells]
