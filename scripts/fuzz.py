#!/usr/bin/env python3
"""Fuzz every reader and the whole pipeline; report crashes and hangs per format (issue #13).

Each case is a Hypothesis-drawn recipe (:mod:`fuzz_gen`): a real seed file of the format
(:mod:`fuzz_seeds`) or a document drawn by Hypothesis and written in that format, then 0–4
mutations (:mod:`fuzz_mutate` and the modules it names) from bytes up to the format's structure.
The case is built and run in a forked worker (:mod:`fuzz_worker`) under a CPU-time limit, a
wall-clock watchdog and an address-space limit, through the same entry the CLI uses, and judged
``result``, ``error`` (one line, stable code), ``crash`` or ``hang`` (docs/reliability.md, Fuzzing).

A case is fixed by (``--seed``, format, case index), so a campaign of 100,000 cases per format is
run in pieces over sessions: ``--first-case N --cases M`` runs cases N … N+M-1. Each chunk of
:data:`CHUNK` cases appends a row to the ledger (:mod:`fuzz_ledger`, ``docs/fuzz-ledger.csv``),
and ``--report`` sums the ledger per format. Every crash and hang is saved to ``--out`` with its
recipe and traceback (``--replay FILE`` judges it again).

    PYTHONPATH=src python scripts/fuzz.py --cases 200 --no-ledger           # a quick look
    PYTHONPATH=src nice -n 19 python scripts/fuzz.py --formats pdf --first-case 2000 --cases 2000
    PYTHONPATH=src python scripts/fuzz.py --report                          # the ledger, summed
    PYTHONPATH=src python scripts/fuzz.py --replay fuzz-findings/pdf-2026-000123-crash.pdf
"""

from __future__ import annotations

import argparse
import gc
import json
import resource
import sys
import tempfile
import time
import warnings
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Optional, TextIO

import fuzz_ledger
from fuzz_gen import Recipe, recipes
from fuzz_mutate import MUTATORS
from fuzz_seeds import EXTENSIONS, FORMATS, SHARED, build_pool, labels
from fuzz_worker import build_and_run, run_case, run_isolated, signature, warm_up

warnings.filterwarnings("ignore")  # zipfile's "Duplicate name" and the like: cases, not news

#: Cases drawn per Hypothesis run (its example tree grows with every case), and per ledger row:
#: case ``i`` is draw ``i % CHUNK`` of the run seeded from (seed, format, ``i // CHUNK``).
CHUNK = 500


# --- the run -----------------------------------------------------------------------------------

@dataclass
class Tally:
    """What one format's cases gave."""

    cases: int = 0
    cpu: float = 0.0
    outcomes: Counter = field(default_factory=Counter)
    codes: Counter = field(default_factory=Counter)
    crashes: dict = field(default_factory=dict)  # signature → [case ids]
    harness_cpu: float = 0.0  # CPU of the whole run of the format: harness, workers, warm-up
    worst: dict = field(default_factory=lambda: {"cpu": (0.0, ""), "wall": (0.0, ""),
                                                 "peak_mib": (0.0, "")})

    def add(self, case_id: str, verdict: dict) -> None:
        self.cases += 1
        self.cpu += verdict.get("cpu", 0.0)
        self.outcomes[verdict["outcome"]] += 1
        if verdict["outcome"] in ("result", "error"):
            self.codes[verdict.get("code", "?")] += 1
        elif verdict["outcome"] != "skipped":
            self.crashes.setdefault(signature(verdict), []).append(case_id)
        for key in self.worst:
            if verdict.get(key, 0.0) > self.worst[key][0]:
                self.worst[key] = (verdict[key], case_id)


def fuzz_format(fmt: str, seed: int, first: int, cases: int, pool: list,
                lexicon: tuple[str, ...], on_case: Callable[[int, Recipe], None],
                on_chunk: Callable[[int], None]) -> None:
    """Run cases ``first`` … ``first + cases - 1`` of ``fmt``: case ``i`` is draw ``i % CHUNK``
    of chunk ``i // CHUNK``, whose Hypothesis run is seeded from (seed, format, chunk) and always
    asked for CHUNK examples (Hypothesis draws differently for another ``max_examples``), so a
    case is the same whatever range it is run in. ``on_chunk(first case)`` follows each chunk."""
    from hypothesis import HealthCheck, Phase, Verbosity, given, settings
    from hypothesis import seed as hseed

    strategy = recipes(fmt, len(pool), tuple(sorted(MUTATORS[fmt])), lexicon)
    end = first + cases
    for chunk in range(first // CHUNK, (end - 1) // CHUNK + 1 if cases > 0 else 0):
        lo, hi = max(first, chunk * CHUNK), min(end, (chunk + 1) * CHUNK)
        drawn = [chunk * CHUNK]

        @settings(max_examples=CHUNK, database=None, deadline=None, phases=[Phase.generate],
                  suppress_health_check=list(HealthCheck), verbosity=Verbosity.quiet)
        @given(strategy)
        def one(recipe: Recipe) -> None:
            index = drawn[0]
            drawn[0] += 1
            if lo <= index < hi:
                on_case(index, recipe)

        hseed(_chunk_seed(seed, fmt, chunk))(one)()
        if drawn[0] > lo:  # Hypothesis may draw fewer than CHUNK: those cases do not exist
            on_chunk(lo)


def _chunk_seed(seed: int, fmt: str, chunk: int) -> int:
    return (seed * 1_000_003 + FORMATS.index(fmt) * 10_007 + chunk) % 2**32


def _jsonable(value):
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    return value if isinstance(value, (str, int, float, bool, type(None))) else repr(value)


def save_finding(out: Path, case_id: str, fmt: str, data: bytes, recipe: Recipe,
                 verdict: dict, pool: list) -> Path:
    out.mkdir(parents=True, exist_ok=True)
    path = out / f"{case_id}-{verdict['outcome']}{EXTENSIONS[fmt]}"
    path.write_bytes(data)
    base = recipe.base if recipe.base[0] == "gen" else ("seed", pool[recipe.base[1]].name)
    meta = {"case": case_id, "verdict": verdict, "signature": signature(verdict),
            "recipe": {"base": _jsonable(base), "mutations": _jsonable(recipe.mutations)}}
    path.with_suffix(path.suffix + ".json").write_text(
        json.dumps(meta, ensure_ascii=False, indent=1), encoding="utf-8")
    return path


class FormatRun:
    """One format's run: each case in a forked worker, findings saved, a ledger row per chunk."""

    def __init__(self, fmt: str, seed: int, pool: list, work: Path, settings: "Settings") -> None:
        self.fmt, self.seed, self.pool, self.s = fmt, seed, pool, settings
        self.target = work / f"case{EXTENSIONS[fmt]}"
        self.stderr = str(work / "stderr.txt")
        self.total, self.chunk = Tally(), Tally()
        self.started = time.monotonic()

    def case(self, index: int, recipe: Recipe) -> None:
        s, log = self.s, self.s.log
        case_id = f"{self.fmt}-{self.seed}-{index:06d}"
        self.target.unlink(missing_ok=True)
        verdict = run_isolated(build_and_run, (self.fmt, recipe, self.pool, str(self.target)),
                               s.cpu_s, s.mem_mib, self.stderr)
        self.total.add(case_id, verdict)
        self.chunk.add(case_id, verdict)
        data = self.target.read_bytes() if self.target.exists() else b""
        if verdict["outcome"] == "skipped":
            print(f"  skipped (harness): {verdict.get('detail', '')[-300:]}", file=log)
        if verdict["outcome"] in ("crash", "hang"):
            saved = save_finding(s.out, case_id, self.fmt, data, recipe, verdict, self.pool)
            print(f"  {verdict['outcome'].upper()} {saved}: {signature(verdict)}", file=log)
        elif verdict.get("cpu", 0) >= s.cpu_s / 4:  # not a failure: kept to study speed
            saved = save_finding(s.out / "slow", case_id, self.fmt, data, recipe,
                                 dict(verdict, outcome="slow"), self.pool)
            print(f"  slow ({verdict['cpu']:.1f} s CPU) {saved}", file=log)
        if self.total.cases % 250 == 0:
            print(f"  {self.fmt}: {self.total.cases} cases, {time.monotonic() - self.started:.0f} s,"
                  f" {dict(self.total.outcomes)}", file=log, flush=True)

    def chunk_done(self, first: int) -> None:
        """Write the chunk's ledger row (CSV and JSON line) and start a new chunk tally."""
        s = self.s
        if s.ledger_run is not None:
            row = fuzz_ledger.chunk_row(self.seed, self.fmt, first, self.chunk, s.ledger_run)
            detail = {"codes": dict(self.chunk.codes), "crash_signatures": self.chunk.crashes}
            fuzz_ledger.append(row, s.ledger, s.out / "ledger" / "ledger.jsonl", detail)
            print(f"  ledger: {self.fmt} seed {self.seed} cases {row['first_case']}–"
                  f"{row['last_case']}: {row['crashes']} crashes, {row['hangs']} hangs",
                  file=s.log, flush=True)
        self.chunk = Tally()


@dataclass
class Settings:
    """What is the same for every format of a run."""

    out: Path
    cpu_s: float = 20.0
    mem_mib: int = 2048
    ledger: Optional[Path] = fuzz_ledger.DEFAULT_CSV  # None: no ledger rows (a reproduction)
    log: TextIO = sys.stderr
    ledger_run: Optional[dict] = None  # filled by run(): code version, limits


def run(formats: list[str], first: int, cases: int, seed: int,
        settings: Settings) -> dict[str, Tally]:
    """Fuzz each format in turn; the report so far is rewritten after each format and the ledger
    after each chunk, so a long run stopped early still says what it did."""
    import hypothesis

    if settings.ledger is not None:
        settings.ledger_run = {**fuzz_ledger.code_version(), "hypothesis": hypothesis.__version__,
                               "cpu_limit_s": settings.cpu_s, "mem_limit_mib": settings.mem_mib}
    tallies: dict[str, Tally] = {}
    lexicon = labels(SHARED) if SHARED.exists() else ("合计",)
    with tempfile.TemporaryDirectory(prefix="budgetlens-fuzz-") as work:
        for fmt in formats:
            started = _cpu_total()
            pool = build_pool(fmt)
            fr = FormatRun(fmt, seed, pool, Path(work), settings)
            tallies[fmt] = fr.total
            warm_up(fmt, pool)
            # Everything loaded so far is shared with every forked worker; without this the
            # workers' collector walks (and so copies) the parent's pages: measured 37 ms of
            # system time per pdf case before, see docs/reliability.md
            gc.freeze()
            print(f"{fmt}: {len(pool)} seeds, {len(MUTATORS[fmt])} mutators, cases {first}–"
                  f"{first + cases - 1}", file=settings.log, flush=True)
            fuzz_format(fmt, seed, first, cases, pool, lexicon, fr.case, fr.chunk_done)
            fr.total.harness_cpu = _cpu_total() - started
            text = report(tallies, seed) + "\n"
            report_path(settings.out, seed, first, formats).write_text(text, encoding="utf-8")
    return tallies


def _cpu_total() -> float:
    """CPU seconds of this process and of its workers (each reaped as its case ends)."""
    own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def report_path(out: Path, seed: int, first: int, formats: list[str]) -> Path:
    """``report-seed<N>[-from<first>][-<formats>].md``: runs of other ranges or formats side by
    side (two runs at once, each on some formats) do not overwrite each other's report."""
    out.mkdir(parents=True, exist_ok=True)
    name = f"report-seed{seed}" + (f"-from{first}" if first else "")
    name += "" if list(formats) == list(FORMATS) else "-" + "+".join(formats)
    return out / f"{name}.md"


def report(tallies: dict[str, Tally], seed: int) -> str:
    head = ["| format | cases | results | clean errors | crashes | hangs | mean CPU s | "
            "worst CPU s | worst wall s | worst peak MiB | top error codes |", "|" + "---|" * 11]
    rows = []
    for fmt, t in tallies.items():
        codes = ", ".join(f"{c} {n}" for c, n in t.codes.most_common(4) if c != "ok")
        w = t.worst
        rows.append(f"| {fmt} | {t.cases} | {t.outcomes['result']} | {t.outcomes['error']} | "
                    f"{t.outcomes['crash']} | {t.outcomes['hang']} | {t.cpu / max(t.cases, 1):.2f} | "
                    f"{w['cpu'][0]:.2f} | "
                    f"{w['wall'][0]:.2f} | {w['peak_mib'][0]:.0f} | {codes} |")
    lines = [f"seed {seed}", *head, *rows, ""]
    for fmt, t in tallies.items():
        lines.append(f"- {fmt}: slowest {t.worst['cpu'][1]}, largest {t.worst['peak_mib'][1]}")
        if t.harness_cpu:
            lines.append(f"- {fmt}: {t.cases / t.harness_cpu:.2f} cases per CPU-second, harness "
                         f"included ({t.harness_cpu:.1f} CPU-s: start-up, Hypothesis, forks, cases)")
    for fmt, t in tallies.items():
        if t.outcomes["skipped"]:
            lines.append(f"- {fmt}: {t.outcomes['skipped']} cases skipped (the harness could not "
                         "build them)")
        for sig, ids in sorted(t.crashes.items()):
            lines.append(f"- {fmt}: {len(ids)}× {sig} (e.g. {ids[0]})")
    return "\n".join(lines)


def replay(paths: list[str], cpu_s: float, mem_mib: int) -> int:
    bad = 0
    for p in paths:
        verdict = run_isolated(run_case, (str(Path(p).resolve()),), cpu_s, mem_mib)
        bad += verdict["outcome"] in ("crash", "hang")
        print(f"{p}: {verdict['outcome']} {verdict.get('code') or signature(verdict)} "
              f"cpu={verdict.get('cpu', 0):.2f}s peak={verdict.get('peak_mib', 0):.0f}MiB")
        if verdict.get("detail"):
            print(verdict["detail"])
    return 1 if bad else 0


def _parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--formats", default=",".join(FORMATS), help="comma-separated: " + ",".join(FORMATS))
    ap.add_argument("--cases", type=int, default=200, help="cases per format")
    ap.add_argument("--first-case", type=int, default=0, metavar="N",
                    help="index of the first case (resume or extend a campaign)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--out", type=Path, default=Path("fuzz-findings"), help="crashing/hanging inputs")
    ap.add_argument("--cpu-limit", type=float, default=20.0, help="CPU seconds per case (hang above)")
    ap.add_argument("--mem-limit", type=int, default=2048, help="MiB of address space per case")
    ap.add_argument("--ledger", type=Path, default=fuzz_ledger.DEFAULT_CSV,
                    help="CSV the run appends a row per chunk to, and --report reads")
    ap.add_argument("--no-ledger", action="store_true", help="write no ledger rows (a reproduction)")
    ap.add_argument("--report", action="store_true", help="sum the ledger per format and exit")
    ap.add_argument("--replay", nargs="+", metavar="FILE", help="run saved inputs and print verdicts")
    return ap


def main(argv: Optional[list[str]] = None) -> int:
    ap = _parser()
    args = ap.parse_args(argv)
    if args.replay:
        return replay(args.replay, args.cpu_limit, args.mem_limit)
    formats = [f.strip() for f in args.formats.split(",") if f.strip()]
    unknown = sorted(set(formats) - set(FORMATS))
    if unknown:
        ap.error(f"unknown format(s): {', '.join(unknown)}")
    if args.report:
        if not args.ledger.exists():
            ap.error(f"no ledger at {args.ledger}")
        print(fuzz_ledger.summary(fuzz_ledger.read(args.ledger), formats))
        return 0
    if args.first_case < 0 or args.cases < 0:
        ap.error("--first-case and --cases must not be negative")
    settings = Settings(args.out, args.cpu_limit, args.mem_limit,
                        None if args.no_ledger else args.ledger)
    tallies = run(formats, args.first_case, args.cases, args.seed, settings)
    text = report(tallies, args.seed)
    print(text)
    report_path(args.out, args.seed, args.first_case, formats).write_text(text + "\n",
                                                                        encoding="utf-8")
    return 1 if any(t.outcomes["crash"] or t.outcomes["hang"] for t in tallies.values()) else 0


if __name__ == "__main__":
    sys.exit(main())
