"""Audit in the browser: upload one file (type and size checked, 100 MiB at most), read, extract
and audit it exactly as ``budgetlens audit`` does, and see the report — findings with their
evidence (page, cell, quoted text), checks that held, and the reader's diagnostics.

Nothing is stored by the audit itself: the upload lives in a temporary folder for the request and
is deleted after — unless a reviewer uploaded it, who may then add it to the library
(``library_add.py``: a write, so a public site cannot be filled by anyone). The upload form
carries the session's CSRF token like every form.

Why the size is checked twice: ``Content-Length`` refuses an announced oversize upload before a
byte of it is parsed; the bytes actually received are counted too (a chunked upload announces
nothing). Why the type is checked by name and then by content: the name gives a quick, clear
refusal; the reader's own format detection then refuses a file whose content is not what its
name says (reported as a diagnostic, as for the command line).
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from fastapi import APIRouter, Request, Response
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile

from ..model import Result, Severity, Status
from ..pipeline import process
from ..read.limits import MAX_FILE_BYTES
from ..report.labels import describe_result, finding_message, role_name
from .auth import forbidden
from .library_add import hold
from .render import lang_of, page
from .session import csrf_ok, current_user

router = APIRouter()
#: Extensions the readers accept (read/detect.py); anything else is refused with a message.
ACCEPTED = (".pdf", ".docx", ".doc", ".xlsx", ".xls", ".html", ".htm", ".mhtml", ".mht", ".txt")
#: Room for the multipart envelope around a file of the largest size.
ENVELOPE = 64 * 1024
CHUNK = 1 << 20


def _refuse(request: Request, status: int, key: str, **values: object) -> Response:
    return page(request, "audit.html", status=status, error=(key, values), result=None,
                accepted=ACCEPTED, limit_mib=MAX_FILE_BYTES >> 20, held=None)


@router.get("/audit", include_in_schema=False)
def audit_form(request: Request) -> Response:
    return page(request, "audit.html", error=None, result=None, accepted=ACCEPTED,
                limit_mib=MAX_FILE_BYTES >> 20, held=None)


@router.post("/audit", include_in_schema=False)
async def audit_upload(request: Request) -> Response:
    announced = request.headers.get("content-length")
    if announced and announced.isdigit() and int(announced) > MAX_FILE_BYTES + ENVELOPE:
        return _refuse(request, 413, "upload.too_large", mib=MAX_FILE_BYTES >> 20)
    form = await request.form(max_files=1, max_fields=4)
    if not csrf_ok(request, form):
        await form.close()
        return forbidden(request, "error.csrf")
    upload = form.get("file")
    if not isinstance(upload, UploadFile) or not upload.filename:
        return _refuse(request, 422, "upload.no_file")
    name = Path(upload.filename.replace("\\", "/")).name
    suffix = Path(name).suffix.lower()
    if suffix not in ACCEPTED:
        return _refuse(request, 415, "upload.bad_type", suffix=suffix or "—")
    folder = Path(tempfile.mkdtemp(prefix="budgetlens-upload-"))
    try:
        path = folder / f"upload{suffix}"
        size = await _save(upload, path)
        if size > MAX_FILE_BYTES:
            return _refuse(request, 413, "upload.too_large", mib=MAX_FILE_BYTES >> 20)
        if size == 0:
            return _refuse(request, 422, "upload.empty")
        result = await run_in_threadpool(process, str(path))
        user = current_user(request)
        held = (await run_in_threadpool(hold, request, path, name, user)
                if result.status == Status.OK and user is not None and user.may("reviewer") else None)
    finally:
        await form.close()
        shutil.rmtree(folder, ignore_errors=True)
    return page(request, "audit.html", error=None, result=report(result, name, lang_of(request)),
                accepted=ACCEPTED, limit_mib=MAX_FILE_BYTES >> 20, held=held)


async def _save(upload: UploadFile, path: Path) -> int:
    """Copy the upload to ``path``, stopping one chunk past the limit; the bytes counted."""
    size = 0
    with open(path, "wb") as out:
        while chunk := await upload.read(CHUNK):
            size += len(chunk)
            if size > MAX_FILE_BYTES:
                break
            out.write(chunk)
    return size


def report(result: Result, name: str, lang: str) -> dict:
    """What the report page shows of a pipeline Result: the uploaded name (never the temporary
    path), the one-line summary, findings worst first with evidence, and diagnostics."""
    findings = sorted(result.audit.findings if result.audit else (),
                      key=lambda f: -Severity.ORDER[f.severity])
    return {
        "name": name, "status": result.status, "error": result.error,
        "summary": describe_result(result, lang) if result.status == Status.OK else "",
        "checks": result.audit.checks_run if result.audit else 0,
        "held": result.audit.identities_held if result.audit else 0,
        "evaluated": result.audit.identities_evaluated if result.audit else 0,
        "findings": [{"severity": f.severity, "rule": f.rule, "message": finding_message(f, lang),
                      "stated": f.stated, "expected": f.expected, "difference": f.difference,
                      "evidence": [{"role": role_name(e.role, lang), "measure": e.measure,
                                    "value": e.value, "page": e.source.page,
                                    "line": e.source.line, "text": e.source.text}
                                   for e in f.evidence]} for f in findings],
        "diagnostics": [{"severity": d.severity, "code": d.code,
                         "message": d.message_en if lang == "en" else d.message}
                        for d in result.diagnostics],
    }
