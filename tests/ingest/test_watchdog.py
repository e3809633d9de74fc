"""The cluster ingest cannot wait forever (ingest.watchdog), on real LocalClusters whose worker
processes are killed for real (SIGKILL) after their nannies were told not to bring them back —
what a nanny that fails to restart its worker under load leaves behind:

* a cluster we started gets new workers, and every file is stored;
* a cluster we did not start: the files not processed are reported as ``cluster-no-workers``,
  not stored, what was stored stays, and the next ingest stores the rest;
* a file past its time bound is given up as ``timeout`` and its worker process restarted.

Each test runs its work in a thread it waits for with a generous bound, so that a regression
fails the test instead of hanging the suite. Skipped without the ``cluster`` extra."""

from __future__ import annotations

import os
import signal
import sys
import threading
import time
from pathlib import Path

import pytest

distributed = pytest.importorskip("distributed")

import cloudpickle  # noqa: E402  (installed with distributed)
import psutil  # noqa: E402  (installed with distributed)

from budgetlens.ingest import ingest  # noqa: E402
from budgetlens.ingest.cluster import DaskExecutor  # noqa: E402
from budgetlens.ingest.watchdog import ClusterSettings  # noqa: E402
from budgetlens.store import open_store  # noqa: E402

from ..store.conftest import corpus_files, seed_files  # noqa: E402
from .test_batch import _expected, _library  # noqa: E402

cloudpickle.register_pickle_by_value(sys.modules[__name__])

#: Seconds a test waits for its work before it fails: far beyond what the work takes even on a
#: loaded machine, and finite.
BOUND = 900


def _bounded(work):
    """``work()`` in a thread, waited for at most :data:`BOUND` seconds."""
    out: dict = {}

    def run() -> None:
        try:
            out["value"] = work()
        except BaseException as exc:  # handed to the test's thread
            out["error"] = exc

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(BOUND)
    assert not thread.is_alive(), f"still waiting after {BOUND} s: the watchdog did not end it"
    if "error" in out:
        raise out["error"]
    return out["value"]


def _never_restart(dask_worker) -> None:
    """On each nanny: do not bring the worker back when it dies (as a nanny whose restart
    failed)."""
    dask_worker.close_gracefully(reason="test: this worker must not come back")


def _kill_for_good(client) -> int:
    """SIGKILL every worker process after telling its nanny not to restart it."""
    client.run(_never_restart, nanny=True)
    pids = client.run(os.getpid).values()
    for pid in pids:
        os.kill(pid, signal.SIGKILL)
    return len(pids)


def _files() -> list[str]:
    """More files than a cluster holds in flight, so that some are left when the workers go."""
    return corpus_files() + seed_files()


def _ingest_killing_after_first(executor, files, db):
    """Ingest ``files``; as soon as the first document is stored, every worker dies for good."""
    store = open_store(db)
    killed: list[int] = []

    def on_progress(tally) -> None:
        if tally.stored >= 1 and not killed:
            killed.append(_kill_for_good(executor.client))

    try:
        tally = _bounded(lambda: ingest(store, files, version="v1", executor=executor,
                                        on_progress=on_progress))
    except BaseException:
        store.close()
        raise
    assert killed, "no document was stored before the end"
    return store, tally


def test_our_cluster_gets_new_workers_when_its_own_are_not_restarted(tmp_path):
    files = _files()
    executor = DaskExecutor(2, memory_limit="1GiB", dashboard_address=":0",
                            settings=ClusterSettings(worker_wait=5))
    try:
        before = set(executor.client.run(os.getpid).values())
        store, tally = _ingest_killing_after_first(executor, files, str(tmp_path / "lib.db"))
        after = set(executor.client.run(os.getpid).values())
    finally:
        executor.close()
    try:
        assert (tally.stored, tally.failed) == (len(files), 0)
        assert _library(store) == _expected(files)
        assert after and not after & before, "the files were read by new worker processes"
    finally:
        store.close()


def test_a_cluster_left_without_workers_reports_the_rest_and_keeps_what_was_stored(tmp_path):
    files = _files()
    cluster = distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=True,
                                       memory_limit="1GiB", dashboard_address=":0")
    executor = DaskExecutor(address=cluster.scheduler_address,
                            settings=ClusterSettings(worker_wait=3))
    db = str(tmp_path / "lib.db")
    try:
        store, tally = _ingest_killing_after_first(executor, files, db)
    finally:
        executor.close()
        cluster.close(timeout=30)
    try:
        stored = [f.source for f in tally.files if f.state == "stored"]
        failed = [f for f in tally.files if f.state == "failed"]
        assert stored and failed and len(stored) + len(failed) == len(files)
        assert {f.error_code for f in failed} == {"cluster-no-workers"}
        assert "没有可用的工作进程" in failed[0].reason and "no worker" in failed[0].reason_en
        expected = _expected(files)
        assert _library(store) == {s: expected[s] for s in stored}, "failures are not stored"
        again = ingest(store, files, version="v1")
        assert (again.stored, again.skipped, again.failed) == (len(failed), len(stored), 0)
        assert _library(store) == expected
    finally:
        store.close()


def _sleepy(job: tuple[int, str]) -> int:
    """Hangs on 3 (writes its pid first, so the test can see the process go); squares the rest."""
    n, folder = job
    if n == 3:
        Path(folder, "hung.pid").write_text(str(os.getpid()))
        time.sleep(3600)
    return n * n


def _gave_up(job: tuple[int, str], exc: BaseException) -> str:
    return f"{getattr(exc, 'code', type(exc).__name__)}:{job[0]}"


def _gone(pid: int) -> bool:
    try:
        return psutil.Process(pid).status() == psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return True


def test_a_file_past_its_time_bound_is_given_up_and_its_worker_restarted(tmp_path):
    executor = DaskExecutor(2, memory_limit="1GiB", dashboard_address=":0",
                            settings=ClusterSettings(file_timeout=30))
    jobs = [(n, str(tmp_path)) for n in range(8)]
    try:
        out = _bounded(lambda: list(executor.map_unordered(_sleepy, jobs, _gave_up)))
        again = _bounded(lambda: list(executor.map_unordered(_sleepy, jobs[4:], _gave_up)))
    finally:
        executor.close()
    assert sorted(x for x in out if isinstance(x, int)) == [n * n for n in range(8) if n != 3]
    assert [x for x in out if isinstance(x, str)] == ["timeout:3"]
    assert _gone(int((tmp_path / "hung.pid").read_text())), "the hung worker was restarted"
    assert sorted(again, key=str) == sorted((n * n for n in range(4, 8)), key=str)


def _burn_or_sleep(job: tuple[int, float]) -> int:
    """3 burns CPU without end; 4 sleeps three times the CPU bound (no CPU); the rest square."""
    n, bound = job
    if n == 3:
        start = time.process_time()
        while time.process_time() - start < 3600:
            pass
    elif n == 4:
        time.sleep(3 * bound)
    return n * n


def test_a_cluster_judges_a_file_by_its_worker_s_cpu_seconds_not_the_wall_clock():
    bound = 3.0
    executor = DaskExecutor(2, memory_limit="1GiB", dashboard_address=":0",
                            settings=ClusterSettings(file_cpu=bound, file_timeout=600))
    jobs = [(n, bound) for n in range(6)]
    try:
        out = _bounded(lambda: list(executor.map_unordered(_burn_or_sleep, jobs, _gave_up)))
    finally:
        executor.close()
    assert sorted(x for x in out if isinstance(x, int)) == [n * n for n in range(6) if n != 3]
    assert [x for x in out if isinstance(x, str)] == ["timeout:3"], "a sleep is no CPU spent"
