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

Workers read the files by the path the parent gives, so a remote cluster must see the same paths
(a shared or identically mounted file system); a file a worker cannot open is recorded as
unreadable, as any missing file is. Workers must run the same budgetlens (the same extractor
version): this is checked when connecting, before anything is read.
"""

from __future__ import annotations

from concurrent.futures import CancelledError
from typing import Any, Callable, Iterable, Iterator, Optional

from ..model.errors import CodedError
from .executors import MAX_CRASHES
from .version import extractor_version

#: ``--dask local``: start a LocalCluster of worker processes on this machine.
LOCAL = "local"
#: Seconds to wait for a remote scheduler before giving up with a clear message.
CONNECT_TIMEOUT = 30


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
                 memory_limit: str | int = "auto", dashboard_address: Optional[str] = ":8787"):
        if not dask_available():
            raise ClusterError("dask-missing",
                               "未安装 Dask：pip install 'budgetlens[cluster]'",
                               "Dask is not installed: pip install 'budgetlens[cluster]'")
        self._cluster = None
        self.address = address
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

    def _start_local(self, workers: int, memory_limit, dashboard_address):
        import dask
        from distributed import Client, LocalCluster

        settings = {"distributed.scheduler.allowed-failures": MAX_CRASHES,
                    "distributed.scheduler.worker-saturation": 1.0}
        with dask.config.set(settings):
            self._cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                         memory_limit=memory_limit,
                                         dashboard_address=dashboard_address)
        return Client(self._cluster)

    def _threads(self) -> int:
        return sum(self.client.nthreads().values())

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
        from distributed import as_completed

        source = iter(items)
        inflight: dict[str, Any] = {}
        done = as_completed()
        self._top_up(fn, source, inflight, done)
        for fut in done:
            item = inflight.pop(fut.key)
            try:
                result = fut.result()
            except CancelledError:  # the scheduler went away: every task in flight is lost
                raise _lost(self.address) from None
            except Exception as exc:  # KilledWorker (died twice), or the task's own error
                result = on_crash(item, exc)
            fut.release()
            yield result
            self._top_up(fn, source, inflight, done)

    def _top_up(self, fn, source: Iterator[Any], inflight: dict, done) -> None:
        """Submit jobs until twice the cluster's current threads are in flight."""
        window = 2 * max(1, self._threads())
        while len(inflight) < window:
            item = next(source, _END)
            if item is _END:
                return
            fut = self.client.submit(fn, item, pure=False)
            inflight[fut.key] = item
            done.add(fut)

    def close(self) -> None:
        self.client.close()
        if self._cluster is not None:
            self._cluster.close()


_END = object()


def _worker_version() -> str:
    """Runs on each worker (sent by reference: the worker's own budgetlens answers)."""
    from budgetlens.ingest.version import extractor_version as on_worker

    return on_worker()


def _connect(address: str):
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
