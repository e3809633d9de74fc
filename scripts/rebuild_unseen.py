#!/usr/bin/env python3
"""Rebuild the unseen set (/work/unseen) from benchmark/unseen/manifest.csv, check it, list what
is left.

The unseen documents are kept outside the repository (their licence is not ours); the committed
manifest records where each one comes from and its md5 (benchmark/unseen/README.md). Three tiers:

1. ``calinchow-del/renwu`` blobs (PDF, HTML): pure git, done here from a fetched snapshot
   (``--mirror``, the git directory ``fetch github:calinchow-del/renwu`` returns).
2. 平潭 ``page.txt`` files of ``changwu/pingtan-gov-zwgk-archive``: the snapshot cannot be
   fetched; the agent tool ``read_file`` (repo, path, commit) returns the text.
3. Page excerpts (``(search corpus: pages)``): the agent tool ``search`` (corpus ``pages``)
   returns the stored excerpt of the row's address.

Tiers 2 and 3 need the agent tools, so this script prints those rows with what to ask for, and
``--write-texts TEXTS.json`` writes the texts the agent collected: a JSON object
``{file: text}`` holding each text exactly as the tool returned it (JSON-escaped, which keeps
every space and newline). Tier 2 texts are written as returned; tier 3 excerpts with exactly
one final newline (as the committed md5 were made).

Every run checks the md5 of each present file against the manifest and writes the manifests
``corpus_report.py --dir`` reads: ``/work/unseen/manifest.csv`` (the committed columns, the
rows of batches 1-4 that are present) and ``batchN/manifest.csv`` (file, region, year, kind,
level, unit, has_tables) for the batches that live in subfolders.

Usage: python scripts/rebuild_unseen.py [--manifest M] [--dest /work/unseen]
           [--mirror GITDIR] [--write-texts TEXTS.json] [--todo]
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MANIFEST = ROOT / "benchmark" / "unseen" / "manifest.csv"
RENWU = "calinchow-del/renwu"
PAGES = "(search corpus: pages)"
BATCH_COLUMNS = ["file", "region", "year", "kind", "level", "unit", "has_tables"]


def load_rows(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def tier(row: dict[str, str]) -> int:
    """1: a git blob of the fetched snapshot; 2: a stored file (``read_file``); 3: a page
    excerpt (``search``)."""
    if row["source_repo"] == RENWU:
        return 1
    return 3 if row["source_repo"] == PAGES else 2


def md5_of(path: Path) -> str:
    return hashlib.md5(path.read_bytes()).hexdigest()


def status(row: dict[str, str], dest: Path) -> str:
    """``ok`` (md5 equal), ``changed`` (present, md5 differs or none recorded) or ``missing``."""
    path = dest / row["file"]
    if not path.is_file():
        return "missing"
    return "ok" if row.get("md5") and md5_of(path) == row["md5"] else "changed"


def excerpt_text(text: str, row_tier: int) -> str:
    """The file text of a tool's answer: a stored file as returned, an excerpt with exactly one
    final newline (an excerpt that ends in its own newline keeps one, not two)."""
    return text if row_tier == 2 else text.rstrip("\n") + "\n"


def write_texts(rows: list[dict[str, str]], texts: dict[str, str], dest: Path) -> list[str]:
    """Write the collected tier-2/3 texts; returns the files written (unknown names are
    skipped: the manifest decides the file names)."""
    by_file = {r["file"]: r for r in rows}
    written = []
    for name, text in texts.items():
        row = by_file.get(name)
        if row is None or tier(row) == 1:
            continue
        path = dest / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(excerpt_text(text, tier(row)), encoding="utf-8")
        written.append(name)
    return written


def rebuild_tier1(rows: list[dict[str, str]], dest: Path, mirror: Path) -> list[str]:
    """``git show <commit>:<path>`` of every renwu row not yet present and right."""
    done = []
    for row in rows:
        if tier(row) != 1 or status(row, dest) == "ok":
            continue
        blob = subprocess.run(["git", "--git-dir", str(mirror), "show",
                               f"{row['commit_or_address']}:{row['path']}"],
                              capture_output=True, check=False)
        if blob.returncode == 0:
            path = dest / row["file"]
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(blob.stdout)
            done.append(row["file"])
    return done


def batch_of(row: dict[str, str]) -> str | None:
    """The subfolder a row lives in (``batch5`` …), None for the top-level rows."""
    head, sep, _ = row["file"].partition("/")
    return head if sep else None


def write_manifests(rows: list[dict[str, str]], dest: Path) -> dict[str, int]:
    """The manifests ``corpus_report.py --dir`` reads, for the present rows only. The top level
    keeps the committed columns; a batch folder gets the short columns with ``has_tables`` no
    (page excerpts and the one-page self-evaluation print none of the standard tables)."""
    present = [r for r in rows if (dest / r["file"]).is_file()]
    counts: dict[str, int] = {}
    top = [r for r in present if batch_of(r) is None]
    with open(dest / "manifest.csv", "w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(top)
    counts["top"] = len(top)
    for batch in sorted({b for r in present if (b := batch_of(r))}):
        members = [r for r in present if batch_of(r) == batch]
        with open(dest / batch / "manifest.csv", "w", encoding="utf-8", newline="") as fh:
            writer = csv.writer(fh)
            writer.writerow(BATCH_COLUMNS)
            for r in members:
                writer.writerow([r["file"].split("/", 1)[1], r["region"], r["year"], r["kind"],
                                 r["level"], r["unit"], "no"])
        counts[batch] = len(members)
    return counts


def request(row: dict[str, str]) -> str:
    """What to ask the agent tools for a row not yet rebuilt."""
    if tier(row) == 2:
        return f"read_file repo={row['source_repo']} path={row['path']} commit={row['commit_or_address']}"
    words = " ".join(w for w in (row["unit"], row["year"], row["kind"]) if w)
    return f"search pages '{words}' → keep the excerpt of {row['commit_or_address']}"


def report(rows: list[dict[str, str]], dest: Path, todo: bool) -> dict[str, int]:
    tally = {"ok": 0, "changed": 0, "missing": 0}
    for row in rows:
        state = status(row, dest)
        tally[state] += 1
        if state == "changed":
            print(f"md5 differs  {row['file']}  {md5_of(dest / row['file'])} != {row['md5']}")
        elif state == "missing" and todo:
            print(f"missing (tier {tier(row)})  {row['file']}: {request(row)}")
    print(f"present {tally['ok'] + tally['changed']}/{len(rows)}: md5 equal {tally['ok']}, "
          f"differs {tally['changed']}, missing {tally['missing']}")
    return tally


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--manifest", default=str(MANIFEST))
    ap.add_argument("--dest", default="/work/unseen")
    ap.add_argument("--mirror", help="git directory of the fetched calinchow-del/renwu snapshot")
    ap.add_argument("--write-texts", help="JSON {file: text} of tool answers to write")
    ap.add_argument("--todo", action="store_true", help="list each missing row and its request")
    args = ap.parse_args()
    rows, dest = load_rows(Path(args.manifest)), Path(args.dest)
    dest.mkdir(parents=True, exist_ok=True)
    if args.mirror:
        print(f"tier 1 written: {len(rebuild_tier1(rows, dest, Path(args.mirror)))}")
    if args.write_texts:
        texts = json.loads(Path(args.write_texts).read_text(encoding="utf-8"))
        print(f"texts written: {len(write_texts(rows, texts, dest))}")
    report(rows, dest, args.todo)
    print("manifests:", ", ".join(f"{k} {v}" for k, v in write_manifests(rows, dest).items()))


if __name__ == "__main__":
    main()
