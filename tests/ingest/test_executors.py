"""Executors: every item comes back once, in any order; a worker process that dies becomes one
failure (``on_crash``) and the other items are still processed."""

from __future__ import annotations

import os
import sys

from budgetlens.ingest.cluster import dask_available
from budgetlens.ingest.executors import EXECUTORS, make_executor

if dask_available():  # Dask's worker processes get this module's functions by value
    import cloudpickle

    cloudpickle.register_pickle_by_value(sys.modules[__name__])


def _square_or_die(n: int) -> int:
    """Dies like a native crash inside a parser (no exception, the process just ends) on 13."""
    if n == 13:
        os._exit(3)
    return n * n


def _failed(n: int, exc: BaseException) -> str:
    return f"crashed:{n}"


def test_every_executor_maps_every_item_once():
    for kind in EXECUTORS:
        if kind == "dask" and not dask_available():
            continue  # the optional extra; tests/ingest/test_cluster.py skips likewise
        executor = make_executor(2, kind)
        try:
            out = list(executor.map_unordered(_square_or_die, range(10), _failed))
        finally:
            executor.close()
        assert sorted(out) == [n * n for n in range(10)], kind


def test_a_dying_worker_is_one_failure_and_the_batch_goes_on():
    executor = make_executor(2)
    try:
        out = list(executor.map_unordered(_square_or_die, range(20), _failed))
    finally:
        executor.close()
    assert "crashed:13" in out
    assert sorted(x for x in out if isinstance(x, int)) == [n * n for n in range(20) if n != 13]
    assert len(out) == 20
