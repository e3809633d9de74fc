#!/usr/bin/env python3
"""Read every PDF twice, with the compiled char loop and without, and compare what comes out.

Why: the compiled loop (``read/native/pdfchars.c``, :mod:`budgetlens.read.pdf_native`) is only
allowed because it gives exactly the Documents the Python loop gives. This reads each file with
``read_pdf(path, ocr=False)`` both ways in one process and compares the exact ``repr`` of the
Document and of the diagnostics (sha256 of each), printing every file that differs and a closing
count. Exit 0 when none differs, 1 when any does or when the compiled loop is not built (nothing
would be compared), 2 when a read raised (a bug in either loop).

Usage:
  python scripts/native_compare.py [PATH ...]
Default paths: the seeds' and corpus' PDFs (corpus/pdf, corpus/templates) and the wide corpus
(corpus/wide) under ../shared. Folders are searched for *.pdf recursively.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

from budgetlens.read import pdf_native  # noqa: E402
from budgetlens.read.pdf import read_pdf  # noqa: E402


def default_paths() -> list[Path]:
    shared = ROOT.parent / "shared"
    return [shared / "seeds", shared / "corpus" / "pdf", shared / "corpus" / "templates",
            shared / "corpus" / "wide"]


def pdf_files(paths: list[Path]) -> list[Path]:
    files: list[Path] = []
    for p in paths:
        files.extend(sorted(p.rglob("*.pdf")) if p.is_dir() else [p] if p.suffix == ".pdf" else [])
    return files


def digest(path: Path, native: bool) -> tuple[str, float]:
    """sha256 of ``repr(document) + repr(diagnostics)`` read one way, and its CPU seconds."""
    pdf_native.use(native)
    start = time.process_time()
    doc, diags = read_pdf(str(path), ocr=False)
    spent = time.process_time() - start
    return hashlib.sha256((repr(doc) + repr(diags)).encode()).hexdigest(), spent


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("paths", nargs="*", type=Path)
    args = ap.parse_args()
    pdf_native.use(True)
    built, where = pdf_native.status()
    if not built:
        print(f"native_compare: the compiled loop is not there ({where}): nothing to compare")
        return 1
    files = pdf_files(args.paths or default_paths())
    differ = errors = 0
    cpu = [0.0, 0.0]
    for f in files:
        try:
            (py, t0), (c, t1) = digest(f, False), digest(f, True)
        except Exception as exc:  # a bug in either loop: name it, go on with the rest
            errors += 1
            print(f"ERROR {f}: {type(exc).__name__}: {exc}")
            continue
        cpu[0] += t0
        cpu[1] += t1
        if py != c:
            differ += 1
            print(f"DIFFER {f}")
    print(f"{len(files)} compared, {differ} differ, {errors} raised "
          f"(read CPU-s: Python loop {cpu[0]:.2f}, compiled {cpu[1]:.2f}; {where})")
    return 2 if errors else 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
