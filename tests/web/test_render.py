"""Rendering a page (web/render.py): the language by query, then cookie, Chinese by default; the
one download mechanism (XLSX) gives the rows of the page."""

from __future__ import annotations

import io


from .pages import download_rows, document_id_of


def test_xlsx_downloads_open_with_the_same_rows(site, raw):
    from openpyxl import load_workbook

    doc_id = document_id_of(raw, "wanli_2025")
    for url, name in ((f"/documents/{doc_id}", "claims"), ("/", "documents")):
        csv_rows = download_rows(site.get(url, params={"dl": name, "format": "csv"}))
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
