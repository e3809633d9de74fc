"""The session of a request: its account and its CSRF token (see ``auth.py`` for why they are
kept as they are). Apart from ``auth.py`` so that page rendering can ask for them without the
login routes."""

from __future__ import annotations

import secrets
from typing import Optional

from fastapi import Request
from sqlalchemy import Engine
from starlette.datastructures import FormData

from ..store.accounts import Account, get_user

CSRF_FIELD = "csrf"
CSRF_HEADER = "x-csrf-token"
_UNREAD = object()


def account_of(engine: Engine, session: dict) -> Optional[Account]:
    uid = session.get("uid")
    if not isinstance(uid, int):
        return None
    found = get_user(engine, user_id=uid)
    return found if found is not None and not found.disabled else None


def current_user(request: Request) -> Optional[Account]:
    """The logged-in, enabled account of this request, or None (read once per request)."""
    found = getattr(request.state, "user", _UNREAD)
    if found is _UNREAD:
        found = account_of(request.app.state.engine, request.session)
        request.state.user = found
    return found if isinstance(found, Account) else None  # read: an Account or None


def csrf_token(request: Request) -> str:
    """This session's CSRF token, made when a page first needs one (a page without a form sets no
    cookie)."""
    token = request.session.get(CSRF_FIELD)
    if not isinstance(token, str) or len(token) < 32:
        token = secrets.token_urlsafe(32)
        request.session[CSRF_FIELD] = token
    return token


def csrf_ok(request: Request, form: Optional[FormData]) -> bool:
    """Whether the form (or the ``X-CSRF-Token`` header) carries this session's token."""
    expected = request.session.get(CSRF_FIELD)
    given = (form.get(CSRF_FIELD) if form is not None else None) or request.headers.get(CSRF_HEADER)
    return (isinstance(expected, str) and isinstance(given, str)
            and secrets.compare_digest(expected.encode(), given.encode()))
