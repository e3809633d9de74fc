"""Seeded fuzz cases for every reader (issue #13): each gives a result or a one-line error with a
stable code — never a crash, a hang or a worker death.

The cases are those of ``scripts/fuzz.py`` (same seeds, generators and mutators), drawn by
Hypothesis with a fixed derandomised seed, so the suite runs the same few hundred inputs every
time; the script runs the long campaigns. Each case runs in a forked worker under the harness's
CPU and memory limits, through the CLI's own path (pipeline then renderers). The heaviest
mutators (bombs, million-character lines) are left to the script and to the regression tests of
``test_fuzz_regressions.py``, to keep this file fast.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest

hypothesis = pytest.importorskip("hypothesis")
from hypothesis import HealthCheck, Phase, given, settings  # noqa: E402

SCRIPTS = Path(__file__).resolve().parents[2] / "scripts"
if str(SCRIPTS) not in sys.path:
    sys.path.insert(0, str(SCRIPTS))

import fuzz  # noqa: E402
import fuzz_ledger  # noqa: E402
import fuzz_worker  # noqa: E402
from fuzz_gen import recipes  # noqa: E402
from fuzz_mutate import MUTATORS  # noqa: E402
from fuzz_seeds import EXTENSIONS, FORMATS, SHARED, build_pool, labels  # noqa: E402

#: Cases per format: a few hundred in all.
CASES = {"pdf": 45, "docx": 45, "xlsx": 45, "xls": 30, "html": 60, "text": 60}
#: Mutators whose cases take seconds each: exercised by the script, not here.
HEAVY = frozenset({"zip.bomb", "pdf.content_bomb", "text.huge", "html.big_table", "html.nest",
                   "text.controls"})
CPU_LIMIT_S = 20.0
MEMORY_LIMIT_MIB = 2048


@pytest.fixture(scope="module")
def lexicon() -> tuple[str, ...]:
    if not SHARED.exists():
        pytest.skip("../shared not available")
    return labels(SHARED)


@pytest.mark.parametrize("fmt", FORMATS)
def test_seeded_cases_give_results_or_clean_errors(fmt, lexicon, tmp_path):
    pool = build_pool(fmt)
    if not pool:
        pytest.skip(f"no {fmt} seeds")
    fuzz_worker.warm_up(fmt, pool)
    names = tuple(sorted(n for n in MUTATORS[fmt] if n not in HEAVY))
    target = tmp_path / f"case{EXTENSIONS[fmt]}"
    outcomes: list[str] = []

    @settings(max_examples=CASES[fmt], derandomize=True, database=None, deadline=None,
              phases=[Phase.generate], suppress_health_check=list(HealthCheck))
    @given(recipes(fmt, len(pool), names, lexicon))
    def check(recipe):
        verdict = fuzz_worker.run_isolated(fuzz_worker.build_and_run,
                                           (fmt, recipe, pool, str(target)), CPU_LIMIT_S,
                                           MEMORY_LIMIT_MIB)
        outcomes.append(verdict["outcome"])
        assert verdict["outcome"] in ("result", "error"), (
            recipe, fuzz_worker.signature(verdict), verdict.get("detail", "")[-2000:])

    check()
    assert len(outcomes) == CASES[fmt]
    # the cases reach both sides: some files are still read, some are refused
    assert "result" in outcomes and "error" in outcomes


def test_harness_verdicts(tmp_path):
    """What the harness calls a result, an error, a crash and a hang."""
    import os
    import signal
    import time

    from budgetlens.pipeline import process

    from ..conftest import seed_path

    seed = str(seed_path("004"))
    assert fuzz_worker.classify(process(seed), seed) == {"outcome": "result", "code": "ok"}
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    assert fuzz_worker.classify(process(str(empty)), str(empty)) == {"outcome": "error",
                                                              "code": "empty-file"}
    raised = fuzz_worker.run_isolated(int, ("x",), 5)  # an exception nothing caught
    assert (raised["outcome"], raised["kind"]) == ("crash", "uncaught")
    assert "ValueError" in raised["detail"]
    killed = fuzz_worker.run_isolated(lambda: os.kill(os.getpid(), signal.SIGKILL), (), 5)
    assert (killed["outcome"], killed["kind"]) == ("crash", "signal SIGKILL")
    spin = fuzz_worker.run_isolated(lambda: [time.perf_counter() for _ in iter(int, 1)], (), 1)
    assert spin["outcome"] == "hang" and spin["kind"].startswith("cpu limit")
    # the wall-clock watchdog: a worker that waits for ever is a hang; one that computes past the
    # watchdog (slowly, as on a loaded machine) is judged on its CPU time, not killed
    waits = fuzz_worker.run_isolated(time.sleep, (3600,), 5, watchdog_s=1)
    assert (waits["outcome"], waits["kind"]) == ("hang", "wall-clock watchdog")

    def compute() -> dict:
        start = time.process_time()
        while time.process_time() - start < 1.0:
            pass
        return {"outcome": "result", "code": "ok"}

    assert fuzz_worker.run_isolated(compute, (), 5, watchdog_s=0.3)["outcome"] == "result"


def test_a_case_is_the_same_in_any_range_and_reruns_supersede(tmp_path, monkeypatch, lexicon):
    """Campaigns add up: case i is fixed by (seed, format, i) whichever range runs it, each chunk
    is a ledger row, and a range run again replaces the rows it overlaps instead of adding."""
    monkeypatch.setattr(fuzz, "CHUNK", 3)
    pool = build_pool("text")
    drawn: dict[tuple[int, int], list] = {}

    def draws(first: int, cases: int) -> list:
        got: list = []
        fuzz.fuzz_format("text", 11, first, cases, pool, lexicon,
                         lambda i, r: got.append((i, r)), lambda lo: None)
        return got

    whole = draws(0, 7)
    assert [i for i, _ in whole] == list(range(7))
    assert draws(4, 2) == whole[4:6]  # mid-chunk start, across a chunk boundary
    assert len({repr(r) for _, r in whole}) > 1

    ledger = tmp_path / "ledger.csv"
    settings = fuzz.Settings(tmp_path / "out", cpu_s=20.0, mem_mib=2048, ledger=ledger,
                             log=io.StringIO())
    fuzz.run(["text"], 1, 4, 11, settings)  # chunks 1–2, 3–4
    rows = fuzz_ledger.read(ledger)
    assert [(r["first_case"], r["last_case"], r["cases"]) for r in rows] == [(1, 2, 2), (3, 4, 2)]
    assert all(r["results"] + r["clean_errors"] + r["crashes"] + r["hangs"] + r["skipped"]
               == r["cases"] for r in rows)
    fuzz.run(["text"], 3, 3, 11, settings)  # 3–5 again on "newer code": supersedes 3–4
    kept, superseded = fuzz_ledger.effective(fuzz_ledger.read(ledger))
    assert [(r["first_case"], r["last_case"]) for r in kept] == [(1, 2), (3, 5)]
    assert [(r["first_case"], r["last_case"]) for r in superseded] == [(3, 4)]
    table = fuzz_ledger.summary(fuzz_ledger.read(ledger), ["text", "pdf"])
    text_row = next(line for line in table.splitlines() if line.startswith("| text |"))
    assert text_row.split("|")[2].strip() == "5" and "seed 11: 1–5" in text_row
    assert "| pdf | 0 |" in table and "1 older chunk(s) superseded" in table
