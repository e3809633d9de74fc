"""A document's review as files: the 问题台账 (XLSX, with each finding's review status, reason,
reviewer and time in extra columns) and the original PDF annotated with a red box and a note at
each finding's evidence — made by the report stage's own functions (``report.xlsx_ledger``,
``report.annotate``), the same ones ``budgetlens audit --format xlsx`` and ``--annotate`` use, from
the findings and evidence the library kept.

Why the export functions are looked up rather than imported outright: they belong to the report
stage and were built beside this workspace; a build of the report stage without them still serves
every page, the review included, and simply offers no export (no link, 404 on the route).
Reading an export needs only the right to read the document (a private site asks a login).
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from fastapi import APIRouter, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from ..store.query import (Filters, evidence_with_boxes, get_document, list_findings,
                           original_file)
from ..store.review import reading_causes, review
from .errors import not_found
from .i18n import Translator
from .render import SECURITY_HEADERS, lang_of, page

try:  # the report stage's exports (see module doc)
    from ..report.annotate import annotate_pdf
    from ..report.items import finding_from_dict
    from ..report.xlsx_ledger import LedgerDocument, ledger_bytes
    AVAILABLE = True
except ImportError:  # pragma: no cover - a report stage without the exports
    AVAILABLE = False

router = APIRouter()
FINDINGS_MAX = 5000
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
#: The review's columns added to the ledger: (zh, en) headings.
REVIEW_COLUMNS = (("复核状态", "Review status"), ("复核意见", "Reason or note"),
                  ("复核人", "Reviewer"), ("复核时间", "Reviewed at"), ("沿用自版本", "Carried from"))


def available(doc: dict) -> list[dict]:
    """The exports a document offers (for the page's links)."""
    if not AVAILABLE:
        return []
    out = [{"name": "xlsx"}]
    if doc.get("format") == "pdf":
        out.append({"name": "pdf"})
    return out


def _findings(engine, doc: dict) -> tuple[list[dict], list]:
    rows = list_findings(engine, Filters(document=doc["id"]), FINDINGS_MAX, 0).rows
    ids = [r["id"] for r in rows]
    evidence, causes = evidence_with_boxes(engine, ids), reading_causes(engine, ids)
    file = doc["source"]
    return rows, [finding_from_dict({**r, **causes.get(r["id"], {})}, file=file,
                                    evidence=evidence[r["id"]]) for r in rows]


def _review_values(engine, doc_id: int, rows: list[dict], lang: str) -> tuple:
    """One tuple of REVIEW_COLUMNS values per finding, in the findings' order."""
    t, state = Translator(lang), review(engine, doc_id)
    out = []
    for r in rows:
        f = state.findings.get(r["id"])
        if f is None:
            out.append(("", "", "", "", ""))
            continue
        when = f"{f.decided_at:%Y-%m-%d %H:%M}" if f.decided_at else ""
        out.append((t(f"status.{f.status}"), f.reason, f.decided_by, when,
                    f"#{f.carried_from}" if f.carried_from else ""))
    return tuple(out)


def _attachment(content: bytes, media: str, name: str) -> Response:
    return Response(content, media_type=media, headers={
        **SECURITY_HEADERS, "Content-Disposition": f'attachment; filename="{name}"'})


@router.get("/documents/{document_id:int}/review.xlsx", include_in_schema=False)
async def ledger(request: Request, document_id: int):
    engine = request.app.state.engine
    doc = await run_in_threadpool(get_document, engine, document_id)
    if doc is None or not AVAILABLE:
        return not_found(request)
    lang = lang_of(request)

    def build() -> bytes:
        rows, findings = _findings(engine, doc)
        item = LedgerDocument(file=doc["source"], findings=tuple(findings), unit=doc["unit_name"],
                              year=doc["year"], kind=doc["kind"],
                              extra=_review_values(engine, document_id, rows, lang))
        return ledger_bytes([item], lang=lang, extra_columns=REVIEW_COLUMNS)

    content = await run_in_threadpool(build)
    return _attachment(content, XLSX, f"ledger-{document_id}.xlsx")


@router.get("/documents/{document_id:int}/review.pdf", include_in_schema=False)
async def annotated(request: Request, document_id: int):
    engine = request.app.state.engine
    doc = await run_in_threadpool(get_document, engine, document_id)
    original = await run_in_threadpool(original_file, engine, document_id) if doc else None
    if original is None or not AVAILABLE:
        return not_found(request)
    lang = lang_of(request)

    def build():
        _, findings = _findings(engine, doc)
        with tempfile.TemporaryDirectory(prefix="budgetlens-annotate-") as tmp:
            out = Path(tmp) / "annotated.pdf"
            done = annotate_pdf(original["content"], findings, out, lang=lang)
            return done, (out.read_bytes() if done.written else b"")

    done, content = await run_in_threadpool(build)
    if not done.written:
        d = done.diagnostics[0]
        return page(request, "review_error.html", status=422, document_id=document_id,
                    message=d.message_en if lang == "en" else d.message)
    return _attachment(content, "application/pdf", f"annotated-{document_id}.pdf")
