"""Rendering a page: the Jinja2 environment (templates are package data), the language, the
security headers, and the one download mechanism every table and chart shares.

Why every page answers ``?dl=<dataset>&format=csv|xlsx``: a page builds its tables as named
datasets (columns + rows); the same URL that shows them downloads them, so a download link and a
permalink are the page's own URL with its state in the query (shareable, restorable, no session).
Why a strict Content-Security-Policy (scripts only from this server, no inline script): document
text is untrusted input; with autoescaping *and* no script allowed but our own files, a ``<script>``
printed in a disclosure can never run. Chart data travels as JSON inside
``<script type="application/json">`` (never executed; ``tojson`` escapes ``<``, ``>``, ``&``, ``'``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Optional, Sequence
from urllib.parse import urlencode

from fastapi import Request
from fastapi.responses import HTMLResponse, Response
from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from ..report.labels import role_name
from ..rules.measures import describe
from ..rules.reference.english import region_label
from ..serve.render import download
from .i18n import COOKIE, LANGS, Translator, pick_lang
from .session import csrf_token, current_user

CSP = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
       "img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; "
       "form-action 'self'")
SECURITY_HEADERS = {"Content-Security-Policy": CSP, "X-Content-Type-Options": "nosniff",
                    "Referrer-Policy": "same-origin", "X-Frame-Options": "DENY"}
FORMATS = ("csv", "xlsx")


@dataclass
class Dataset:
    """A table of a page: stable column keys (downloads), their headings (page), rows of dicts."""

    name: str
    columns: tuple[str, ...]
    rows: list[dict] = field(default_factory=list)


def _env() -> Environment:
    env = Environment(loader=PackageLoader("budgetlens.web", "templates"),
                      autoescape=select_autoescape(("html",), default=True),
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.filters["money"] = money
    # evidence roles (total, part…) in the page's language: never the English key on a zh page
    env.globals["role_name"] = role_name
    return env



def money(value: Any) -> str:
    """A decimal as printed with thousands separators, every digit kept (no float rounding)."""
    if value is None or value == "":
        return ""
    d = value if isinstance(value, Decimal) else Decimal(str(value))
    return f"{d:,}"


ENV = _env()


def lang_of(request: Request) -> str:
    return pick_lang(request.query_params.get("lang"), request.cookies.get(COOKIE))


def url_with(request: Request, **changes: Any) -> str:
    """This page's URL with some query parameters changed (None removes one): links that keep
    the page's other state, i.e. permalinks."""
    params = dict(request.query_params)
    for key, value in changes.items():
        if value is None:
            params.pop(key, None)
        else:
            params[key] = str(value)
    query = urlencode(params)
    return request.url.path + ("?" + query if query else "")


def page(request: Request, template: str, status: int = 200, **context: Any) -> Response:
    """Render a template with the language, translator and helpers (the account, ``may(role)``,
    ``csrf()`` for forms); remember ``?lang=``."""
    lang = lang_of(request)
    t = Translator(lang)
    user = current_user(request)
    body = ENV.get_template(template).render(
        request=request, lang=lang, t=t, url_with=lambda **c: url_with(request, **c),
        measure_name=lambda key, year=None: describe(key, lang, year), user=user,
        region_name=lambda code, name: region_label(code, name, lang),
        may=lambda role: user is not None and user.may(role),
        csrf=lambda: csrf_token(request), **context)
    response = HTMLResponse(body, status_code=status, headers=SECURITY_HEADERS)
    if request.query_params.get("lang") in LANGS:
        response.set_cookie(COOKIE, lang, max_age=365 * 86400, samesite="lax", httponly=True)
    return response


def maybe_download(request: Request, datasets: Sequence[Dataset]) -> Optional[Response]:
    """The dataset ``?dl=`` names as ``?format=`` (csv/xlsx), or None for the HTML page."""
    fmt, name = request.query_params.get("format"), request.query_params.get("dl")
    if fmt not in FORMATS or name is None:
        return None
    for ds in datasets:
        if ds.name == name:
            return download(fmt, ds.name, ds.columns, ds.rows, {"X-Total-Count": str(len(ds.rows))})
    return None


def by_name(datasets: Sequence[Dataset]) -> dict[str, Dataset]:
    return {d.name: d for d in datasets}
