"""The reviewer's workspace on the document page: confirm / dismiss (with a reason) / comment on
each finding, the finding's status and history (decisions carried over from an earlier version
say so), the findings a corrected version no longer has (已整改), and the sign-off.

Every write here is a POST with the session's CSRF token by an account with the reviewer role
(403 otherwise), recorded with who and when and written to the admin log (store/review.py).
After a write the browser is sent back to the finding (303, so a reload does not post twice).
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData

from ..store import StoreError
from ..store.accounts import Account
from ..store.query import get_document
from ..store.review import Review, decide, review, sign_off
from .auth import allowed
from .errors import not_found
from .render import lang_of, page

router = APIRouter()
#: Fields of a review form (the token, the action, the text).
FORM_FIELDS = 6


def review_of(request: Request, document_id: int) -> Review:
    """The document's review for its page (read by anyone who may read the page)."""
    return review(request.app.state.engine, document_id)


async def _reviewer_form(request: Request, document_id: int
                         ) -> tuple[FormData, Account] | Response:
    """The posted form and the reviewer who posted it, or the answer that refuses it: a
    reviewer's role and CSRF token are checked first, then that the document exists (both writes
    need the same)."""
    form = await request.form(max_files=0, max_fields=FORM_FIELDS)
    user = allowed(request, form, "reviewer")
    if isinstance(user, Response):
        return user
    if await run_in_threadpool(get_document, request.app.state.engine, document_id) is None:
        return not_found(request)
    return form, user


def _failed(request: Request, document_id: int, exc: StoreError) -> Response:
    return page(request, "review_error.html", status=422, document_id=document_id,
                message=exc.text(lang_of(request)))


@router.post("/documents/{document_id:int}/findings/{finding_id:int}/decision",
             include_in_schema=False)
async def decision(request: Request, document_id: int, finding_id: int) -> Response:
    got = await _reviewer_form(request, document_id)
    if isinstance(got, Response):
        return got
    form, user = got
    engine = request.app.state.engine
    action, text = str(form.get("action") or ""), str(form.get("text") or "")
    try:
        await run_in_threadpool(decide, engine, document_id, finding_id, action, text, user)
    except StoreError as exc:
        return _failed(request, document_id, exc)
    return RedirectResponse(f"/documents/{document_id}#finding-{finding_id}", status_code=303)


@router.post("/documents/{document_id:int}/signoff", include_in_schema=False)
async def signoff(request: Request, document_id: int) -> Response:
    got = await _reviewer_form(request, document_id)
    if isinstance(got, Response):
        return got
    form, user = got
    engine = request.app.state.engine
    try:
        await run_in_threadpool(sign_off, engine, document_id, str(form.get("note") or ""), user)
    except StoreError as exc:
        return _failed(request, document_id, exc)
    return RedirectResponse(f"/documents/{document_id}#review", status_code=303)
