"""Admin pages: the accounts (add, change a role, disable or enable) and the admin log (who did
what, when: every decision, sign-off, library addition and account change).

Admin only: anyone else gets 403, on the pages as on the writes; every write also needs the
session's CSRF token. Account changes go through ``store.accounts`` (the same functions as
``budgetlens user``), which writes the log line in the same transaction as the change.
"""

from __future__ import annotations

from typing import Callable, Optional

from fastapi import APIRouter, Query, Request
from fastapi.responses import RedirectResponse, Response
from starlette.datastructures import FormData
from starlette.concurrency import run_in_threadpool

from ..store import StoreError
from ..store.accounts import Account, add_user, admin_log, list_users, set_disabled, set_role
from ..store.schema_review import ROLES
from .auth import forbidden, refused
from .render import Dataset, lang_of, maybe_download, page
from .session import current_user

router = APIRouter()
LOG_PAGE = 200


def _admin_or_403(request: Request) -> Optional[Response]:
    user = current_user(request)
    return None if user is not None and user.may("admin") else forbidden(request)


@router.get("/admin/log", include_in_schema=False)
def log_page(request: Request, offset: int = Query(0, ge=0)) -> Response:
    denied = _admin_or_403(request)
    if denied is not None:
        return denied
    total, lines = admin_log(request.app.state.engine, LOG_PAGE, offset)
    ds = Dataset("log", ("id", "at", "user", "action", "target", "detail"), lines)
    return maybe_download(request, [ds]) or page(
        request, "admin_log.html", lines=lines, total=total, offset=offset, size=LOG_PAGE)


def _users_page(request: Request, status: int = 200, error: Optional[str] = None) -> Response:
    return page(request, "admin_users.html", status=status, users=list_users(request.app.state.engine),
                roles=ROLES, error=error)


@router.get("/admin/users", include_in_schema=False)
def users_page(request: Request) -> Response:
    return _admin_or_403(request) or _users_page(request)


async def _act(request: Request, change: Callable[[FormData, Optional[Account]], object]
               ) -> Response:
    """Check the token and the role, run ``change(form, actor)``, show the list again."""
    form = await request.form(max_files=0, max_fields=8)
    denied = refused(request, form, "admin")
    if denied is not None:
        return denied
    try:
        await run_in_threadpool(change, form, current_user(request))
    except StoreError as exc:
        return _users_page(request, 422, exc.text(lang_of(request)))
    return RedirectResponse("/admin/users", status_code=303)


@router.post("/admin/users", include_in_schema=False)
async def user_add(request: Request) -> Response:
    engine = request.app.state.engine
    return await _act(request, lambda form, actor: add_user(
        engine, str(form.get("name") or "").strip(), str(form.get("password") or ""),
        str(form.get("role") or ""), actor=actor))


@router.post("/admin/users/role", include_in_schema=False)
async def user_role(request: Request) -> Response:
    engine = request.app.state.engine
    return await _act(request, lambda form, actor: set_role(
        engine, str(form.get("name") or ""), str(form.get("role") or ""), actor=actor))


@router.post("/admin/users/disable", include_in_schema=False)
async def user_disable(request: Request) -> Response:
    engine = request.app.state.engine
    return await _act(request, lambda form, actor: set_disabled(
        engine, str(form.get("name") or ""), form.get("disabled") != "0", actor=actor))
