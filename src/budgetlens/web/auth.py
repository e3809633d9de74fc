"""Who is asking, and may they: sessions, CSRF tokens, roles, the login and logout pages, and
the gate of a private site (``budgetlens serve --private``).

Sessions are Starlette's ``SessionMiddleware``: a cookie signed with the library's own secret
(``store.accounts.session_secret``, itsdangerous), ``HttpOnly`` and ``SameSite=Lax`` (``Secure`` as
well behind HTTPS, ``--secure-cookies``). The cookie holds only the account id and the CSRF token:
the account itself (role, disabled) is read from the library on every request, so disabling an
account or changing its role counts at once, not when a cookie expires.

CSRF: every form carries the session's random token in a hidden field, and every POST handler
checks it (constant-time) before it acts — a write without the token answers 403. SameSite=Lax
alone would stop most cross-site posts; the token also stops a same-site page (another app on a
sibling subdomain) and a browser that ignores SameSite.

Roles: public (read), reviewer (decide, sign off, add to the library), admin (also accounts and
the admin log). A write by someone without the role answers 403, whatever the form says.
"""

from __future__ import annotations

import secrets
from datetime import timedelta
from typing import Optional
from urllib.parse import quote

from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response
from sqlalchemy import Engine
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData
from starlette.middleware.sessions import SessionMiddleware
from starlette.types import ASGIApp, Receive, Scope, Send

from ..store.accounts import Account, check_password, session_secret
from ..store.holding import clear_failures, failure_key, record_failure, recent_failures
from .render import page
from .session import CSRF_FIELD, account_of, csrf_ok, current_user

router = APIRouter()
SESSION_COOKIE = "budgetlens_session"
#: A session lasts a working day.
SESSION_SECONDS = 8 * 3600
#: Paths a private site serves without a login: the login page itself and the static files.
OPEN_PATHS = ("/login", "/static/")


def install(app: FastAPI, engine: Engine, *, public_read: bool = True,
            secure_cookies: bool = False) -> None:
    """Add the read gate and (outside it, so that the gate sees the session) the sessions."""
    app.state.public_read = public_read
    app.add_middleware(ReadGate, engine=engine, public_read=public_read)
    app.add_middleware(SessionMiddleware, secret_key=session_secret(engine),
                       session_cookie=SESSION_COOKIE, max_age=SESSION_SECONDS, same_site="lax",
                       https_only=secure_cookies)


def forbidden(request: Request, key: str = "error.forbidden") -> Response:
    return page(request, "error.html", status=403, code=403, key=key)


def refused(request: Request, form: Optional[FormData], role: str) -> Optional[Response]:
    """The 403 answer when the CSRF token is wrong or the user lacks ``role``; None when allowed."""
    got = allowed(request, form, role)
    return got if isinstance(got, Response) else None


def allowed(request: Request, form: Optional[FormData], role: str) -> Account | Response:
    """The account that may post ``form`` with ``role``, or the 403 answer when the CSRF token is
    wrong or the user lacks the role. Why the account: a write records who made it, and the
    check is what proves there is one."""
    if not csrf_ok(request, form):
        return forbidden(request, "error.csrf")
    user = current_user(request)
    if user is None or not user.may(role):
        return forbidden(request)
    return user


class ReadGate:
    """On a private site, every page and API answer needs a logged-in account: pages redirect to
    the login, the API answers 401. A public site passes everything through."""

    def __init__(self, app: ASGIApp, engine: Engine, public_read: bool) -> None:
        self.app, self.engine, self.public_read = app, engine, public_read

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "")
        if (self.public_read or scope["type"] != "http"
                or path == "/login" or path.startswith(OPEN_PATHS)):
            return await self.app(scope, receive, send)
        user = await run_in_threadpool(account_of, self.engine, scope.get("session") or {})
        if user is not None:
            return await self.app(scope, receive, send)
        if path.startswith("/api"):
            response: Response = JSONResponse({"detail": "login required"}, status_code=401)
        else:
            query = scope.get("query_string", b"").decode("latin-1")
            target = path + ("?" + query if query else "")
            response = RedirectResponse("/login?next=" + quote(target, safe=""), status_code=303)
        await response(scope, receive, send)


class Throttle:
    """Failed logins per (client address, name) within a window: past the limit, the login answers
    429 without checking the password, so a password cannot be guessed at the speed of the
    server. Counted in the library (store/holding.py), so every server process over it counts the
    same failures and a restart forgets nothing (a proxy in front may limit too)."""

    def __init__(self, limit: int = 10, window: float = 900.0):
        self.limit, self.window = limit, timedelta(seconds=window)

    def blocked(self, engine: Engine, key: str) -> bool:
        return recent_failures(engine, key, self.window) >= self.limit

    def failed(self, engine: Engine, key: str) -> None:
        record_failure(engine, key, self.window)

    def passed(self, engine: Engine, key: str) -> None:
        clear_failures(engine, key)


THROTTLE = Throttle()


def safe_next(target: Optional[str]) -> str:
    """Where to go after login: a path of this site only (never ``//host`` or a URL)."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    return target


@router.get("/login", include_in_schema=False)
def login_form(request: Request, next: Optional[str] = None) -> Response:
    return page(request, "login.html", error=None, next=safe_next(next))


@router.post("/login", include_in_schema=False)
async def login(request: Request) -> Response:
    form = await request.form(max_files=0, max_fields=8)
    target = safe_next(str(form.get("next") or "/"))
    if not csrf_ok(request, form):
        return forbidden(request, "error.csrf")
    name, password = str(form.get("name") or ""), str(form.get("password") or "")
    engine = request.app.state.engine
    key = failure_key(request.client.host if request.client else "", name)
    if await run_in_threadpool(THROTTLE.blocked, engine, key):
        return page(request, "login.html", status=429, error="login.throttled", next=target)
    user = await run_in_threadpool(check_password, engine, name, password)
    if user is None:
        await run_in_threadpool(THROTTLE.failed, engine, key)
        return page(request, "login.html", status=401, error="login.failed", next=target)
    await run_in_threadpool(THROTTLE.passed, engine, key)
    request.session.clear()  # a new session at login: a token planted before it is worthless
    request.session["uid"] = user.id
    request.session[CSRF_FIELD] = secrets.token_urlsafe(32)
    return RedirectResponse(target, status_code=303)


@router.post("/logout", include_in_schema=False)
async def logout(request: Request) -> Response:
    form = await request.form(max_files=0, max_fields=4)
    if not csrf_ok(request, form):
        return forbidden(request, "error.csrf")
    request.session.clear()
    return RedirectResponse("/", status_code=303)
