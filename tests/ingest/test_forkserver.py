"""The fork server our LocalCluster's workers come from (ingest/forkserver.py): Dask is told to
fork workers from it, it preloads Dask and the warm-up module, and it can be stopped and
reaped (a real fork server of this process, started by a real child)."""

from __future__ import annotations

import multiprocessing
import os
from multiprocessing import forkserver

import pytest

from budgetlens.ingest.forkserver import FORK, preload_fork_server, stop_fork_server


def _pid() -> int:
    return os.getpid()


def test_workers_are_forked_from_a_preloaded_server():
    pytest.importorskip("distributed")
    assert FORK == {"distributed.worker.multiprocessing-method": "forkserver"}
    preload_fork_server()
    assert forkserver._forkserver._preload_modules == ["distributed", "budgetlens.ingest.warm"]


def test_the_fork_server_is_stopped_and_reaped():
    """A child started through the fork server makes it run; stopping it ends that process
    (its pid is gone) and a later child starts a new one. The near miss: stopping when none
    runs does nothing. (Nothing preloaded here: the server's imports are not what is tested.)"""
    stop_fork_server()
    stop_fork_server()  # none runs: a no-op
    preload = forkserver._forkserver._preload_modules
    forkserver.set_forkserver_preload([])
    try:
        ctx = multiprocessing.get_context("forkserver")
        with ctx.Pool(1) as pool:
            assert pool.apply(_pid) != os.getpid()
        server = forkserver._forkserver._forkserver_pid
        assert server is not None
        stop_fork_server()
        assert forkserver._forkserver._forkserver_pid is None
        with pytest.raises(ProcessLookupError):
            os.kill(server, 0)
    finally:
        forkserver.set_forkserver_preload(preload)
