#!/usr/bin/env python3
"""What storing costs: pages/s of a plain audit (read + extract + reconcile) against ``ingest``
(the same, plus hashing, keeping the file and writing every fact, finding and evidence row) into
a fresh SQLite file — in one process and with N worker processes.

The budget is "storing adds at most 10% to extract + audit time". One-process runs are timed by
CPU time as well as wall time: on a shared machine wall time measures the neighbours' load too,
while the CPU time of one process is what the work costs. Runs alternate (audit, ingest, audit,
ingest …) and the median is reported, so that a burst of load hits both sides alike.

Usage: python scripts/ingest_benchmark.py [PATH ...] [--workers N] [--repeat R] [--db URL]
Default paths: ../shared/corpus/pdf (the main corpus PDFs). ``--db`` measures another database
(PostgreSQL: each run empties it first — never point it at a library you keep).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from budgetlens.ingest import ingest, make_executor  # noqa: E402
from budgetlens.pipeline import expand_paths, process_many  # noqa: E402
from budgetlens.store import open_store  # noqa: E402


def audit_run(files: list[str], workers: int) -> tuple[float, float, int]:
    """(wall s, CPU s of this process, pages) of a plain audit, the results discarded."""
    wall, cpu = time.perf_counter(), time.process_time()
    pages = 0
    for r in process_many(files, audit=True, jobs=workers):
        pages += r.disclosure.n_pages if r.disclosure else 0
    return time.perf_counter() - wall, time.process_time() - cpu, pages


def ingest_run(files: list[str], workers: int, db: str | None) -> tuple[float, float, int, float]:
    """(wall s, CPU s of this process, pages, CPU s inside the writer's ``Store.write``) of
    ``ingest`` into an empty database."""
    with tempfile.TemporaryDirectory(prefix="budgetlens-bench-") as tmp:
        target = db or str(Path(tmp) / "bench.db")
        if db:
            _empty(db)
        store = open_store(target)  # migrating the empty database is not timed
        in_write = [0.0]
        write = store.write

        def timed_write(*args, **kwargs):
            start = time.process_time()
            try:
                return write(*args, **kwargs)
            finally:
                in_write[0] += time.process_time() - start

        store.write = timed_write  # type: ignore[method-assign]
        executor = make_executor(workers)
        wall, cpu = time.perf_counter(), time.process_time()
        try:
            tally = ingest(store, files, executor=executor, version="benchmark")
        finally:
            executor.close()
        elapsed = time.perf_counter() - wall, time.process_time() - cpu
        store.close()
    return elapsed[0], elapsed[1], tally.pages, in_write[0]


def _empty(url: str) -> None:
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()


def measure(files: list[str], workers: int, repeat: int, db: str | None) -> dict:
    audits, ingests = [], []
    for _ in range(repeat):
        audits.append(audit_run(files, workers))
        ingests.append(ingest_run(files, workers, db))

    def med(runs, i):
        return statistics.median(r[i] for r in runs)

    return {"audit_wall": med(audits, 0), "audit_cpu": med(audits, 1), "pages": audits[0][2],
            "ingest_wall": med(ingests, 0), "ingest_cpu": med(ingests, 1),
            "ingest_pages": ingests[0][2], "write_cpu": med(ingests, 3)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("paths", nargs="*")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--db", default=None, help="database URL to measure instead of a temp SQLite")
    args = ap.parse_args()
    default = [str(ROOT.parent / "shared" / "corpus" / "pdf")]
    files = [f for f in expand_paths(args.paths or default) if f.lower().endswith(".pdf")]
    print(f"files: {len(files)}  cpus: {os.cpu_count()}  repeat: {args.repeat}  "
          f"load: {os.getloadavg()[0]:.1f}")
    base_cpu = 0.0
    for workers in (1, args.workers):
        m = measure(files, workers, args.repeat, args.db)
        base_cpu = base_cpu or m["audit_cpu"]
        assert m["pages"] == m["ingest_pages"], "ingest stored other pages than the audit read"
        label = "1 process" if workers == 1 else f"{workers} workers"
        print(f"{label}: {m['pages']} pages")
        print(f"  audit   {m['audit_wall']:7.2f} s wall  {m['pages'] / m['audit_wall']:7.1f} pages/s"
              + (f"  {m['audit_cpu']:7.2f} s CPU" if workers == 1 else ""))
        print(f"  ingest  {m['ingest_wall']:7.2f} s wall  {m['pages'] / m['ingest_wall']:7.1f} pages/s"
              + (f"  {m['ingest_cpu']:7.2f} s CPU" if workers == 1 else ""))
        print(f"  storing adds {100 * (m['ingest_wall'] / m['audit_wall'] - 1):+.1f}% wall"
              + (f", {100 * (m['ingest_cpu'] / m['audit_cpu'] - 1):+.1f}% CPU" if workers == 1
                 else ""))
        print(f"  the writer spent {m['write_cpu']:.2f} s CPU in Store.write: "
              f"{100 * m['write_cpu'] / base_cpu:.1f}% of the one-process audit's CPU time")


if __name__ == "__main__":
    main()
