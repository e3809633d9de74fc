"""Executors: the seam between "what to process" and "where it is processed".

An executor maps a picklable function over jobs and yields the results as they complete (any
order). The ingest loop only ever calls :meth:`Executor.map_unordered`; results always come back
to the one process that writes the library, so SQLite sees a single writer per ingest.

Built-ins are registered in :data:`EXECUTORS` exactly as an add-on would be: the distributed
executor (:class:`~.cluster.DaskExecutor`, ``client.submit`` + ``as_completed``) is one more class
with the same two methods and one more entry, imported only when chosen (Dask is optional).

Why a bounded number of jobs in flight: the jobs of a large batch (or of ``reprocess``, each
carrying a kept file's bytes) are produced lazily, and results must not pile up faster than the
writer stores them. Local processes (:mod:`.pool`) hold one job each; a cluster twice its
threads.
"""

from __future__ import annotations

from types import MappingProxyType
from typing import Callable, Iterable, Iterator, Optional, Protocol, TypeVar

from .pool import MAX_CRASHES, ProcessExecutor
from .watchdog import ClusterSettings

T = TypeVar("T")
R = TypeVar("R")


class Executor(Protocol):
    """Maps ``fn`` over ``items``; yields ``fn(item)`` for each, in completion order, or
    ``on_crash(item, exc)`` when an item's processing died instead of returning."""

    def map_unordered(self, fn: Callable[[T], R], items: Iterable[T],
                      on_crash: Callable[[T, BaseException], R]) -> Iterator[R]: ...

    def close(self) -> None: ...


class SerialExecutor:
    """In this process, one job after another (``--workers 1``; also what tests debug with)."""

    def __init__(self, workers: int = 1, settings: Optional[ClusterSettings] = None):
        self.workers = 1  # in this process: no time bound can stop a file here

    def map_unordered(self, fn: Callable[[T], R], items: Iterable[T],
                      on_crash: Callable[[T, BaseException], R]) -> Iterator[R]:
        for item in items:
            try:
                result = fn(item)
            except Exception as exc:  # a bug in the worker function: one failure, not a stop
                result = on_crash(item, exc)
            yield result

    def close(self) -> None:
        pass


def _dask_local(workers: int, settings: Optional[ClusterSettings] = None) -> Executor:
    """A Dask LocalCluster of ``workers`` processes (raises ClusterError without Dask)."""
    from .cluster import DaskExecutor

    return DaskExecutor(workers, settings=settings)


#: Each is called with the worker count and the :class:`~.watchdog.ClusterSettings` (the time
#: bound per file; the serial executor, in this process, cannot apply it).
EXECUTORS: "MappingProxyType[str, Callable[..., Executor]]" = MappingProxyType({
    "serial": SerialExecutor,
    "process": ProcessExecutor,
    "dask": _dask_local,
})


def make_executor(workers: int, kind: str | None = None, *, dask: str | None = None,
                  settings: Optional[ClusterSettings] = None) -> Executor:
    """``kind`` from :data:`EXECUTORS`; by default local processes when ``workers > 1``.
    ``dask``: a scheduler address, or ``local`` for a LocalCluster of ``workers`` processes;
    ``settings``: the :class:`~.watchdog.ClusterSettings` (the per-file time bound of local
    processes and of a cluster, the cluster's wait for workers; defaults otherwise)."""
    if dask is not None:
        from .cluster import DaskExecutor

        return DaskExecutor(workers, dask, settings=settings)
    kind = kind or ("process" if workers > 1 else "serial")
    return EXECUTORS[kind](workers, settings=settings)


__all__ = ["Executor", "SerialExecutor", "ProcessExecutor", "EXECUTORS", "MAX_CRASHES",
           "make_executor"]
