"""The home page (web/home.py) over HTTP on a real library: documents listed with facet counts
that agree with the database read directly, units and items found by name."""

from __future__ import annotations

import re


from .pages import download_rows


def test_home_lists_documents_with_facet_counts(site, raw):
    site.cookies.clear()
    body = site.get("/").text
    (n,) = raw.execute("SELECT count(*) FROM documents WHERE superseded_by IS NULL").fetchone()
    assert f"文件（{n}）" in body
    for year, count in raw.execute("SELECT year, count(*) FROM documents WHERE superseded_by IS NULL"
                                   " AND year IS NOT NULL GROUP BY year"):
        facet = re.search(rf'href="/\?year={year}[^"]*">\s*{year}</a>\s*<span class="count">(\d+)<',
                          body)
        assert facet and int(facet.group(1)) == count, year
    # a facet narrows the list; the other facets' counts follow it
    year = raw.execute("SELECT max(year) FROM documents").fetchone()[0]
    rows = download_rows(site.get("/", params={"year": year, "dl": "documents", "format": "csv"}))
    (want,) = raw.execute("SELECT count(*) FROM documents WHERE year = ? AND superseded_by IS NULL",
                          (year,)).fetchone()
    assert len(rows) == want and {r["year"] for r in rows} == {str(year)}


def test_search_finds_units_and_items_by_name(site, raw):
    unit_name, unit_id = raw.execute("SELECT unit_name, unit_id FROM documents WHERE source LIKE "
                                     "'%wanli_2025%'").fetchone()
    body = site.get("/", params={"q": unit_name[-6:]}).text
    assert f'href="/units/{unit_id}"' in body
    rows = download_rows(site.get("/", params={"q": unit_name[-6:], "dl": "documents",
                                           "format": "csv"}))
    assert rows and all(unit_name[-6:] in r["unit_name"] + r["source"] for r in rows)
    items = site.get("/", params={"q": "社会保障和就业"}).text
    assert 'href="/items/208"' in items
