"""The fuzz ledger: one row per chunk of cases run, so that campaigns add up across sessions.

Why: the issue asks for 100,000 cases per format, many CPU hours on a shared 2-core machine, so a
campaign is run in pieces (``scripts/fuzz.py --first-case N``) over days and code versions. Each
chunk of a run (up to :data:`fuzz.CHUNK` cases of one format and seed, a fixed case range) appends

* a CSV row to the committed summary (``docs/fuzz-ledger.csv``): what was run, on which code, what
  it gave — the evidence behind the table of docs/reliability.md;
* a JSON line to ``<out>/ledger/ledger.jsonl`` (not committed): the same, plus the error codes and
  the crash signatures with their case ids.

``scripts/fuzz.py --report`` sums the CSV per format (:func:`summary`). A case range run again —
after a fix, on newer code — supersedes every older row it overlaps (:func:`effective`), so a
rerun chunk replaces its first result instead of counting twice.
"""

from __future__ import annotations

import csv
import json
import subprocess
import time
from collections import defaultdict
from pathlib import Path
from typing import Iterable, Optional

ROOT = Path(__file__).resolve().parents[1]
#: The committed summary ``scripts/fuzz.py`` appends to and ``--report`` reads.
DEFAULT_CSV = ROOT / "docs" / "fuzz-ledger.csv"

COLUMNS = ("seed", "format", "first_case", "last_case", "cases", "results", "clean_errors",
           "crashes", "hangs", "skipped", "cpu_s", "worst_cpu_s", "worst_cpu_case",
           "worst_peak_mib", "worst_peak_case", "worst_wall_s", "commit", "src_tree",
           "hypothesis", "cpu_limit_s", "mem_limit_mib", "finished_utc")
_COUNTS = ("cases", "results", "clean_errors", "crashes", "hangs", "skipped")


def code_version(root: Path = ROOT) -> dict[str, str]:
    """The commit the run's code is at (``-dirty`` when src/ or scripts/ differ from it) and the
    tree hash of src/budgetlens, which names the code read even after a rebase rewrites commits."""
    def git(*args: str) -> str:
        try:
            return subprocess.run(["git", "-C", str(root), *args], capture_output=True,
                                  text=True, check=True).stdout.strip()
        except (OSError, subprocess.CalledProcessError):
            return ""

    commit = git("rev-parse", "--short=12", "HEAD") or "unknown"
    if git("status", "--porcelain", "--", "src", "scripts"):
        commit += "-dirty"
    return {"commit": commit, "src_tree": git("rev-parse", "--short=12", "HEAD:src/budgetlens")}


def chunk_row(seed: int, fmt: str, first: int, tally, run: dict) -> dict:
    """The ledger row of one chunk: ``tally`` is its :class:`fuzz.Tally`, ``run`` the fields that
    are the same for the whole run (code version, Hypothesis version, limits)."""
    o = tally.outcomes
    w = tally.worst
    return {"seed": seed, "format": fmt, "first_case": first, "last_case": first + tally.cases - 1,
            "cases": tally.cases, "results": o["result"], "clean_errors": o["error"],
            "crashes": o["crash"], "hangs": o["hang"], "skipped": o["skipped"],
            "cpu_s": round(tally.cpu, 2), "worst_cpu_s": round(w["cpu"][0], 2),
            "worst_cpu_case": w["cpu"][1], "worst_peak_mib": round(w["peak_mib"][0], 1),
            "worst_peak_case": w["peak_mib"][1], "worst_wall_s": round(w["wall"][0], 2),
            **run, "finished_utc": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())}


def append(row: dict, csv_path: Optional[Path], jsonl_path: Optional[Path], detail: dict) -> None:
    """Add one chunk to the CSV (header written when the file is new) and to the JSON lines."""
    if csv_path is not None:
        csv_path.parent.mkdir(parents=True, exist_ok=True)
        new = not csv_path.exists() or csv_path.stat().st_size == 0
        with csv_path.open("a", encoding="utf-8", newline="") as fh:
            writer = csv.DictWriter(fh, fieldnames=COLUMNS, lineterminator="\n")
            if new:
                writer.writeheader()
            writer.writerow(row)
    if jsonl_path is not None:
        jsonl_path.parent.mkdir(parents=True, exist_ok=True)
        with jsonl_path.open("a", encoding="utf-8") as fh:
            fh.write(json.dumps({**row, **detail}, ensure_ascii=False) + "\n")


def read(csv_path: Path) -> list[dict]:
    """Rows in file order (oldest first), numbers as numbers; a row missing a column is named."""
    rows = []
    with csv_path.open(encoding="utf-8", newline="") as fh:
        for n, raw in enumerate(csv.DictReader(fh), start=2):
            missing = [c for c in COLUMNS if raw.get(c) in (None, "") and c not in
                       ("worst_cpu_case", "worst_peak_case", "src_tree")]
            if missing:
                raise ValueError(f"{csv_path}:{n}: no {', '.join(missing)}")
            row = dict(raw)
            for key in ("seed", "first_case", "last_case", *_COUNTS, "mem_limit_mib"):
                row[key] = int(raw[key])
            for key in ("cpu_s", "worst_cpu_s", "worst_peak_mib", "worst_wall_s", "cpu_limit_s"):
                row[key] = float(raw[key])
            rows.append(row)
    return rows


def effective(rows: list[dict]) -> tuple[list[dict], list[dict]]:
    """(rows that count, rows superseded): newest first, a row counts unless a newer row of the
    same seed and format overlaps its case range."""
    kept: list[dict] = []
    superseded: list[dict] = []
    taken: dict[tuple, list[tuple[int, int]]] = defaultdict(list)
    for row in reversed(rows):
        key = (row["seed"], row["format"])
        span = (row["first_case"], row["last_case"])
        if any(a <= span[1] and span[0] <= b for a, b in taken[key]):
            superseded.append(row)
            continue
        taken[key].append(span)
        kept.append(row)
    kept.reverse()
    return kept, superseded


def _ranges(rows: Iterable[dict]) -> str:
    """Case ranges per seed, merged where contiguous: ``seed 2026: 0–1999``."""
    by_seed: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for r in rows:
        by_seed[r["seed"]].append((r["first_case"], r["last_case"]))
    parts = []
    for seed, spans in sorted(by_seed.items()):
        merged: list[list[int]] = []
        for a, b in sorted(spans):
            if merged and a <= merged[-1][1] + 1:
                merged[-1][1] = max(merged[-1][1], b)
            else:
                merged.append([a, b])
        parts.append(f"seed {seed}: " + ", ".join(f"{a}–{b}" for a, b in merged))
    return "; ".join(parts)


def summary(rows: list[dict], formats: Iterable[str]) -> str:
    """The per-format table of docs/reliability.md, from the rows that count, and what it covers."""
    kept, superseded = effective(rows)
    head = ["| format | cases | results | clean errors | crashes | hangs | mean CPU s | "
            "worst CPU s | worst peak MiB | case ranges |", "|" + "---|" * 10]
    lines = list(head)
    for fmt in formats:
        mine = [r for r in kept if r["format"] == fmt]
        if not mine:
            lines.append(f"| {fmt} | 0 | | | | | | | | not run |")
            continue
        tot = {k: sum(r[k] for r in mine) for k in _COUNTS}
        cpu = sum(r["cpu_s"] for r in mine)
        worst_cpu = max(mine, key=lambda r: r["worst_cpu_s"])
        worst_mem = max(mine, key=lambda r: r["worst_peak_mib"])
        lines.append(f"| {fmt} | {tot['cases']:,} | {tot['results']:,} | {tot['clean_errors']:,} | "
                     f"{tot['crashes']} | {tot['hangs']} | {cpu / max(tot['cases'], 1):.2f} | "
                     f"{worst_cpu['worst_cpu_s']:.2f} | {worst_mem['worst_peak_mib']:.0f} | "
                     f"{_ranges(mine)} |")
    commits = sorted({r["commit"] for r in kept})
    limits = sorted({(r["cpu_limit_s"], r["mem_limit_mib"]) for r in kept})
    notes = ["", f"{len(kept)} chunks on code version(s) {', '.join(commits) or '—'}; limits per "
             "case " + ", ".join(f"{c:g} s CPU, {m} MiB" for c, m in limits) + "."]
    if superseded:
        notes.append(f"{len(superseded)} older chunk(s) superseded by reruns of their case range.")
    skipped = sum(r["skipped"] for r in kept)
    if skipped:
        notes.append(f"{skipped} case(s) the harness could not build (counted apart).")
    dirty = [r for r in kept if r["commit"].endswith("-dirty")]
    if dirty:
        notes.append(f"{len(dirty)} chunk(s) ran on uncommitted code (commit ends in -dirty).")
    return "\n".join(lines + notes)
