#!/usr/bin/env python3
"""Where a fuzz case's CPU goes: the harness process, the worker's build of the case, the pipeline.

Why: the campaign's rate (cases per CPU-second, harness included; docs/reliability.md) says how
long 100,000 cases per format take, not what to make cheaper. This runs a range of cases exactly
as ``scripts/fuzz.py`` does (no ledger, nothing saved) and splits their CPU: the harness's own
(Hypothesis drawing the recipes, bookkeeping), its forking and watching of the workers, and in
the workers the building of the case's bytes and the pipeline on them; then the workers' CPU by
the mutators in the recipe and by base (a seed of the pool or a generated document), and, with
``--seeds``, what each unmutated seed of the pool costs in the pipeline. CPU seconds from
``getrusage``: on a loaded machine they move by tens of per cent, so compare runs made together.

    PYTHONPATH=src python scripts/fuzz_cost.py --format html --first-case 7000 --cases 80
    PYTHONPATH=src python scripts/fuzz_cost.py --format xlsx --cases 60 --seeds
"""

from __future__ import annotations

import argparse
import resource
import tempfile
from collections import defaultdict
from pathlib import Path

import fuzz
from fuzz_seeds import EXTENSIONS, FORMATS, build_pool
from fuzz_worker import run_case, warm_up


def _cpu(who: int = resource.RUSAGE_SELF) -> float:
    usage = resource.getrusage(who)
    return usage.ru_utime + usage.ru_stime


def measure(fmt: str, first: int, cases: int, seed: int) -> dict:
    """Run the cases as the campaign does and return the CPU split and each case's verdict."""
    pool = build_pool(fmt)
    warm_up(fmt, pool)
    seen: list[tuple[dict, fuzz.Recipe]] = []
    inside = [0.0]
    real = fuzz.run_isolated

    def timed(*args, **kwargs):
        start = _cpu()
        verdict = real(*args, **kwargs)
        inside[0] += _cpu() - start
        seen.append((verdict, args[1][1]))
        return verdict

    fuzz.run_isolated = timed
    settings = fuzz.Settings(out=Path(tempfile.mkdtemp()), ledger=None,
                             log=open("/dev/null", "w", encoding="utf-8"))
    own, kids = _cpu(), _cpu(resource.RUSAGE_CHILDREN)
    try:
        with tempfile.TemporaryDirectory() as work:
            run = fuzz.FormatRun(fmt, seed, pool, Path(work), settings)
            fuzz.fuzz_format(fmt, seed, first, cases, pool, fuzz.labels(), run.case,
                             run.chunk_done)
    finally:
        fuzz.run_isolated = real
    return {"harness": _cpu() - own, "forks": inside[0], "seen": seen,
            "workers": _cpu(resource.RUSAGE_CHILDREN) - kids}


def report(fmt: str, m: dict) -> list[str]:
    """The split per case, then the workers' pipeline CPU by mutator and by base."""
    seen = m["seen"]
    n = max(1, len(seen))
    build = sum(v.get("build_cpu", 0.0) for v, _ in seen)
    worker = sum(v.get("cpu", 0.0) for v, _ in seen)
    lines = [f"{fmt}: {len(seen)} cases, {len(seen) / (m['harness'] + m['workers']):.2f} per CPU-s",
             f"  per case: harness draws+bookkeeping {1000 * (m['harness'] - m['forks']) / n:.0f} ms,"
             f" fork+watch {1000 * m['forks'] / n:.0f} ms, worker build {1000 * build / n:.0f} ms,"
             f" worker pipeline {1000 * (worker - build) / n:.0f} ms"]
    by_mutator, by_base = defaultdict(list), defaultdict(list)
    for verdict, recipe in seen:
        spent = verdict.get("cpu", 0.0) - verdict.get("build_cpu", 0.0)
        by_base[recipe.base[0]].append(spent)
        for name in {m[0] for m in recipe.mutations} or {"(no mutation)"}:
            by_mutator[name].append(spent)
    for name, spent in sorted(by_mutator.items(), key=lambda kv: -sum(kv[1])):
        lines.append(f"  {name}: {len(spent)} cases, mean {sum(spent) / len(spent):.3f} s, "
                     f"sum {sum(spent):.2f} s of {worker - build:.2f}")
    lines += [f"  base {b}: {len(x)} cases, mean {sum(x) / len(x):.3f} s" for b, x in by_base.items()]
    return lines


def seed_costs(fmt: str) -> list[str]:
    """The pipeline's CPU on each unmutated seed of the pool, largest first."""
    pool = build_pool(fmt)
    warm_up(fmt, pool)
    rows = []
    with tempfile.TemporaryDirectory() as work:
        target = Path(work) / f"seed{EXTENSIONS[fmt]}"
        for item in pool:
            target.write_bytes(item.data)
            start = _cpu()
            run_case(str(target))
            rows.append((_cpu() - start, len(item.data), item.name))
    rows.sort(reverse=True)
    return [f"{fmt} seeds: {len(rows)}, mean {sum(r[0] for r in rows) / len(rows):.3f} s"] + [
        f"  {spent:.3f} s  {size / 1024:.1f} KiB  {name}" for spent, size, name in rows]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--format", choices=FORMATS, default="html")
    ap.add_argument("--first-case", type=int, default=0)
    ap.add_argument("--cases", type=int, default=60)
    ap.add_argument("--seed", type=int, default=2026)
    ap.add_argument("--seeds", action="store_true", help="also the pipeline's CPU per pool seed")
    args = ap.parse_args()
    print("\n".join(report(args.format, measure(args.format, args.first_case, args.cases,
                                                   args.seed))))
    if args.seeds:
        print("\n".join(seed_costs(args.format)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
