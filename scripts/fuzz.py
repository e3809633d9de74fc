#!/usr/bin/env python3
"""Fuzz every reader and the whole pipeline; report crashes and hangs per format (issue #13).

Each case is a Hypothesis-drawn recipe (:mod:`fuzz_gen`): a real seed file of the format
(:mod:`fuzz_seeds`) or a document drawn by Hypothesis and written in that format, then 0–4
mutations (:mod:`fuzz_mutate` and the modules it names) from bytes up to the format's structure.
The case is built and run in a forked worker (:mod:`fuzz_worker`) with a CPU-time limit
(``RLIMIT_CPU``), a wall-clock watchdog and an address-space limit (``RLIMIT_AS``), through the
same entry the CLI uses (``pipeline.process_many`` then the JSON and text renderers), and is
classified:

* ``result`` — the file was read (the Document's tables and lines are checked for consistency);
* ``error`` — refused with a one-line message and a stable code (``pdf-corrupt`` ...);
* ``crash`` — an exception reached the reader's or the pipeline's safety net (``read-failed``
  from an unexpected exception, ``internal-error``), escaped altogether, a message was not one
  line, the Document was inconsistent, the memory limit was hit, or the worker died (signal);
* ``hang`` — over the CPU-time limit or the wall-clock watchdog.

Every crash and hang is saved to ``--out`` with its recipe and traceback, for reproduction
(``--replay FILE``). Runs are deterministic for a given ``--seed`` and ``--cases``.

    PYTHONPATH=src python scripts/fuzz.py --cases 200                      # every format
    PYTHONPATH=src python scripts/fuzz.py --formats pdf,html --cases 5000 --seed 7
    PYTHONPATH=src python scripts/fuzz.py --replay fuzz-findings/pdf-000123-crash.pdf
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
import warnings
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Optional

sys.path.insert(0, str(Path(__file__).resolve().parent))

from fuzz_gen import Recipe, recipes  # noqa: E402
from fuzz_mutate import MUTATORS  # noqa: E402
from fuzz_seeds import EXTENSIONS, FORMATS, SHARED, build_pool, labels  # noqa: E402
from fuzz_worker import build_and_run, run_case, run_isolated, signature  # noqa: E402

warnings.filterwarnings("ignore")  # zipfile's "Duplicate name" and the like: cases, not news

#: Cases drawn per Hypothesis run: its example tree grows with every case, so long runs are
#: split into chunks, each seeded from (seed, format, chunk number).
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


def fuzz_format(fmt: str, cases: int, seed: int, on_case: Callable[[Recipe], None],
                pool: list, lexicon: tuple[str, ...]) -> None:
    """Draw ``cases`` recipes for ``fmt`` with Hypothesis (chunked, seeded) and hand each over."""
    from hypothesis import HealthCheck, Phase, Verbosity, given, settings
    from hypothesis import seed as hseed

    strategy = recipes(fmt, len(pool), tuple(sorted(MUTATORS[fmt])), lexicon)
    done, chunk = [0], 0
    while done[0] < cases:
        want = min(CHUNK, cases - done[0])

        @settings(max_examples=want, database=None, deadline=None, phases=[Phase.generate],
                  suppress_health_check=list(HealthCheck), verbosity=Verbosity.quiet)
        @given(strategy)
        def one(recipe: Recipe) -> None:
            if done[0] < cases:
                done[0] += 1
                on_case(recipe)

        before = done[0]
        hseed(_chunk_seed(seed, fmt, chunk))(one)()
        chunk += 1
        if done[0] == before:
            break


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


def run(formats: list[str], cases: int, seed: int, out: Path, cpu_s: float, mem_mib: int,
        log=sys.stderr) -> dict[str, Tally]:
    """Fuzz each format in turn; the report so far is rewritten after each format, so a long
    run stopped early still says what it did."""
    tallies: dict[str, Tally] = {}
    lexicon = labels(SHARED) if SHARED.exists() else ("合计",)
    with tempfile.TemporaryDirectory(prefix="budgetlens-fuzz-") as work:
        for fmt in formats:
            pool = build_pool(fmt)
            tally = tallies[fmt] = Tally()
            target = Path(work) / f"case{EXTENSIONS[fmt]}"
            started = time.monotonic()

            def on_case(recipe: Recipe, fmt=fmt, pool=pool, tally=tally, target=target,
                        started=started) -> None:
                case_id = f"{fmt}-{seed}-{tally.cases:06d}"
                target.unlink(missing_ok=True)
                verdict = run_isolated(build_and_run, (fmt, recipe, pool, str(target)), cpu_s,
                                       mem_mib, str(Path(work) / "stderr.txt"))
                tally.add(case_id, verdict)
                data = target.read_bytes() if target.exists() else b""
                if verdict["outcome"] == "skipped":
                    print(f"  skipped (harness): {verdict.get('detail', '')[-300:]}", file=log)
                if verdict["outcome"] in ("crash", "hang"):
                    saved = save_finding(out, case_id, fmt, data, recipe, verdict, pool)
                    print(f"  {verdict['outcome'].upper()} {saved}: {signature(verdict)}", file=log)
                elif verdict.get("cpu", 0) >= cpu_s / 4:  # not a failure: kept to study speed
                    saved = save_finding(out / "slow", case_id, fmt, data, recipe,
                                         dict(verdict, outcome="slow"), pool)
                    print(f"  slow ({verdict['cpu']:.1f} s CPU) {saved}", file=log)
                if tally.cases % 250 == 0:
                    print(f"  {fmt}: {tally.cases}/{cases} cases, {time.monotonic() - started:.0f} s,"
                          f" {dict(tally.outcomes)}", file=log, flush=True)

            warm_up(fmt, pool)
            print(f"{fmt}: {len(pool)} seeds, {len(MUTATORS[fmt])} mutators", file=log, flush=True)
            fuzz_format(fmt, cases, seed, on_case, pool, lexicon)
            out.mkdir(parents=True, exist_ok=True)
            (out / f"report-seed{seed}.md").write_text(report(tallies, seed) + "\n", encoding="utf-8")
    return tallies


def warm_up(fmt: str = "text", pool: Optional[list] = None) -> None:
    """Run the CLI's path once in this process before forking, on the first seed of ``pool``
    (else a small text), so what every run loads once — rules, gazetteers, lazy imports, compiled
    patterns — is inherited by the workers and a case's time and memory are its own."""
    import budgetlens.read.pdf  # noqa: F401 - imported on first use otherwise (PDFium)

    data = pool[0].data if pool else "重庆市南岸区财政局\n2024年部门预算\n项目\t金额\n收入合计\t1.00\n".encode()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"warm{EXTENSIONS[fmt]}"
        path.write_bytes(data)
        run_case(str(path))


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


def main(argv: Optional[list[str]] = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--formats", default=",".join(FORMATS), help="comma-separated: " + ",".join(FORMATS))
    ap.add_argument("--cases", type=int, default=200, help="cases per format")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--out", type=Path, default=Path("fuzz-findings"), help="crashing/hanging inputs")
    ap.add_argument("--cpu-limit", type=float, default=20.0, help="CPU seconds per case (hang above)")
    ap.add_argument("--mem-limit", type=int, default=2048, help="MiB of address space per case")
    ap.add_argument("--replay", nargs="+", metavar="FILE", help="run saved inputs and print verdicts")
    args = ap.parse_args(argv)
    if args.replay:
        return replay(args.replay, args.cpu_limit, args.mem_limit)
    formats = [f.strip() for f in args.formats.split(",") if f.strip()]
    unknown = sorted(set(formats) - set(FORMATS))
    if unknown:
        ap.error(f"unknown format(s): {', '.join(unknown)}")
    tallies = run(formats, args.cases, args.seed, args.out, args.cpu_limit, args.mem_limit)
    text = report(tallies, args.seed)
    print(text)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / f"report-seed{args.seed}.md").write_text(text + "\n", encoding="utf-8")
    return 1 if any(t.outcomes["crash"] or t.outcomes["hang"] for t in tallies.values()) else 0


if __name__ == "__main__":
    sys.exit(main())
