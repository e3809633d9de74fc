"""Stage 5, serve: the library over HTTP — ``budgetlens serve`` (docs/api.md).

A consumer of ``store`` only: every question goes through :mod:`budgetlens.store.query`; it never
sees extraction, the pipeline or SQL. FastAPI gives the JSON routes and their OpenAPI page
(``/docs``); uvicorn runs them. Optional: ``pip install 'budgetlens[serve]'``.
"""

from __future__ import annotations

from sqlalchemy import Engine

from .app import create_app

__all__ = ["create_app", "run"]


def run(engine: Engine, host: str = "127.0.0.1", port: int = 8000) -> None:
    """Serve the library that ``engine`` reaches until interrupted."""
    import uvicorn

    uvicorn.run(create_app(engine), host=host, port=port, log_level="info")
