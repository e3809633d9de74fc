"""The document page (metadata, the standard tables as HTML tables with every cell linked to its
page, narrative claims, findings with evidence), the page view (the page image rendered from the
stored original with the cell's box drawn over it), and the original file itself."""

from __future__ import annotations

import re
from typing import Any, Optional
from urllib.parse import quote

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response
from sqlalchemy import Engine

from ..model import Severity
from ..report.labels import DOUBTED
from ..store.query import (Filters, document_tables, evidence_with_boxes, get_document, get_fact,
                           list_findings, narrative_claims, original_file, table_cells)
from ..store.review import PENDING
from . import pdfimage
from .errors import bad_request, not_found
from .findings import group_findings
from .grid import build_grid
from .render import SECURITY_HEADERS, Dataset, by_name, maybe_download, page
from .exports import available
from .cross_review import COLUMNS as CROSS_COLUMNS
from .cross_review import of_document
from .cross_review import rows as cross_rows
from .review import review_of

router = APIRouter()
FINDINGS_MAX = 1000
BOX = re.compile(r"^-?\d+(\.\d+)?(,-?\d+(\.\d+)?){3}$")
#: Lines of a text original shown around the quoted line.
TEXT_CONTEXT = 12


def _engine(request: Request) -> Engine:
    return request.app.state.engine


def _findings(engine: Engine, document_id: int) -> list[dict]:
    rows = list_findings(engine, Filters(document=document_id), FINDINGS_MAX, 0, count=False).rows
    evidence = evidence_with_boxes(engine, [r["id"] for r in rows])
    for r in rows:
        r["evidence"] = evidence[r["id"]]
    return rows


@router.get("/documents/{document_id:int}", include_in_schema=False)
def document_page(request: Request, document_id: int,
                  table: Optional[int] = Query(None, ge=0)) -> Response:
    engine = _engine(request)
    doc = get_document(engine, document_id)
    if doc is None:
        return not_found(request)
    tables = document_tables(engine, document_id)
    chosen = table if table is not None else (tables[0]["idx"] if tables else None)
    grid = build_grid(table_cells(engine, document_id, chosen)) if chosen is not None else None
    claims = narrative_claims(engine, document_id)
    findings = _findings(engine, document_id)
    rv = review_of(request, document_id)
    cross = of_document(request, document_id)
    for f in findings:  # the decision status travels with the findings' download
        found = rv.findings.get(f["id"])
        f["review_status"] = found.status if found else ""
    datasets = [
        Dataset("table", grid.headings() if grid else ("row",), grid.records() if grid else []),
        Dataset("claims", ("id", "measure", "basis", "value", "page", "line", "text"), claims),
        Dataset("findings", ("id", "rule", "severity", "message", "message_en", "stated",
                             "expected", "difference", "measure", "basis", "review_status"), findings),
        Dataset("cross", CROSS_COLUMNS, cross_rows(cross))]
    response = maybe_download(request, datasets)
    if response is not None:
        return response
    return page(request, "document.html", doc=doc, tables=tables, chosen=chosen, grid=grid,
                ds=by_name(datasets), claims=claims, findings=findings,
                groups=group_findings([f for f in findings if not _doubted(f)]),
                doubted=[f for f in findings if _doubted(f)], rv=rv, exports=available(doc),
                cross=cross, back=f"/documents/{document_id}",
                cross_pending=[c for c in cross
                               if c.status == PENDING and c.finding["severity"] != Severity.INFO])


def _doubted(finding: dict) -> bool:
    """读取存疑: listed apart from the document's own findings (docs/review.md)."""
    return finding.get("category") == DOUBTED


def _box(fact: Optional[dict], box: Optional[str]) -> Optional[tuple[float, ...]]:
    if fact is not None and fact["x0"] is not None:
        return (fact["x0"], fact["top"], fact["x1"], fact["bottom"])
    if box:
        return tuple(float(x) for x in box.split(","))
    return None


@router.get("/documents/{document_id:int}/pages/{page_no:int}", include_in_schema=False)
def page_view(request: Request, document_id: int, page_no: int,
              fact: Optional[int] = Query(None, ge=1),
              box: Optional[str] = Query(None, max_length=80)) -> Response:
    """The page with a box: of ``fact`` (a cell or claim), or ``box`` = x0,top,x1,bottom (a
    finding's evidence). A fact of another document or page is refused, not shown elsewhere."""
    engine = _engine(request)
    doc = get_document(engine, document_id)
    if doc is None or page_no < 1:
        return not_found(request)
    found = get_fact(engine, fact) if fact is not None else None
    if fact is not None and (found is None or found["document_id"] != document_id
                             or found["page"] != page_no):
        return not_found(request)
    if box is not None and not BOX.match(box):
        return bad_request(request)
    line: Optional[int] = found["line"] if found else None
    # the template's values, of many kinds (page() takes any)
    context: dict[str, Any] = {"doc": doc, "page_no": page_no, "fact": found, "size": None,
                               "box": None, "lines": None, "line": line}
    if doc["format"] == "pdf":
        sizes = pdfimage.page_sizes((id(engine), document_id), lambda: _content(engine, document_id))
        if sizes is not None and page_no > len(sizes):
            return not_found(request)
        if sizes is not None:
            context.update(size=sizes[page_no - 1], box=_box(found, box))
    elif doc["format"] == "text":
        content = _content(engine, document_id)
        if content is not None:
            context["lines"] = _text_lines(content, line)
    return page(request, "page.html", **context)


def _content(engine: Engine, document_id: int) -> Optional[bytes]:
    found = original_file(engine, document_id)
    return found["content"] if found is not None else None


def _text_lines(content: bytes, line: Optional[int]) -> list[tuple[int, str]]:
    """Numbered lines of a text original around ``line`` (all of them up to a cap without one)."""
    text = content.decode("utf-8", errors="replace").splitlines()
    lo = max(1, (line or 1) - TEXT_CONTEXT)
    hi = min(len(text), (line or 1) + TEXT_CONTEXT) if line else min(len(text), 200)
    return [(n, text[n - 1]) for n in range(lo, hi + 1)]


@router.get("/documents/{document_id:int}/pages/{page_no:int}.png", include_in_schema=False)
def page_png(request: Request, document_id: int, page_no: int) -> Response:
    engine = _engine(request)
    key = (id(engine), document_id, page_no)
    png = pdfimage.cached_png(key)
    if png is None:
        original = original_file(engine, document_id)
        if original is None or original["format"] != "pdf" or page_no < 1:
            return not_found(request)
        png = pdfimage.render_png(key, original["content"], page_no)
    if png is None:
        return not_found(request)
    return Response(png, media_type="image/png",
                    headers={**SECURITY_HEADERS, "Cache-Control": "private, max-age=3600"})


@router.get("/documents/{document_id:int}/original", include_in_schema=False)
def original(request: Request, document_id: int) -> Response:
    """The stored original as an attachment. Why the name is percent-encoded (RFC 6266
    ``filename*``) and the plain ``filename`` is ASCII-only: a file name is untrusted text; quotes or
    line breaks in it must not end the header or add one."""
    found = original_file(_engine(request), document_id)
    if found is None:
        return not_found(request)
    name = found["source"].replace("\\", "/").rsplit("/", 1)[-1] or "original"
    ascii_name = re.sub(r"[^A-Za-z0-9._-]", "_", name)
    disposition = f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(name, safe='')}"
    return Response(found["content"], media_type="application/octet-stream",
                    headers={**SECURITY_HEADERS, "Content-Disposition": disposition})
