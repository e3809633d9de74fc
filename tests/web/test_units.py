"""The unit, item and region pages (web/units.py) over HTTP on a real library, each figure
compared with the database read directly (sqlite3), each printed figure counted once."""

from __future__ import annotations

from decimal import Decimal


from .pages import chart_data, download_rows, first_figures


def test_unit_page_totals_over_years_match_the_database(site, raw):
    unit_id = raw.execute("SELECT unit_id FROM documents WHERE source LIKE '%wanli_2025%'").fetchone()[0]
    body = site.get(f"/units/{unit_id}").text
    years = [y for (y,) in raw.execute("SELECT DISTINCT year FROM documents WHERE unit_id = ? "
                                       "ORDER BY year", (unit_id,))]
    assert len(years) >= 2
    chart = chart_data(body, "chart-data-totals")
    assert chart["categories"] == [str(y) for y in years]
    rows = download_rows(site.get(f"/units/{unit_id}", params={"dl": "totals", "format": "csv"}))
    for row in rows:
        printed = {Decimal(v) for (v,) in raw.execute(
            "SELECT f.value FROM facts f JOIN documents d ON d.id = f.document_id WHERE "
            "d.id = ? AND f.measure = 'expense.total' AND f.basis = 'current' AND f.unit_id IS NULL",
            (int(row["document_id"]),))}
        assert Decimal(row["expense.total"]) in printed
    # every document of the unit is listed, and its findings
    for (doc_id,) in raw.execute("SELECT id FROM documents WHERE unit_id = ?", (unit_id,)):
        assert f'href="/documents/{doc_id}"' in body
    (n,) = raw.execute("SELECT count(*) FROM findings f JOIN documents d ON d.id = f.document_id "
                       "WHERE d.unit_id = ?", (unit_id,)).fetchone()
    assert body.count('class="finding sev-') == n


def test_unit_page_three_public_series(site, raw):
    unit_id = raw.execute("SELECT unit_id FROM documents WHERE source LIKE '%wanli_2025%'").fetchone()[0]
    rows = download_rows(site.get(f"/units/{unit_id}", params={"dl": "three_public", "format": "csv"}))
    for row in rows:
        want = raw.execute("SELECT value FROM facts f JOIN documents d ON d.id = f.document_id WHERE "
                           "d.id = ? AND measure = 'admin_operating_cost' AND basis = 'current' "
                           "AND f.unit_id IS NULL", (int(row["document_id"]),)).fetchall()
        assert (Decimal(row["admin_operating_cost"]) in {Decimal(v) for (v,) in want}
                if want else row["admin_operating_cost"] == "")


def test_item_page_sums_a_code_across_units_and_years(site, raw):
    rows = download_rows(site.get("/items/201", params={"family": "expense.function", "dl": "item",
                                                   "format": "csv"}))
    got = {(int(r["document"]), int(r["unit"])): Decimal(r["sum"]) for r in rows}
    assert got == first_figures(raw, "expense.function.201") and len(got) >= 3
    body = site.get("/items/201").text
    assert chart_data(body, "chart-data-item")["series"]


def test_region_page_totals_count_each_figure_once(site, raw):
    rows = download_rows(site.get("/regions/310107", params={"dl": "years", "format": "csv"}))
    want: dict[tuple, Decimal] = {}
    figures = first_figures(raw, "expense.total", "d.region_code LIKE '310107%' AND f.unit_id IS NULL")
    for (doc, _unit), value in figures.items():
        year, kind = raw.execute("SELECT year, kind FROM documents WHERE id = ?", (doc,)).fetchone()
        want[(str(year), kind)] = want.get((str(year), kind), Decimal(0)) + value
    assert {(r["year"], r["kind"]): Decimal(r["sum"]) for r in rows} == want and want
    body = site.get("/regions/310107").text
    assert chart_data(body, "chart-data-region")["categories"] == sorted({y for y, _k in want})
    assert site.get("/regions/99").status_code == 404
