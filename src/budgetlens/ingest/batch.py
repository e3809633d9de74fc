"""The ingest loop: plan (hash, skip what is stored) → map jobs over an executor → one writer stores.

Why one writer: workers read, extract and audit (the expensive part) and send back the pipeline's
records; only this process writes, one transaction per document, so SQLite never has two writers
from the same ingest and a crash loses at most the documents in flight. On PostgreSQL with a Dask
cluster the workers write their own documents instead (:func:`work_and_write`): the server takes
many writers, and at a national scale one writer would be the limit (docs/store.md, Capacity).

Every failure — a file that cannot be read, a worker that died, a document the database refused —
is recorded with its reason and the batch goes on; only an unusable database stops it (StoreError).
"""

from __future__ import annotations

import functools
import hashlib
import tempfile
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import AbstractSet as Set, Callable, Iterable, Iterator, Optional

from sqlalchemy.exc import DBAPIError, OperationalError, SQLAlchemyError

from ..model import Diagnostic, Result, Severity, Source, Status
from ..model.errors import CodedError
from ..pipeline import process
from ..read.limits import MAX_FILE_BYTES
from ..read.settings import ReadSettings
from ..report.labels import error_text
from ..store import EXISTS, FileRecord, Prepared, Store, StoreError, open_store, prepare, query
from ..store.engine import write_failed
from .executors import Executor
from .inputs import Job


@dataclass(frozen=True)
class Outcome:
    """What a worker sends back: the job, the pipeline's Result and its rows. A worker's Result
    is its head only (status, error, diagnostics, timings): the disclosure and audit travel as
    ``rows`` (:func:`budgetlens.store.prepare`, flat tuples made in the worker, so the one
    writer only executes them). ``rows`` None: the Result is whole (a crashed job's failure),
    and the writer prepares it."""

    job: Job
    result: Result
    read_at: datetime
    rows: Optional[Prepared] = None


@dataclass(frozen=True)
class FileStatus:
    """One input's fate in a run: ``stored``, ``skipped`` (already in the library), ``restored``
    (its stored reading for this run's version made current again, not read) or ``failed``;
    ``worst`` is its worst finding severity (for the exit code, as ``audit`` computes it)."""

    source: str
    state: str
    error_code: Optional[str] = None
    reason: Optional[str] = None
    worst: Optional[str] = None
    pages: int = 0
    #: ``reason`` in English (``ingest --lang en``); None when only the zh text is known (a
    #: failure stored by an earlier run whose English was not kept with it).
    reason_en: Optional[str] = None

    def why(self, lang: str = "zh") -> Optional[str]:
        """The reason in ``lang`` (zh when no English is known)."""
        return self.reason_en if lang == "en" and self.reason_en else self.reason


@dataclass
class Tally:
    """Running counts, handed to the progress callback after each file."""

    total: int = 0
    done: int = 0
    stored: int = 0
    skipped: int = 0
    failed: int = 0
    pages: int = 0
    facts: int = 0
    findings: int = 0
    #: Of the skipped: files whose stored reading for this version became current again
    #: (:func:`budgetlens.store.write.make_current`); not a column of the run's row.
    restored: int = 0
    last: str = ""
    files: list[FileStatus] = field(default_factory=list)
    #: The ``runs`` row of this batch (its documents carry it): what a crosscheck after the
    #: batch looks at.
    run_id: Optional[int] = None

    def counts(self) -> dict[str, int]:
        return {"stored": self.stored, "skipped": self.skipped, "failed": self.failed,
                "pages": self.pages, "facts": self.facts, "findings": self.findings}


OnProgress = Callable[[Tally], None]

#: ``Written.state`` of a worker that could not use the database (the batch stops).
UNREACHABLE = "unreachable"


@dataclass(frozen=True)
class Written:
    """What was stored for one job (``state``: STORED, EXISTS, or UNREACHABLE from a worker that
    writes), with the counts the tally needs; small, so that a worker that writes sends back
    only this."""

    job: Job
    state: str
    status: str
    error_code: Optional[str]
    error: Optional[str]
    worst: Optional[str]
    pages: int = 0
    facts: int = 0
    findings: int = 0
    error_en: Optional[str] = None


def work(job: Job, *, ocr: Optional[bool] = None, debug: bool = False,
         read: Optional[ReadSettings] = None) -> Outcome:
    """Read, extract and audit one file (runs in a worker), and make its library rows there
    (:class:`Outcome`): only the rows and the Result's head cross the process boundary (the
    Document, narrative lines and headings are not stored at all), and the writer, the serial
    part of a batch, has only the database's work left. A file that is not a disclosure
    (:func:`off_topic`) is prepared as such. A kept copy (``job.content``) is read from a
    temporary file that lives only meanwhile.
    ``read``: the reader's settings (``--read-setting``), pickled to the worker with the call."""
    if job.content is not None:
        with tempfile.TemporaryDirectory(prefix="budgetlens-reprocess-") as folder:
            path = Path(folder, Path(job.source).name or "document")  # the extension: a hint
            path.write_bytes(job.content)
            result = process(str(path), audit=True, debug=debug, ocr=ocr, read=read)
        job = replace(job, content=None)  # the bytes need not travel back
    else:
        result = process(job.path, audit=True, debug=debug, ocr=ocr, read=read)
    result = off_topic(result) or result
    return Outcome(job, replace(result, document=None, disclosure=None, audit=None), query.now(),
                   prepare(result))


#: Failures that say nothing about the file (the cluster had no worker to read it): reported,
#: never stored, so the next ingest reads the file instead of skipping it as failed.
NOT_STORED = frozenset({"cluster-no-workers"})


def crashed(job: Job, exc: BaseException) -> Outcome:
    """The Outcome of a job whose worker died (see ingest.pool), or that the executor gave up
    with a coded reason (``timeout``, ``cluster-no-workers``). Its Diagnostic carries the
    English, as the pipeline's own failures do (report.labels.error_text finds it)."""
    if isinstance(exc, CodedError):
        return Outcome(job, _failure(job, exc.code, exc.message, exc.message_en), query.now())
    detail = f"{type(exc).__name__}: {exc}".splitlines()[0]
    return Outcome(job, _failure(job, "worker-crashed", f"处理该文件的进程异常退出：{detail}",
                                 f"the process reading this file ended abnormally: {detail}"),
                   query.now())


def _failure(job: Job, code: str, zh: str, en: str) -> Result:
    """A failed Result whose Diagnostic carries the English of its reason."""
    diag = Diagnostic(code, Severity.ERROR, zh, en, Source(file=job.source))
    return Result(file=job.path, status=Status.ERROR, error_code=code, error=zh, diagnostics=(diag,))


def run_batch(store: Store, jobs: Iterable[Job], executor: Executor, *, total: int,
              already: set[str], version: str, command: str, ocr: Optional[bool] = None,
              debug: bool = False, on_progress: Optional[OnProgress] = None,
              read: Optional[ReadSettings] = None, restored: Set[str] = frozenset()) -> Tally:
    """Process and store ``jobs`` (``total`` of them, consumed lazily), skipping those whose hash
    is in ``already`` (stored for ``version``; ``restored``: those of them made current again
    before the run); record every failure, and the run. Returns the tally (one FileStatus per
    job, in completion order)."""
    tally = Tally(total=total)
    try:
        outcomes = query.stored_outcomes(store.engine, already, version) if already else {}
        run_id = query.start_run(store.engine, command, version, total)
    except DBAPIError as exc:
        raise write_failed(store.url, exc) from None
    tally.run_id = run_id
    notify = on_progress or (lambda _t: None)
    notify(tally)
    # Workers that write return what they wrote; a crashed job's Outcome is written here.
    fn: Callable[[Job], Outcome | Written]
    on_crash: Callable[[Job, BaseException], Outcome | Written] = crashed
    if _many_writers(store, executor):
        fn = functools.partial(work_and_write, url=store.url, version=version, run_id=run_id,
                               ocr=ocr, debug=debug, read=read)
    else:
        fn = functools.partial(work, ocr=ocr, debug=debug, read=read)
    try:
        todo = _plan(jobs, outcomes, tally, notify, restored)
        for got in executor.map_unordered(fn, todo, on_crash):
            if isinstance(got, Outcome) and got.result.error_code in NOT_STORED:
                got = _unstored(got)
            elif isinstance(got, Outcome):  # the one writer stores it (or a crashed job's failure)
                got = write_outcome(store, got, version=version, run_id=run_id)
            elif got.state == UNREACHABLE:  # a worker could not use the database
                raise StoreError(got.error_code or "unreachable", got.error or "",
                                 got.error_en or "")
            _count(tally, got)
            notify(tally)
    finally:
        try:
            query.finish_run(store.engine, run_id, **tally.counts())
        except SQLAlchemyError:
            pass  # the database went away: the error that stopped us is the one to report
    return tally


def _many_writers(store: Store, executor: Executor) -> bool:
    """Workers write their own documents when the database takes many writers (PostgreSQL) and
    the executor spreads work over machines (Dask), where one writer would become the limit;
    SQLite, and local processes, keep the one writer."""
    return (store.engine.dialect.name == "postgresql"
            and getattr(executor, "distributed", False))


def _plan(jobs: Iterable[Job], stored: dict[str, "query.StoredOutcome"], tally: Tally,
          notify: OnProgress, restored: Set[str] = frozenset()) -> Iterator[Job]:
    """The jobs to process: not stored yet, and each content once (the same file under two
    names is one document). The others are counted as skipped, with their stored outcome
    (``restored``: made current again, said so once per content)."""
    seen: set[str] = set()
    for job in jobs:
        if job.sha256 and (job.sha256 in stored or job.sha256 in seen):
            prior = stored.get(job.sha256)
            bad = prior if prior is not None and prior.status != Status.OK else None
            back = job.sha256 in restored and job.sha256 not in seen
            seen.add(job.sha256)
            tally.skipped += 1
            tally.restored += back
            tally.done += 1
            tally.files.append(FileStatus(job.source, "restored" if back else "skipped",
                                          bad.error_code if bad else None,
                                          bad.reason if bad else None,
                                          prior.worst if prior else None,
                                          reason_en=bad.reason_en if bad else None))
            notify(tally)
            continue
        if job.sha256:
            seen.add(job.sha256)
        yield job


#: ``documents.status`` of a file that is not a disclosure: recorded (so a resumed or repeated
#: ingest skips it) with its reason, but neither an ``ok`` document nor a failure.
OFF_TOPIC = Status.SKIPPED
NOT_A_DISCLOSURE = "not-a-disclosure"


def off_topic(result: Result) -> Optional[Result]:
    """The Result to store for a file that is not a disclosure, or None when it is one.

    Two cases: classify said so (``not-a-disclosure``: no budget vocabulary), or the file was
    read but nothing of a disclosure came out of it — no table, no figure and no unit (a
    folder's ``manifest.csv`` names budget files of several years, so it has the vocabulary, and
    a year and a kind can be guessed from it, but none of the content). A file with a table, a
    figure or a unit is kept as a document, however poor: it is a disclosure read badly, which
    the library must show, not hide."""
    d = result.disclosure
    if result.error_code == NOT_A_DISCLOSURE:
        reason = result.error or NOT_A_DISCLOSURE
    elif (result.status == Status.OK and d is not None and not d.facts and not d.tables
          and not d.metadata.unit):
        reason = ("未识别为预算/决算公开文件：没有表格、数据，也没有单位 / not a disclosure: no "
                  "table, no figure and no unit")
    else:
        return None
    return Result(file=result.file, status=OFF_TOPIC, error=reason, error_code=NOT_A_DISCLOSURE,
                  diagnostics=result.diagnostics, timings=result.timings)


def write_outcome(store: Store, outcome: Outcome, *, version: str, run_id: int) -> Written:
    """Store one outcome in one transaction (the parent's one writer, or a worker that writes its
    own documents) and say what was written. A document the database refuses is stored as a
    ``store-failed`` failure; a database that cannot be used raises StoreError. A file that is
    not a disclosure is recorded as skipped with its reason (:func:`off_topic`)."""
    job, result, rows = outcome.job, outcome.result, outcome.rows
    if rows is None:  # a whole Result (a crashed job's failure): its rows are made here
        result = off_topic(result) or result
        rows = prepare(result)
    file, changed = _file_record(job)
    if changed is not None:
        result, rows = changed, prepare(changed)
    try:
        try:
            state = store.write(file, rows, extractor_version=version, run_id=run_id,
                                read_at=outcome.read_at)
        except OperationalError:
            raise
        except SQLAlchemyError as exc:  # this document's data was refused: record why, go on
            first = str(exc).splitlines()[0]
            result = _failure(job, "store-failed", f"写入数据库失败：{first}",
                              f"the database refused this document: {first}")
            rows = prepare(result)
            state = store.write(file, rows, extractor_version=version, run_id=run_id,
                                read_at=outcome.read_at)
    except OperationalError as exc:  # locked for a minute, disk full, server gone: stop (the
        # document's transaction was rolled back; what was stored before stays)
        raise write_failed(store.url, exc, job.source) from None
    doc = rows.document
    return Written(job, state, result.status, result.error_code, result.error, rows.worst,
                   doc["pages"] or 0, doc["n_facts"], doc["n_findings"],
                   error_text(result, "en") if result.error else None)


def _unstored(outcome: Outcome) -> Written:
    """A failure counted and reported, with nothing written (:data:`NOT_STORED`)."""
    r = outcome.result
    return Written(outcome.job, NOT_STORED_STATE, r.status, r.error_code, r.error, None,
                   error_en=error_text(r, "en"))


#: ``Written.state`` of a failure that was reported but not stored.
NOT_STORED_STATE = "not-stored"

_STORES: dict[str, Store] = {}


def work_and_write(job: Job, *, url: str, version: str, run_id: int, ocr: Optional[bool] = None,
                   debug: bool = False, read: Optional[ReadSettings] = None) -> Written:
    """Read, extract, audit and store one file, all in the worker (many writers, PostgreSQL):
    only the counts travel back. The library is opened once per worker process."""
    outcome = work(job, ocr=ocr, debug=debug, read=read)
    try:
        store = _STORES.get(url) or _STORES.setdefault(url, open_store(url))
        return write_outcome(store, outcome, version=version, run_id=run_id)
    except StoreError as exc:  # sent back as data: the parent stops the batch with it
        return Written(job, UNREACHABLE, "error", exc.code, exc.message, None,
                       error_en=exc.message_en)


def _count(tally: Tally, w: Written) -> None:
    tally.done += 1
    tally.last = w.job.source
    if w.state == EXISTS:  # another ingest stored it meanwhile
        tally.skipped += 1
        tally.files.append(FileStatus(w.job.source, "skipped", pages=w.pages))
        return
    if w.status == OFF_TOPIC:  # not a disclosure: recorded, with its reason
        tally.skipped += 1
        tally.files.append(FileStatus(w.job.source, "skipped", w.error_code, w.error,
                                      reason_en=w.error_en))
        return
    failed = w.status != Status.OK
    tally.failed += failed
    tally.stored += not failed
    tally.pages += w.pages
    tally.facts += w.facts
    tally.findings += w.findings
    tally.files.append(FileStatus(w.job.source, "failed" if failed else "stored",
                                  w.error_code, w.error, w.worst, w.pages, w.error_en))


def _file_record(job: Job) -> tuple[FileRecord, Optional[Result]]:
    """The file as the library keeps it. The bytes are read again here (the writer), checked
    against the hash taken before processing: a file changed meanwhile is a recorded failure
    (the Result returned, else None), so that the next run reads the new content."""
    if job.sha256 is None or job.kept or (job.size or 0) > MAX_FILE_BYTES:
        return FileRecord(job.source, job.sha256, job.size, None), None
    try:
        with open(job.path, "rb") as fh:
            content = fh.read()
    except OSError:
        content = None
    if content is None or hashlib.sha256(content).hexdigest() != job.sha256:
        changed = _failure(job, "file-changed", "文件在入库过程中被修改或删除，下次入库时将重新读取",
                           "the file was changed or deleted while it was ingested; the next "
                           "ingest reads it again")
        return FileRecord(job.source, job.sha256, job.size, None), changed
    return FileRecord(job.source, job.sha256, job.size, content), None


def exit_code(files: Iterable[FileStatus], fail_on: str) -> int:
    """As ``audit``: 2 when an input could not be read, else 1 when a finding at or above
    ``fail_on`` exists (``never`` disables), else 0."""
    files = list(files)
    if any(f.state == "failed" or (f.error_code and f.error_code != NOT_A_DISCLOSURE)
           for f in files):
        return 2
    if fail_on == "never":
        return 0
    threshold = Severity.ORDER[fail_on]
    return int(any(f.worst is not None and Severity.ORDER[f.worst] >= threshold for f in files))
