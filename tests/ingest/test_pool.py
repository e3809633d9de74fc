"""Local worker processes (``ingest --workers N``) bound every file in time: a file whose worker
spent ``--cpu-timeout`` CPU seconds on it, or past the ``--timeout`` wall-clock ceiling, is
recorded as ``timeout`` with its zh and English reason, its worker process is
killed and replaced, and the rest of the batch is stored.

The slow input is real and slow by construction: a scanned PDF (no text layer) of many pages,
made by the test from a real disclosure's table (seed 004) and recognised page by page with OCR —
seconds of CPU a page, so far longer than the bound on any machine, while the seeds beside it
take a fraction of a second. Without the OCR extra the same bound is shown on a function that
sleeps (real time, no mock)."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from budgetlens.ingest import ingest, make_executor
from budgetlens.ingest.watchdog import ClusterSettings
from budgetlens.store import open_store

from ..store.conftest import seed_files
from .test_batch import _expected, _library

#: CPU seconds one file may take: far more than a seed takes (well under one second of CPU
#: each), far less than the scan's OCR (about five seconds of CPU a page) — at any load.
BOUND = 20.0
#: Pages of the scan: minutes of OCR on any machine.
PAGES = 40


def _long_scan(folder: Path) -> Path:
    """A scanned PDF of :data:`PAGES` pages: one page of a real disclosure's table, drawn in an
    embedded CJK font, rasterised at 200 dpi, its image alone on every page."""
    pytest.importorskip("reportlab")
    import pypdfium2 as pdfium
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    from ..read.test_pdf_ocr import SEED, _digital

    if not SEED.exists():
        pytest.skip("shared seeds not available")
    pdf = pdfium.PdfDocument(str(_digital(folder / "digital.pdf")))
    png = folder / "page.png"
    pdf[0].render(scale=200 / 72).to_pil().convert("L").save(png)
    pdf.close()
    path = folder / "scan.pdf"
    c = canvas.Canvas(str(path), pagesize=A4)
    for _ in range(PAGES):
        c.drawImage(str(png), 0, 0, A4[0], A4[1])
        c.showPage()
    c.save()
    return path


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def test_a_file_past_its_bound_is_timeout_its_worker_replaced_and_the_rest_stored(tmp_path):
    from budgetlens.read import pdf_ocr

    if pdf_ocr.load_engine() is None:
        pytest.skip("OCR engine not installed: pip install 'budgetlens[ocr]'")
    seeds = seed_files()
    scan = str(_long_scan(tmp_path))
    store = open_store(str(tmp_path / "lib.db"))
    executor = make_executor(2, settings=ClusterSettings(file_cpu=BOUND))
    seen: set[int] = set()
    try:
        tally = ingest(store, [scan, *seeds], version="v1", executor=executor,
                       on_progress=lambda _t: seen.update(executor.pids))
        after = set(executor.pids)
    finally:
        executor.close()
    try:
        by_source = {f.source: f for f in tally.files}
        slow = by_source[scan]
        assert (slow.state, slow.error_code) == ("failed", "timeout")
        assert f"{BOUND:g} 秒 CPU" in slow.reason and f"{BOUND:g} CPU s" in slow.why("en")
        assert (tally.stored, tally.failed) == (len(seeds), 1)
        assert {s: v for s, v in _library(store).items() if s != scan} == _expected(seeds)
        killed = seen - after
        assert len(killed) == 1 and len(after) == 2, "one worker replaced, two at work"
        assert not any(_alive(pid) for pid in killed)
    finally:
        store.close()


def _sleepy(n: int) -> int:
    """Sleeps an hour on 3; squares the others."""
    if n == 3:
        time.sleep(3600)
    return n * n


def _gave_up(n: int, exc: BaseException) -> str:
    return f"{getattr(exc, 'code', type(exc).__name__)}:{n}"


def test_a_hung_job_is_given_up_and_the_executor_goes_on():
    executor = make_executor(2, settings=ClusterSettings(file_timeout=3))  # the wall ceiling
    try:
        first = executor.pids
        out = list(executor.map_unordered(_sleepy, range(8), _gave_up))
        again = list(executor.map_unordered(_sleepy, range(4, 8), _gave_up))
        now = executor.pids
    finally:
        executor.close()
    assert [x for x in out if isinstance(x, str)] == ["timeout:3"]
    assert sorted(x for x in out if isinstance(x, int)) == [n * n for n in range(8) if n != 3]
    assert sorted(again) == [n * n for n in range(4, 8)]
    assert first == [] and len(now) == 2


def test_an_error_in_the_function_is_that_job_s_failure_not_the_worker_s():
    executor = make_executor(2)
    try:
        out = list(executor.map_unordered(_reciprocal, range(-2, 3), _gave_up))
        workers = executor.pids
        again = list(executor.map_unordered(_reciprocal, [1, 2], _gave_up))
        later = executor.pids
    finally:
        executor.close()
    assert sorted(out, key=str) == sorted([-0.5, -1.0, "ZeroDivisionError:0", 1.0, 0.5], key=str)
    assert sorted(again) == [0.5, 1.0]
    assert len(workers) == 2 and later == workers, "no worker was replaced for an error"


def _reciprocal(n: int) -> float:
    return 1 / n
