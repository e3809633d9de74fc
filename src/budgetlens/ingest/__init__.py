"""The batch runner that fills the library: ``budgetlens ingest`` and ``budgetlens reprocess``.

It sits above ``pipeline`` (it runs the pipeline on each file, in worker processes) and ``store``
(it hands each Result to the one writer). Neither of those knows the other: ``pipeline`` chains the
stages of one file, ``store`` persists records, and this package decides which files to process,
where (an :class:`~budgetlens.ingest.executors.Executor`), and records every outcome.

Entry points: :func:`ingest` (paths → library) and :func:`reprocess` (kept files whose documents
were written by an older extractor → library).
"""

from __future__ import annotations

import os
from itertools import chain
from typing import Iterable, Iterator, Optional

from sqlalchemy.exc import DBAPIError

from ..read.settings import ReadSettings
from ..store import Store, query
from ..store.engine import unreachable
from .batch import FileStatus, OnProgress, Tally, exit_code, run_batch
from .cluster import ClusterError
from .executors import EXECUTORS, Executor, make_executor
from .inputs import Job, expand_inputs, largest_first, least_name_first, to_jobs
from .version import extractor_version, read_tagged


def ingest(store: Store, paths: Iterable[str | os.PathLike], *, executor: Optional[Executor] = None,
           version: Optional[str] = None, ocr: Optional[bool] = None, debug: bool = False,
           on_progress: Optional[OnProgress] = None, read: Optional[ReadSettings] = None) -> Tally:
    """Store every file named by ``paths`` (files, folders, list files) that the library does not
    hold yet for this extractor ``version`` (default: :func:`extractor_version`). ``read``: the
    reader's settings every worker reads with (None: the defaults); a file stored under other
    settings is read again and stored alongside (:func:`.version.read_tagged`); a file whose
    reading under ``read`` is stored but not current (a later ingest with other settings
    superseded it) becomes current again without a re-read (counted as restored)."""
    version = read_tagged(version or extractor_version(), read)
    jobs = least_name_first(to_jobs(expand_inputs(paths)))
    try:
        already = store.stored_hashes((j.sha256 for j in jobs if j.sha256), version)
        restored = store.make_current(already, version)
    except DBAPIError as exc:
        raise unreachable(store.url, exc) from None
    own = executor is None
    executor = executor or make_executor(1)
    if getattr(executor, "workers", 1) > 1:  # the batch's tail (inputs.largest_first)
        jobs = largest_first(jobs)
    try:
        return run_batch(store, jobs, executor, total=len(jobs), already=already,
                         version=version, command="ingest", ocr=ocr, debug=debug,
                         on_progress=on_progress, read=read, restored=restored)
    finally:
        if own:
            executor.close()


def reprocess(store: Store, *, executor: Optional[Executor] = None, version: Optional[str] = None,
              ocr: Optional[bool] = None, debug: bool = False,
              on_progress: Optional[OnProgress] = None, read: Optional[ReadSettings] = None
              ) -> Tally:
    """Read again, from the kept copies, every file whose current document was written by another
    extractor version or other read settings (``read``; :func:`.version.read_tagged`); the new
    documents supersede the old ones (which stay, for comparison). A stale file whose reading
    for this version and these settings is stored already (the default reading, after an
    ingest with changed settings) is not read again: that stored document becomes current
    (:func:`budgetlens.store.write.make_current`), and the file is counted as restored."""
    version = read_tagged(version or extractor_version(), read)
    own = executor is None
    executor = executor or make_executor(1)
    try:
        try:
            stale = query.stale_sources(store.engine, version)
            restored = store.make_current(stale, version)
            total = query.count_stale(store.engine, version) + len(restored)
        except DBAPIError as exc:
            raise unreachable(store.url, exc) from None
        back = [Job(path=stale[h], source=stale[h], sha256=h, kept=True) for h in sorted(restored)]
        return run_batch(store, chain(back, _stale_jobs(store, version)), executor, total=total,
                         already=restored, version=version, command="reprocess", ocr=ocr,
                         debug=debug, on_progress=on_progress, read=read, restored=restored)
    finally:
        if own:
            executor.close()


def _stale_jobs(store: Store, version: str) -> Iterator[Job]:
    """The stale kept files as jobs carrying their bytes, one at a time as the executor takes
    them (a whole library need not be held in memory, nor written to disk: the worker writes
    the one it reads, :func:`.batch.work`). A job the executor reports without running it (a
    cluster left without workers) costs its read from the library, never a file."""
    for blob in query.stale_blobs(store.engine, version):
        yield Job(path=blob.source, source=blob.source, sha256=blob.sha256,
                  size=len(blob.content), content=blob.content, kept=True)


__all__ = ["ingest", "reprocess", "extractor_version", "Tally", "FileStatus", "exit_code",
           "EXECUTORS", "Executor", "make_executor", "expand_inputs", "ClusterError"]
