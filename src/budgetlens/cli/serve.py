"""``budgetlens serve``: the library over HTTP (JSON, CSV, XLSX; OpenAPI at /docs). docs/api.md.

Thin: resolve the database → refuse one that does not exist (serving would create an empty
library, which answers every question with nothing) → open it → run the API until interrupted.
"""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from ..store import resolve_url
from .common import LANG_OPTION, open_library
from .ingest import DB_OPTION

MISSING = {"zh": "数据库不存在：{path}（先用 budgetlens ingest 入库）",
           "en": "no database at {path} (fill one with budgetlens ingest first)"}
NO_EXTRA = {"zh": "缺少 {name}：请安装 pip install 'budgetlens[serve]'",
            "en": "{name} is not installed: pip install 'budgetlens[serve]'"}


def serve_command(
    db: Optional[str] = DB_OPTION,
    host: str = typer.Option("127.0.0.1", "--host", help="监听地址 / address to listen on"),
    port: int = typer.Option(8000, "--port", min=1, max=65535, help="端口 / port"),
    private: bool = typer.Option(
        False, "--private",
        help="只有登录的账号才能浏览（默认公众可读）/ every page and API answer needs a login "
             "(default: anyone may read)"),
    secure_cookies: bool = typer.Option(
        False, "--secure-cookies",
        help="会话 Cookie 只经 HTTPS 发送（在 HTTPS 反向代理之后使用）/ mark the session cookie "
             "Secure (behind an HTTPS proxy)"),
    lang: str = LANG_OPTION,
) -> None:
    """以 HTTP 提供资料库：浏览网页（/）与查询接口（/api，JSON、CSV、XLSX；接口文档见 /docs）。
    Serve the library over HTTP: explore pages at /, the query API at /api (docs at /docs).

    Exit 0 when stopped, 2 when the database cannot be used or the serve extra is missing.
    """
    lang = lang if lang in MISSING else "zh"
    url = resolve_url(db)
    if url.startswith("sqlite:///") and not Path(url[len("sqlite:///"):]).exists():
        typer.echo(MISSING[lang].format(path=url[len("sqlite:///"):]), err=True)
        raise typer.Exit(2)
    try:
        from ..web import run
        import jinja2  # noqa: F401  (checked here so that a missing extra is one line)
        import uvicorn  # noqa: F401
    except ModuleNotFoundError as exc:
        typer.echo(NO_EXTRA[lang].format(name=exc.name), err=True)
        raise typer.Exit(2)
    store = open_library(db, lang)
    try:
        run(store.engine, host=host, port=port, public_read=not private,
            secure_cookies=secure_cookies)
    finally:
        store.close()
