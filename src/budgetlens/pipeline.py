"""The only place that chains the stages: read → extract → imply → reconcile, one file at a time.

Each stage is ``input → (output, diagnostics)``; this module times each stage (the benchmark reads
``Result.timings``), turns an unreadable file into a ``Result`` with ``status=Status.ERROR`` and a
one-line message, and never lets one bad file stop a batch: an unexpected exception in a stage is a
bug, but it is reported as a diagnostic for that file and the batch goes on. Batches with a
per-document time limit or several jobs run in worker processes (:func:`process_many`), so a
file that hangs or kills its process is reported on its own too.
"""

from __future__ import annotations

import gc
import os
import signal
import threading
import time
import traceback
from contextlib import contextmanager
from functools import partial
from dataclasses import replace
from pathlib import Path
from typing import (TYPE_CHECKING, Any, Callable, Iterable, Iterator, Mapping, NamedTuple, Optional,
                    Sequence, TypeVar, TypeVarTuple)

from .model import Diagnostic, Result, Severity, Source, Status

if TYPE_CHECKING:
    from .read.settings import ReadSettings
    from .rules.catalogue import Rule

T = TypeVar("T")
Ts = TypeVarTuple("Ts")

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


def _timed(timings: list[tuple[str, float]], name: str, fn: Callable[[*Ts], T], *args: *Ts) -> T:
    """``fn(*args)``, its wall time recorded under ``name`` (a failing stage's too)."""
    start = time.perf_counter()
    try:
        return fn(*args)
    finally:
        timings.append((name, time.perf_counter() - start))


def _bug(stage: str, path: str, exc: BaseException, debug: bool) -> Diagnostic:
    """An exception out of a stage as one diagnostic: a bug (``internal-error``, with the
    traceback when debugging), or ``out-of-memory`` — one line whatever ``debug`` says, since
    running out of memory is what the input cost, not a place in the code (fuzz case
    xlsx-2026-012187 carried a traceback out of the stage after the memory bound)."""
    if isinstance(exc, MemoryError):
        return Diagnostic(code="out-of-memory", severity=Severity.ERROR,
                          message=f"{stage}阶段所需内存超过上限，已跳过该阶段。",
                          message_en=f"the {stage} stage needed more memory than allowed; "
                                     "stage skipped.", source=Source(file=path))
    detail = traceback.format_exc() if debug else f"{type(exc).__name__}: {exc}"
    return Diagnostic(code="internal-error", severity=Severity.ERROR,
                      message=f"{stage}阶段内部错误（已跳过该阶段）：{detail}",
                      message_en=f"internal error in {stage} (stage skipped): {detail}")


#: Collector thresholds while a document is processed (CPython's default: 700, 10, 10). A
#: document allocates millions of short-lived objects next to a large live one (its pages, lines,
#: cells, facts), so the default runs ~80 young and ~7 full collections per document, each
#: traversing the live Document: 9–10% of the CPU of read + extract + audit over the corpus PDFs.
#: With these, 2%; the thresholds in force before are restored when no document is running
#: (nothing is frozen or kept, so no document's garbage outlives the next collection).
DOCUMENT_GC_THRESHOLD = (5000, 20, 20)
_gc_lock = threading.Lock()
_gc_depth = 0
_gc_saved: tuple[int, ...] = ()


@contextmanager
def _fewer_collections() -> Iterator[None]:
    """Raise the collector thresholds for the duration of a document (nested and concurrent
    documents share one raise: the thresholds come back when the last of them ends). A collector
    a user turned off (threshold 0) stays off."""
    global _gc_depth, _gc_saved
    with _gc_lock:
        if _gc_depth == 0:
            _gc_saved = gc.get_threshold()
            if _gc_saved[0] > 0:
                gc.set_threshold(*(max(a, b) for a, b in zip(_gc_saved, DOCUMENT_GC_THRESHOLD)))
        _gc_depth += 1
    try:
        yield
    finally:
        with _gc_lock:
            _gc_depth -= 1
            if _gc_depth == 0:
                gc.set_threshold(*_gc_saved)


def process(path: str, *, audit: bool = True, debug: bool = False,
            ocr: Optional[bool] = None, tolerance: Optional[Mapping[str, Any]] = None,
            rules: Optional[Sequence[Rule]] = None, checked: bool = False,
            read: Optional[ReadSettings] = None) -> Result:
    """Read, extract, imply and (optionally) audit one file. Never raises. ``ocr``: see
    :func:`budgetlens.read.read_document`. ``tolerance``: fields of
    :class:`budgetlens.reconcile.ToleranceSettings` a user changed (``audit --no-rounding-notes``,
    ``--percent-slack``); a plain mapping so that it travels to worker processes as it is.
    ``rules``: the audit's rules (default: the catalogue); a rule that does not fit its kind is a
    diagnostic of this document, unless ``checked`` says they were checked for the whole run
    (:func:`process_many` checks them once, before the first document).
    ``read``: the reader's tuning settings (:class:`budgetlens.read.ReadSettings`, ``--read-setting``;
    None: the defaults); a frozen record, so worker processes receive it as it is.
    ``Result.disclosure`` carries the implied facts (``origin="derived"``), so ``extract``
    output shows them too. Runs with fewer garbage collections (:data:`DOCUMENT_GC_THRESHOLD`)."""
    with _fewer_collections():
        return _process(path, audit, debug, ocr, tolerance, _Rules(rules, checked), read)


class _Rules(NamedTuple):
    """The audit's rules as a run hands them on: the rules (None: the catalogue) and whether they
    were checked for the whole run already (then no document checks them again)."""

    rules: Optional[Sequence[Rule]] = None
    checked: bool = False


def _process(path: str, audit: bool, debug: bool, ocr: Optional[bool],
             tolerance: Optional[Mapping[str, Any]], rules: _Rules = _Rules(),
             read: Optional[ReadSettings] = None) -> Result:
    from .extract import extract
    from .imply import imply
    from .read import read_document

    timings: list[tuple[str, float]] = []
    diagnostics: list[Diagnostic] = []
    try:
        document, diags = _timed(timings, "read", read_document, path, None, ocr, read)
    except Exception as exc:  # a reader bug: report it, keep the batch going
        document, diags = None, [_bug("read", path, exc, debug)]
    diagnostics += diags
    fatal = [d for d in diags if d.severity == _FATAL_SEVERITY]
    if document is None:
        first = fatal[0] if fatal else None
        return Result(file=path, status=Status.ERROR,
                      error=first.message if first else "无法读取该文件",
                      error_code=first.code if first else "read-failed",
                      diagnostics=tuple(diagnostics), timings=tuple(timings))
    result = Result(file=path, status=Status.OK, document=document, timings=tuple(timings))
    try:
        disclosure, diags = _timed(timings, "extract", extract, document)
        diagnostics += diags
    except Exception as exc:
        diagnostics.append(_bug("extract", path, exc, debug))
        return replace(result, status=Status.ERROR, error=diagnostics[-1].message,
                       error_code=diagnostics[-1].code, diagnostics=tuple(diagnostics),
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
        why = (scanned if scan_only else []) or not_disclosure or scanned
        first = why[0] if why else None
        msg = first.message if first else "扫描件（无文字层），暂不支持识别"
        return replace(result, status=Status.ERROR, error=msg,
                       error_code=first.code if first else "scanned-pdf",
                       diagnostics=tuple(diagnostics), timings=tuple(timings))
    if audit:
        from .reconcile import reconcile
        try:
            audit_result, diags = _timed(timings, "reconcile",
                                         partial(reconcile, rules=rules.rules, settings=tolerance,
                                                 checked=rules.checked), disclosure)
            diagnostics += diags
            result = replace(result, audit=audit_result)
        except Exception as exc:
            diagnostics.append(_bug("reconcile", path, exc, debug))
    return replace(result, diagnostics=tuple(diagnostics), timings=tuple(timings))


def process_many(paths: Sequence[str], *, audit: bool = True, debug: bool = False,
                 jobs: int = 1, ocr: Optional[bool] = None, timeout: Optional[float] = None,
                 tolerance: Optional[Mapping[str, Any]] = None,
                 rules: Optional[Sequence[Rule]] = None,
                 read: Optional[ReadSettings] = None,
                 cpu_timeout: Optional[float] = None) -> Iterator[Result]:
    """Process files, yielding Results in input order. Never raises on a bad file.

    The rules (``rules``, default the catalogue, and every rules file) are checked once, before
    the first document, as the command line does (:func:`budgetlens.reconcile.preflight.check_rules`):
    a rule that does not fit its kind, or a bad rules file, raises
    :class:`~budgetlens.rules.schema.RuleError` naming file, line and key before anything is read
    — a property of the run, not of each document — and no document checks them again.

    Where documents run:

    * a single file, or a batch with ``jobs=1`` and neither bound: in this process, one after
      the other (no start-up cost, the full Result with its ``document``). A single file is not
      timed: there is no batch to protect, a person is watching it, and Ctrl-C stops it;
    * a batch with ``jobs > 1`` or a bound: in worker processes (:mod:`budgetlens.batch`;
      PDFium is not thread-safe), started once and reused. A document on which its worker
      process spent ``cpu_timeout`` CPU seconds (the same verdict at any load), or still running
      after ``timeout`` seconds of wall time (a ceiling far above, for a worker stuck without
      burning CPU), is abandoned and reported as ``timeout``; one whose worker dies (a crash
      inside a C library, the out-of-memory killer) as ``worker-died``; the batch goes on.
      Worker results drop the heavy ``document``.
    """
    if audit:
        from .reconcile.preflight import check_rules

        check_rules(rules=rules)
    if len(paths) <= 1 or (jobs <= 1 and timeout is None and cpu_timeout is None):
        for p in paths:
            yield process(p, audit=audit, debug=debug, ocr=ocr, tolerance=tolerance, rules=rules,
                          checked=audit, read=read)
        return
    from .batch import run_pool

    yield from run_pool(partial(_process_light, audit=audit, debug=debug, ocr=ocr,
                                tolerance=tolerance, rules=rules, checked=audit, read=read),
                        list(paths),
                        jobs, timeout, on_timeout=_timed_out, on_death=_worker_died,
                        cpu_timeout=cpu_timeout, on_cpu_timeout=_cpu_spent)


def _process_light(path: str, audit: bool, debug: bool, ocr: Optional[bool] = None,
                   tolerance: Optional[Mapping[str, Any]] = None,
                   rules: Optional[Sequence[Rule]] = None, checked: bool = False,
                   read: Optional[ReadSettings] = None) -> Result:
    return replace(process(path, audit=audit, debug=debug, ocr=ocr, tolerance=tolerance,
                           rules=rules, checked=checked, read=read), document=None)


def _refused(path: str, code: str, zh: str, en: str) -> Result:
    diag = Diagnostic(code=code, severity=Severity.ERROR, message=zh, message_en=en,
                      source=Source(file=path))
    return Result(file=path, status=Status.ERROR, error=zh, error_code=code, diagnostics=(diag,))


def _timed_out(path: str, seconds: float) -> Result:
    return _refused(path, "timeout", f"处理超过 {seconds:g} 秒仍未完成，已放弃该文件（可用 --timeout 调整）",
                    f"Processing took longer than {seconds:g} s and was abandoned "
                    "(see --timeout)")


def _cpu_spent(path: str, seconds: float) -> Result:
    """The record of a document whose worker spent its CPU bound on it (the wording of
    ``ingest``'s, ``ingest/watchdog.overdue``)."""
    return _refused(path, "timeout", f"工作进程处理该文件已用去 {seconds:g} 秒 CPU 时间仍未完成，"
                    "已放弃该文件（可用 --cpu-timeout 调整）",
                    f"Its worker spent {seconds:g} CPU seconds on it without finishing; "
                    "abandoned (see --cpu-timeout)")


def _worker_died(path: str, exitcode: Optional[int]) -> Result:
    if exitcode is not None and exitcode < 0:
        try:
            how = signal.Signals(-exitcode).name
        except ValueError:
            how = f"signal {-exitcode}"
    else:
        how = f"exit code {exitcode}"
    return _refused(path, "worker-died", f"处理该文件的进程异常退出（{how}），已跳过该文件",
                    f"The process reading this file died ({how}); the file was skipped")


def worst_severity(result: Result) -> Optional[str]:
    """The highest finding severity of a result, or None."""
    if not result.audit or not result.audit.findings:
        return None
    return max((f.severity for f in result.audit.findings), key=lambda s: Severity.ORDER[s])
