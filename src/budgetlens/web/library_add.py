"""Upload → library: a reviewer who audited an upload may add it to the library, through the
same ingest path as ``budgetlens ingest`` (read, extract, audit, store; a content already stored
is not stored twice).

Why the file is held between the two requests: the report is shown first, and only then does
the reviewer decide. An upload by a reviewer is kept in a holding folder of this server process
under a random token (never its uploaded name: names are untrusted and may be long), with the
account that uploaded it; only that account can add it, with its CSRF token; held files are
deleted when added, and after an hour when not. Uploads by anyone else are deleted after the
request, as before.
"""

from __future__ import annotations

import json
import re
import shutil
import tempfile
import time
from pathlib import Path
from typing import Optional

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse
from starlette.concurrency import run_in_threadpool

from ..ingest import ingest
from ..ingest.inputs import file_sha256
from ..store import Store
from ..store.accounts import Account
from ..store.review import adopt_upload
from .auth import refused
from .render import page
from .session import current_user

router = APIRouter()
TOKEN = re.compile(r"^[0-9a-f]{32}$")
#: Seconds a held upload waits for its reviewer.
HOLD_SECONDS = 3600
META = "meta.json"


def _folder(app) -> Path:
    folder = getattr(app.state, "held_dir", None)
    if folder is None or not Path(folder).is_dir():
        folder = Path(tempfile.mkdtemp(prefix="budgetlens-held-"))
        app.state.held_dir = folder
    return Path(folder)


def _expire(folder: Path) -> None:
    now = time.time()
    for sub in folder.iterdir():
        if sub.is_dir() and now - sub.stat().st_mtime > HOLD_SECONDS:
            shutil.rmtree(sub, ignore_errors=True)


def hold(request: Request, path: Path, name: str, user: Account) -> str:
    """Move an audited upload into the holding folder; its token."""
    import secrets

    folder = _folder(request.app)
    _expire(folder)
    token = secrets.token_hex(16)
    sub = folder / token
    sub.mkdir()
    shutil.move(str(path), sub / path.name)
    (sub / META).write_text(json.dumps({"uid": user.id, "name": name, "file": path.name}), "utf-8")
    return token


def _held(request: Request, token: str, user: Account) -> Optional[tuple[Path, dict]]:
    if not TOKEN.match(token):
        return None
    sub = _folder(request.app) / token
    try:
        meta = json.loads((sub / META).read_text("utf-8"))
    except (OSError, ValueError):
        return None
    if meta.get("uid") != user.id:
        return None
    return sub / Path(str(meta.get("file"))).name, meta


@router.post("/audit/library", include_in_schema=False)
async def add_to_library(request: Request):
    form = await request.form(max_files=0, max_fields=4)
    denied = refused(request, form, "reviewer")
    if denied is not None:
        return denied
    user = current_user(request)
    found = _held(request, str(form.get("token") or ""), user)
    if found is None or not found[0].is_file():
        return page(request, "error.html", status=404, code=404, key="library.gone")
    path, meta = found
    engine = request.app.state.engine
    try:
        sha256, _ = file_sha256(str(path))
        await run_in_threadpool(ingest, Store(str(engine.url), engine), [str(path)])
        doc = await run_in_threadpool(adopt_upload, engine, sha256, str(path), meta["name"], user)
    finally:
        shutil.rmtree(path.parent, ignore_errors=True)
    if doc is None:
        return page(request, "error.html", status=422, code=422, key="library.failed")
    return RedirectResponse(f"/documents/{doc}", status_code=303)
