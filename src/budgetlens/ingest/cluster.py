"""The Dask distributed executor: ``budgetlens ingest --dask ADDRESS`` (or ``--dask local``).

Why Dask: a national year (about 500k documents) needs more cores than one machine has, and
Dask distributed is the Python field's standard scheduler for that — a scheduler with a web
dashboard, workers started on any number of machines, a task that dies with its worker retried
elsewhere. The ingest loop does not change: this is one more :class:`~.executors.Executor`, and
results come back to the one process that writes the library, exactly as with local processes.

Semantics kept close to :class:`~.executors.ProcessExecutor`:

* **Crash isolation.** A worker that dies (native crash, out of memory, killed) takes its task
  with it; the scheduler runs it again on another worker, and a task that was running during
  more than :data:`~.executors.MAX_CRASHES` deaths is given up (``KilledWorker``) and becomes one
  recorded failure (``worker-crashed``). One death more than local processes allow: under heavy
  load the suite once saw one SIGKILL counted as two deaths of the task (cause not established;
  docs/store.md), and a good file must not be lost to that. For ``--dask local`` this executor
  configures the scheduler so (``allowed-failures``); a remote scheduler keeps its own (Dask's
  default: 3).
* **One task per thread** (``worker-saturation`` 1.0 locally): a worker holds only the tasks it
  runs, so an innocent file is not in flight on a worker that a poisonous one kills.
* **A bounded window** of tasks in flight (twice the cluster's threads, read again as workers
  join or leave), so a large batch is neither submitted at once nor piles up results faster than
  the writer stores them.

* **Never waiting forever** (:mod:`.watchdog`): a file whose worker spent
  ``ClusterSettings.file_cpu`` CPU seconds on it, or past the ``file_timeout`` ceiling, is
  given up as ``timeout`` and its worker restarted; a cluster without a worker for
  ``worker_wait`` seconds gets new workers when it is our LocalCluster, and otherwise the files
  not processed yet are reported as ``cluster-no-workers`` (not stored: the next ingest reads
  them).

Workers read the files by the path the parent gives, so a remote cluster must see the same paths
(a shared or identically mounted file system); a file a worker cannot open is recorded as
unreadable, as any missing file is. Workers must run the same budgetlens (the same extractor
version): this is checked when connecting, before anything is read.
"""

from __future__ import annotations

import time
from concurrent.futures import CancelledError
from typing import TYPE_CHECKING, Any, Callable, Iterable, Iterator, Optional

from ..model.errors import CodedError
from .executors import MAX_CRASHES
from .version import extractor_version
from .watchdog import ASK_TIMEOUT, START_TIMEOUT, ClusterSettings, Watchdog

if TYPE_CHECKING:  # Dask is an optional extra: imported where a cluster is started
    from distributed import LocalCluster

# the fork server our LocalCluster's workers come from: a module of its own (ingest/forkserver.py),
# its names kept here for the scripts that stop it
from .forkserver import FORK, preload_fork_server as _preload_fork_server, stop_fork_server  # noqa: F401

#: What a file whose processing died becomes: ``on_crash(item, exc)`` → its record.
OnCrash = Callable[[Any, BaseException], Any]
# Dask's objects (client, cluster, futures, as_completed) are typed Any here: Dask is an optional
# extra, absent from most installs, and its own annotations differ between releases.

#: ``--dask local``: start a LocalCluster of worker processes on this machine.
LOCAL = "local"
#: Seconds to wait for a remote scheduler before giving up with a clear message.
CONNECT_TIMEOUT = 30
#: How long a LocalCluster lets a removed worker's nanny restart it before closing the nanny.
LOST_WORKER_TIMEOUT = "10 minutes"
#: Seconds between looks at whether a result came back (the watchdog looks less often).
_NAP = 0.05
#: Dask's housekeeping in our LocalCluster, at a pace for files that take seconds. By default
#: every event loop (scheduler, each nanny, each worker) checks its own health 50 times a second
#: and samples the machine twice a second, and each worker samples its own stacks 100 times a
#: second for the dashboard's profile page, whatever the work: an idle cluster of 2 workers cost
#: 19 ms of CPU a second in the ingesting process and 27 ms in the workers, so a batch that
#: waited on a loaded machine paid for the wait (docs/store.md, Speed). With these: 12 and 11 ms.
#: The health check still warns of a loop blocked for 3 s; the dashboard's plots update every
#: 2 s; its profile page stays empty (a remote cluster keeps its own settings).
QUIETER = {"distributed.admin.tick.interval": "1s",
           "distributed.admin.system-monitor.interval": "2s",
           "distributed.worker.profile.enabled": False}


class ClusterError(CodedError):
    """The cluster cannot be used (Dask missing, scheduler unreachable, workers on another
    version, scheduler lost mid-batch). ``code`` is stable; the batch stops, resumably."""


def dask_available() -> bool:
    """Whether the optional ``cluster`` extra (dask distributed) is installed."""
    try:
        import distributed  # noqa: F401
    except ImportError:
        return False
    return True


class DaskExecutor:
    """Runs jobs on a Dask distributed cluster: ``address`` of a scheduler
    (``tcp://host:8786``), or :data:`LOCAL` for a LocalCluster of ``workers`` processes with one
    thread each (PDFium is not thread-safe)."""

    #: Work spreads over machines: on PostgreSQL the workers write their own documents
    #: (ingest.batch.work_and_write); on SQLite results still come back to the one writer.
    distributed = True

    def __init__(self, workers: int = 2, address: str = LOCAL, *,
                 memory_limit: str | int = "auto", dashboard_address: Optional[str] = ":8787",
                 settings: Optional[ClusterSettings] = None):
        if not dask_available():
            raise ClusterError("dask-missing",
                               "未安装 Dask：pip install 'budgetlens[cluster]'",
                               "Dask is not installed: pip install 'budgetlens[cluster]'")
        self._cluster: Optional[LocalCluster] = None  # ours to stop when we started it
        self.client: Any = None
        self.address = address
        #: The bounds of :mod:`.watchdog` (per-file time, how long without a worker).
        self.settings = settings or ClusterSettings()
        self._n_workers = max(1, workers)
        self._nthreads = 1
        self._generation = 0  # how many times our LocalCluster's workers were replaced
        if address == LOCAL:
            self.client = self._start_local(max(1, workers), memory_limit, dashboard_address)
        else:
            self.client = _connect(address)
        try:
            self._check_versions()
        except BaseException:
            self.close()
            raise
        self.workers = max(1, self._threads())
        #: The dashboard's URL (the scheduler's status page), to print for the user.
        self.dashboard: Optional[str] = self.client.dashboard_link

    def _start_local(self, workers: int, memory_limit: str | int,
                     dashboard_address: Optional[str]) -> Any:
        import dask
        from distributed import Client, LocalCluster

        settings = {"distributed.scheduler.allowed-failures": MAX_CRASHES,
                    "distributed.scheduler.worker-saturation": 1.0, **QUIETER}
        # Read by the cluster's own loop whenever a worker leaves, so set for the process, not
        # in the block below: 15 s after a worker is removed, a LocalCluster closes its nanny
        # unless a worker of that name came back — and on a loaded machine a nanny takes longer
        # than that to restart a killed worker, so the restart was cut short (the nanny kills
        # the new process, "still alive after 4.0 seconds", a second death for the file it had
        # just taken) and nothing replaced it: the cluster shrank to no worker (the CI hang of
        # session 5). A worker that is truly lost is the watchdog's to replace.
        # Workers (and the watchdog's replacements) fork from a warm fork server: see FORK.
        dask.config.set({"distributed.deploy.lost-worker-timeout": LOST_WORKER_TIMEOUT, **FORK})
        _preload_fork_server()
        try:
            with dask.config.set(settings):
                self._cluster = LocalCluster(n_workers=workers, threads_per_worker=1,
                                             processes=True, memory_limit=memory_limit,
                                             dashboard_address=dashboard_address)
            return Client(self._cluster)
        except Exception as exc:  # a bad Dask setting (DASK_* variables, ~/.config/dask), no
            # process or port to be had: one coded line, not Dask's traceback
            self.close()
            raise _not_started(exc) from None

    def _threads(self) -> int:
        """The cluster's threads now (the last known count if the scheduler does not answer
        in time: the watchdog decides what a silent scheduler means)."""
        try:
            self._nthreads = sum(self.client.nthreads(callback_timeout=ASK_TIMEOUT).values())
        except Exception:
            pass
        return self._nthreads

    def _check_versions(self) -> None:
        """Every worker computes facts with this extractor version, or nothing is read: a library
        must never hold facts tagged with a version that did not make them. Waits for a worker
        first (all of a LocalCluster's): with none connected yet the check would pass unasked."""
        here = extractor_version()
        expected = len(self._cluster.workers) if self._cluster is not None else 1
        try:
            self.client.wait_for_workers(expected, timeout=CONNECT_TIMEOUT)
        except TimeoutError:
            raise ClusterError("cluster-no-workers",
                               f"Dask 调度器 {self.address} 在 {CONNECT_TIMEOUT} 秒内没有工作进程",
                               f"the Dask scheduler {self.address} has no workers after "
                               f"{CONNECT_TIMEOUT} s") from None
        theirs = self.client.run(_worker_version, on_error="return")
        # a worker that left meanwhile (restarted after a death) cannot answer: not an error
        answers = [v for v in theirs.values() if not isinstance(v, OSError)]
        failed = [v for v in answers if isinstance(v, BaseException)]
        if failed:  # a worker without budgetlens fails to unpickle the function
            raise ClusterError("cluster-workers",
                               f"集群工作进程无法运行 budgetlens：{_first_line(failed[0])}",
                               f"the cluster's workers cannot run budgetlens: "
                               f"{_first_line(failed[0])}")
        other = sorted({v for v in answers if v != here})
        if other:
            raise ClusterError("cluster-version",
                               f"集群工作进程的 budgetlens 版本（{', '.join(other)}）与本机（{here}）不同",
                               f"the cluster's workers run budgetlens {', '.join(other)}, "
                               f"this process {here}")

    def map_unordered(self, fn: Callable[[Any], Any], items: Iterable[Any],
                      on_crash: Callable[[Any, BaseException], Any]) -> Iterator[Any]:
        """Yield results as files complete. Never waits forever: a :class:`~.watchdog.Watchdog`
        looks at the cluster between results (a file past its time bound, no worker left)."""
        from distributed import as_completed

        source = iter(items)
        inflight: dict[str, tuple[Any, Any]] = {}
        done = as_completed()
        watch = Watchdog(self.client, self.settings,
                         self._replace_workers if self._cluster is not None else None)
        self._top_up(fn, source, inflight, done)
        while inflight:
            for fut in self._ready(done, watch):
                if fut.key not in inflight:  # given up already (timed out): cancelled since
                    continue
                got = self._outcome(fut, inflight[fut.key][1], on_crash)
                if got is _AGAIN:  # its worker died before the result came: computed again
                    done.add(fut)
                    continue
                del inflight[fut.key]
                watch.forget(fut.key)
                yield got
            if watch.due():
                self._threads()  # the window follows workers that join or leave
                verdict = watch.check(set(inflight))
                for key, worker, reason in verdict.timed_out:
                    item = self._abandon(key, worker, inflight, watch)
                    yield on_crash(item, reason)
                if verdict.no_workers:
                    yield from self._give_up(inflight, source, on_crash)
                    return
            self._top_up(fn, source, inflight, done)

    def _ready(self, done: Any, watch: Watchdog) -> list:
        """The futures finished by the watchdog's next look (at most ``settings.poll`` s)."""
        while not done.has_ready() and not watch.due():
            time.sleep(_NAP)
        return done.next_batch(block=False)

    def _outcome(self, fut: Any, item: Any, on_crash: OnCrash) -> Any:
        """The result, or ``on_crash``'s record; :data:`_AGAIN` when it could not be fetched in
        time — its worker died holding it (Dask then computes it again, which with no worker
        left would be a wait without end inside ``result()``), or the transfer is slow."""
        try:
            result = fut.result(timeout=ASK_TIMEOUT * 3)
        except TimeoutError:
            return _AGAIN
        except CancelledError:  # the scheduler went away: every task in flight is lost
            raise _lost(self.address) from None
        except Exception as exc:  # KilledWorker (died too often), or the task's own error
            result = on_crash(item, exc)
        fut.release()
        return result

    def _abandon(self, key: str, worker: str, inflight: dict, watch: Watchdog) -> Any:
        """Give up a file past its bound: cancel it, and restart its worker (through its nanny)
        to get the thread back — a Python thread cannot be stopped from outside. A worker that
        cannot be restarted is not counted as available until it leaves."""
        fut, item = inflight.pop(key)
        watch.forget(key)
        try:
            self.client.cancel([fut])
            answer = self.client.restart_workers([worker], timeout=ASK_TIMEOUT * 3,
                                                 raise_for_error=False)
        except Exception:  # the scheduler did not take it: the worker stays wedged
            answer = {worker: "failed"}
        if any(v != "OK" for v in dict(answer or {}).values()):
            watch.wedged.add(worker)
        return item

    def _give_up(self, inflight: dict, source: Iterator[Any], on_crash: OnCrash) -> Iterator[Any]:
        """No worker for ``worker_wait`` seconds: every file not processed yet is reported as
        ``cluster-no-workers`` (not stored: the next ingest reads it); what was stored stays."""
        wait = self.settings.worker_wait
        exc = ClusterError(
            "cluster-no-workers",
            f"Dask 集群 {self.address} 已 {wait:g} 秒没有可用的工作进程，该文件未处理；"
            "再次入库时会读取（已存入的文件跳过）",
            f"the Dask cluster {self.address} has had no worker for {wait:g} s: this file was "
            "not processed; ingest again to read it (what was stored is skipped)")
        futures = [fut for fut, _ in inflight.values()]
        try:
            self.client.cancel(futures)
        except Exception:  # the scheduler is gone as well: nothing to cancel there
            pass
        for _, item in list(inflight.values()):
            yield on_crash(item, exc)
        inflight.clear()
        for item in source:
            yield on_crash(item, exc)

    def _replace_workers(self) -> None:
        """New workers for the LocalCluster we started (none left, and its nannies did not bring
        them back), under names never used before, then waits (with a bound) for one to join:
        starting a process on a loaded machine takes longer than the watchdog's wait, and
        counting from the request would replace them again while they start.

        Why new names: ``scale(0)`` then ``scale(n)`` names the new workers 0..n-1 again — the
        names of the dead ones, whose nannies the cluster still holds — and its one pending
        correction then finds nothing to close and nothing to open: no worker came until a
        bound ran out (252 s for tests/ingest/test_watchdog.py on a quiet machine, docs/status
        of session 6). Under new names the correction closes the old nannies (their processes
        are gone or wedged: killed) and starts the new ones, in seconds."""
        import dask

        assert self._cluster is not None  # only called for a LocalCluster we started
        self._generation += 1
        try:
            with dask.config.set(QUIETER):  # read by the new nannies as they start
                self._cluster.sync(_renew, self._cluster, self._n_workers, self._generation,
                                   callback_timeout=START_TIMEOUT)
            self.client.wait_for_workers(1, timeout=START_TIMEOUT)
        except TimeoutError:  # the watchdog's clock runs again from here
            pass

    def _top_up(self, fn: Callable[[Any], Any], source: Iterator[Any], inflight: dict,
                done: Any) -> None:
        """Submit jobs until twice the cluster's threads are in flight (as last asked: once per
        watchdog look, not once per result — each ask is a round trip to the scheduler)."""
        window = 2 * max(1, self._nthreads)
        while len(inflight) < window:
            item = next(source, _END)
            if item is _END:
                return
            fut = self.client.submit(fn, item, pure=False)
            inflight[fut.key] = (fut, item)
            done.add(fut)

    def close(self) -> None:
        """Bounded too: a cluster that lost its workers must not hang the exit."""
        try:
            if self.client is not None:
                self.client.close(timeout=ASK_TIMEOUT * 3)
        finally:
            if self._cluster is not None:
                try:
                    self._cluster.close(timeout=ASK_TIMEOUT * 3)
                except TimeoutError:  # its processes are daemons: they end with this one
                    pass


_END = object()
_AGAIN = object()


def _worker_version() -> str:
    """Runs on each worker (sent by reference: the worker's own budgetlens answers)."""
    from budgetlens.ingest.version import extractor_version as on_worker

    return on_worker()


async def _renew(cluster: Any, workers: int, generation: int) -> None:
    """On the LocalCluster's loop: every worker it holds is given up and ``workers`` new ones
    named ``r<generation>-<i>`` take their place (``SpecCluster._correct_state`` closes the
    ones no longer in the spec and starts the new)."""
    for name in list(cluster.worker_spec):
        del cluster.worker_spec[name]
    for i in range(workers):
        cluster.worker_spec[f"r{generation}-{i}"] = cluster.new_spec
    await cluster._correct_state()


def _not_started(exc: BaseException) -> ClusterError:
    """Why our LocalCluster did not start: the error and, when Dask wrapped it ("Nanny failed
    to start."), the cause it wrapped."""
    why = _first_line(exc)
    cause = exc.__cause__ or exc.__context__
    if cause is not None and _first_line(cause) != why:
        why = f"{why} ← {_first_line(cause)}"
    why = why if len(why) <= 300 else why[:299] + "…"
    return ClusterError("cluster-start",
                        f"无法在本机启动 Dask 集群：{why}（请检查 Dask 配置：DASK_* 环境变量、"
                        "~/.config/dask）",
                        f"the local Dask cluster could not start: {why} (check the Dask "
                        "configuration: DASK_* environment variables, ~/.config/dask)")


def _connect(address: str) -> Any:
    from distributed import Client

    try:
        return Client(address, timeout=CONNECT_TIMEOUT)
    except (OSError, TimeoutError, ValueError) as exc:
        raise ClusterError("cluster-unreachable",
                           f"无法连接 Dask 调度器 {address}：{_first_line(exc)}",
                           f"cannot reach the Dask scheduler {address}: {_first_line(exc)}"
                           ) from None


def _lost(address: str) -> ClusterError:
    return ClusterError("cluster-lost",
                        f"与 Dask 调度器 {address} 的连接中断；已存入的文件下次入库时会跳过",
                        f"lost the Dask scheduler {address}; files already stored are skipped "
                        "next time")


def _first_line(exc: BaseException) -> str:
    return (f"{type(exc).__name__}: {exc}".splitlines() or [type(exc).__name__])[0]
