"""Upload → library: a reviewer who audited an upload may add it to the library, through the
same ingest path as ``budgetlens ingest`` (read, extract, audit, store; a content already stored
is not stored twice).

Why the file is held between the two requests: the report is shown first, and only then does
the reviewer decide. An upload by a reviewer is kept in the library (``held_uploads``,
store/holding.py) under a random token (never its uploaded name: names are untrusted and may be
long), with the account that uploaded it; only that account can add it, with its CSRF token; a
held upload is deleted when added, and after an hour when not. In the library and not in the
server's memory or temporary folder, so that the "add" may reach any server process over the
library (``uvicorn --workers 2``), not only the one that audited the upload. Uploads by anyone
else are deleted after the request, as before.
"""

from __future__ import annotations

import re
import shutil
import tempfile
from pathlib import Path
from typing import Optional

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy import Engine
from starlette.concurrency import run_in_threadpool

from ..ingest import ingest
from ..ingest.inputs import file_sha256
from ..store import Store
from ..store.accounts import Account
from ..store.holding import Held, hold_upload, take_upload
from ..store.review import adopt_upload
from .auth import allowed
from .render import page

router = APIRouter()
TOKEN = re.compile(r"^[0-9a-f]{32}$")


def hold(request: Request, path: Path, name: str, user: Account) -> str:
    """Keep an audited upload in the library for ``user``; its token."""
    return hold_upload(request.app.state.engine, user.id, name, path.suffix, path.read_bytes())


def _ingest_held(engine: Engine, held: Held, user: Account) -> Optional[int]:
    """Write the held bytes to a temporary file named by their suffix (the readers detect the
    format by it, then by content), ingest it, record the uploaded name as the source."""
    folder = Path(tempfile.mkdtemp(prefix="budgetlens-held-"))
    try:
        path = folder / f"upload{held.suffix}"
        path.write_bytes(held.content)
        sha256, _ = file_sha256(str(path))
        ingest(Store(str(engine.url), engine), [str(path)])
        if sha256 is None:  # the bytes just written could not be read back: nothing was stored
            return None
        return adopt_upload(engine, sha256, str(path), held.name, user)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@router.post("/audit/library", include_in_schema=False)
async def add_to_library(request: Request) -> Response:
    form = await request.form(max_files=0, max_fields=4)
    user = allowed(request, form, "reviewer")
    if isinstance(user, Response):
        return user
    engine = request.app.state.engine
    token = str(form.get("token") or "")
    held = await run_in_threadpool(take_upload, engine, token, user.id) if TOKEN.match(token) else None
    if held is None:
        return page(request, "error.html", status=404, code=404, key="library.gone")
    doc = await run_in_threadpool(_ingest_held, engine, held, user)
    if doc is None:
        return page(request, "error.html", status=422, code=422, key="library.failed")
    return RedirectResponse(f"/documents/{doc}", status_code=303)
