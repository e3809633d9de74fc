#!/usr/bin/env python3
"""Snapshot what budgetlens reads, extracts and finds for every file, and compare two snapshots.

Why: a speed change must not change results. This writes, per input file, one JSON file holding
the ``extract --format json`` object (tables, facts, claims, diagnostics), the ``audit --format
json`` findings and summary, and the document as read (every line's text and box, every table's
cells), so that a change in the reader shows up even when no fact moves. Run it before a change
(from a copy of the old tree) and after, then ``--compare`` the two folders: exit 0 when every file
is identical, 1 when any differs (each difference printed, first differing key path).

Usage:
  python scripts/output_snapshot.py OUT_DIR [PATH ...] [--jobs N]
  python scripts/output_snapshot.py --compare OLD_DIR NEW_DIR
Default paths: the corpus (pdf, templates, excerpts, html) and the wide corpus under
../shared/corpus. Timings are left out (they differ on every run).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any, Iterator

ROOT = Path(__file__).resolve().parents[1]

from budgetlens.pipeline import expand_paths, process  # noqa: E402
from budgetlens.report.json_output import audit_object, extract_object  # noqa: E402


def default_paths() -> list[str]:
    corpus = ROOT.parent / "shared" / "corpus"
    return [str(corpus / d) for d in ("pdf", "templates", "excerpts", "html", "wide")]


def _document(doc) -> dict:
    """The document as read: lines (text, box rounded to 0.01 pt) and table cells."""
    if doc is None:
        return {}
    pages = [[[ln.text, _rounded(ln.bbox), ln.table] for ln in p.lines] for p in doc.pages]
    tables = [[t.page, list(t.pages), t.n_rows, t.n_cols, [_rounded(tuple(c)) for c in t.cells]]
              for t in doc.tables]
    return {"pages": pages, "tables": tables, "scanned": doc.scanned}


def _rounded(value: Any) -> Any:
    """Floats to 0.01 (a reordered sum may move the last bits), tuples to lists."""
    if isinstance(value, float):
        return round(value, 2)
    if isinstance(value, (tuple, list)):
        return [_rounded(v) for v in value]
    return value


def snapshot_one(path: str) -> tuple[str, dict]:
    r = process(path, audit=True)
    audit = audit_object(r)
    return path, {"extract": extract_object(r),
                  "audit": {k: audit[k] for k in ("findings", "not_assessable", "summary")},
                  "document": _document(r.document)}


def _name(path: str) -> str:
    digest = hashlib.sha1(path.encode()).hexdigest()[:10]
    return f"{Path(path).stem[:60]}-{digest}.json"


def write(out: Path, paths: list[str], jobs: int) -> None:
    out.mkdir(parents=True, exist_ok=True)
    files = [f for f in expand_paths(paths) if not f.endswith((".csv", ".md"))]
    results: Iterator[tuple[str, dict]]
    if jobs > 1:
        pool = ProcessPoolExecutor(jobs)
        results = pool.map(snapshot_one, files, chunksize=1)
    else:
        results = map(snapshot_one, files)
    for n, (path, obj) in enumerate(results, 1):
        (out / _name(path)).write_text(json.dumps(obj, ensure_ascii=False, sort_keys=True))
        print(f"[{n}/{len(files)}] {path}", flush=True)


def _first_difference(a: Any, b: Any, where: str = "") -> str:
    if type(a) is not type(b):
        return f"{where}: {type(a).__name__} vs {type(b).__name__}"
    if isinstance(a, dict):
        for k in sorted(set(a) | set(b)):
            if a.get(k) != b.get(k):
                return _first_difference(a.get(k), b.get(k), f"{where}.{k}")
    if isinstance(a, list):
        if len(a) != len(b):
            return f"{where}: {len(a)} vs {len(b)} items"
        for i, (x, y) in enumerate(zip(a, b)):
            if x != y:
                return _first_difference(x, y, f"{where}[{i}]")
    return f"{where}: {str(a)[:200]!r} vs {str(b)[:200]!r}"


def compare(old: Path, new: Path) -> int:
    names = sorted({p.name for p in old.glob("*.json")} | {p.name for p in new.glob("*.json")})
    bad = 0
    for name in names:
        a, b = old / name, new / name
        if not a.exists() or not b.exists():
            print(f"MISSING {name}: only in {'new' if b.exists() else 'old'}")
            bad += 1
            continue
        x, y = json.loads(a.read_text()), json.loads(b.read_text())
        if x != y:
            bad += 1
            print(f"DIFF {name} {_first_difference(x, y)}")
    print(f"{len(names)} files compared, {bad} differ")
    return 1 if bad else 0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("out", nargs="?", help="folder to write the snapshot into")
    ap.add_argument("paths", nargs="*")
    ap.add_argument("--jobs", type=int, default=1)
    ap.add_argument("--compare", nargs=2, metavar=("OLD", "NEW"))
    args = ap.parse_args()
    if args.compare:
        return compare(Path(args.compare[0]), Path(args.compare[1]))
    if not args.out:
        ap.error("OUT_DIR is required unless --compare is given")
    write(Path(args.out), args.paths or default_paths(), args.jobs)
    return 0


if __name__ == "__main__":
    sys.exit(main())
