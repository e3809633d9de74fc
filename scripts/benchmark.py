#!/usr/bin/env python3
"""Speed benchmark: pages/second and documents/second over the corpus, one process and N processes.

Prints, for the same files:
  * raw pypdfium2 text extraction (the floor: what reading text alone costs),
  * budgetlens end to end (read + extract + imply + reconcile) in one process, with per-stage shares
    (so the cost the audit adds to extraction is visible),
  * budgetlens end to end with N worker processes.

Usage: python scripts/benchmark.py [PATH ...] [--jobs N] [--repeat R]
Default paths: ../shared/corpus/pdf and ../shared/corpus/templates (PDF only, so that pages mean
printed pages). Speed is measured here, never asserted in tests.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from budgetlens.pipeline import expand_paths, process, process_many  # noqa: E402


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


def raw_pdfium(files: list[str]) -> float:
    import pypdfium2 as pdfium

    start = time.perf_counter()
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
    return time.perf_counter() - start


def one_process(files: list[str]) -> tuple[float, dict[str, float]]:
    stages: dict[str, float] = defaultdict(float)
    start = time.perf_counter()
    for f in files:
        r = process(f, audit=True)
        for name, secs in r.timings:
            stages[name] += secs
    return time.perf_counter() - start, stages


def many_processes(files: list[str], jobs: int) -> float:
    start = time.perf_counter()
    for _ in process_many(files, audit=True, jobs=jobs):
        pass
    return time.perf_counter() - start


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("paths", nargs="*")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    ap.add_argument("--repeat", type=int, default=1, help="repeat each measurement; report the median")
    args = ap.parse_args()
    files = [f for f in expand_paths(args.paths or default_paths()) if f.lower().endswith(".pdf")]
    pages = count_pages(files)
    print(f"files: {len(files)}  pages: {pages}  cpus: {os.cpu_count()}")

    raw = statistics.median(raw_pdfium(files) for _ in range(args.repeat))
    runs = [one_process(files) for _ in range(args.repeat)]
    single, stages = sorted(runs, key=lambda r: r[0])[len(runs) // 2]
    multi = statistics.median(many_processes(files, args.jobs) for _ in range(args.repeat))

    def row(name: str, secs: float) -> None:
        print(f"{name:<42} {secs:8.2f} s  {pages / secs:8.1f} pages/s  {len(files) / secs:7.2f} docs/s")

    row("raw pypdfium2 text (floor)", raw)
    row("budgetlens end to end, 1 process", single)
    row(f"budgetlens end to end, {args.jobs} processes", multi)
    print(f"end-to-end / raw pypdfium2 time ratio: {single / raw:.1f}x")
    total = sum(stages.values()) or 1.0
    for name in ("read", "extract", "imply", "reconcile"):
        print(f"  stage {name:<10} {stages.get(name, 0.0):8.2f} s  ({100 * stages.get(name, 0.0) / total:5.1f}%)")
    extraction = stages.get("read", 0.0) + stages.get("extract", 0.0)
    if extraction:
        audit = stages.get("imply", 0.0) + stages.get("reconcile", 0.0)
        print(f"  audit (imply + reconcile) adds {100 * audit / extraction:.1f}% to extraction time")


if __name__ == "__main__":
    main()
