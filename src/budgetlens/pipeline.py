"""The only place that chains the stages: read → extract → imply → reconcile, one file at a time.

Each stage is ``input → (output, diagnostics)``; this module times each stage (the benchmark reads
``Result.timings``), turns an unreadable file into a ``Result`` with ``status="error"`` and a
one-line message, and never lets one bad file stop a batch: an unexpected exception in a stage is a
bug, but it is reported as a diagnostic for that file and the batch goes on.
"""

from __future__ import annotations

import os
import time
import traceback
from dataclasses import replace
from pathlib import Path
from typing import Callable, Iterable, Iterator, Optional, Sequence

from .model import Diagnostic, Result, Severity

SUPPORTED_SUFFIXES = (".pdf", ".txt", ".text", ".csv", ".docx", ".doc", ".xlsx", ".xlsm", ".xls",
                      ".html", ".htm", ".shtml")

# Read failures that mean "this input cannot be used at all".
_FATAL_SEVERITY = Severity.ERROR


def expand_paths(paths: Iterable[str | os.PathLike]) -> list[str]:
    """Files as given, and the supported files inside any folder (recursively, sorted)."""
    out: list[str] = []
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            out += sorted(str(f) for f in p.rglob("*")
                          if f.is_file() and f.suffix.lower() in SUPPORTED_SUFFIXES)
        else:
            out.append(str(p))
    return out


def _timed(timings: list, name: str, fn: Callable, *args):
    start = time.perf_counter()
    try:
        return fn(*args)
    finally:
        timings.append((name, time.perf_counter() - start))


def _bug(stage: str, path: str, exc: BaseException, debug: bool) -> Diagnostic:
    detail = traceback.format_exc() if debug else f"{type(exc).__name__}: {exc}"
    return Diagnostic(code="internal-error", severity=Severity.ERROR,
                      message=f"{stage}阶段内部错误（已跳过该阶段）：{detail}",
                      message_en=f"internal error in {stage} (stage skipped): {detail}")


def process(path: str, *, audit: bool = True, debug: bool = False,
            ocr: Optional[bool] = None) -> Result:
    """Read, extract, imply and (optionally) audit one file. Never raises. ``ocr``: see
    :func:`budgetlens.read.read_document`. ``Result.disclosure`` carries the implied facts
    (``origin="derived"``), so ``extract`` output shows them too."""
    from .extract import extract
    from .imply import imply
    from .read import read_document

    timings: list[tuple[str, float]] = []
    diagnostics: list[Diagnostic] = []
    try:
        document, diags = _timed(timings, "read", read_document, path, None, ocr)
    except Exception as exc:  # a reader bug: report it, keep the batch going
        document, diags = None, [_bug("read", path, exc, debug)]
    diagnostics += diags
    fatal = [d for d in diags if d.severity == _FATAL_SEVERITY]
    if document is None:
        first = fatal[0] if fatal else None
        return Result(file=path, status="error",
                      error=first.message if first else "无法读取该文件",
                      error_code=first.code if first else "read-failed",
                      diagnostics=tuple(diagnostics), timings=tuple(timings))
    result = Result(file=path, status="ok", document=document, timings=tuple(timings))
    try:
        disclosure, diags = _timed(timings, "extract", extract, document)
        diagnostics += diags
    except Exception as exc:
        diagnostics.append(_bug("extract", path, exc, debug))
        return replace(result, status="error", error=diagnostics[-1].message,
                       error_code="internal-error", diagnostics=tuple(diagnostics),
                       timings=tuple(timings))
    try:
        disclosure, diags = _timed(timings, "imply", imply, disclosure)
        diagnostics += diags
    except Exception as exc:  # a bug: the stated facts are still worth reporting
        diagnostics.append(_bug("imply", path, exc, debug))
    result = replace(result, disclosure=disclosure)
    not_disclosure = [d for d in diagnostics if d.code == "not-a-disclosure"]
    scan_only = document.scanned and not document.ocr_pages  # a scan OCR did not read
    if scan_only or not_disclosure:
        scanned = [d for d in diagnostics if d.code == "scanned-pdf"]
        first = ((scanned if scan_only else []) or not_disclosure or scanned or [None])[0]
        msg = first.message if first else "扫描件（无文字层），暂不支持识别"
        return replace(result, status="error", error=msg,
                       error_code=first.code if first else "scanned-pdf",
                       diagnostics=tuple(diagnostics), timings=tuple(timings))
    if audit:
        from .reconcile import reconcile
        try:
            audit_result, diags = _timed(timings, "reconcile", reconcile, disclosure)
            diagnostics += diags
            result = replace(result, audit=audit_result)
        except Exception as exc:
            diagnostics.append(_bug("reconcile", path, exc, debug))
    return replace(result, diagnostics=tuple(diagnostics), timings=tuple(timings))


def process_many(paths: Sequence[str], *, audit: bool = True, debug: bool = False,
                 jobs: int = 1, ocr: Optional[bool] = None) -> Iterator[Result]:
    """Process files in order; with ``jobs > 1`` in worker processes (PDFium is not thread-safe).

    Results are yielded in input order. Worker results drop the heavy ``document`` to keep
    inter-process traffic small.
    """
    if jobs <= 1 or len(paths) <= 1:
        for p in paths:
            yield process(p, audit=audit, debug=debug, ocr=ocr)
        return
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(max_workers=jobs) as pool:
        yield from pool.map(_process_light, paths, [audit] * len(paths), [debug] * len(paths),
                            [ocr] * len(paths), chunksize=1)


def _process_light(path: str, audit: bool, debug: bool, ocr: Optional[bool] = None) -> Result:
    return replace(process(path, audit=audit, debug=debug, ocr=ocr), document=None)


def worst_severity(result: Result) -> Optional[str]:
    """The highest finding severity of a result, or None."""
    if not result.audit or not result.audit.findings:
        return None
    return max((f.severity for f in result.audit.findings), key=lambda s: Severity.ORDER[s])
