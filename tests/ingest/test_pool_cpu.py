"""A file is judged by the CPU seconds its worker spent on it (ingest/pool.py through
``batch.Worker.spent``, ``ClusterSettings.file_cpu``, ``ingest --cpu-timeout``), not by wall
time: the same verdict at any load. Real worker processes, real CPU burnt and real sleeps (no mock): a job that burns CPU
past the bound is ``timeout``; a job that sleeps several times the bound, and one that burns
less than the bound while starved by a load the test makes (spinning processes, the job niced),
are not — though each takes longer in wall time than the bound (what the wall-clock limit of
session 17 would have stopped)."""

from __future__ import annotations

import multiprocessing
import os
import time

from budgetlens.ingest import make_executor
from budgetlens.ingest.watchdog import ClusterSettings

from ..cpu_burn import burn as _burn

#: CPU seconds a job may spend: far above what the quick jobs take, far below the burner's.
CPU_BOUND = 2.0
#: Wall-clock ceiling: far above every job here but the burner (which the CPU bound stops).
CEILING = 600.0


def _job(n: int) -> str:
    """3 burns CPU without end; 4 sleeps three times the CPU bound; 5 lowers its priority (the
    worker is replaced after the batch) and burns a quarter of the bound under the test's load;
    the others answer at once."""
    if n == 3:
        _burn(10 * CEILING)
    elif n == 4:
        time.sleep(3 * CPU_BOUND)
    elif n == 5:
        os.nice(19)
        _burn(CPU_BOUND / 4)
    return f"done:{n}"


def _gave_up(n: int, exc: BaseException) -> str:
    return f"{getattr(exc, 'code', type(exc).__name__)}:{n}|{exc}"


def _spin() -> None:
    _burn(10 * CEILING)


def test_a_file_is_judged_by_its_worker_s_cpu_seconds_not_by_the_wall_clock():
    load = [multiprocessing.Process(target=_spin, daemon=True) for _ in range(os.cpu_count() or 1)]
    for p in load:
        p.start()
    executor = make_executor(2, settings=ClusterSettings(file_cpu=CPU_BOUND,
                                                         file_timeout=CEILING))
    try:
        out = sorted(executor.map_unordered(_job, range(7), _gave_up))
    finally:
        executor.close()
        for p in load:
            p.kill()
    timed_out = [x for x in out if not x.startswith("done:")]
    assert [x.split("|")[0] for x in timed_out] == ["timeout:3"]
    assert f"{CPU_BOUND:g} CPU seconds" in timed_out[0] and "--cpu-timeout" in timed_out[0]
    assert [x for x in out if x.startswith("done:")] == [f"done:{n}" for n in (0, 1, 2, 4, 5, 6)]


def test_the_wall_clock_ceiling_still_ends_a_file_that_burns_no_cpu():
    executor = make_executor(2, settings=ClusterSettings(file_cpu=CEILING, file_timeout=1.0))
    try:
        out = sorted(executor.map_unordered(_job, [1, 4], _gave_up))
    finally:
        executor.close()
    assert out[0] == "done:1"
    assert out[1].startswith("timeout:4|") and "CPU" not in out[1] and "--timeout" in out[1]


def test_no_bound_is_no_bound():
    settings = ClusterSettings(file_cpu=None, file_timeout=None)
    executor = make_executor(2, settings=settings)
    try:
        assert sorted(executor.map_unordered(_job, [1, 2], _gave_up)) == ["done:1", "done:2"]
    finally:
        executor.close()
