#!/usr/bin/env python3
"""Where a Dask LocalCluster ingest spends CPU beyond local processes: the same files ingested by
2 local processes and by a LocalCluster of 2 workers, alternately, each run's CPU split into
this process (the writer; with Dask also the scheduler, the nannies and the client, whose event
loops run here) and the worker processes, and into starting the executor, the batch, closing.

Why CPU and not wall time: the machine is shared, and Dask's housekeeping costs CPU for every
second the batch lasts (event-loop health checks, system monitors, heartbeats), so a batch slowed
by neighbours costs more CPU; the load average is printed with each run. ``--dask-default``
measures the cluster with Dask's own housekeeping pace instead of ours (cluster.QUIETER), which
is how the saving was measured.

Usage: python scripts/ingest_cluster_cpu.py [PATH ...] [--files N] [--repeat R] [--dask-default]
Default: the first 12 corpus PDFs (by name) of ../shared/corpus/pdf.
"""

from __future__ import annotations

import argparse
import os
import resource
import tempfile
import time
from pathlib import Path

from budgetlens.ingest import cluster, ingest, make_executor
from budgetlens.pipeline import expand_paths, process
from budgetlens.store import open_store

ROOT = Path(__file__).resolve().parents[1]


def _cpu(who: int) -> float:
    r = resource.getrusage(who)
    return r.ru_utime + r.ru_stime


def one_run(files: list[str], dask: bool) -> dict:
    """Ingest ``files`` into a fresh SQLite library; CPU seconds per part, wall, pages."""
    with tempfile.TemporaryDirectory(prefix="budgetlens-cpu-") as tmp:
        store = open_store(str(Path(tmp) / "cpu.db"))
        own0, kids0, wall0 = _cpu(resource.RUSAGE_SELF), _cpu(resource.RUSAGE_CHILDREN), time.perf_counter()
        executor = make_executor(2, dask="local" if dask else None)
        own1, wall1 = _cpu(resource.RUSAGE_SELF), time.perf_counter()
        try:
            tally = ingest(store, files, executor=executor, version="cpu")
            own2, wall2 = _cpu(resource.RUSAGE_SELF), time.perf_counter()
        finally:
            executor.close()
            # the workers' CPU is counted once their fork server is reaped; each run then pays
            # for starting it, as one ``ingest`` command does
            cluster.stop_fork_server()
        own3, kids3 = _cpu(resource.RUSAGE_SELF), _cpu(resource.RUSAGE_CHILDREN)
        store.close()
    return {"start": own1 - own0, "batch": own2 - own1, "close": own3 - own2,
            "workers": kids3 - kids0, "total": own3 - own0 + kids3 - kids0,
            "wall": wall2 - wall1, "start_wall": wall1 - wall0, "pages": tally.pages,
            "failed": tally.failed, "load": os.getloadavg()[0]}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("paths", nargs="*")
    ap.add_argument("--files", type=int, default=12)
    ap.add_argument("--repeat", type=int, default=2)
    ap.add_argument("--dask-default", action="store_true",
                    help="Dask's default housekeeping pace (cluster.QUIETER emptied)")
    args = ap.parse_args()
    if args.dask_default:
        cluster.QUIETER.clear()
    default = [str(ROOT.parent / "shared" / "corpus" / "pdf")]
    files = sorted(f for f in expand_paths(args.paths or default) if f.lower().endswith(".pdf"))
    files = files[:args.files]
    process(files[0], audit=True)  # not timed: this process's first read loads PDFium, rules
    print(f"files: {len(files)}  housekeeping: {'Dask default' if args.dask_default else 'ours'}")
    for _ in range(args.repeat):
        for dask in (False, True):
            m = one_run(files, dask)
            label = "Dask LocalCluster, 2 workers" if dask else "2 local processes"
            print(f"{label:29s} {m['pages']} pages, {m['failed']} failed: CPU {m['total']:5.1f} s = "
                  f"this process {m['start']:.1f} start + {m['batch']:.1f} batch + "
                  f"{m['close']:.1f} close, workers {m['workers']:.1f}; wall {m['wall']:.1f} s "
                  f"(+{m['start_wall']:.1f} s start); load {m['load']:.1f}")


if __name__ == "__main__":
    main()
