"""The fork server our LocalCluster's workers are forked from (issue #9).

Why a module of its own: how worker processes start (one warm fork server, preloaded) is apart
from driving the cluster (:mod:`.cluster`), which imports these names.
"""

from __future__ import annotations

#: How our LocalCluster starts worker processes: forked from one fork server that imported Dask
#: and budgetlens and loaded the rules once (``ingest/warm.py``), where Dask's default spawns each
#: worker afresh to import and load them again (about 1.8 s of CPU a worker, docs/store.md).
#: Not a plain fork of this process: it runs the scheduler's and nannies' event-loop threads.
FORK = {"distributed.worker.multiprocessing-method": "forkserver"}


def preload_fork_server() -> None:
    """Have the fork server import Dask and ``budgetlens.ingest.warm`` before it forks a worker
    (no effect once it runs: it is started once per process)."""
    from distributed.utils import get_mp_context

    get_mp_context().set_forkserver_preload(["distributed", "budgetlens.ingest.warm"])


def stop_fork_server() -> None:
    """End and reap the fork server our LocalCluster's workers came from (a no-op when none
    runs). For measurements: the workers are its children, so their CPU reaches this process's
    ``RUSAGE_CHILDREN`` only once it has been waited for. Uses the standard library's own stop
    (``ForkServer._stop``, made for its tests); a later cluster starts a new fork server."""
    from multiprocessing import forkserver

    stop = getattr(forkserver._forkserver, "_stop", None)
    if stop is not None:
        stop()


__all__ = ["FORK", "preload_fork_server", "stop_fork_server"]
