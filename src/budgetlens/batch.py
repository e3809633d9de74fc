"""Run a batch in worker processes, one document at a time per worker, with per-document bounds.

Why not ``concurrent.futures.ProcessPoolExecutor``: it cannot stop one task. A document stuck in
a C library (PDFium, lxml, calamine) holds its worker for ever, and a worker that dies (a
segfault, the kernel's out-of-memory killer) breaks the whole pool (``BrokenProcessPool``) and
with it every document still waiting. Here the parent knows which document each worker is on and
since when: past the limit it kills that worker, reports the document through ``on_timeout``,
starts a fresh worker and goes on; a worker that dies is reported through ``on_death`` the same
way. Results come back in input order.

Two bounds judge a document: the CPU seconds its worker process spent on it (``cpu_timeout``,
read from /proc by :func:`cpu_of_process`), which is the same at any load, and a wall-clock
ceiling (``timeout``) far above, for a worker stuck in a sleep or a read that burns no CPU. A
wall-clock bound alone gives a different verdict on the same file under a different load (its
wall time is its CPU time over the share of a core the host gives it: session 17's scans). The
CPU reading lives here, at the floor, because both pools judge by it: this one (``audit``,
``extract``) and the ingest pool (``ingest/pool.py``, ``ingest/watchdog.py`` on Dask).

Workers are started once and reused (a batch of a thousand files starts ``jobs`` processes, not a
thousand); only a killed or dead worker is replaced. This module knows nothing of budgetlens: the
pipeline passes the function and the two reports.
"""

from __future__ import annotations

import multiprocessing
import os
import time
from collections import deque
from multiprocessing.connection import Connection, wait
from multiprocessing.context import DefaultContext
from multiprocessing.process import BaseProcess
from pathlib import Path
from typing import Any, Callable, Iterator, Optional, Sequence, TypeVar

T = TypeVar("T")
R = TypeVar("R")

#: Seconds a worker is given to exit after the batch before it is killed.
SHUTDOWN_S = 5.0
#: Shortest wait between two looks at the busy workers' CPU time, in seconds: a look reads one
#: small /proc file per worker, so a document over its CPU bound is stopped within this much later.
CPU_LOOK_S = 0.2
#: Clock ticks per second of /proc's counters.
_TICK = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def cpu_own() -> float:
    """This process's CPU seconds, its threads and its waited-for children included (run on a
    Dask worker by the ingest watchdog, through ``client.run``): user and system time of every
    thread (OCR runs several) and of the children it waited for (the workbook parse)."""
    import resource

    me = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def cpu_of_process(pid: int) -> Optional[float]:
    """Process ``pid``'s CPU seconds as :func:`cpu_own` counts them, read from outside (a pool's
    parent): /proc/<pid>/stat, else psutil where installed; None when neither can tell (the
    process is gone, or a system with neither): then only the wall-clock ceiling bounds it."""
    try:
        raw = Path(f"/proc/{pid}/stat").read_bytes()
    except OSError:
        return _by_psutil(pid)
    # After "pid (comm) ": state is field 3; utime, stime, cutime, cstime are fields 14-17.
    fields = raw[raw.rindex(b")") + 2:].split()
    try:
        return sum(int(x) for x in fields[11:15]) / _TICK
    except (ValueError, IndexError):
        return None


def _by_psutil(pid: int) -> Optional[float]:
    try:
        import psutil  # installed with the cluster extra; not a dependency of its own
    except ImportError:
        return None
    try:
        t = psutil.Process(pid).cpu_times()
    except Exception:  # gone, or not ours to look at
        return None
    return float(t.user + t.system + t.children_user + t.children_system)


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
        self.cpu0: Optional[float] = None

    def give(self, job: Any, message: Any) -> None:
        """Hold ``job`` from now (its wall clock and its process's CPU seconds start here) and
        send the process ``message``."""
        self.cpu0 = cpu_of_process(self.process.pid or 0)
        self.job, self.started = job, time.monotonic()
        self.conn.send(message)

    def spent(self) -> Optional[float]:
        """CPU seconds the process spent on its job so far (None: not known here; then only the
        wall-clock ceiling bounds it)."""
        now = cpu_of_process(self.process.pid or 0)
        return None if self.cpu0 is None or now is None else now - self.cpu0

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


def next_look(busy: list[Worker], timeout: Optional[float],
              cpu_timeout: Optional[float]) -> Optional[float]:
    """Seconds a pool waits for an answer before it looks at the bounds again: until the earliest
    wall-clock ceiling, or until the busy worker nearest its CPU bound could reach it if its
    threads had every core (CPU time cannot grow faster), at least :data:`CPU_LOOK_S`; None: no
    bound, wait for an answer or a death."""
    now, waits = time.monotonic(), []
    if timeout is not None:
        waits.append(max(0.0, min(w.started for w in busy) + timeout - now))
    if cpu_timeout is not None:
        spent = [s for s in (w.spent() for w in busy) if s is not None]
        if spent:
            cores = os.cpu_count() or 1
            waits.append(max(CPU_LOOK_S, (cpu_timeout - max(spent)) / cores))
    return min(waits) if waits else None


def run_pool(fn: Callable[[T], R], items: Sequence[T], jobs: int = 1,
             timeout: Optional[float] = None, *, on_timeout: Callable[[T, float], R],
             on_death: Callable[[T, Optional[int]], R], cpu_timeout: Optional[float] = None,
             on_cpu_timeout: Optional[Callable[[T, float], R]] = None) -> Iterator[R]:
    """``fn(item)`` for every item in ``jobs`` worker processes, yielded in input order.

    An item on which its worker process spent ``cpu_timeout`` CPU seconds gets
    ``on_cpu_timeout(item, cpu_timeout)`` (default ``on_timeout``), one still running after
    ``timeout`` seconds of wall time ``on_timeout(item, timeout)``, and its worker is killed; an
    item whose worker died gets ``on_death(item, exitcode)`` (a negative exit code is the
    signal). ``fn`` and the items must be picklable.
    """
    ctx = multiprocessing.get_context()
    pending = deque(enumerate(items))
    done: dict[int, R] = {}
    workers = [Worker(ctx, _serve, fn) for _ in range(max(1, min(jobs, len(items))))]
    bounds = _Bounds(timeout, cpu_timeout, on_timeout, on_cpu_timeout or on_timeout)
    next_out = 0
    try:
        while next_out < len(items):
            for w in workers:
                if w.job is None and pending:
                    index, item = pending.popleft()
                    w.give(index, (index, item))
            _collect(workers, items, done, bounds, on_death, lambda: Worker(ctx, _serve, fn))
            while next_out in done:
                yield done.pop(next_out)
                next_out += 1
    finally:
        for w in workers:
            w.stop()


class _Bounds:
    """A pool's two bounds per item and what an item past each becomes."""

    def __init__(self, wall: Optional[float], cpu: Optional[float], on_wall: Callable,
                 on_cpu: Callable) -> None:
        self.wall, self.cpu, self.on_wall, self.on_cpu = wall, cpu, on_wall, on_cpu

    def verdict(self, w: Worker, item: Any) -> Any:
        """What ``w``'s item becomes when it is past a bound (its CPU bound first), else
        :data:`_WITHIN`."""
        if self.cpu is not None:
            spent = w.spent()
            if spent is not None and spent >= self.cpu:
                return self.on_cpu(item, self.cpu)
        if self.wall is not None and time.monotonic() - w.started >= self.wall:
            return self.on_wall(item, self.wall)
        return _WITHIN


_WITHIN = object()


def _collect(workers: list[Worker], items: Sequence, done: dict, bounds: _Bounds,
             on_death: Callable, fresh: Callable[[], Worker]) -> None:
    """Wait for the next answer, death or bound; record results, replace lost workers."""
    busy = [w for w in workers if w.job is not None]
    if not busy:
        return
    left = next_look(busy, bounds.wall, bounds.cpu)
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
        elif (verdict := bounds.verdict(w, items[index])) is not _WITHIN:
            done[index] = verdict
        else:
            continue
        w.stop(kill=True)
        workers[k] = fresh()
