"""The bounds that keep a cluster ingest from waiting forever (``ingest --dask``).

Why: Dask's futures wait as long as it takes. A worker that hangs on a file holds its thread for
ever, and a cluster whose workers all died and were not brought back (a LocalCluster's nanny
that failed to restart its worker under load: seen in CI, docs/status of session 5; a remote
cluster whose machines went away) leaves every file in flight waiting for a worker that never
comes. Nothing in Dask turns either into an error, so the executor polls the scheduler and
decides itself:

* **a file that runs too long** is given up as ``timeout``: its worker process spent
  ``ClusterSettings.file_cpu`` CPU seconds on it (asked of the worker,
  :func:`budgetlens.batch.cpu_own`; the same verdict at any load), or ``file_timeout`` seconds of wall time passed since the
  scheduler assigned it (a ceiling far above, for a worker stuck without burning CPU); its
  worker is restarted through its nanny to get the thread back (a worker without a nanny cannot
  be, and counts as not available until it leaves);
* **no worker available** for ``ClusterSettings.worker_wait`` seconds: a LocalCluster we started
  gets new workers (up to ``replacements`` times); otherwise, or after that, the files not yet
  processed are reported as ``cluster-no-workers`` — not stored, so the next ingest reads them —
  and what was stored stays.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any, Callable, Optional

from ..model.errors import CodedError
from ..batch import cpu_own

#: Seconds one call to the scheduler may take before the watchdog counts it as unanswered.
ASK_TIMEOUT = 10.0
#: Seconds new worker processes of our LocalCluster may take to start (a loaded machine: tens).
START_TIMEOUT = 180.0


@dataclass(frozen=True)
class ClusterSettings:
    """How long an ingest with workers waits before it acts (``ingest --cpu-timeout``,
    ``--timeout``, ``--worker-wait``).

    ``file_cpu`` is the CPU seconds a worker process may spend on one file (None: no limit):
    what judges a file, the same at any load. Generous: a clean 300-page PDF takes seconds, a
    scanned one with OCR minutes; past ten CPU minutes a file is pathological. ``file_timeout``
    is a wall-clock ceiling per file (None: none), far above: a file's wall time is its CPU time
    over the share of a core the host gives it (a twentieth at load 40 on two cores), so only a
    worker stuck in a sleep or a read that burns no CPU should reach it. ``worker_wait`` must
    exceed the time a nanny takes to restart a worker (seconds, more under load), else a single
    death would look like the loss of the cluster."""

    file_cpu: Optional[float] = 600.0
    file_timeout: Optional[float] = 3600.0
    worker_wait: float = 60.0
    replacements: int = 2
    poll: float = 1.0

    def __post_init__(self) -> None:
        for name in ("file_cpu", "file_timeout"):
            value = getattr(self, name)
            if value is not None and value <= 0:
                raise ValueError(f"{name} must be positive or None: {value}")
        if self.worker_wait <= 0 or self.poll <= 0 or self.replacements < 0:
            raise ValueError(f"bad cluster settings: {self}")


def overdue(seconds: float, cpu: bool = False) -> CodedError:
    """The reason a file given up at its time bound is recorded with (local or cluster):
    ``cpu`` for the CPU seconds its worker spent, else the wall-clock ceiling."""
    if cpu:
        return CodedError("timeout",
                          f"工作进程处理该文件已用去 {seconds:g} 秒 CPU 时间仍未完成，已放弃该文件"
                          "（可用 --cpu-timeout 调整）",
                          f"its worker spent {seconds:g} CPU seconds on it without finishing; "
                          "abandoned (see --cpu-timeout)")
    return CodedError("timeout",
                      f"处理超过 {seconds:g} 秒仍未完成，已放弃该文件（可用 --timeout 调整）",
                      f"processing took longer than {seconds:g} s and was abandoned "
                      "(see --timeout)")


@dataclass
class Verdict:
    """What one look at the cluster found: keys past a bound (with their worker and the reason
    they are recorded with), and whether the remaining files must be given up for want of
    workers."""

    timed_out: list[tuple[str, str, CodedError]] = field(default_factory=list)
    no_workers: bool = False


#: A running key: when it was first seen running (clock), its worker, that worker's CPU seconds
#: then (None: the worker did not answer; until it does, only the wall-clock ceiling applies).
Started = tuple[float, str, Optional[float]]


class Watchdog:
    """Looks at the scheduler once per ``settings.poll`` seconds (``check``); keeps the clocks.

    ``replace`` starts new workers of a cluster we own (None: not ours to mend). Time comes from
    ``clock`` (monotonic), so that a change of the wall clock neither fires nor hides a bound;
    the CPU seconds of workers from ``cpu`` (worker addresses → seconds; by default each worker
    is asked, :func:`budgetlens.batch.cpu_own`)."""

    def __init__(self, client: Any, settings: ClusterSettings,
                 replace: Optional[Callable[[], None]] = None,
                 clock: Callable[[], float] = time.monotonic,
                 cpu: Optional[Callable[[list[str]], dict[str, float]]] = None):
        self.client, self.settings, self.replace, self.clock = client, settings, replace, clock
        self.cpu = cpu or self._ask_cpu
        self.last_alive = clock()
        self.next_look = self.last_alive
        self.replaced = 0
        self.wedged: set[str] = set()
        self._started: dict[str, Started] = {}

    def due(self) -> bool:
        return self.clock() >= self.next_look

    def check(self, inflight: set[str]) -> Verdict:
        """One look: the running keys (their start times), and the workers still available."""
        now = self.clock()
        self.next_look = now + self.settings.poll
        processing = self._ask()
        verdict = Verdict()
        if processing is not None:
            self.wedged &= set(processing)  # a wedged worker that left is no longer counted
            verdict.timed_out = self._overdue(processing, inflight, now)
            available = set(processing) - self.wedged
        else:
            available = set()
        if available:
            self.last_alive = now
        elif now - self.last_alive >= self.settings.worker_wait:
            if self.replace is not None and self.replaced < self.settings.replacements:
                self.replaced += 1
                self.replace()  # returns once a new worker is up, or after a bound
                self.last_alive = self.clock()
            else:
                verdict.no_workers = True
        return verdict

    def _overdue(self, processing: dict[str, list], inflight: set[str],
                 now: float) -> list[tuple[str, str, CodedError]]:
        """Record when each key was first seen running and its worker's CPU seconds then; the
        keys past ``file_cpu`` CPU seconds or the ``file_timeout`` ceiling."""
        running = {str(k): w for w, keys in processing.items() for k in keys if str(k) in inflight}
        cpu_limit, wall_limit = self.settings.file_cpu, self.settings.file_timeout
        cpu = self.cpu(sorted(set(running.values()))) if running and cpu_limit else {}
        started = {k: v for k, v in self._started.items() if k in inflight}
        for key, worker in running.items():
            if key not in started or started[key][1] != worker:
                started[key] = (now, worker, cpu.get(worker))  # a moved key starts again
            elif started[key][2] is None:  # its worker had not answered: counted from now
                started[key] = (started[key][0], worker, cpu.get(worker))
        self._started = started
        out = []
        for key, worker in running.items():
            t, _, cpu0 = started[key]
            now_cpu = cpu.get(worker)
            spent = None if cpu0 is None or now_cpu is None else now_cpu - cpu0
            if cpu_limit is not None and spent is not None and spent >= cpu_limit:
                out.append((key, worker, overdue(cpu_limit, cpu=True)))
            elif wall_limit is not None and now - t >= wall_limit:
                out.append((key, worker, overdue(wall_limit)))
        return out

    def _ask(self) -> Optional[dict[str, list]]:
        """The scheduler's workers and the keys each runs, or None when it does not answer in
        time (counted as no worker: the same bound then ends the wait)."""
        try:
            return self.client.sync(self.client.scheduler.processing, workers=None,
                                    callback_timeout=ASK_TIMEOUT)
        except Exception:  # timeout, closed comm: the scheduler cannot tell us anything now
            return None

    def _ask_cpu(self, workers: list[str]) -> dict[str, float]:
        """Each worker process's CPU seconds (``client.run`` runs beside the task, on the
        worker's event loop); a worker that does not answer in time is left out (this look
        judges its key by the wall-clock ceiling only)."""
        try:
            answers = self.client.sync(self.client._run, cpu_own, workers=workers,
                                       on_error="return", callback_timeout=ASK_TIMEOUT)
        except Exception:  # timeout, closed comm
            return {}
        return {w: float(v) for w, v in dict(answers or {}).items() if isinstance(v, float)}

    def forget(self, key: str) -> None:
        self._started.pop(key, None)
