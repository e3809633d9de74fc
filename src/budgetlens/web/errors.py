"""Error pages: an unknown id or a bad parameter answers a page in the user's language with the
right status (404, 422), never a traceback or a blank page."""

from __future__ import annotations

from fastapi import Request
from fastapi.responses import Response

from .render import page


def not_found(request: Request) -> Response:
    return page(request, "error.html", status=404, code=404, key="error.not_found")


def bad_request(request: Request) -> Response:
    return page(request, "error.html", status=422, code=422, key="error.bad_parameter")
