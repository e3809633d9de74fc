"""The site: the JSON API (``budgetlens.serve``) with the explore pages and their static files
beside it, one FastAPI application that ``budgetlens serve`` runs.

Why the pages live in their own package and mount the API rather than the reverse: the API is a
contract of its own (docs/api.md) and stays usable without templates; the pages are one more
consumer of the store's query layer, like the API.
"""

from __future__ import annotations

from importlib import resources

from fastapi import FastAPI, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.staticfiles import StaticFiles
from sqlalchemy import Engine
from starlette.exceptions import HTTPException as StarletteHTTPException

from ..serve import create_app
from ..serve.app import invalid_parameters
from . import (admin, auth, charts, cross_review, documents, exports, home, library_add,
               review, units, upload)
from .errors import bad_request, not_found

STATIC = "static"


def create_site(engine: Engine, *, public_read: bool = True,
                secure_cookies: bool = False) -> FastAPI:
    """The API at ``/api`` (and its docs at ``/docs``), the pages at ``/``, files at ``/static``.
    ``public_read=False`` (``serve --private``) asks a login for every page and API answer;
    ``secure_cookies`` marks the session cookie ``Secure`` (a site served over HTTPS)."""
    app = create_app(engine)

    async def invalid(request: Request, exc: Exception) -> Response:
        if request.url.path.startswith("/api/"):
            return await invalid_parameters(request, exc)
        return bad_request(request)

    async def http_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, StarletteHTTPException)  # registered for it alone
        if exc.status_code == 404 and not request.url.path.startswith("/api/"):
            return not_found(request)
        from fastapi.exception_handlers import http_exception_handler

        return await http_exception_handler(request, exc)

    app.add_exception_handler(RequestValidationError, invalid)
    app.add_exception_handler(StarletteHTTPException, http_error)
    for module in (home, units, documents, charts, upload, library_add, auth, review, admin,
                   exports, cross_review):
        app.include_router(module.router)
    auth.install(app, engine, public_read=public_read, secure_cookies=secure_cookies)
    static = resources.files(__package__).joinpath(STATIC)
    app.mount("/static", StaticFiles(directory=str(static)), name="static")
    return app
