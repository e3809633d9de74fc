"""Run a batch in worker processes, one document at a time per worker, with a per-document limit.

Why not ``concurrent.futures.ProcessPoolExecutor``: it cannot stop one task. A document stuck in
a C library (PDFium, lxml, calamine) holds its worker for ever, and a worker that dies (a
segfault, the kernel's out-of-memory killer) breaks the whole pool (``BrokenProcessPool``) and
with it every document still waiting. Here the parent knows which document each worker is on and
since when: past the limit it kills that worker, reports the document through ``on_timeout``,
starts a fresh worker and goes on; a worker that dies is reported through ``on_death`` the same
way. Results come back in input order.

Workers are started once and reused (a batch of a thousand files starts ``jobs`` processes, not a
thousand); only a killed or dead worker is replaced. This module knows nothing of budgetlens: the
pipeline passes the function and the two reports.
"""

from __future__ import annotations

import multiprocessing
import time
from collections import deque
from multiprocessing.connection import Connection, wait
from multiprocessing.context import DefaultContext
from multiprocessing.process import BaseProcess
from typing import Any, Callable, Iterator, Optional, Sequence, TypeVar

T = TypeVar("T")
R = TypeVar("R")

#: Seconds a worker is given to exit after the batch before it is killed.
SHUTDOWN_S = 5.0


def incoming(conn: Connection) -> Iterator[Any]:
    """A worker's messages from its parent, until None or the pipe closes (the parent gone).
    Shared by this pool and the ingest pool (``ingest/pool.py``)."""
    while True:
        try:
            message = conn.recv()
        except (EOFError, OSError):
            return
        if message is None:
            return
        yield message


def _serve(conn: Connection, fn: Callable[[Any], Any]) -> None:
    """Worker loop: receive ``(index, item)``, send back ``(index, fn(item))``; None stops."""
    for index, item in incoming(conn):
        conn.send((index, fn(item)))


class Worker:
    """One worker process, its end of the pipe, and the job it holds (None: idle) since when.
    Shared by this pool and the ingest pool (``ingest/pool.py``): each pool passes the loop its
    processes run (``serve(conn, *args)``) and says what a job is."""

    def __init__(self, ctx: DefaultContext, serve: Callable[..., None], *args: object) -> None:
        self.conn, child = ctx.Pipe()
        self.process = ctx.Process(target=serve, args=(child, *args), daemon=True)
        self.process.start()
        child.close()
        self.job: Any = None
        self.started = 0.0

    def give(self, job: Any, message: Any) -> None:
        """Hold ``job`` from now and send the process ``message``."""
        self.job, self.started = job, time.monotonic()
        self.conn.send(message)

    def stop(self, kill: bool = False) -> None:
        """End the process: politely when idle, at once when killed or holding a job (its
        answer, if any came, belongs to a batch no one reads any more)."""
        end_process(self.process, self.conn, kill or self.job is not None)


def end_process(process: BaseProcess, conn: Connection, kill: bool) -> None:
    """End a worker process: ask it to stop (None down its pipe) or kill it at once, kill it
    anyway when it has not gone after :data:`SHUTDOWN_S`, and close our end of the pipe. Shared
    by this pool and the ingest pool (``ingest/pool.py``), whose workers speak the same way."""
    if kill:
        process.kill()
    else:
        try:
            conn.send(None)
        except (OSError, ValueError):
            pass
    process.join(0 if kill else SHUTDOWN_S)
    if process.is_alive():
        process.kill()
        process.join()
    conn.close()


def run_pool(fn: Callable[[T], R], items: Sequence[T], jobs: int = 1,
             timeout: Optional[float] = None, *, on_timeout: Callable[[T, float], R],
             on_death: Callable[[T, Optional[int]], R]) -> Iterator[R]:
    """``fn(item)`` for every item in ``jobs`` worker processes, yielded in input order.

    An item still running after ``timeout`` seconds gets ``on_timeout(item, timeout)`` instead
    and its worker is killed; an item whose worker died gets ``on_death(item, exitcode)`` (a
    negative exit code is the signal). ``fn`` and the items must be picklable.
    """
    ctx = multiprocessing.get_context()
    pending = deque(enumerate(items))
    done: dict[int, R] = {}
    workers = [Worker(ctx, _serve, fn) for _ in range(max(1, min(jobs, len(items))))]
    next_out = 0
    try:
        while next_out < len(items):
            for w in workers:
                if w.job is None and pending:
                    index, item = pending.popleft()
                    w.give(index, (index, item))
            _collect(workers, items, done, timeout, on_timeout, on_death,
                     lambda: Worker(ctx, _serve, fn))
            while next_out in done:
                yield done.pop(next_out)
                next_out += 1
    finally:
        for w in workers:
            w.stop()


def _collect(workers: list[Worker], items: Sequence, done: dict, timeout: Optional[float],
             on_timeout: Callable, on_death: Callable, fresh: Callable[[], Worker]) -> None:
    """Wait for the next answer, death or deadline; record results, replace lost workers."""
    busy = [w for w in workers if w.job is not None]
    if not busy:
        return
    now = time.monotonic()
    left = None if timeout is None else max(0.0, min(w.started + timeout for w in busy) - now)
    ready = set(wait([w.conn for w in busy] + [w.process.sentinel for w in busy], left))
    for k, w in enumerate(workers):
        if w.job is None:
            continue
        index = w.job
        if w.conn in ready:
            try:
                got_index, value = w.conn.recv()
            except (EOFError, OSError):
                w.process.join(SHUTDOWN_S)
                done[index] = on_death(items[index], w.process.exitcode)
            else:
                done[got_index] = value
                w.job = None
                continue
        elif w.process.sentinel in ready:
            w.process.join()
            done[index] = on_death(items[index], w.process.exitcode)
        elif timeout is not None and time.monotonic() - w.started >= timeout:
            done[index] = on_timeout(items[index], timeout)
        else:
            continue
        w.stop(kill=True)
        workers[k] = fresh()
