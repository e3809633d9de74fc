"""The explore pages over HTTP (TestClient) on a real library, each figure a page shows compared
with the database read directly (sqlite3), not with the query layer that produced it."""

from __future__ import annotations

import csv
import io
import json
import re
from decimal import Decimal
from html import unescape

import pytest


def _doc_id(raw, name_part: str) -> int:
    (doc_id,) = raw.execute("SELECT id FROM documents WHERE source LIKE ? AND superseded_by IS NULL",
                            (f"%{name_part}%",)).fetchone()
    return doc_id


def _chart(body: str, chart_id: str) -> dict:
    m = re.search(rf'<script type="application/json" id="{chart_id}">(.*?)</script>', body, re.S)
    assert m, chart_id
    return json.loads(m.group(1))


def _csv_rows(response) -> list[dict]:
    assert response.headers["content-type"].startswith("text/csv")
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))


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
    rows = _csv_rows(site.get("/", params={"year": year, "dl": "documents", "format": "csv"}))
    (want,) = raw.execute("SELECT count(*) FROM documents WHERE year = ? AND superseded_by IS NULL",
                          (year,)).fetchone()
    assert len(rows) == want and {r["year"] for r in rows} == {str(year)}


def test_search_finds_units_and_items_by_name(site, raw):
    unit_name, unit_id = raw.execute("SELECT unit_name, unit_id FROM documents WHERE source LIKE "
                                     "'%wanli_2025%'").fetchone()
    body = site.get("/", params={"q": unit_name[-6:]}).text
    assert f'href="/units/{unit_id}"' in body
    rows = _csv_rows(site.get("/", params={"q": unit_name[-6:], "dl": "documents",
                                           "format": "csv"}))
    assert rows and all(unit_name[-6:] in r["unit_name"] + r["source"] for r in rows)
    items = site.get("/", params={"q": "社会保障和就业"}).text
    assert 'href="/items/208"' in items


def test_unit_page_totals_over_years_match_the_database(site, raw):
    unit_id = raw.execute("SELECT unit_id FROM documents WHERE source LIKE '%wanli_2025%'").fetchone()[0]
    body = site.get(f"/units/{unit_id}").text
    years = [y for (y,) in raw.execute("SELECT DISTINCT year FROM documents WHERE unit_id = ? "
                                       "ORDER BY year", (unit_id,))]
    assert len(years) >= 2
    chart = _chart(body, "chart-data-totals")
    assert chart["categories"] == [str(y) for y in years]
    rows = _csv_rows(site.get(f"/units/{unit_id}", params={"dl": "totals", "format": "csv"}))
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
    rows = _csv_rows(site.get(f"/units/{unit_id}", params={"dl": "three_public", "format": "csv"}))
    for row in rows:
        want = raw.execute("SELECT value FROM facts f JOIN documents d ON d.id = f.document_id WHERE "
                           "d.id = ? AND measure = 'admin_operating_cost' AND basis = 'current' "
                           "AND f.unit_id IS NULL", (int(row["document_id"]),)).fetchall()
        assert (Decimal(row["admin_operating_cost"]) in {Decimal(v) for (v,) in want}
                if want else row["admin_operating_cost"] == "")


def test_document_page_tables_cells_claims_findings(site, raw):
    doc_id = _doc_id(raw, "wanli_2025")
    tables = raw.execute("SELECT idx, title FROM tables WHERE document_id = ? ORDER BY idx",
                         (doc_id,)).fetchall()
    for idx, _title in tables[:4]:
        body = site.get(f"/documents/{doc_id}", params={"table": idx}).text
        links = re.findall(rf'<a class="cell" href="/documents/{doc_id}/pages/(\d+)\?fact=(\d+)"',
                           body)
        cells = raw.execute("SELECT count(DISTINCT row || ':' || col) FROM facts WHERE "
                            "document_id = ? AND table_idx = ? AND page IS NOT NULL",
                            (doc_id, idx)).fetchone()[0]
        assert len(links) == cells
        for page, fact in links[:5]:
            (want,) = raw.execute("SELECT page FROM facts WHERE id = ?", (int(fact),)).fetchone()
            assert int(page) == want
    body = site.get(f"/documents/{doc_id}").text
    assert all(unescape(title) in unescape(body) for _i, title in tables)
    (claims,) = raw.execute("SELECT count(*) FROM facts WHERE document_id = ? AND origin = 'text'",
                            (doc_id,)).fetchone()
    assert len(re.findall(r'<a class="claim"', body)) == claims > 0
    for (finding,) in raw.execute("SELECT id FROM findings WHERE document_id = ?", (doc_id,)):
        assert f'id="finding-{finding}"' in body


def test_page_view_draws_the_cells_box_on_the_rendered_page(site, raw):
    doc_id = _doc_id(raw, "wanli_2025")
    fact, page, x0, top, x1, bottom = raw.execute(
        "SELECT id, page, x0, top, x1, bottom FROM facts WHERE document_id = ? AND measure = "
        "'expense.total' AND x0 IS NOT NULL ORDER BY id LIMIT 1", (doc_id,)).fetchone()
    body = site.get(f"/documents/{doc_id}/pages/{page}", params={"fact": fact}).text
    box = re.search(r'id="cell-box" style="left: ([\d.]+)%; top: ([\d.]+)%; width: ([\d.]+)%; '
                    r'height: ([\d.]+)%;"', body)
    img = re.search(r'id="page-image" src="([^"]+)"[^>]*width="(\d+)" height="(\d+)"', body)
    assert box and img
    png = site.get(img.group(1))
    assert png.headers["content-type"] == "image/png" and png.content[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = int.from_bytes(png.content[16:20], "big"), int.from_bytes(png.content[20:24], "big")
    assert (width, height) == (int(img.group(2)), int(img.group(3)))
    # the box is the fact's bbox as a share of the page (PDF points → percent)
    page_w, page_h = width / 1.5, height / 1.5
    assert float(box.group(1)) == pytest.approx(x0 / page_w * 100, abs=0.2)
    assert float(box.group(2)) == pytest.approx(top / page_h * 100, abs=0.2)
    assert float(box.group(3)) == pytest.approx((x1 - x0) / page_w * 100, abs=0.2)
    assert float(box.group(4)) == pytest.approx((bottom - top) / page_h * 100, abs=0.2)
    # a fact shown on another page, or of another document, is refused
    assert site.get(f"/documents/{doc_id}/pages/{page + 1}", params={"fact": fact}).status_code == 404
    assert site.get(f"/documents/{doc_id}/pages/9999").status_code == 404


def test_page_view_of_a_text_original_marks_the_line(site, raw):
    doc_id, = raw.execute("SELECT id FROM documents WHERE format = 'text' ORDER BY id").fetchone()
    fact, page, line, text = raw.execute(
        "SELECT id, page, line, text FROM facts WHERE document_id = ? AND line IS NOT NULL AND "
        "page IS NOT NULL ORDER BY id LIMIT 1", (doc_id,)).fetchone()
    body = site.get(f"/documents/{doc_id}/pages/{page}", params={"fact": fact}).text
    hit = re.search(rf'<span class="hit" id="line-{line}">(.*?)</span>', body, re.S)
    assert hit and text.split()[0] in unescape(hit.group(1))


def _first_figures(raw, measure: str, where: str = "1=1", params: tuple = ()) -> dict:
    """(document, unit) → the figure of ``measure`` a reader takes: the first table's, else the
    text's, each printed figure counted once however often it is repeated."""
    out: dict[tuple, Decimal] = {}
    for doc, unit, value in raw.execute(
            "SELECT d.id, coalesce(f.unit_id, d.unit_id), f.value FROM facts f JOIN documents d "
            "ON d.id = f.document_id WHERE f.measure = ? AND f.basis = 'current' AND "
            "f.kind = 'money' AND d.superseded_by IS NULL AND d.status = 'ok' AND " + where +
            " ORDER BY d.id, f.table_idx IS NULL, f.table_idx, f.id", (measure, *params)):
        out.setdefault((doc, unit), Decimal(value))
    return out


def test_item_page_sums_a_code_across_units_and_years(site, raw):
    rows = _csv_rows(site.get("/items/201", params={"family": "expense.function", "dl": "item",
                                                   "format": "csv"}))
    got = {(int(r["document"]), int(r["unit"])): Decimal(r["sum"]) for r in rows}
    assert got == _first_figures(raw, "expense.function.201") and len(got) >= 3
    body = site.get("/items/201").text
    assert _chart(body, "chart-data-item")["series"]


def test_region_page_totals_count_each_figure_once(site, raw):
    rows = _csv_rows(site.get("/regions/310107", params={"dl": "years", "format": "csv"}))
    want: dict[tuple, Decimal] = {}
    figures = _first_figures(raw, "expense.total", "d.region_code LIKE '310107%' AND f.unit_id IS NULL")
    for (doc, _unit), value in figures.items():
        year, kind = raw.execute("SELECT year, kind FROM documents WHERE id = ?", (doc,)).fetchone()
        want[(str(year), kind)] = want.get((str(year), kind), Decimal(0)) + value
    assert {(r["year"], r["kind"]): Decimal(r["sum"]) for r in rows} == want and want
    body = site.get("/regions/310107").text
    assert _chart(body, "chart-data-region")["categories"] == sorted({y for y, _k in want})
    assert site.get("/regions/99").status_code == 404


def test_treemap_drills_down_with_breadcrumbs(site, raw):
    doc_id = _doc_id(raw, "wanli_2025")
    lei = {m.rsplit(".", 1)[1] for (m,) in raw.execute(
        "SELECT measure FROM facts WHERE document_id = ? AND measure GLOB 'expense.function.[0-9][0-9][0-9]'"
        " AND basis = 'current' AND unit_id IS NULL", (doc_id,))}
    rows = _csv_rows(site.get("/treemap", params={"document": doc_id, "dl": "treemap",
                                                  "format": "csv"}))
    assert {r["code"] for r in rows} == lei
    for r in rows:
        figures = _first_figures(raw, f"expense.function.{r['code']}",
                                 "d.id = ? AND f.unit_id IS NULL", (doc_id,))
        assert Decimal(r["value"]) == sum(figures.values())
    assert sum(Decimal(r["share_percent"]) for r in rows) == pytest.approx(100, abs=0.1)
    top = rows[0]["code"]
    body = site.get("/treemap", params={"document": doc_id, "code": top}).text
    kids = _chart(body, "chart-data-treemap")["series"]
    assert kids and all(k["name"].startswith(top) and len(k["name"].split()[0]) == 5 for k in kids)
    assert f'<span class="here">{top} ' in body and 'id="crumb-root"' in body
    assert site.get("/treemap", params={"code": "2x1"}).status_code == 422


def test_treemap_of_the_library_defaults_to_the_latest_budgets(site, raw):
    body = site.get("/treemap").text
    year = raw.execute("SELECT max(year) FROM documents WHERE kind = 'budget'").fetchone()[0]
    assert re.search(rf'<option value="{year}" selected>', body)
    assert _chart(body, "chart-data-treemap")["series"]


def test_compare_two_years_of_one_unit(site, raw):
    a, b = _doc_id(raw, "wanli_2024"), _doc_id(raw, "wanli_2025")
    rows = _csv_rows(site.get("/compare", params={"a": a, "b": b, "dl": "compare",
                                                  "format": "csv"}))
    total = next(r for r in rows if r["measure"] == "expense.total")

    def value(doc):
        return Decimal(raw.execute("SELECT value FROM facts WHERE document_id = ? AND measure = "
                                   "'expense.total' AND basis = 'current' AND unit_id IS NULL "
                                   "ORDER BY table_idx IS NULL, table_idx, id", (doc,)).fetchone()[0])
    assert Decimal(total["a"]) == value(a) and Decimal(total["b"]) == value(b)
    assert Decimal(total["difference"]) == value(b) - value(a)
    every = _csv_rows(site.get("/compare", params={"a": a, "b": b, "all": "true", "dl": "compare",
                                                   "format": "csv"}))
    assert len(every) > len(rows)
    assert site.get("/compare", params={"a": 99999, "b": b}).status_code == 404


def test_xlsx_downloads_open_with_the_same_rows(site, raw):
    from openpyxl import load_workbook

    doc_id = _doc_id(raw, "wanli_2025")
    for url, name in ((f"/documents/{doc_id}", "claims"), ("/", "documents")):
        csv_rows = _csv_rows(site.get(url, params={"dl": name, "format": "csv"}))
        xlsx = site.get(url, params={"dl": name, "format": "xlsx"})
        sheet = load_workbook(io.BytesIO(xlsx.content)).active
        values = [list(r) for r in sheet.iter_rows(values_only=True)]
        assert len(values) == len(csv_rows) + 1
        assert [str(v) for v in values[1]][:3] == list(csv_rows[0].values())[:3]


def test_english_by_query_then_cookie_and_chinese_by_default(site):
    site.cookies.clear()
    assert "检索预决算公开文件" in site.get("/").text
    en = site.get("/", params={"lang": "en"})
    assert "Search budget and final-account disclosures" in en.text and en.cookies.get("lang") == "en"
    assert 'lang="en"' in site.get("/treemap").text
    assert "检索预决算公开文件" in site.get("/", params={"lang": "zh"}).text
    site.cookies.clear()


def test_unknown_records_and_bad_parameters_answer_pages(site):
    assert site.get("/units/999999").status_code == 404
    assert site.get("/documents/999999").status_code == 404
    assert site.get("/items/20x").status_code == 404
    bad = site.get("/", params={"year": "明年"})
    assert bad.status_code == 422 and bad.headers["content-type"].startswith("text/html")
    # the API keeps its JSON envelope
    assert site.get("/api/facts", params={"year": "明年"}).json()["error"]["code"] == "bad-parameter"


def test_treemap_counts_a_class_printed_in_two_tables_once(site, raw):
    repeated = raw.execute(
        "SELECT DISTINCT f.document_id FROM facts f WHERE f.measure GLOB 'expense.function.[0-9][0-9][0-9]' "
        "AND f.basis = 'current' AND f.unit_id IS NULL GROUP BY f.document_id, f.measure "
        "HAVING count(*) > 1").fetchall()
    assert repeated  # the library holds such documents (seed 004 prints its 类 in three tables)
    for (doc_id,) in repeated:
        rows = _csv_rows(site.get("/treemap", params={"document": doc_id, "dl": "treemap",
                                                      "format": "csv"}))
        for r in rows:
            figures = _first_figures(raw, f"expense.function.{r['code']}",
                                     "d.id = ? AND f.unit_id IS NULL", (doc_id,))
            assert Decimal(r["value"]) == sum(figures.values()), (doc_id, r["code"])


def test_findings_are_grouped_by_the_row_they_point_at(site, raw):
    doc_id, n = raw.execute("SELECT id, n_findings FROM documents ORDER BY n_findings DESC LIMIT 1"
                            ).fetchone()
    keys = set()
    for (finding,) in raw.execute("SELECT id FROM findings WHERE document_id = ?", (doc_id,)):
        ev = raw.execute("SELECT table_idx, row, page, line FROM evidence WHERE finding_id = ? "
                         "ORDER BY position", (finding,)).fetchall()
        in_table = [(t, r) for t, r, _p, _l in ev if t is not None and r is not None]
        on_line = [(p, ln) for _t, _r, p, ln in ev if ln is not None]
        keys.add(("table", *in_table[0]) if in_table else ("text", *on_line[0]) if on_line
                 else ("document",))
    body = site.get(f"/documents/{doc_id}").text
    assert len(re.findall(r'<li class="group sev-', body)) == len(keys) < n
    assert len(re.findall(r'<li class="finding sev-', body)) == n
    # a group in a table row links to that row of the rebuilt table
    link = re.search(rf'class="group-row" href="/documents/{doc_id}\?table=(\d+)#row-(\d+)"', body)
    if link:
        table = site.get(f"/documents/{doc_id}", params={"table": link.group(1)}).text
        assert f'<tr id="row-{link.group(2)}">' in table


def test_evidence_roles_are_chinese_by_default(site, raw):
    """A finding's evidence names its role (合计项, 分项…) in the page's language: Chinese by
    default, never the English key (issue #10)."""
    from budgetlens.report.labels import role_name

    doc_id = raw.execute("SELECT id FROM documents ORDER BY n_findings DESC LIMIT 1").fetchone()[0]
    roles = {r for (r,) in raw.execute(
        "SELECT DISTINCT e.role FROM evidence e JOIN findings f ON f.id = e.finding_id "
        "WHERE f.document_id = ? AND e.role != ''", (doc_id,))}
    assert roles
    zh = unescape(site.get(f"/documents/{doc_id}").text)
    en = unescape(site.get(f"/documents/{doc_id}", params={"lang": "en"}).text)
    for role in roles:
        assert f"<li>{role_name(role)} <code>" in zh and role_name(role) != role, role
        assert f"<li>{role} <code>" not in zh, role
        assert f"<li>{role_name(role, 'en')} <code>" in en, role
