"""The bounds that keep a cluster ingest from waiting forever (``ingest --dask``).

Why: Dask's futures wait as long as it takes. A worker that hangs on a file holds its thread for
ever, and a cluster whose workers all died and were not brought back (a LocalCluster's nanny
that failed to restart its worker under load: seen in CI, docs/status of session 5; a remote
cluster whose machines went away) leaves every file in flight waiting for a worker that never
comes. Nothing in Dask turns either into an error, so the executor polls the scheduler and
decides itself:

* **a file that runs too long** (``ClusterSettings.file_timeout``, counted from when the
  scheduler assigned it to a worker) is given up as ``timeout``, like ``audit --timeout``; its
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

#: Seconds one call to the scheduler may take before the watchdog counts it as unanswered.
ASK_TIMEOUT = 10.0
#: Seconds new worker processes of our LocalCluster may take to start (a loaded machine: tens).
START_TIMEOUT = 180.0


@dataclass(frozen=True)
class ClusterSettings:
    """How long a cluster ingest waits before it acts (``ingest --timeout``, ``--worker-wait``).

    ``file_timeout`` is per file (None: no limit). The default is generous: a clean 300-page
    PDF takes seconds, a scanned one with OCR minutes; a file past ten minutes is pathological.
    ``worker_wait`` must exceed the time a nanny takes to restart a worker (seconds, more under
    load), else a single death would look like the loss of the cluster."""

    file_timeout: Optional[float] = 600.0
    worker_wait: float = 60.0
    replacements: int = 2
    poll: float = 1.0

    def __post_init__(self) -> None:
        if self.file_timeout is not None and self.file_timeout <= 0:
            raise ValueError(f"file_timeout must be positive or None: {self.file_timeout}")
        if self.worker_wait <= 0 or self.poll <= 0 or self.replacements < 0:
            raise ValueError(f"bad cluster settings: {self}")


def overdue(seconds: float) -> CodedError:
    """The reason a file given up at its time bound is recorded with (local or cluster)."""
    return CodedError("timeout",
                      f"处理超过 {seconds:g} 秒仍未完成，已放弃该文件（可用 --timeout 调整）",
                      f"processing took longer than {seconds:g} s and was abandoned "
                      "(see --timeout)")


@dataclass
class Verdict:
    """What one look at the cluster found: keys running past the bound (with their worker), and
    whether the remaining files must be given up for want of workers."""

    timed_out: list[tuple[str, str]] = field(default_factory=list)
    no_workers: bool = False


class Watchdog:
    """Looks at the scheduler once per ``settings.poll`` seconds (``check``); keeps the clocks.

    ``replace`` starts new workers of a cluster we own (None: not ours to mend). Time comes from
    ``clock`` (monotonic), so that a change of the wall clock neither fires nor hides a bound."""

    def __init__(self, client: Any, settings: ClusterSettings,
                 replace: Optional[Callable[[], None]] = None,
                 clock: Callable[[], float] = time.monotonic):
        self.client, self.settings, self.replace, self.clock = client, settings, replace, clock
        self.last_alive = clock()
        self.next_look = self.last_alive
        self.replaced = 0
        self.wedged: set[str] = set()
        self._started: dict[str, tuple[float, str]] = {}

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
                 now: float) -> list[tuple[str, str]]:
        """Record when each key was first seen running; those past ``file_timeout``."""
        running = {str(k): w for w, keys in processing.items() for k in keys}
        started = {k: v for k, v in self._started.items() if k in inflight}
        for key, worker in running.items():
            if key in inflight and (key not in started or started[key][1] != worker):
                started[key] = (now, worker)  # a key moved to another worker starts again
        self._started = started
        limit = self.settings.file_timeout
        if limit is None:
            return []
        return [(k, w) for k, (t, w) in started.items() if k in running and now - t >= limit]

    def _ask(self) -> Optional[dict[str, list]]:
        """The scheduler's workers and the keys each runs, or None when it does not answer in
        time (counted as no worker: the same bound then ends the wait)."""
        try:
            return self.client.sync(self.client.scheduler.processing, workers=None,
                                    callback_timeout=ASK_TIMEOUT)
        except Exception:  # timeout, closed comm: the scheduler cannot tell us anything now
            return None

    def forget(self, key: str) -> None:
        self._started.pop(key, None)
