#!/usr/bin/env python3
"""CPU seconds of extract, imply and reconcile alone, over documents read once beforehand.

Why apart from ``benchmark.py``: reading is two thirds of end-to-end time, so a change in the later
stages moves the end-to-end figure by a few percent, within the noise of a shared machine. Here
every file is read once (untimed) and the three stages run on the documents as read, ``--repeat``
times, each stage timed in CPU seconds the way the pipeline chains them (the same garbage-collector
thresholds per document, reconcile skipped where the pipeline skips it: a scan no OCR read, a file
that is no disclosure). The first pass also pays the one-time loading of rules and compiled
patterns, as the first document of a batch does; the later passes show the steady cost. Speed is
measured here, never asserted in tests.

Usage: python scripts/stage_benchmark.py [PATH ...] [--repeat R]
Default paths: ../shared/corpus/pdf and ../shared/corpus/templates (PDF only, as benchmark.py).
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

from budgetlens import pipeline  # noqa: E402
from budgetlens.extract import extract  # noqa: E402
from budgetlens.imply import imply  # noqa: E402
from budgetlens.pipeline import expand_paths  # noqa: E402
from budgetlens.read import read_document  # noqa: E402
from budgetlens.reconcile import reconcile  # noqa: E402

STAGES = ("extract", "imply", "reconcile")


def _read_all(files: list[str]) -> list:
    docs = []
    for f in files:
        document, _ = read_document(f)
        if document is not None and not (document.scanned and not document.ocr_pages):
            docs.append(document)
    return docs


def one_pass(documents: list) -> dict[str, float]:
    """CPU seconds per stage over every document, chained as :func:`pipeline.process` does."""
    spent = dict.fromkeys(STAGES, 0.0)
    for document in documents:
        with pipeline._fewer_collections():  # the thresholds process() runs a document with
            start = time.process_time()
            disclosure, diags = extract(document)
            mid = time.process_time()
            disclosure, more = imply(disclosure)
            end = time.process_time()
            spent["extract"] += mid - start
            spent["imply"] += end - mid
            if not any(d.code == "not-a-disclosure" for d in [*diags, *more]):
                reconcile(disclosure)
                spent["reconcile"] += time.process_time() - end
    return spent


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("paths", nargs="*")
    ap.add_argument("--repeat", type=int, default=3, help="passes over the documents (≥ 2)")
    args = ap.parse_args()
    shared = ROOT.parent / "shared" / "corpus"
    paths = args.paths or [str(shared / "pdf"), str(shared / "templates")]
    files = [f for f in expand_paths(paths) if f.lower().endswith(".pdf")]
    documents = _read_all(files)
    pages = sum(len(d.pages) for d in documents)
    print(f"documents: {len(documents)}  pages: {pages}")
    passes = [one_pass(documents) for _ in range(max(args.repeat, 2))]
    for n, spent in enumerate(passes):
        total = sum(spent.values())
        print(f"pass {n}{' (first: loads rules)' if n == 0 else ''}: "
              + "  ".join(f"{s} {spent[s]:6.2f}" for s in STAGES)
              + f"  total {total:6.2f} CPU-s  {pages / total:6.1f} pages/CPU-s")
    steady = {s: statistics.median(p[s] for p in passes[1:]) for s in STAGES}
    total = sum(steady.values())
    print("median of the later passes: " + "  ".join(f"{s} {steady[s]:.2f}" for s in STAGES)
          + f"  total {total:.2f} CPU-s  {pages / total:.1f} pages/CPU-s")


if __name__ == "__main__":
    main()
