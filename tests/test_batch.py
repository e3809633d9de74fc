"""Batches in worker processes: a document over its bounds (CPU seconds of its worker, or the
wall-clock ceiling), or whose worker dies, is reported on its own and the batch goes on, in input
order (budgetlens/batch.py, pipeline.process_many). Real worker processes, real CPU burnt and real
sleeps; no wall-clock duration is asserted beyond the bounds themselves."""

from __future__ import annotations

import multiprocessing
import os
import signal
import subprocess
import sys
import time

import pytest

from budgetlens import pipeline
from budgetlens.batch import cpu_of_process, cpu_own, run_pool
from budgetlens.pipeline import process_many

from .conftest import seed_path
from .cpu_burn import burn as _burn


#: CPU seconds a document may spend in the CPU-bound tests: far above what the quick items take,
#: far below what the burner would.
CPU_BOUND = 1.5
#: Their wall-clock ceiling: far above every item but the burner (which the CPU bound stops).
CEILING = 600.0


def _work(item: str) -> str:
    if item == "sleep":
        time.sleep(60)
    if item == "burn":
        _burn(10 * CEILING)
    if item == "nap":  # three times the CPU bound, in wall time, burning none
        time.sleep(3 * CPU_BOUND)
    if item == "killed":  # as the out-of-memory killer would
        os.kill(os.getpid(), signal.SIGKILL)
    return item.upper()


def _timeout(item, seconds):
    return f"timeout:{item}:{seconds:g}"


def _death(item, exitcode):
    return f"died:{item}:{exitcode}"


def _cpu(item, seconds):
    return f"cpu:{item}:{seconds:g}"


def test_cpu_seconds_of_a_process_count_what_it_burnt_not_what_it_slept():
    burner = subprocess.Popen([sys.executable, "-c",
                               "import time\nt=time.process_time()\n"
                               "while time.process_time()-t<0.5: pass\ntime.sleep(60)"])
    sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        deadline = time.monotonic() + 120
        while (cpu_of_process(burner.pid) or 0) < 0.5 and time.monotonic() < deadline:
            time.sleep(0.1)
        time.sleep(1.0)
        burnt, slept = cpu_of_process(burner.pid), cpu_of_process(sleeper.pid)
    finally:
        for p in (burner, sleeper):
            p.kill()
            p.wait()
    assert burnt is not None and 0.5 <= burnt < 1.5
    assert slept is not None and slept < 0.5, "a second asleep costs no CPU"
    before = cpu_own()
    _burn(0.2)
    assert cpu_own() - before >= 0.2
    assert cpu_of_process(burner.pid) is None, "a process gone tells nothing"


def test_pool_judges_an_item_by_its_worker_s_cpu_seconds_and_keeps_the_rest():
    """The burner is given up at its CPU bound (not at the ceiling, which it would reach only
    after ten minutes); the napper sleeps three times the CPU bound and comes back."""
    items = ["a", "burn", "nap", "b", "c"]
    out = list(run_pool(_work, items, jobs=2, timeout=CEILING, cpu_timeout=CPU_BOUND,
                        on_timeout=_timeout, on_death=_death, on_cpu_timeout=_cpu))
    assert out == ["A", f"cpu:burn:{CPU_BOUND:g}", "NAP", "B", "C"]


def test_pool_without_a_cpu_reporter_reports_the_cpu_bound_as_a_timeout():
    out = list(run_pool(_work, ["burn", "a"], jobs=1, cpu_timeout=CPU_BOUND,
                        on_timeout=_timeout, on_death=_death))
    assert out == [f"timeout:burn:{CPU_BOUND:g}", "A"]


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


def _slow_process(monkeypatch, burn_on: str, nap_on: str):
    """``pipeline.process`` that burns CPU without end on ``burn_on`` and sleeps three times the
    CPU bound on ``nap_on`` before reading it (workers are forked: they inherit the patch)."""
    if multiprocessing.get_start_method() != "fork":
        pytest.skip("the slow reader is patched in this process: workers must be forked")
    real = pipeline.process
    real(str(seed_path("001")))  # imports and rules loaded once here, inherited by the workers

    def slow(path, **kwargs):
        if path == burn_on:
            _burn(10 * CEILING)
        if path == nap_on:
            time.sleep(3 * CPU_BOUND)
        return real(path, **kwargs)

    monkeypatch.setattr(pipeline, "process", slow)


def test_batch_cpu_timeout_reports_the_burning_file_and_keeps_the_others(monkeypatch, tmp_path):
    burning, napping = tmp_path / "burning.txt", tmp_path / "napping.txt"
    burning.write_text("收入合计\t1.00\n", encoding="utf-8")
    napping.write_bytes(seed_path("002").read_bytes())  # a real disclosure, read after its nap
    _slow_process(monkeypatch, str(burning), str(napping))
    paths = [str(seed_path("001")), str(burning), str(napping), str(seed_path("003"))]
    results = list(process_many(paths, jobs=2, timeout=CEILING, cpu_timeout=CPU_BOUND))
    assert [r.file for r in results] == paths
    assert [r.status for r in results] == ["ok", "error", "ok", "ok"]
    given_up = results[1]
    assert given_up.error_code == "timeout" and [d.code for d in given_up.diagnostics] == ["timeout"]
    assert "\n" not in given_up.error
    assert f"{CPU_BOUND:g} 秒 CPU 时间" in given_up.error and "--cpu-timeout" in given_up.error
    en = given_up.diagnostics[0].message_en
    assert f"{CPU_BOUND:g} CPU seconds" in en and "--cpu-timeout" in en
    assert results[0].disclosure.facts and results[3].disclosure.facts
    assert results[2].disclosure.facts


def test_a_cpu_bound_alone_sends_a_one_job_batch_to_a_worker(monkeypatch):
    """``--jobs 1 --timeout 0 --cpu-timeout N``: the bound still holds (a worker is needed to
    stop a file), and the results are those of the in-process batch."""
    import budgetlens.batch

    started = []
    real_pool = budgetlens.batch.run_pool

    def counted(*args, **kwargs):
        started.append(kwargs.get("cpu_timeout"))
        return real_pool(*args, **kwargs)

    monkeypatch.setattr(budgetlens.batch, "run_pool", counted)
    paths = [str(seed_path("000")), str(seed_path("002"))]
    pooled = list(process_many(paths, audit=False, cpu_timeout=CEILING))
    assert started == [CEILING]
    inline = list(process_many(paths, audit=False))
    assert [r.disclosure.facts for r in pooled] == [r.disclosure.facts for r in inline]
