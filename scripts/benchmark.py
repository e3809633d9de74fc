#!/usr/bin/env python3
"""Speed benchmark: pages/second and documents/second over the corpus, one process and N processes.

Prints, for the same files, wall time and CPU time (pages per CPU-second is the figure to compare:
the machine is shared, so wall time moves with other people's load while CPU time does not):
  * raw pypdfium2 text extraction (the floor: what reading text alone costs),
  * budgetlens end to end (read + extract + imply + reconcile) in one process, with per-stage CPU
    shares (so the cost the audit adds to extraction is visible),
  * budgetlens end to end with N worker processes (CPU of this process and its reaped children).

Usage: python scripts/benchmark.py [PATH ...] [--jobs N] [--repeat R] [--no-multi] [--profile N]
Default paths: ../shared/corpus/pdf and ../shared/corpus/templates (PDF only, so that pages mean
printed pages). ``--profile N`` runs the one-process pass under cProfile and prints the top N
functions by own time and by cumulative time. Speed is measured here, never asserted in tests.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import resource
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

from budgetlens import pipeline  # noqa: E402
from budgetlens.pipeline import expand_paths, process, process_many  # noqa: E402

Timing = tuple[float, float]  # (wall seconds, CPU seconds)


def _cpu_timed(timings: list, name: str, fn, *args):
    """Stage timer that records CPU seconds (installed over ``pipeline._timed`` while measuring, so
    the stage shares do not move with other processes' load)."""
    start = time.process_time()
    try:
        return fn(*args)
    finally:
        timings.append((name, time.process_time() - start))


def _children_cpu() -> float:
    ru = resource.getrusage(resource.RUSAGE_CHILDREN)
    return ru.ru_utime + ru.ru_stime


def default_paths() -> list[str]:
    shared = ROOT.parent / "shared" / "corpus"
    return [str(shared / "pdf"), str(shared / "templates")]


def count_pages(files: list[str]) -> int:
    import pypdfium2 as pdfium

    total = 0
    for f in files:
        try:
            pdf = pdfium.PdfDocument(f)
            total += len(pdf)
            pdf.close()
        except Exception:
            pass
    return total


def raw_pdfium(files: list[str]) -> Timing:
    import pypdfium2 as pdfium

    start, cpu = time.perf_counter(), time.process_time()
    for f in files:
        try:
            pdf = pdfium.PdfDocument(f)
        except Exception:
            continue
        for i in range(len(pdf)):
            page = pdf[i]
            tp = page.get_textpage()
            tp.get_text_range()
            tp.close()
            page.close()
        pdf.close()
    return time.perf_counter() - start, time.process_time() - cpu


def one_process(files: list[str], profile: cProfile.Profile | None = None
                ) -> tuple[Timing, dict[str, float]]:
    """End to end in this process; stage CPU seconds from the pipeline's own stage timer."""
    stages: dict[str, float] = defaultdict(float)
    saved, pipeline._timed = pipeline._timed, _cpu_timed
    try:
        start, cpu = time.perf_counter(), time.process_time()
        if profile:
            profile.enable()
        for f in files:
            r = process(f, audit=True)
            for name, secs in r.timings:
                stages[name] += secs
        if profile:
            profile.disable()
        return (time.perf_counter() - start, time.process_time() - cpu), stages
    finally:
        pipeline._timed = saved


def many_processes(files: list[str], jobs: int) -> Timing:
    """Wall time and the CPU of this process plus its workers (counted once they are reaped,
    which the pool does when the batch ends)."""
    start, cpu, child = time.perf_counter(), time.process_time(), _children_cpu()
    for _ in process_many(files, audit=True, jobs=jobs):
        pass
    return (time.perf_counter() - start,
            time.process_time() - cpu + _children_cpu() - child)


def _median(runs: list[Timing]) -> Timing:
    return sorted(runs, key=lambda t: t[1])[len(runs) // 2]


def _print_profile(profile: cProfile.Profile, top: int) -> None:
    for key in ("tottime", "cumulative"):
        print(f"\n--- cProfile, one process, top {top} by {key} ---")
        pstats.Stats(profile).strip_dirs().sort_stats(key).print_stats(top)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("paths", nargs="*")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    ap.add_argument("--repeat", type=int, default=1, help="repeat each measurement; report the median")
    ap.add_argument("--no-multi", action="store_true", help="skip the N-process measurement")
    ap.add_argument("--profile", type=int, default=0, metavar="N",
                    help="profile the one-process pass (cProfile) and print the top N functions")
    args = ap.parse_args()
    files = [f for f in expand_paths(args.paths or default_paths()) if f.lower().endswith(".pdf")]
    pages = count_pages(files)
    print(f"files: {len(files)}  pages: {pages}  cpus: {os.cpu_count()}")

    raw = _median([raw_pdfium(files) for _ in range(args.repeat)])
    profile = cProfile.Profile() if args.profile else None
    runs = [one_process(files, profile if i == 0 else None) for i in range(args.repeat)]
    single, stages = sorted(runs, key=lambda r: r[0][1])[len(runs) // 2]
    multi = None if args.no_multi else _median([many_processes(files, args.jobs)
                                                for _ in range(args.repeat)])

    def row(name: str, t: Timing) -> None:
        wall, cpu = t
        print(f"{name:<42} wall {wall:7.2f} s {pages / wall:7.1f} pages/s | "
              f"CPU {cpu:7.2f} s {pages / cpu:7.1f} pages/CPU-s {len(files) / cpu:6.2f} docs/CPU-s")

    row("raw pypdfium2 text (floor)", raw)
    row("budgetlens end to end, 1 process", single)
    if multi:
        row(f"budgetlens end to end, {args.jobs} processes", multi)
    print(f"end-to-end / raw pypdfium2 CPU ratio: {single[1] / raw[1]:.1f}x"
          + ("  (profiled: cProfile inflates the one-process figure)" if profile else ""))
    total = sum(stages.values()) or 1.0
    for name in ("read", "extract", "imply", "reconcile"):
        print(f"  stage {name:<10} {stages.get(name, 0.0):8.2f} CPU-s "
              f"({100 * stages.get(name, 0.0) / total:5.1f}%)")
    extraction = stages.get("read", 0.0) + stages.get("extract", 0.0)
    if extraction:
        audit = stages.get("imply", 0.0) + stages.get("reconcile", 0.0)
        print(f"  audit (imply + reconcile) adds {100 * audit / extraction:.1f}% to extraction time")
    if profile:
        _print_profile(profile, args.profile)


if __name__ == "__main__":
    main()
