"""Cross-document findings in the reviewer's outputs (issue #10), on a real pair of the corpus: the
Jiangsu procuratorate's 2017 and 2018 budgets (tests/crosscheck/test_corpus_pairs.py reviewed the
pair: the 2018 document's 上年 figures, implied from its 增减 sentences, differ from what the 2017
budget prints). Over HTTP: the 问题台账 of either document has a 跨文件核对 sheet naming both
documents, their pages and cells, 所列数/应为 and the decision with its reason (read with
python-calamine, and as LibreOffice converts it); the annotated PDF of each document boxes the
evidence that document prints, on its page, with a note naming the other document and page (read
back with PDFium); the sign-off waits for the cross findings as for the document's own. On SQLite
and on PostgreSQL (``BUDGETLENS_TEST_PG``, a schema of its own; skipped without a server).

Expected values are read from the library with SQL of their own (the facts' boxes joined on the
cited place), not through the functions under test."""

from __future__ import annotations

import io
from decimal import Decimal
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text

from ..conftest import CORPUS
from ..report.test_annotate import _contents, annotation_values
from ..report.test_xlsx_ledger import convert_csv
from ..store.conftest import drop_postgres_schema, postgres_or_skip
from .workspace import PASSWORDS, login, token_of

pytest.importorskip("budgetlens.report.cross_ledger")
FILES = (CORPUS / "wide" / "jiangsu_jcy_2017_yusuan.pdf", CORPUS / "pdf" / "jiangsu_jcy_2018_yusuan.pdf")
REASON = '=HYPERLINK("x") 口径调整 <b>"已说明"</b>'
SHEET = "跨文件核对"


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def library_url(request, tmp_path_factory):
    """A fresh library: a SQLite file, and a PostgreSQL schema of its own when a server is set."""
    if request.param == "sqlite":
        yield str(tmp_path_factory.mktemp("cross_exports") / "lib.db")
        return
    url, schema, scoped = postgres_or_skip()
    yield scoped
    drop_postgres_schema(url, schema)


@pytest.fixture(scope="module")
def pair(library_url):
    from budgetlens.crosscheck import crosscheck
    from budgetlens.ingest import ingest
    from budgetlens.store import open_store
    from budgetlens.store.accounts import add_user
    from budgetlens.web import create_site

    if not all(p.exists() for p in FILES):
        pytest.skip("../shared corpus not available")
    store = open_store(library_url)
    ingest(store, [str(p) for p in FILES])
    crosscheck(store.engine)
    add_user(store.engine, "reviewer", PASSWORDS["reviewer"], "reviewer", actor_name="test")
    with store.engine.connect() as conn:
        docs = dict(conn.execute(text("SELECT source, id FROM documents")).all())
    with TestClient(create_site(store.engine)) as client:
        login(client, "reviewer")
        yield client, store.engine, docs[str(FILES[0])], docs[str(FILES[1])]
    store.close()


def _cross(engine, document_id: int) -> list[dict]:
    with engine.connect() as conn:
        return [dict(r) for r in conn.execute(text(
            "SELECT id, rule, document_id, other_document_id, stated, expected FROM cross_findings"
            " WHERE document_id = :d OR other_document_id = :d ORDER BY id"),
            {"d": document_id}).mappings()]


def _boxes(engine, finding_id: int) -> list[dict]:
    """A cross finding's evidence with the box of the fact it cites (the fact's own place)."""
    with engine.connect() as conn:
        return [dict(r) for r in conn.execute(text(
            "SELECT e.document_id, e.page, e.table_idx, e.row, e.col, f.x0, f.top, f.x1, f.bottom"
            " FROM cross_evidence e JOIN facts f ON f.document_id = e.document_id"
            " AND f.measure = e.measure AND f.basis = e.basis AND f.page = e.page"
            " AND f.line IS NOT DISTINCT FROM e.line"
            " AND f.table_idx IS NOT DISTINCT FROM e.table_idx"
            " AND f.row IS NOT DISTINCT FROM e.row AND f.col IS NOT DISTINCT FROM e.col"
            " WHERE e.finding_id = :f AND f.x0 IS NOT NULL"),
            {"f": finding_id}).mappings()]


def _pages(engine, finding_id: int, document_id: int) -> str:
    with engine.connect() as conn:
        pages = conn.execute(text("SELECT DISTINCT page FROM cross_evidence WHERE finding_id = :f"
                                  " AND document_id = :d AND page IS NOT NULL ORDER BY page"),
                             {"f": finding_id, "d": document_id}).scalars().all()
    return ", ".join(map(str, pages))


def _decide(client, fid: int, action: str, reason: str = "") -> None:
    r = client.post(f"/cross-findings/{fid}/decision",
                    data={"csrf": token_of(client, "/audit"), "action": action, "text": reason},
                    follow_redirects=False)
    assert r.status_code == 303, r.text


def _sheet(content: bytes) -> list[dict]:
    from python_calamine import CalamineWorkbook

    rows = CalamineWorkbook.from_filelike(io.BytesIO(content)).get_sheet_by_name(SHEET).to_python()
    return [dict(zip(rows[0], r)) for r in rows[1:]]


def test_the_ledger_of_either_document_holds_its_cross_findings(pair, tmp_path):
    client, engine, older, newer = pair
    cross = _cross(engine, newer)
    assert cross and cross == _cross(engine, older)  # the pair's findings name both
    _decide(client, cross[0]["id"], "dismiss", REASON)
    _decide(client, cross[1]["id"], "confirm")
    for doc in (older, newer):
        r = client.get(f"/documents/{doc}/review.xlsx")
        assert r.status_code == 200
        rows = _sheet(r.content)
        assert len(rows) == len(cross)
        for row, f in zip(rows, cross):
            names = {d: Path(FILES[0] if d == older else FILES[1]).name for d in (older, newer)}
            assert names[f["document_id"]] in row["核对文件"] and f"#{f['document_id']}" in row["核对文件"]
            assert names[f["other_document_id"]] in row["对照文件"]
            assert row["核对文件页码"] == _pages(engine, f["id"], f["document_id"])
            assert row["对照文件页码"] == _pages(engine, f["id"], f["other_document_id"])
            assert "第" in row["对照文件证据"] and "列" in row["对照文件证据"]  # page and cell
            assert Decimal(str(row["所列数"])) == Decimal(f["stated"])
            assert Decimal(str(row["应为"])) == Decimal(f["expected"])
            assert row["规则"] == f["rule"]
        assert (rows[0]["复核状态"], rows[0]["复核意见"], rows[0]["复核人"]) == \
            ("已驳回", REASON, "reviewer")
        assert rows[1]["复核状态"] == "已确认" and rows[2]["复核状态"] == "待审核"
    path = tmp_path / "ledger.xlsx"
    path.write_bytes(client.get(f"/documents/{newer}/review.xlsx").content)
    read = convert_csv(path, tmp_path)[SHEET]
    assert len(read) - 1 == len(cross) and REASON in read[1]  # LibreOffice: text, not a formula


def _annotations(content: bytes, tmp_path: Path, name: str) -> list[tuple]:
    path = tmp_path / name
    path.write_bytes(content)

    def read(c, page, annot):
        rect = c.FS_RECTF()
        assert c.FPDFAnnot_GetRect(annot, rect)
        return (*_contents(c, page, annot), (rect.left, rect.bottom, rect.right, rect.top))

    return annotation_values(path, read)


def test_the_annotated_pdf_boxes_each_side_and_names_the_other(pair, tmp_path):
    import pypdfium2 as pdfium

    from budgetlens.report.annotate import PAD, to_pdf_rect

    client, engine, older, newer = pair
    for doc, other in ((older, newer), (newer, older)):
        r = client.get(f"/documents/{doc}/review.pdf")
        assert r.status_code == 200
        notes = _annotations(r.content, tmp_path, f"{doc}.pdf")
        pdf = pdfium.PdfDocument(str(FILES[0] if doc == older else FILES[1]))
        other_name = Path(FILES[0] if other == older else FILES[1]).name
        checked = 0
        for f in _cross(engine, doc):
            other_pages = _pages(engine, f["id"], other).split(", ")
            for e in (e for e in _boxes(engine, f["id"]) if e["document_id"] == doc):
                page = pdf[e["page"] - 1]
                want = to_pdf_rect((e["x0"], e["top"], e["x1"], e["bottom"]), page.get_cropbox(),
                                   page.get_rotation())
                want = (want[0] - PAD, want[1] - PAD, want[2] + PAD, want[3] + PAD)
                at = [n for n in notes if n[0] == e["page"] and f["rule"] in n[2]
                      and all(abs(a - b) < 0.01 for a, b in zip(n[3], want))]
                assert at, (f["id"], e)
                note = at[0][2]
                assert other_name in note and f"#{other}" in note
                assert any(f"第{p}页" in note for p in other_pages)
                checked += 1
        pdf.close()
        assert checked > 0


def test_the_sign_off_waits_for_the_cross_findings(pair):
    client, engine, older, _ = pair
    page = client.get(f"/documents/{older}").text
    with engine.connect() as conn:
        own = conn.execute(text("SELECT id FROM findings WHERE document_id = :d AND severity != 'info'"),
                           {"d": older}).scalars().all()
    for fid in own:
        r = client.post(f"/documents/{older}/findings/{fid}/decision",
                        data={"csrf": token_of(client, f"/documents/{older}"), "action": "confirm"},
                        follow_redirects=False)
        assert r.status_code == 303
    pending = [c["id"] for c in _cross(engine, older)
               if f'id="cross-status-{c["id"]}">待审核' in client.get(f"/documents/{older}").text]
    assert pending
    page = client.get(f"/documents/{older}").text
    assert all(f'href="#cross-{fid}"' in page for fid in pending)  # named in the review box
    sign = {"csrf": token_of(client, f"/documents/{older}"), "note": ""}
    refused = client.post(f"/documents/{older}/signoff", data=sign, follow_redirects=False)
    assert refused.status_code == 422 and "跨文件核对" in refused.text
    for fid in pending:
        _decide(client, fid, "confirm")
    page = client.get(f"/documents/{older}").text
    assert 'id="cross-pending"' not in page
    done = client.post(f"/documents/{older}/signoff", data=sign, follow_redirects=False)
    assert done.status_code == 303
    assert 'id="signoff"' in client.get(f"/documents/{older}").text
