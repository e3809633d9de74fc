"""Executors: the seam between "what to process" and "where it is processed".

An executor maps a picklable function over jobs and yields the results as they complete (any
order). The ingest loop only ever calls :meth:`Executor.map_unordered`; results always come back
to the one process that writes the library, so SQLite sees a single writer per ingest.

Built-ins are registered in :data:`EXECUTORS` exactly as an add-on would be: the distributed
executor (:class:`~.cluster.DaskExecutor`, ``client.submit`` + ``as_completed``) is one more class
with the same two methods and one more entry, imported only when chosen (Dask is optional).

Why a bounded window of jobs in flight: the jobs of a large batch (or of ``reprocess``, which
writes each kept file to a temporary folder as it is submitted) are produced lazily, and results
must not pile up faster than the writer stores them.
"""

from __future__ import annotations

from collections import deque
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from types import MappingProxyType
from typing import Any, Callable, Iterable, Iterator, NamedTuple, Protocol, TypeVar

T = TypeVar("T")
R = TypeVar("R")

#: How many times a job may be in flight when a worker process dies before it is given up.
MAX_CRASHES = 2


class _Retry(NamedTuple):
    item: Any
    crashes: int


class Executor(Protocol):
    """Maps ``fn`` over ``items``; yields ``fn(item)`` for each, in completion order, or
    ``on_crash(item, exc)`` when an item's processing died instead of returning."""

    def map_unordered(self, fn: Callable[[T], R], items: Iterable[T],
                      on_crash: Callable[[T, BaseException], R]) -> Iterator[R]: ...

    def close(self) -> None: ...


class SerialExecutor:
    """In this process, one job after another (``--workers 1``; also what tests debug with)."""

    def __init__(self, workers: int = 1):
        self.workers = 1

    def map_unordered(self, fn, items, on_crash):
        for item in items:
            try:
                result = fn(item)
            except Exception as exc:  # a bug in the worker function: one failure, not a stop
                result = on_crash(item, exc)
            yield result

    def close(self) -> None:
        pass


class ProcessExecutor:
    """Local worker processes (PDFium is not thread-safe, so processes, not threads).

    A worker that dies (a native crash inside a parser) breaks the whole pool, and every job in
    flight with it. The pool is rebuilt and those jobs run again one at a time, so that a second
    crash names its job: a job in flight during :data:`MAX_CRASHES` crashes is given to
    ``on_crash``, so one poisonous file becomes one recorded failure and the batch goes on.
    """

    def __init__(self, workers: int = 2):
        self.workers = max(1, workers)
        self._pool = ProcessPoolExecutor(max_workers=self.workers)

    def map_unordered(self, fn, items, on_crash):
        source = (_Retry(item, 0) for item in items)
        pending: deque[_Retry] = deque()
        inflight: dict[Future, _Retry] = {}
        window = 2 * self.workers
        while True:
            if pending:  # after a crash, the suspects run one at a time: a crash names its job
                if not inflight:
                    job = pending.popleft()
                    inflight[self._pool.submit(fn, job.item)] = job
            while not pending and len(inflight) < window:
                job = next(source, None)
                if job is None:
                    break
                inflight[self._pool.submit(fn, job.item)] = job
            if not inflight:
                return
            done, _ = wait(inflight, return_when=FIRST_COMPLETED)
            for fut in done:
                job = inflight.pop(fut, None)
                if job is None:  # already requeued by a crash recovery in this round
                    continue
                try:
                    yield fut.result()
                except BrokenProcessPool as exc:
                    yield from self._recover(job, exc, inflight, pending, on_crash)
                except Exception as exc:  # the job's own error (e.g. unpicklable result)
                    yield on_crash(job.item, exc)

    def _recover(self, job: "_Retry", exc, inflight, pending, on_crash):
        """Rebuild the pool; requeue every job that was in flight, or fail it after MAX_CRASHES."""
        victims = [job, *inflight.values()]
        inflight.clear()
        self._pool.shutdown(wait=False, cancel_futures=True)
        self._pool = ProcessPoolExecutor(max_workers=self.workers)
        for victim in victims:
            if victim.crashes + 1 >= MAX_CRASHES:
                yield on_crash(victim.item, exc)
            else:
                pending.append(_Retry(victim.item, victim.crashes + 1))

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)


def _dask_local(workers: int) -> Executor:
    """A Dask LocalCluster of ``workers`` processes (raises ClusterError without Dask)."""
    from .cluster import DaskExecutor

    return DaskExecutor(workers)


EXECUTORS: "MappingProxyType[str, Callable[[int], Executor]]" = MappingProxyType({
    "serial": SerialExecutor,
    "process": ProcessExecutor,
    "dask": _dask_local,
})


def make_executor(workers: int, kind: str | None = None, *, dask: str | None = None,
                  settings: Any = None) -> Executor:
    """``kind`` from :data:`EXECUTORS`; by default local processes when ``workers > 1``.
    ``dask``: a scheduler address, or ``local`` for a LocalCluster of ``workers`` processes;
    ``settings``: its :class:`~.watchdog.ClusterSettings` (time bounds; defaults otherwise)."""
    if dask is not None:
        from .cluster import DaskExecutor

        return DaskExecutor(workers, dask, settings=settings)
    kind = kind or ("process" if workers > 1 else "serial")
    return EXECUTORS[kind](workers)
