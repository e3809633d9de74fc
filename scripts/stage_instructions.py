#!/usr/bin/env python3
"""Instructions per pipeline stage (read / extract / imply / reconcile), counted by callgrind.

Why: the machine is shared (load 10-40), so wall time and even CPU seconds move with other people's
work; the instructions a tree executes for the same input do not. This runs ``pipeline.process`` over
the first N corpus PDFs (``benchmark.py``'s order) under ``valgrind --tool=callgrind`` with the
pipeline's stage timer replaced by one that calls ``os.getppid()`` before and after each stage;
``--dump-before=getppid`` makes callgrind write its counters at each call and zero them, so every
dump is one stage of one document (or the glue between stages: result records, the document-end
threshold change and whatever collection falls there). What cProfile cannot see is inside: PDFium
and the compiled char loop in ``read``, the garbage collector in whichever stage it runs (its
functions show in ``callgrind_annotate``); the collector's own statistics (``gc.get_stats()``) are
recorded at each mark too.

Usage (from the tree to measure; the script itself can live elsewhere):
  cd TREE && PYTHONHASHSEED=0 PYTHONPATH=src python SCRIPT run OUT [--first 0] [--files 8]
  python SCRIPT table OUT [OUT2 ...]          # instructions (M) per stage, one column per OUT
  python SCRIPT functions OUT_A OUT_B STAGE [--top 40]   # inclusive cost by function, B - A
``run`` writes OUT/cg.out.N (one per mark), OUT/marks.json (the label of each dump, gc stats).
The marks file is rewritten in the glue before each stage, so glue grows with the marks (a few M
a document): compare trees by "the four stages", and glue only between runs of this script.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

STAGES = ("imports", "read", "extract", "imply", "reconcile", "glue")


def _drive(out: Path, first: int, count: int) -> None:
    """The pipeline over ``count`` corpus PDFs from the ``first``-th, a mark before and after each
    stage. The marks so far are written out in the glue before each stage (so a run stopped
    early still names its dumps; the writing is counted in that glue, never in a stage)."""
    import gc

    from budgetlens import pipeline

    marks: list[dict] = []

    def mark(label: str) -> None:
        os.getppid()  # callgrind dumps the counts since the last mark here
        marks.append({"label": label, "gc": gc.get_stats(), "count": gc.get_count()})

    def timed(timings, name, fn, *args):
        (out / "marks.json").write_text(json.dumps(marks))
        mark("glue")
        try:
            return fn(*args)
        finally:
            mark(name)
            timings.append((name, 0.0))

    shared = Path.cwd().parent / "shared" / "corpus"
    files = [f for f in pipeline.expand_paths([str(shared / "pdf"), str(shared / "templates")])
             if f.lower().endswith(".pdf")][first:first + count]
    marks.append({"label": "start", "gc": gc.get_stats(), "count": gc.get_count(),
                  "files": files})
    pipeline._timed = timed
    mark("imports")  # labels name the segment that ends at the mark
    for f in files:
        pipeline.process(f, audit=True)
        marks[-1]["file"] = f  # the document whose last stage ended here
    mark("glue")
    marks[0]["tracked_at_end"] = len(gc.get_objects())
    (out / "marks.json").write_text(json.dumps(marks, indent=1))


def _run(out: Path, first: int, count: int) -> None:
    out.mkdir(parents=True, exist_ok=True)
    cmd = ["valgrind", "--tool=callgrind", "--dump-before=getppid",
           f"--callgrind-out-file={out / 'cg.out'}", sys.executable, __file__,
           "drive", str(out), "--first", str(first), "--files", str(count)]
    subprocess.run(cmd, check=True)


def _total(path: Path) -> int:
    for line in path.read_text(errors="replace").splitlines():
        if line.startswith(("summary:", "totals:")):
            return int(line.split()[1])
    return 0


def _dumps(out: Path) -> list[tuple[str, Path]]:
    """(label, dump file) in order: dump k ends at mark k (mark 0 is the start, not a dump)."""
    marks = json.loads((out / "marks.json").read_text())
    labels = [m["label"] for m in marks[1:]]
    files = sorted(out.glob("cg.out.*"), key=lambda p: int(p.suffix[1:]))
    return list(zip(labels, files))


def _gc_collections(out: Path) -> dict[str, list[int]]:
    """Collections per generation that happened during each kind of segment (summed)."""
    marks = json.loads((out / "marks.json").read_text())
    per: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    for before, after in zip(marks, marks[1:]):
        for g in range(3):
            per[after["label"]][g] += (after["gc"][g]["collections"]
                                       - before["gc"][g]["collections"])
    return per


def _table(outs: list[Path]) -> None:
    sums = []
    for out in outs:
        s: dict[str, int] = defaultdict(int)
        for label, f in _dumps(out):
            s[label] += _total(f)
        sums.append(s)
    print("| stage | " + " | ".join(o.name for o in outs) + " |")
    print("|---|" + "---:|" * len(outs))
    four = ("read", "extract", "imply", "reconcile")
    for st in STAGES + ("the four stages", "all but imports"):
        vals = [sum(v for k, v in s.items() if k in four) if st == "the four stages"
                else sum(v for k, v in s.items() if k != "imports") if st == "all but imports"
                else s.get(st, 0) for s in sums]
        print(f"| {st} | " + " | ".join(f"{v / 1e6:,.1f}" for v in vals) + " |")
    for out in outs:
        marks = json.loads((out / "marks.json").read_text())
        print(f"{out.name}: gc collections (gen0, gen1, gen2) per segment kind:",
              dict(_gc_collections(out)), "tracked at end:", marks[0].get("tracked_at_end"))


_FN = re.compile(r"^\s*([\d,]+)\s+\(\s*[\d.]+%\)\s+(\S.*)$")


def _inclusive(out: Path, stage: str) -> dict[str, int]:
    """Inclusive instructions by function over every dump of ``stage`` (callgrind_annotate)."""
    cost: dict[str, int] = defaultdict(int)
    for label, f in _dumps(out):
        if label != stage:
            continue
        text = subprocess.run(["callgrind_annotate", "--inclusive=yes", "--threshold=100",
                               str(f)], capture_output=True, text=True, check=True).stdout
        for line in text.splitlines():
            m = _FN.match(line)
            if m and ":" in m.group(2):
                name = m.group(2).split(":", 1)[1].split(" [")[0]
                cost[name] += int(m.group(1).replace(",", ""))
    return cost


def _functions(a: Path, b: Path, stage: str, top: int) -> None:
    ca, cb = _inclusive(a, stage), _inclusive(b, stage)
    rows = sorted(set(ca) | set(cb), key=lambda k: -abs(cb.get(k, 0) - ca.get(k, 0)))
    print(f"| function ({stage}, inclusive, M) | {a.name} | {b.name} | difference |")
    print("|---|---:|---:|---:|")
    for k in rows[:top]:
        x, y = ca.get(k, 0), cb.get(k, 0)
        print(f"| {k} | {x / 1e6:,.1f} | {y / 1e6:,.1f} | {(y - x) / 1e6:+,.1f} |")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("verb", choices=("run", "drive", "table", "functions"))
    ap.add_argument("outs", nargs="+")
    ap.add_argument("--first", type=int, default=0, help="skip this many PDFs")
    ap.add_argument("--files", type=int, default=8, help="how many PDFs")
    ap.add_argument("--top", type=int, default=40)
    args = ap.parse_args()
    outs = [Path(o) for o in args.outs]
    if args.verb == "drive":
        _drive(outs[0], args.first, args.files)
    elif args.verb == "run":
        _run(outs[0], args.first, args.files)
    elif args.verb == "table":
        _table(outs)
    else:
        _functions(outs[0], outs[1], args.outs[2], args.top)


if __name__ == "__main__":
    main()
