"""Cross-document findings (budget against final account, one year against the next) on the
document and unit pages, reviewable as a document's own findings are: confirm / dismiss (with a
reason) / comment, with who, when and the history (store/cross_review.py keeps the decisions on a
key naming both sides, so they hold after the next crosscheck and a corrected version of either
document).

A write is a POST with the session's CSRF token by a reviewer (403 otherwise), written to the
admin log; the browser goes back to the page it came from (the ``back`` field, a path of this
site's document or unit pages only), at the finding.
"""

from __future__ import annotations

import re

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from ..store import StoreError
from ..store.cross_review import CrossReview, cross_reviews, decide_cross
from .auth import allowed
from .render import lang_of, page

router = APIRouter()
#: Where a decision may send the browser back to: a document's or a unit's page.
BACK = re.compile(r"^/(documents|units)/\d+$")


#: Columns of a page's cross-findings download (``?dl=cross``).
COLUMNS = ("id", "rule", "severity", "measure", "basis", "year", "kind", "document_id",
           "other_year", "other_kind", "other_document_id", "stated", "expected", "difference",
           "rate", "message", "message_en", "review_status", "review_reason")


def rows(cross: list[CrossReview]) -> list[dict]:
    """The cross findings as download rows, with their review status."""
    return [{**c.finding, "review_status": c.status, "review_reason": c.reason} for c in cross]


def of_document(request: Request, document_id: int) -> list[CrossReview]:
    return cross_reviews(request.app.state.engine, document_id=document_id)


def of_unit(request: Request, unit_id: int) -> list[CrossReview]:
    return cross_reviews(request.app.state.engine, unit_id=unit_id)


@router.post("/cross-findings/{finding_id:int}/decision", include_in_schema=False)
async def cross_decision(request: Request, finding_id: int) -> Response:
    form = await request.form(max_files=0, max_fields=6)
    user = allowed(request, form, "reviewer")
    if isinstance(user, Response):
        return user
    action, text = str(form.get("action") or ""), str(form.get("text") or "")
    try:
        row = await run_in_threadpool(decide_cross, request.app.state.engine, finding_id, action,
                                      text, user)
    except StoreError as exc:
        return page(request, "review_error.html", status=422, document_id=None,
                    message=exc.text(lang_of(request)))
    back = str(form.get("back") or "")
    back = back if BACK.match(back) else f"/documents/{row['document_id']}"
    return RedirectResponse(f"{back}#cross-{finding_id}", status_code=303)
