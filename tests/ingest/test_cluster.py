"""Ingest on a real Dask LocalCluster (two worker processes, one thread each): the library equals
the serial executor's, fact by fact and finding by finding (on PostgreSQL written by the workers
themselves); a worker killed mid-file loses nothing
(the scheduler runs the file again); a file whose workers die twice is one recorded failure and the
rest is stored; the CLI prints the dashboard. Skipped when the optional ``cluster`` extra (dask
distributed) is not installed."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time

import pytest
from sqlalchemy import select

distributed = pytest.importorskip("distributed")

import cloudpickle  # noqa: E402  (installed with distributed)

from budgetlens.ingest import ClusterError, ingest, make_executor  # noqa: E402
from budgetlens.ingest.batch import _many_writers  # noqa: E402
from budgetlens.ingest.cluster import DaskExecutor  # noqa: E402
from budgetlens.ingest.executors import MAX_CRASHES  # noqa: E402
from budgetlens.store import open_store  # noqa: E402
from budgetlens.store.schema import Document, FactRow, FindingRow  # noqa: E402

from ..conftest import REPO  # noqa: E402
from ..store.conftest import corpus_files, seed_files  # noqa: E402
from .test_batch import _expected, _library  # noqa: E402

# The workers import budgetlens from the installed package; this module's own functions travel by
# value (the worker processes do not have the tests folder on their path).
cloudpickle.register_pickle_by_value(sys.modules[__name__])


@pytest.fixture(scope="module")
def executor():
    """One LocalCluster of two workers for the module, started as ``--dask local`` starts its
    own (so its watchdog may replace workers a nanny failed to bring back under load)."""
    ex = DaskExecutor(2, memory_limit="1GiB", dashboard_address=":0")
    yield ex
    ex.close()


def _rows(store) -> dict:
    """Per source, every stored fact and finding (value, provenance, rule): what "equal" means."""
    with store.engine.connect() as conn:
        docs = dict(conn.execute(select(Document.id, Document.source)).all())
        facts = conn.execute(select(FactRow.document_id, FactRow.measure, FactRow.basis,
                                    FactRow.value, FactRow.page, FactRow.table_idx, FactRow.row,
                                    FactRow.col, FactRow.text)).all()
        findings = conn.execute(select(FindingRow.document_id, FindingRow.rule,
                                       FindingRow.measure, FindingRow.stated,
                                       FindingRow.expected)).all()
    out: dict = {src: ([], []) for src in docs.values()}
    for f in facts:
        out[docs[f[0]]][0].append(tuple(str(x) for x in f[1:]))
    for f in findings:
        out[docs[f[0]]][1].append(tuple(str(x) for x in f[1:]))
    return {src: (sorted(a), sorted(b)) for src, (a, b) in out.items()}


_SERIAL: dict = {}


def _serial_rows(files: list[str], tmp_path) -> dict:
    key = tuple(files)
    if key not in _SERIAL:
        store = open_store(str(tmp_path / "serial.db"))
        ingest(store, files, version="v1")
        _SERIAL[key] = _rows(store)
        store.close()
    return _SERIAL[key]


def test_dask_ingest_stores_what_the_serial_executor_stores(db_url, executor, tmp_path):
    """On SQLite the results come back to the one writer; on PostgreSQL the workers write."""
    files = seed_files() + corpus_files()
    store = open_store(db_url)
    try:
        assert _many_writers(store, executor) == (store.engine.dialect.name == "postgresql")
        tally = ingest(store, files, version="v1", executor=executor)
        assert (tally.stored, tally.failed) == (len(files), 0)
        assert _library(store) == _expected(files)
        assert _rows(store) == _serial_rows(files, tmp_path)
    finally:
        store.close()


def _square_or_die(n: int) -> int:
    """Dies like a native crash inside a parser (the process just ends) on 13."""
    if n == 13:
        os._exit(3)
    return n * n


def _failed(n: int, exc: BaseException) -> str:
    return f"crashed:{n}"


def test_a_dying_worker_is_one_failure_and_the_batch_goes_on(executor):
    out = list(executor.map_unordered(_square_or_die, range(20), _failed))
    assert "crashed:13" in out
    assert sorted(x for x in out if isinstance(x, int)) == [n * n for n in range(20) if n != 13]
    assert len(out) == 20


def _task_states(dask_scheduler=None) -> dict:
    """On the scheduler: every task's state, and the pid of the worker running it."""
    return {key: (ts.state, ts.processing_on.pid if ts.processing_on else None)
            for key, ts in dask_scheduler.tasks.items()}


class _Killer(threading.Thread):
    """Kills (SIGKILL) the worker process running one chosen task, ``times`` times. The victim is
    the first task seen running; one that finishes before it was killed often enough is replaced
    by the next."""

    def __init__(self, client, times: int):
        super().__init__(daemon=True)
        self.client, self.times, self.kills = client, times, 0
        self.victim = None
        self.stop = threading.Event()

    def run(self) -> None:
        while not self.stop.is_set() and self.kills < self.times:
            states = self.client.run_on_scheduler(_task_states)
            state, pid = states.get(self.victim, ("gone", None))
            if state in ("gone", "memory", "released", "erred", "forgotten"):
                running = [k for k, (st, p) in states.items() if st == "processing" and p]
                self.victim, self.kills = (running[0], 0) if running else (None, 0)
                state, pid = states[self.victim] if running else ("gone", None)
            if state == "processing" and pid:
                os.kill(pid, signal.SIGKILL)
                self.kills += 1
                self._wait_rescheduled(pid)
            time.sleep(0.05)

    def _wait_rescheduled(self, pid: int) -> None:
        """Until the scheduler has noticed the death (the victim is no longer on that pid)."""
        while not self.stop.is_set():
            state, now = self.client.run_on_scheduler(_task_states).get(self.victim, ("", None))
            if now != pid:
                return
            time.sleep(0.05)


def _ingest_while_killing(executor, files, tmp_path, times: int):
    store = open_store(str(tmp_path / "library.db"))
    killer = _Killer(executor.client, times)
    killer.start()
    try:
        tally = ingest(store, files, version="v1", executor=executor)
    finally:
        killer.stop.set()
        killer.join()
    return store, tally, killer


def test_a_worker_killed_mid_file_loses_nothing(executor, tmp_path):
    files = corpus_files()[:2] + seed_files()[:2]
    store, tally, killer = _ingest_while_killing(executor, files, tmp_path, times=1)
    try:
        assert killer.kills == 1, "no task was seen running"
        assert (tally.stored, tally.failed) == (len(files), 0)
        assert _library(store) == _expected(files)
    finally:
        store.close()


def test_a_file_whose_workers_keep_dying_is_reported_and_the_rest_stored(executor, tmp_path):
    files = corpus_files()[:2] + seed_files()[:2]
    store, tally, killer = _ingest_while_killing(executor, files, tmp_path, times=MAX_CRASHES + 1)
    try:
        assert killer.kills == MAX_CRASHES + 1, "no task was seen running long enough"
        crashed = [f for f in tally.files if f.state == "failed"]
        assert [f.error_code for f in crashed] == ["worker-crashed"]
        assert "KilledWorker" in crashed[0].reason
        library = _library(store)
        assert library.pop(crashed[0].source)[0] == "error"
        expected = _expected(files)
        del expected[crashed[0].source]
        assert library == expected
    finally:
        store.close()


def test_workers_of_another_version_are_refused_before_anything_is_read(executor, monkeypatch):
    monkeypatch.setattr("budgetlens.ingest.cluster.extractor_version", lambda: "0.0.0+other")
    with pytest.raises(ClusterError) as err:
        DaskExecutor(address=executor.client.scheduler.address)
    assert err.value.code == "cluster-version"


def test_an_unreachable_scheduler_is_a_clear_error(monkeypatch):
    monkeypatch.setattr("budgetlens.ingest.cluster.CONNECT_TIMEOUT", 2)
    with pytest.raises(ClusterError) as err:
        make_executor(1, dask="tcp://127.0.0.1:9")
    assert err.value.code == "cluster-unreachable" and "127.0.0.1:9" in err.value.message


def test_cli_ingest_on_a_local_cluster_prints_the_dashboard(tmp_path):
    seeds = seed_files()[:2]
    env = dict(os.environ, PYTHONPATH=str(REPO / "src"))
    proc = subprocess.run([sys.executable, "-m", "budgetlens", "ingest", *seeds, "--db",
                           str(tmp_path / "cli.db"), "--dask", "local", "--workers", "1",
                           "--no-progress", "--fail-on", "never", "--lang", "en",
                           "--timeout", "300", "--worker-wait", "30"],
                          env=env, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr
    assert "Dask dashboard: http://" in proc.stderr
    assert f"{len(seeds)} stored" in proc.stdout


def test_a_local_cluster_that_cannot_start_is_one_coded_line(tmp_path):
    """A Dask setting no cluster can start with (here a connect timeout that is not a time, set
    as a user would, in the environment): exit 2, one line naming the setting, no traceback."""
    env = dict(os.environ, PYTHONPATH=str(REPO / "src"),
               DASK_DISTRIBUTED__COMM__TIMEOUTS__CONNECT="soon")
    proc = subprocess.run([sys.executable, "-m", "budgetlens", "ingest", *seed_files()[:1],
                           "--db", str(tmp_path / "cli.db"), "--dask", "local", "--workers", "1",
                           "--no-progress", "--lang", "en"],
                          env=env, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 2, proc.stderr
    assert "Traceback" not in proc.stderr
    lines = [ln for ln in proc.stderr.splitlines() if "local Dask cluster could not start" in ln]
    assert len(lines) == 1 and "soon" in lines[0] and "DASK_" in lines[0]
