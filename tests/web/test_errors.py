"""Error pages (web/errors.py): an unknown record or a bad parameter answers a page with its
status, never a traceback."""

from __future__ import annotations


def test_unknown_records_and_bad_parameters_answer_pages(site):
    assert site.get("/units/999999").status_code == 404
    assert site.get("/documents/999999").status_code == 404
    assert site.get("/items/20x").status_code == 404
    bad = site.get("/", params={"year": "明年"})
    assert bad.status_code == 422 and bad.headers["content-type"].startswith("text/html")
    # the API keeps its JSON envelope
    assert site.get("/api/facts", params={"year": "明年"}).json()["error"]["code"] == "bad-parameter"
