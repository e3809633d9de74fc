"""The document page and the page view (web/documents.py) over HTTP on a real library: tables,
cells linked to their page, claims and findings with their evidence's roles in the page's
language; the page view boxes a cell on the rendered PDF page or marks a text original's line."""

from __future__ import annotations

import re
from html import unescape

import pytest

from .pages import document_id_of


def test_document_page_tables_cells_claims_findings(site, raw):
    doc_id = document_id_of(raw, "wanli_2025")
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
    doc_id = document_id_of(raw, "wanli_2025")
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
