"""A document's review exported over HTTP with the report stage's functions: the 问题台账 XLSX
carries every finding of the document and the review's status, reason and reviewer in its extra
columns (markup written as text); the annotated PDF of a corpus PDF has one annotation per
evidence box; a text original offers no PDF and its PDF route answers with a message. Skipped
when the report stage has no exports (report/xlsx_ledger.py, report/annotate.py)."""

from __future__ import annotations

import io
import re

import pytest
from fastapi.testclient import TestClient

from budgetlens.web import create_site

from ..conftest import CORPUS
from .workspace import login, token_of, workspace  # noqa: F401

pytest.importorskip("budgetlens.report.xlsx_ledger")
PDF = CORPUS / "pdf" / "shanghai_putuo_wanli_2024_yusuan.pdf"
REASON = '=HYPERLINK("x") <b>"口径"</b>'


@pytest.fixture(scope="module")
def reviewer(workspace):  # noqa: F811
    with TestClient(create_site(workspace.engine)) as c:
        login(c, "reviewer")
        yield c


def test_the_ledger_carries_the_review(reviewer, workspace):  # noqa: F811
    from openpyxl import load_workbook
    from sqlalchemy import text

    page = reviewer.get("/documents/1").text
    assert 'id="export-xlsx"' in page and 'id="export-pdf"' not in page  # a text original
    ids = [int(i) for sev, i in re.findall(r'class="finding sev-(\w+)" id="finding-(\d+)"', page)
           if sev != "info"]
    for fid, action, reason in ((ids[0], "confirm", ""), (ids[1], "dismiss", REASON)):
        r = reviewer.post(f"/documents/1/findings/{fid}/decision",
                          data={"csrf": token_of(reviewer, "/documents/1"), "action": action,
                                "text": reason}, follow_redirects=False)
        assert r.status_code == 303
    r = reviewer.get("/documents/1/review.xlsx")
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/vnd.openxml")
    wb = load_workbook(io.BytesIO(r.content))
    cells = [c.value for ws in wb.worksheets for row in ws.iter_rows() for c in row
             if c.value is not None]
    assert "复核状态" in cells and "已确认" in cells and "已驳回" in cells
    reason_cells = [c for ws in wb.worksheets for row in ws.iter_rows() for c in row
                    if isinstance(c.value, str) and "HYPERLINK" in c.value]
    assert reason_cells and all(c.data_type == "s" for c in reason_cells)
    with workspace.engine.connect() as conn:
        n = conn.execute(text("SELECT count(*) FROM findings WHERE document_id = 1")).scalar_one()
    detail = wb.worksheets[1]  # one row per finding under the header
    assert detail.max_row - 1 == n
    assert reviewer.get("/documents/1/review.pdf").status_code == 422


def test_the_annotated_pdf_has_a_box_per_evidence_box(reviewer, workspace, tmp_path):  # noqa: F811
    from budgetlens.ingest import ingest
    from budgetlens.report.annotate import annotation_count
    from budgetlens.store import Store
    from sqlalchemy import text

    if not PDF.exists():
        pytest.skip("../shared/corpus PDFs not available")
    ingest(Store(str(workspace.engine.url), workspace.engine), [str(PDF)])
    with workspace.engine.connect() as conn:
        doc = conn.execute(text("SELECT id FROM documents WHERE source = :s"),
                           {"s": str(PDF)}).scalar_one()
        boxes = conn.execute(text(
            "SELECT count(DISTINCT e.page || ':' || round(e.x0, 1) || ':' || round(e.top, 1) || ':'"
            " || round(e.x1, 1) || ':' || round(e.bottom, 1)) FROM evidence e JOIN findings f ON "
            "f.id = e.finding_id WHERE f.document_id = :d AND e.x0 IS NOT NULL"),
            {"d": doc}).scalar_one()
    assert boxes > 0
    assert 'id="export-pdf"' in reviewer.get(f"/documents/{doc}").text
    r = reviewer.get(f"/documents/{doc}/review.pdf")
    assert r.status_code == 200 and r.content.startswith(b"%PDF")
    out = tmp_path / "annotated.pdf"
    out.write_bytes(r.content)
    assert sum(annotation_count(out)) == boxes
