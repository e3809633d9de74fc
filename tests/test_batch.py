"""Batches in worker processes: a document over the time limit, or whose worker dies, is reported
on its own and the batch goes on, in input order (budgetlens/batch.py, pipeline.process_many)."""

from __future__ import annotations

import multiprocessing
import os
import signal
import time

import pytest

from budgetlens import pipeline
from budgetlens.batch import run_pool
from budgetlens.pipeline import process_many

from .conftest import seed_path


def _work(item: str) -> str:
    if item == "sleep":
        time.sleep(60)
    if item == "killed":  # as the out-of-memory killer would
        os.kill(os.getpid(), signal.SIGKILL)
    return item.upper()


def _timeout(item, seconds):
    return f"timeout:{item}:{seconds:g}"


def _death(item, exitcode):
    return f"died:{item}:{exitcode}"


def test_pool_reports_hang_and_death_and_keeps_order():
    items = ["a", "sleep", "b", "killed", "c", "d"]
    start = time.monotonic()
    out = list(run_pool(_work, items, jobs=2, timeout=1.0, on_timeout=_timeout,
                        on_death=_death))
    assert out == ["A", "timeout:sleep:1", "B", f"died:killed:{-signal.SIGKILL}", "C", "D"]
    assert time.monotonic() - start < 30  # the sleeper was killed, not waited for


def test_pool_without_timeout_runs_everything_in_one_worker():
    assert list(run_pool(_work, ["x", "y", "z"], jobs=1, on_timeout=_timeout,
                         on_death=_death)) == ["X", "Y", "Z"]


def test_pool_stops_its_workers_when_the_consumer_stops_early():
    before = set(multiprocessing.active_children())
    gen = run_pool(_work, ["a", "sleep", "b"], jobs=2, timeout=30, on_timeout=_timeout,
                   on_death=_death)
    assert next(gen) == "A"
    gen.close()
    assert set(multiprocessing.active_children()) <= before


def test_batch_timeout_reports_the_slow_file_and_goes_on(monkeypatch, tmp_path):
    if multiprocessing.get_start_method() != "fork":
        pytest.skip("the slow reader is patched in this process: workers must be forked")
    slow = tmp_path / "slow.txt"
    slow.write_text("收入合计\t1.00\n", encoding="utf-8")
    real = pipeline.process
    real(str(seed_path("001")))  # imports and rules loaded once here, inherited by the workers

    def stuck_on_slow(path, **kwargs):
        if path == str(slow):
            time.sleep(120)
        return real(path, **kwargs)

    monkeypatch.setattr(pipeline, "process", stuck_on_slow)
    paths = [str(seed_path("001")), str(slow), str(seed_path("003"))]
    results = list(process_many(paths, jobs=1, timeout=10.0))
    assert [r.status for r in results] == ["ok", "error", "ok"]
    late = results[1]
    assert late.error_code == "timeout" and late.file == str(slow)
    assert "\n" not in late.error and [d.code for d in late.diagnostics] == ["timeout"]
    assert results[0].disclosure.facts and results[2].disclosure.facts


def test_single_file_runs_in_process_even_with_a_timeout(monkeypatch):
    """One file, one job: no worker process, the full Result (with its Document) comes back."""
    import budgetlens.batch

    def no_pool(*args, **kwargs):
        raise AssertionError("a worker pool was started for a single file")

    monkeypatch.setattr(budgetlens.batch, "run_pool", no_pool)
    (result,) = process_many([str(seed_path("004"))], timeout=120.0)
    assert result.status == "ok" and result.document is not None


def test_batch_with_timeout_equals_in_process_batch():
    paths = [str(seed_path("000")), str(seed_path("002"))]
    inline = list(process_many(paths))
    pooled = list(process_many(paths, timeout=120.0))
    assert [r.file for r in pooled] == paths
    for a, b in zip(inline, pooled):
        assert a.disclosure.facts == b.disclosure.facts
        assert [f.rule for f in a.audit.findings] == [f.rule for f in b.audit.findings]
