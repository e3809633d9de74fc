"""Local worker processes for ``ingest --workers N``: every file bounded in time, every death named.

Why not ``concurrent.futures.ProcessPoolExecutor`` (what this replaced): it cannot stop one task,
so a file stuck in a C library (PDFium, lxml, calamine) held its worker for ever and the batch
never ended — the ``--timeout`` of ``--dask`` had no local counterpart; and a worker that died
broke the whole pool, every file in flight with it, so the suspects had to be run again one at a
time to find the culprit. Here the parent knows which file each worker holds and since when:

* a file on which its worker process spent ``file_cpu`` CPU seconds (read from /proc by
  :func:`budgetlens.batch.cpu_of_process`: the same verdict at any load), or that passed the ``file_timeout`` wall-clock ceiling (far above, for a
  worker stuck without burning CPU), is given up (``on_crash`` with a ``timeout`` CodedError,
  :func:`~.watchdog.overdue`), its worker killed and a fresh one started, the batch goes on;
* a worker that dies (a native crash, the out-of-memory killer) names its file: the file runs
  again once, on a fresh worker (the death may have been the machine's, not the file's), and a
  file in flight during :data:`~.executors.MAX_CRASHES` deaths becomes one failure.

Each worker holds one file at a time, and a file is taken from the (lazy) source only when a
worker is free: nothing piles up, and ``reprocess`` writes a kept copy only when it is read.
A worker that answers is given its next file *before* its answer is yielded to the caller (the
one writer, ``ingest/batch.py``): storing a document takes the writer a tenth of what reading it
took the worker, and a worker left idle meanwhile made the writer the serial part of a
two-worker ingest (docs/benchmark.md, session 15). At most one answer per worker waits in the
parent, so memory stays bounded by the number of workers.
"""

from __future__ import annotations

import multiprocessing
import pickle
import time
from collections import deque
from multiprocessing.connection import Connection, wait
from typing import Any, Callable, Iterable, Iterator, Optional

from ..batch import SHUTDOWN_S, Worker, incoming, next_look
from .watchdog import ClusterSettings, overdue

#: How many times a file may be in flight when its worker process dies before it is given up
#: (the same bound as the cluster's; executors.MAX_CRASHES re-exports it).
MAX_CRASHES = 2


class WorkerDied(Exception):
    """The worker process holding a file ended without an answer (``exitcode``: negative for
    the signal, as multiprocessing reports it)."""

    def __init__(self, exitcode: Optional[int]):
        self.exitcode = exitcode
        how = f"signal {-exitcode}" if exitcode is not None and exitcode < 0 else f"exit code {exitcode}"
        super().__init__(f"the worker process died ({how})")


def _serve(conn: Connection) -> None:
    """Worker loop: receive ``(fn, item)``, answer ``(True, fn(item))`` or ``(False, error)``;
    None (or the parent gone) ends it. An error is sent as data: a bug in one file's processing
    is that file's failure, not the worker's death."""
    for fn, item in incoming(conn):
        try:
            answer = (True, fn(item))
        except Exception as exc:
            answer = (False, _portable(exc))
        try:
            conn.send(answer)
        except Exception as exc:  # the result could not be pickled: say so instead
            conn.send((False, RuntimeError(f"result not sendable: {_line(exc)}")))


def _portable(exc: BaseException) -> BaseException:
    """``exc`` if it survives pickling, else a RuntimeError with its first line."""
    try:
        pickle.loads(pickle.dumps(exc))
    except Exception:
        return RuntimeError(_line(exc))
    return exc


def _line(exc: BaseException) -> str:
    return (f"{type(exc).__name__}: {exc}".splitlines() or [type(exc).__name__])[0]


class ProcessExecutor:
    """``workers`` local processes (PDFium is not thread-safe, so processes, not threads), each
    file bounded by ``settings.file_cpu`` CPU seconds of its worker and ``settings.file_timeout``
    seconds of wall time (None: unbounded), started once and reused across batches; only a
    killed or dead worker is replaced."""

    def __init__(self, workers: int = 2, settings: Optional[ClusterSettings] = None):
        self.workers = max(1, workers)
        settings = settings or ClusterSettings()
        self.timeout, self.cpu_limit = settings.file_timeout, settings.file_cpu
        self._ctx = multiprocessing.get_context()
        self._pool: list[Worker] = []

    def map_unordered(self, fn: Callable[[Any], Any], items: Iterable[Any],
                      on_crash: Callable[[Any, BaseException], Any]) -> Iterator[Any]:
        """Yield ``fn(item)`` (or ``on_crash``'s record) for every item, as files complete."""
        source = iter(items)
        again: deque[tuple[Any, int]] = deque()  # files whose worker died, to run once more
        while len(self._pool) < self.workers:
            self._pool.append(self._fresh())
        try:
            while True:
                self._hand_out(fn, source, again)
                busy = [w for w in self._pool if w.job is not None]
                if not busy:
                    return
                settled = list(self._collect(busy, again, on_crash))
                self._hand_out(fn, source, again)  # before the caller stores what came back
                yield from settled
        finally:  # an abandoned batch (an error in the writer, Ctrl-C): its files are dropped
            for k, w in enumerate(self._pool):
                if w.job is not None:
                    w.stop(kill=True)
                    self._pool[k] = self._fresh()

    def _hand_out(self, fn: Callable, source: Iterator[Any], again: deque) -> None:
        """Give each idle worker a file: first those to run again, then the next of the source.
        An idle worker that ended (killed from outside) is replaced first."""
        for k, w in enumerate(self._pool):
            if w.job is not None:
                continue
            if not w.process.is_alive():
                w.stop(kill=True)
                w = self._pool[k] = self._fresh()
            if again:
                job = again.popleft()
            else:
                item = next(source, _END)
                if item is _END:
                    return
                job = (item, 0)
            w.give(job, (fn, job[0]))  # its CPU seconds counted from here (Worker.spent)

    def _collect(self, busy: list[Worker], again: deque,
                 on_crash: Callable[[Any, BaseException], Any]) -> Iterator[Any]:
        """Wait for the next answer, death or deadline; yield what is settled, replace lost
        workers (the killed and the dead)."""
        ready = set(wait([w.conn for w in busy] + [w.process.sentinel for w in busy],
                         next_look(busy, self.timeout, self.cpu_limit)))
        for w in busy:
            item, crashes = w.job
            if w.conn in ready:
                try:
                    ok, value = w.conn.recv()
                except (EOFError, OSError):  # died while answering
                    pass
                else:
                    w.job = None
                    yield value if ok else on_crash(item, value)
                    continue
            elif (why := self._overdue(w)) is not None:
                yield on_crash(item, why)
                self._replace(w)
                continue
            elif w.process.sentinel not in ready:
                continue
            w.process.join(SHUTDOWN_S)
            died = WorkerDied(w.process.exitcode)
            self._replace(w)
            if crashes + 1 >= MAX_CRASHES:
                yield on_crash(item, died)
            else:
                again.append((item, crashes + 1))

    def _overdue(self, w: Worker) -> Optional[BaseException]:
        """The reason ``w``'s file is given up (its CPU bound, else the ceiling), or None."""
        spent = w.spent()
        if self.cpu_limit is not None and spent is not None and spent >= self.cpu_limit:
            return overdue(self.cpu_limit, cpu=True)
        if self.timeout is not None and time.monotonic() - w.started >= self.timeout:
            return overdue(self.timeout)
        return None

    def _replace(self, w: Worker) -> None:
        """Kill ``w`` (dead already, or holding a file past its bound) and start a fresh one."""
        w.stop(kill=True)
        w.job = None
        self._pool[self._pool.index(w)] = self._fresh()

    def _fresh(self) -> Worker:
        """A new worker process; its job is ``(item, crashes)``."""
        return Worker(self._ctx, _serve)

    @property
    def pids(self) -> list[int]:
        """The worker processes' ids now (a killed worker's id is gone from it)."""
        return [w.process.pid for w in self._pool if w.process.pid is not None]

    def close(self) -> None:
        for w in self._pool:
            w.stop()
        self._pool.clear()


_END = object()

__all__ = ["ProcessExecutor", "WorkerDied", "MAX_CRASHES"]
