"""Keyset pagination over real HTTP (a uvicorn server on the session's library): following
``next`` (``?after=``, or the ``Link: rel="next"`` header) walks every row of a selection once,
in id order, the same rows the offset pages give; CSV/XLSX downloads are streamed in keyset
batches and hold exactly the selection, up to the cap. tests/serve/test_postgres.py runs the same
walk on PostgreSQL."""

from __future__ import annotations

import csv
import io

import httpx
import pytest
from openpyxl import load_workbook

from ..live_server import live_server

#: Lists with a cursor, and a selection of each that spans several pages.
LISTS = [
    ("/api/facts", {"region": "50"}),
    ("/api/facts", {"measure": "expense.general.function."}),
    ("/api/findings", {}),
    ("/api/documents", {}),
    ("/api/units", {}),
]


@pytest.fixture(scope="module")
def http(library):
    from budgetlens.serve import create_app

    with live_server(create_app(library[0])) as url, httpx.Client(base_url=url, timeout=60) as c:
        yield c


def walk(http: httpx.Client, path: str, params: dict, limit: int) -> tuple[list[int], int]:
    """Every id of the selection by following ``next``; checks each page's envelope."""
    ids: list[int] = []
    after, total = None, None
    while True:
        body = http.get(path, params={**params, "limit": limit,
                                      **({"after": after} if after is not None else {})}).json()
        assert body["after"] == after and len(body["rows"]) <= limit
        if after is None:
            total = body["total"]
        else:  # cursor pages are not counted again
            assert body["total"] is None
        ids += [r["id"] for r in body["rows"]]
        if body["next"] is None:
            return ids, total
        assert body["next"] == ids[-1] and len(body["rows"]) == limit
        after = body["next"]


def offset_walk(http: httpx.Client, path: str, params: dict, limit: int) -> list[int]:
    ids: list[int] = []
    while True:
        body = http.get(path, params={**params, "limit": limit, "offset": len(ids)}).json()
        ids += [r["id"] for r in body["rows"]]
        if len(ids) >= body["total"] or not body["rows"]:
            return ids


def check_keyset_walk(http: httpx.Client, path: str, params: dict) -> None:
    """The cursor walk covers the selection once, in id order, as the offset walk does."""
    total = http.get(path, params={**params, "limit": 1}).json()["total"]
    limit = max(2, total // 4 + 1)  # a few pages, the last one short or exactly full
    ids, total_seen = walk(http, path, params, limit)
    assert total_seen == total == len(ids) > limit
    assert ids == sorted(set(ids)), "strictly increasing: no row twice"
    assert ids == offset_walk(http, path, params, limit)


@pytest.mark.parametrize("path, params", LISTS)
def test_following_next_walks_every_row_once_in_id_order(http, path, params):
    check_keyset_walk(http, path, params)


def test_the_link_header_names_the_next_page(http):
    first = http.get("/api/facts", params={"region": "50", "limit": 10, "offset": 0})
    nxt = first.json()["next"]
    link = first.headers["link"]
    assert link.endswith('>; rel="next"') and f"after={nxt}" in link and "offset" not in link
    second = http.get(link[1:link.index(">")])
    assert second.json()["rows"][0]["id"] > nxt and second.json()["after"] == nxt
    assert second.json()["total"] is None and "x-total-count" not in second.headers
    last = http.get("/api/documents", params={"limit": 1000})
    assert last.json()["next"] is None and "link" not in last.headers


def test_a_cursor_with_an_offset_and_a_cursor_on_ranked_search_are_refused(http):
    both = http.get("/api/facts", params={"after": 5, "offset": 10})
    assert both.status_code == 422 and both.json()["error"]["code"] == "bad-paging"
    ranked = http.get("/api/search", params={"q": "支出", "after": 5})
    assert ranked.status_code == 422 and ranked.json()["error"]["code"] == "bad-paging"


def _csv_ids(body: bytes) -> list[int]:
    rows = list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))
    return [int(r["id"]) for r in rows]


def test_downloads_stream_the_selection_in_keyset_batches(http, monkeypatch):
    """Batches far smaller than the selection: the download is assembled from many keyset
    pages while it is sent (chunked, no length known up front), and equals the JSON walk."""
    monkeypatch.setattr("budgetlens.serve.app.DOWNLOAD_BATCH", 97)
    params = {"measure": "expense.general.function."}
    ids, total = walk(http, "/api/facts", params, 1000)
    assert total > 3 * 97
    got = http.get("/api/facts", params={**params, "format": "csv"})
    assert got.headers.get("transfer-encoding") == "chunked" and "content-length" not in got.headers
    assert got.headers["x-total-count"] == str(total)
    assert _csv_ids(got.content) == ids
    capped = http.get("/api/facts", params={**params, "format": "csv", "limit": 250})
    assert _csv_ids(capped.content) == ids[:250]
    resumed = http.get("/api/facts", params={**params, "format": "csv", "after": ids[99]})
    assert _csv_ids(resumed.content) == ids[100:]
    xlsx = http.get("/api/findings", params={"format": "xlsx"})
    sheet = load_workbook(io.BytesIO(xlsx.content), read_only=True).active
    rows = list(sheet.iter_rows(values_only=True))
    assert [int(r[0]) for r in rows[1:]] == walk(http, "/api/findings", {}, 1000)[0]
