#!/usr/bin/env python3
"""What storing costs, and what workers buy: pages/s of a plain audit (read + extract + reconcile,
the results discarded) against ``ingest`` (the same, plus hashing, keeping the file and writing
every fact, finding and evidence row) into a fresh SQLite file — in one process, with N local
worker processes, and on a Dask LocalCluster of N worker processes (``--dask local``).

The budgets (issue #9): storing adds at most 10% to extract + audit time; N=2 workers give at
least 1.8x the pages/s of one process. Every run reports wall time and CPU time — this process's
plus its finished children's (the worker processes, joined when their pool or cluster closes, so
their start-up is included). On a shared machine wall time measures the neighbours' load too,
while CPU time is what the work costs; the load average is printed. Runs alternate (each
configuration once, then again …) and the median is reported, so that a burst of load hits every
configuration alike. The Dask cluster's start is timed apart (it is paid once per batch); one
file is read before anything is timed, so that the one-time loading of PDFium, fonts and rules
in this process is charged to no configuration.

Usage: python scripts/ingest_benchmark.py [PATH ...] [--workers N] [--repeat R] [--db URL] [--no-dask]
       python scripts/ingest_benchmark.py [PATH ...] --one [--repeat R] [--db URL]
``--one`` runs only the one-process ingest and prints, per run, the shares measured within it.
Default paths: ../shared/corpus/pdf (the main corpus PDFs). ``--db`` measures another database
(PostgreSQL: each run empties it first — never point it at a library you keep).
"""

from __future__ import annotations

import argparse
import gc
import os
import resource
import statistics
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

from budgetlens.ingest import batch, ingest, make_executor  # noqa: E402
from budgetlens.ingest.cluster import stop_fork_server  # noqa: E402
from budgetlens.pipeline import expand_paths, process_many  # noqa: E402
from budgetlens.store import open_store  # noqa: E402


def _cpu() -> float:
    """CPU seconds of this process and of its children that have ended."""
    return _own_cpu() + _children_cpu()


def _own_cpu() -> float:
    """CPU seconds of this process: the writer, and with ``--dask local`` the scheduler and the
    client (their event loops run in this process)."""
    me = resource.getrusage(resource.RUSAGE_SELF)
    return me.ru_utime + me.ru_stime


def _children_cpu() -> float:
    """CPU seconds of the worker processes (and Dask's nannies) that have ended."""
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return kids.ru_utime + kids.ru_stime


def audit_run(files: list[str], workers: int) -> dict:
    """A plain audit, the results discarded: wall s, CPU s (with workers), pages."""
    wall, cpu = time.perf_counter(), _cpu()
    pages = 0
    for r in process_many(files, audit=True, jobs=workers):
        pages += r.disclosure.n_pages if r.disclosure else 0
    return {"wall": time.perf_counter() - wall, "cpu": _cpu() - cpu, "pages": pages,
            "pipeline_cpu": 0.0, "prepare_cpu": 0.0}


def ingest_run(files: list[str], workers: int, db: str | None, dask: bool) -> dict:
    """``ingest`` into an empty database: wall s, CPU s (with workers), pages, CPU s inside the
    writer's ``Store.write``, and the start of the executor (a Dask cluster's, else ~0)."""
    with tempfile.TemporaryDirectory(prefix="budgetlens-bench-") as tmp:
        target = db or str(Path(tmp) / "bench.db")
        if db:
            _empty(db)
        store = open_store(target)  # migrating the empty database is not timed
        in_write = [0.0, 0.0]  # CPU s, wall s
        write = store.write

        def timed_write(*args, **kwargs):
            start, wall0 = time.process_time(), time.perf_counter()
            try:
                return write(*args, **kwargs)
            finally:
                in_write[0] += time.process_time() - start
                in_write[1] += time.perf_counter() - wall0

        store.write = timed_write  # type: ignore[method-assign]
        timers = ({n: _time_in_batch(n) for n in ("process", "prepare")}
                  if workers == 1 and not dask else {})
        collector = _collector_outside(timers["process"]) if timers else None
        cpu, own, start = _cpu(), _own_cpu(), time.perf_counter()
        executor = make_executor(workers, dask="local" if dask else None)
        wall, own_started = time.perf_counter(), _own_cpu()
        try:
            tally = ingest(store, files, executor=executor, version="benchmark")
            elapsed = time.perf_counter() - wall
        finally:
            executor.close()
            if dask:  # its workers' CPU is counted once their fork server is reaped
                stop_fork_server()
            for name, spent in timers.items():
                setattr(batch, name, spent[1])
            if collector is not None:
                gc.callbacks.remove(collector[1])
        out = {"wall": elapsed, "cpu": _cpu() - cpu, "pages": tally.pages,
               "pipeline_cpu": timers["process"][0] if timers else 0.0,
               "prepare_cpu": timers["prepare"][0] if timers else 0.0,
               "gc_outside": collector[0][0] if collector else 0.0,
               "write_cpu": in_write[0], "write_wall": in_write[1], "start": wall - start,
               "failed": tally.failed, "own_cpu": _own_cpu() - own,
               "own_start_cpu": own_started - own}
        store.close()
    return out


def _collector_outside(process: list) -> tuple[list, object]:
    """CPU seconds of the garbage collections that ran outside the pipeline (``process``) in a
    one-process ingest, and the callback counting them (the caller removes it). Why: the
    pipeline raises the collector's thresholds while a document runs and puts them back when it
    returns, so collections its own garbage made due fall just after — in the rows' preparation
    or the batch's glue, counted as storing although a plain audit pays them too (between its
    documents). Printed beside the shares, not taken out of them."""
    spent, start = [0.0], [0.0]

    def on_collect(phase: str, info: dict) -> None:
        if process[2]:  # inside the pipeline: its own
            return
        if phase == "start":
            start[0] = time.process_time()
        else:
            spent[0] += time.process_time() - start[0]

    gc.callbacks.append(on_collect)
    return spent, on_collect


def _time_in_batch(name: str) -> list:
    """Time ``budgetlens.ingest.batch.<name>`` inside a one-process ingest. The pipeline
    (``process``: read, extract, audit) timed so, the CPU of the same run that is not the pipeline
    is what storing costs (hashing, keeping the file, ``prepare``-ing the rows, writing them).
    Why in the same run: between two runs minutes apart this host's CPU time for the same work
    moves by ±10–20% (docs/benchmark.md, session 16), more than the 10% budget measured; within
    one run both shares see the same host. Returns [CPU s so far, the original function] (the
    caller puts the original back) and whether it is running now."""
    original = getattr(batch, name)
    spent: list = [0.0, original, False]  # CPU s, the original, running now

    def timed(*args, **kwargs):
        start = time.process_time()
        spent[2] = True
        try:
            return original(*args, **kwargs)
        finally:
            spent[2] = False
            spent[0] += time.process_time() - start

    setattr(batch, name, timed)
    return spent


def _empty(url: str) -> None:
    """Drop and recreate the schema the URL works in: ``public``, or the one its
    ``options=-csearch_path=NAME`` names (a schema of the benchmark's own in a shared database)."""
    from sqlalchemy import create_engine, make_url, text

    options = make_url(url).query.get("options") or ""
    schema = options.split("search_path=", 1)[1].split()[0] if "search_path=" in options else "public"
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    engine.dispose()


def configurations(workers: int, dask: bool, one: bool = False) -> list[tuple[str, callable]]:
    """(label, run) for each configuration measured; ``one``: the one-process ingest alone."""
    def run_audit(n):
        return lambda files, db: audit_run(files, n)

    def run_ingest(n, on_dask=False):
        return lambda files, db: ingest_run(files, n, db, on_dask)

    if one:
        return [("ingest, 1 process", run_ingest(1))]
    configs = [("audit, 1 process", run_audit(1)), ("ingest, 1 process", run_ingest(1)),
               (f"audit, {workers} processes", run_audit(workers)),
               (f"ingest, {workers} processes", run_ingest(workers))]
    if dask:
        configs.append((f"ingest, Dask LocalCluster {workers} workers", run_ingest(workers, True)))
    return configs


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("paths", nargs="*")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--db", default=None, help="database URL to measure instead of a temp SQLite")
    ap.add_argument("--no-dask", dest="dask", action="store_false",
                    help="leave out the Dask LocalCluster (or: Dask is not installed)")
    ap.add_argument("--one", action="store_true",
                    help="only the one-process ingest: the pipeline's, the rows' and the "
                    "writer's CPU within each run (a third of the CPU of the whole benchmark)")
    args = ap.parse_args()
    default = [str(ROOT.parent / "shared" / "corpus" / "pdf")]
    files = [f for f in expand_paths(args.paths or default) if f.lower().endswith(".pdf")]
    print(f"files: {len(files)}  cpus: {os.cpu_count()}  repeat: {args.repeat}  "
          f"load at start: {os.getloadavg()[0]:.1f}")
    configs = configurations(args.workers, args.dask, args.one)
    audit_run(files[:1], 1)  # not timed: this process's first read loads PDFium, fonts, rules
    runs: dict[str, list[dict]] = {label: [] for label, _ in configs}
    for _ in range(args.repeat):
        for label, run in configs:
            runs[label].append(run(files, args.db))
    (within if args.one else report)(runs, args.workers)
    print(f"load at end: {os.getloadavg()[0]:.1f}")


def within(runs: dict[str, list[dict]], workers: int) -> None:
    """``--one``: per run, the pipeline's CPU and what storing adds to it, split into the writer
    (``Store.write``), the rows' preparation and the rest (hashing, the bytes, the batch)."""
    for r in runs["ingest, 1 process"]:
        rest = r["cpu"] - r["pipeline_cpu"] - r["prepare_cpu"] - r["write_cpu"]
        print(f"{r['pages']} pages: pipeline {r['pipeline_cpu']:.2f} CPU-s; storing "
              f"+{100 * (r['cpu'] - r['pipeline_cpu']) / r['pipeline_cpu']:.1f}%: writer "
              f"{r['write_cpu']:.2f} CPU-s (+{100 * r['write_cpu'] / r['pipeline_cpu']:.1f}%, "
              f"{r['write_wall']:.2f} s wall), rows {r['prepare_cpu']:.2f} CPU-s "
              f"(+{100 * r['prepare_cpu'] / r['pipeline_cpu']:.1f}%), rest {rest:.2f} CPU-s "
              f"(+{100 * rest / r['pipeline_cpu']:.1f}%); failed {r['failed']}; of storing's, "
              f"collections outside the pipeline {r['gc_outside']:.2f} CPU-s "
              f"(+{100 * r['gc_outside'] / r['pipeline_cpu']:.1f}%)")


def report(runs: dict[str, list[dict]], workers: int) -> None:
    med = {label: {k: statistics.median(r[k] for r in rs) for k in rs[0]}
           for label, rs in runs.items()}
    pages = {m["pages"] for m in med.values()}
    assert len(pages) == 1, f"configurations saw different pages: {pages}"
    base = med["audit, 1 process"]
    for label, m in med.items():
        line = (f"{label:38s} {m['wall']:7.1f} s wall {m['pages'] / m['wall']:6.1f} pages/s"
                f"  {m['cpu']:7.1f} s CPU {m['pages'] / m['cpu']:6.1f} pages/CPU-s"
                f"  x{base['wall'] / m['wall']:.2f} vs audit 1 process")
        if "write_cpu" in m:
            line += f"  (writer {m['write_cpu']:.2f} s CPU, {m['write_wall']:.2f} s wall"
            line += f", cluster start {m['start']:.1f} s)" if m["start"] > 0.5 else ")"
            line += (f"\n{'':38s} this process {m['own_cpu']:.1f} s CPU (of which starting the "
                     f"executor {m['own_start_cpu']:.1f} s), workers "
                     f"{m['cpu'] - m['own_cpu']:.1f} s CPU")
        print(line)
    one, many = med["ingest, 1 process"], med[f"ingest, {workers} processes"]
    print(f"storing adds {100 * (one['wall'] / base['wall'] - 1):+.1f}% wall, "
          f"{100 * (one['cpu'] / base['cpu'] - 1):+.1f}% CPU (1 process, against the audit run "
          f"apart); the writer's own CPU is {100 * one['write_cpu'] / base['cpu']:.1f}% of the "
          f"audit's")
    same = [(r["cpu"] - r["pipeline_cpu"]) / r["pipeline_cpu"] for r in runs["ingest, 1 process"]
            if r["pipeline_cpu"]]
    writer = [r["write_cpu"] / r["pipeline_cpu"] for r in runs["ingest, 1 process"]
              if r["pipeline_cpu"]]
    if same:
        print(f"within each 1-process ingest: the pipeline {one['pipeline_cpu']:.1f} s CPU, "
              f"storing (all the rest) +{100 * statistics.median(same):.1f}% of it (runs: "
              f"{', '.join(f'{100 * x:+.1f}%' for x in same)}): the writer "
              f"+{100 * statistics.median(writer):.1f}%, preparing the rows "
              f"{one['prepare_cpu']:.2f} s, the rest (hashing, reading the bytes again, the "
              f"batch) {one['cpu'] - one['pipeline_cpu'] - one['prepare_cpu'] - one['write_cpu']:.2f} s")
    print(f"{workers} processes give x{one['wall'] / many['wall']:.2f} the pages/s of one (ingest)")


if __name__ == "__main__":
    main()
