"""A document's review as files: the 问题台账 (XLSX, with each finding's review status, reason,
reviewer and time in extra columns) and the original PDF annotated with a red box and a note at
each finding's evidence — made by the report stage's own functions (``report.xlsx_ledger``,
``report.cross_ledger``, ``report.annotate``), the same ones ``budgetlens audit --format xlsx``
and ``--annotate`` use, from the findings and evidence the library kept.

Why the export functions are looked up rather than imported outright: they belong to the report
stage and were built beside this workspace; a build of the report stage without them still serves
every page, the review included, and simply offers no export (no link, 404 on the route).
Reading an export needs only the right to read the document (a private site asks a login).
"""

from __future__ import annotations

import tempfile
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import Optional

from fastapi import APIRouter, Request
from fastapi.responses import Response
from sqlalchemy import Engine
from starlette.concurrency import run_in_threadpool

from ..store.query import (Filters, evidence_with_boxes, get_document, list_findings,
                           original_file)
from ..store.cross_review import cross_reviews
from ..store.review import reading_causes, review
from .errors import not_found
from .i18n import Translator
from .render import SECURITY_HEADERS, lang_of, page

try:  # the report stage's exports (see module doc)
    from ..report.annotate import Annotated, annotate_pdf
    from ..report.cross_ledger import CrossEntry, CrossSide, for_annotation, ledger_with_cross
    from ..report.items import evidence_from_dict, finding_from_dict
    from ..report.xlsx_ledger import LedgerDocument
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


def _findings(engine: Engine, doc: dict) -> tuple[list[dict], list]:
    rows = list_findings(engine, Filters(document=doc["id"]), FINDINGS_MAX, 0, count=False).rows
    ids = [r["id"] for r in rows]
    evidence, causes = evidence_with_boxes(engine, ids), reading_causes(engine, ids)
    file = doc["source"]
    return rows, [finding_from_dict({**r, **causes.get(r["id"], {})}, file=file,
                                    evidence=evidence[r["id"]]) for r in rows]


def _review_values(engine: Engine, doc_id: int, rows: list[dict], lang: str) -> tuple:
    """One tuple of REVIEW_COLUMNS values per finding, in the findings' order."""
    t, state = Translator(lang), review(engine, doc_id)
    out = []
    for r in rows:
        f = state.findings.get(r["id"])
        if f is None:
            out.append(("", "", "", "", ""))
            continue
        out.append((t(f"status.{f.status}"), f.reason, f.decided_by, _when(f.decided_at),
                    f"#{f.carried_from}" if f.carried_from else ""))
    return tuple(out)


def _when(at: Optional[datetime]) -> str:
    return f"{at:%Y-%m-%d %H:%M}" if at else ""


def _side(f: dict, evidence: list[dict], prefix: str) -> "CrossSide":
    """One document of a cross finding (``prefix`` "" for the checked one, "other_" for the
    other) with the evidence it prints."""
    doc_id = f[f"{prefix}document_id"]
    found = tuple(evidence_from_dict(e, e["source"]) for e in evidence
                  if e["document_id"] == doc_id)
    return CrossSide(file=f[f"{prefix}source"], year=f[f"{prefix}year"], kind=f[f"{prefix}kind"],
                     document_id=doc_id, evidence=found)


def cross_entries(engine: Engine, document_id: int, lang: str) -> list["CrossEntry"]:
    """The cross findings naming the document, each with both sides and its review (the values
    of REVIEW_COLUMNS; a decision made on another pair of documents names that pair)."""
    t, out = Translator(lang), []
    for c in cross_reviews(engine, document_id=document_id):
        f = c.finding
        checked, other = _side(f, c.evidence, ""), _side(f, c.evidence, "other_")
        finding = finding_from_dict(f, evidence=[])
        carried = f"#{c.carried_from[0]} ↔ #{c.carried_from[1]}" if c.carried_from else ""
        out.append(CrossEntry(
            finding=replace(finding, evidence=checked.evidence + other.evidence), checked=checked,
            other=other, unit=f.get("unit_name"), rate=f.get("rate"),
            extra=(t(f"status.{c.status}"), c.reason, c.decided_by, _when(c.decided_at), carried)))
    return out


def _attachment(content: bytes, media: str, name: str) -> Response:
    return Response(content, media_type=media, headers={
        **SECURITY_HEADERS, "Content-Disposition": f'attachment; filename="{name}"'})


@router.get("/documents/{document_id:int}/review.xlsx", include_in_schema=False)
async def ledger(request: Request, document_id: int) -> Response:
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
        return ledger_with_cross([item], cross_entries(engine, document_id, lang), lang=lang,
                                 extra_columns=REVIEW_COLUMNS)

    content = await run_in_threadpool(build)
    return _attachment(content, XLSX, f"ledger-{document_id}.xlsx")


@router.get("/documents/{document_id:int}/review.pdf", include_in_schema=False)
async def annotated(request: Request, document_id: int) -> Response:
    engine = request.app.state.engine
    doc = await run_in_threadpool(get_document, engine, document_id)
    original = await run_in_threadpool(original_file, engine, document_id) if doc else None
    if doc is None or original is None or not AVAILABLE:
        return not_found(request)
    lang = lang_of(request)

    def build() -> tuple[Annotated, bytes]:
        _, findings = _findings(engine, doc)
        with tempfile.TemporaryDirectory(prefix="budgetlens-annotate-") as tmp:
            out = Path(tmp) / "annotated.pdf"
            cross = for_annotation(cross_entries(engine, document_id, lang), document_id, lang)
            done = annotate_pdf(original["content"], findings, out, lang=lang, cross=cross)
            return done, (out.read_bytes() if done.written else b"")

    done, content = await run_in_threadpool(build)
    if not done.written:
        d = done.diagnostics[0]
        return page(request, "review_error.html", status=422, document_id=document_id,
                    message=d.message_en if lang == "en" else d.message)
    return _attachment(content, "application/pdf", f"annotated-{document_id}.pdf")
