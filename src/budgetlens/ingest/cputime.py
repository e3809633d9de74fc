"""CPU seconds a worker process has spent: what the per-file bound of an ingest judges
(``ingest --cpu-timeout``, :class:`~.watchdog.ClusterSettings.file_cpu`).

Why CPU and not wall time: a file's wall time is its CPU time divided by the share of a core the
host gave its worker, so a wall-clock bound gives a different verdict on the same file under a
different load (session 17: a 2-page scan was read in one ingest and ``timeout`` in the other,
at load 40). The CPU a worker spends on a file does not depend on the load; a wall-clock ceiling
stays beside it, far above, for a worker stuck in a sleep or a read that burns no CPU.

What is counted: every thread of the worker process (OCR runs several) and the children it has
waited for (the workbook parse runs in a child process); user and system time.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Optional

#: Clock ticks per second of /proc's counters.
_TICK = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def own() -> float:
    """This process's CPU seconds, its threads and its waited-for children included (run on a
    Dask worker by the watchdog, through ``client.run``)."""
    import resource

    me = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def of_process(pid: int) -> Optional[float]:
    """Process ``pid``'s CPU seconds as :func:`own` counts them, read from outside (the local
    pool's parent): /proc/<pid>/stat, else psutil where installed; None when neither can tell
    (the process is gone, or a system with neither): then only the wall-clock ceiling
    bounds the file."""
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


__all__ = ["own", "of_process"]
