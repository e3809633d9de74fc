"""The treemap and the comparison (web/charts.py) over HTTP on a real library: drill-down with
breadcrumbs, the library's latest budgets by default, a class printed in two tables counted once,
two years of one unit side by side."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from .pages import chart_data, download_rows, document_id_of, first_figures


def test_treemap_drills_down_with_breadcrumbs(site, raw):
    doc_id = document_id_of(raw, "wanli_2025")
    lei = {m.rsplit(".", 1)[1] for (m,) in raw.execute(
        "SELECT measure FROM facts WHERE document_id = ? AND measure GLOB 'expense.function.[0-9][0-9][0-9]'"
        " AND basis = 'current' AND unit_id IS NULL", (doc_id,))}
    rows = download_rows(site.get("/treemap", params={"document": doc_id, "dl": "treemap",
                                                  "format": "csv"}))
    assert {r["code"] for r in rows} == lei
    for r in rows:
        figures = first_figures(raw, f"expense.function.{r['code']}",
                                 "d.id = ? AND f.unit_id IS NULL", (doc_id,))
        assert Decimal(r["value"]) == sum(figures.values())
    assert sum(Decimal(r["share_percent"]) for r in rows) == pytest.approx(100, abs=0.1)
    top = rows[0]["code"]
    body = site.get("/treemap", params={"document": doc_id, "code": top}).text
    kids = chart_data(body, "chart-data-treemap")["series"]
    assert kids and all(k["name"].startswith(top) and len(k["name"].split()[0]) == 5 for k in kids)
    assert f'<span class="here">{top} ' in body and 'id="crumb-root"' in body
    assert site.get("/treemap", params={"code": "2x1"}).status_code == 422


def test_treemap_of_the_library_defaults_to_the_latest_budgets(site, raw):
    body = site.get("/treemap").text
    year = raw.execute("SELECT max(year) FROM documents WHERE kind = 'budget'").fetchone()[0]
    assert re.search(rf'<option value="{year}" selected>', body)
    assert chart_data(body, "chart-data-treemap")["series"]


def test_compare_two_years_of_one_unit(site, raw):
    a, b = document_id_of(raw, "wanli_2024"), document_id_of(raw, "wanli_2025")
    rows = download_rows(site.get("/compare", params={"a": a, "b": b, "dl": "compare",
                                                  "format": "csv"}))
    total = next(r for r in rows if r["measure"] == "expense.total")

    def value(doc):
        return Decimal(raw.execute("SELECT value FROM facts WHERE document_id = ? AND measure = "
                                   "'expense.total' AND basis = 'current' AND unit_id IS NULL "
                                   "ORDER BY table_idx IS NULL, table_idx, id", (doc,)).fetchone()[0])
    assert Decimal(total["a"]) == value(a) and Decimal(total["b"]) == value(b)
    assert Decimal(total["difference"]) == value(b) - value(a)
    every = download_rows(site.get("/compare", params={"a": a, "b": b, "all": "true", "dl": "compare",
                                                   "format": "csv"}))
    assert len(every) > len(rows)
    assert site.get("/compare", params={"a": 99999, "b": b}).status_code == 404


def test_treemap_counts_a_class_printed_in_two_tables_once(site, raw):
    repeated = raw.execute(
        "SELECT DISTINCT f.document_id FROM facts f WHERE f.measure GLOB 'expense.function.[0-9][0-9][0-9]' "
        "AND f.basis = 'current' AND f.unit_id IS NULL GROUP BY f.document_id, f.measure "
        "HAVING count(*) > 1").fetchall()
    assert repeated  # the library holds such documents (seed 004 prints its 类 in three tables)
    for (doc_id,) in repeated:
        rows = download_rows(site.get("/treemap", params={"document": doc_id, "dl": "treemap",
                                                      "format": "csv"}))
        for r in rows:
            figures = first_figures(raw, f"expense.function.{r['code']}",
                                     "d.id = ? AND f.unit_id IS NULL", (doc_id,))
            assert Decimal(r["value"]) == sum(figures.values()), (doc_id, r["code"])
