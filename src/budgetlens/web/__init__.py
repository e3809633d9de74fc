"""Stage 5, web: the library in the browser — search, unit, document, item, treemap and compare
pages, server-rendered (Jinja2 templates and Apache ECharts shipped as package data: no CDN, every
page works with no network), in Chinese by default and in English (``?lang=en``). docs/web.md.

Beside ``serve`` on the floor above ``store``: every question goes through
:mod:`budgetlens.store.query`; names of measures and classification codes come from ``rules``.
"""

from __future__ import annotations

from sqlalchemy import Engine

from .app import create_site

__all__ = ["create_site", "run"]


def run(engine: Engine, host: str = "127.0.0.1", port: int = 8000, *, public_read: bool = True,
        secure_cookies: bool = False) -> None:
    """Serve the pages and the API of the library that ``engine`` reaches until interrupted
    (``public_read=False``: only logged-in accounts may read)."""
    import uvicorn

    uvicorn.run(create_site(engine, public_read=public_read, secure_cookies=secure_cookies),
                host=host, port=port, log_level="info")
