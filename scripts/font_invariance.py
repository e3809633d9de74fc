#!/usr/bin/env python3
"""Font invariance: the same PDFs read with PDFium pointed at different font folders.

Why: a PDF that names a CJK font without embedding it (宋体, ``STSong-Light``) is measured by
PDFium with whatever font the machine has; what budgetlens reads must not depend on that. For
each configuration (an empty font folder; one holding Noto CJK; one holding WenQuanYi Zen Hei)
a subprocess reads every file (``BUDGETLENS_PDFIUM_FONT_DIRS``, :mod:`budgetlens.read.pdfium_fonts`)
and writes its chars, words, table grids, facts and audit counts; the configurations are then
compared with the first one, chars and words within a small tolerance in points.

Usage: python scripts/font_invariance.py [PATH ...] [--configs none,noto,wqy] [--json]
Default paths: ../shared/corpus/pdf and ../shared/corpus/wide. Exit code 1 when any file
differs. A configuration whose font file is missing is skipped, and the skip is reported.
Font files (Debian): fonts-noto-cjk, fonts-wqy-zenhei.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Optional

ROOT = Path(__file__).resolve().parents[1]

# Font files by configuration, found by path (Debian packages fonts-noto-cjk, fonts-wqy-zenhei).
FONT_FILES = {
    "none": (),
    "noto": ("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
             "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc"),
    "wqy": ("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",),
}
PACKAGES = {"noto": "fonts-noto-cjk", "wqy": "fonts-wqy-zenhei"}
# Positions may differ by this much (points) and still count as the same.
TOLERANCE = 0.05


def missing_fonts(config: str) -> list[str]:
    """Font files of ``config`` that are not on this machine."""
    return [f for f in FONT_FILES[config] if not os.path.exists(f)]


def font_folder(config: str, parent: Path) -> Path:
    """A folder holding only the fonts of ``config`` (symbolic links to the installed files)."""
    folder = parent / f"fonts-{config}"
    folder.mkdir(exist_ok=True)
    for f in FONT_FILES[config]:
        link = folder / Path(f).name
        if not link.exists():
            link.symlink_to(f)
    return folder


# ---------------------------------------------------------------------------------------------
# worker: one configuration, in its own process
# ---------------------------------------------------------------------------------------------

def snapshot(path: str) -> dict:
    """What budgetlens reads from one PDF: chars per page, words, table grids, facts, audit.
    The chars are the ones the reader itself sees (one read, recorded on the way)."""
    from budgetlens.pipeline import process
    from budgetlens.read import pdf as pdf_reader

    out: dict = {"file": path, "chars": []}
    original = pdf_reader.read_page_chars

    def recording(pdf, index, *args, **kwargs):
        frame, chars, objects = original(pdf, index, *args, **kwargs)
        out["chars"].append([[c.text, *(round(v, 3) for v in c[1:5])] for c in chars])
        return frame, chars, objects

    pdf_reader.read_page_chars = recording
    try:
        result = process(path, audit=True, ocr=False)
    finally:
        pdf_reader.read_page_chars = original
    out["status"] = result.status
    doc = result.document
    out["words"] = [] if doc is None else [
        [p.number, w.text, *(round(v, 3) for v in w[1:5])]
        for p in doc.pages for line in p.lines for w in line.words]
    out["tables"] = [] if doc is None else [t.grid() for t in doc.tables]
    facts = result.disclosure.facts if result.disclosure else ()
    out["facts"] = sorted(
        [f.measure, f.basis, str(f.value), f.source.page, f.source.table, f.source.row,
         f.source.column, f.scope] for f in facts)
    audit = result.audit
    out["audit"] = None if audit is None else [
        audit.identities_evaluated, audit.identities_held,
        sorted([f.rule, f.measure, f.basis, f.stated or "", f.expected or ""]
               for f in audit.findings)]
    return out


def run_worker(out_dir: str, files: list[str]) -> None:
    """Apply the font folders the environment names, then snapshot each file into ``out_dir``."""
    from budgetlens.read.pdfium_fonts import apply_env

    apply_env()
    for k, f in enumerate(files):
        with gzip.open(Path(out_dir) / f"{k}.json.gz", "wt", encoding="utf-8") as fh:
            json.dump(snapshot(f), fh, ensure_ascii=False)


def run_config(config: str, files: list[str], work: Path) -> Path:
    """Snapshot ``files`` in a subprocess whose PDFium sees only ``config``'s fonts."""
    out = work / f"out-{config}"
    out.mkdir(exist_ok=True)
    from checkout import child_env  # the worker imports the same budgetlens as this process

    env = child_env(BUDGETLENS_PDFIUM_FONT_DIRS=str(font_folder(config, work)), BUDGETLENS_OCR="0")
    listing = work / "files.txt"
    listing.write_text("\n".join(files), encoding="utf-8")
    subprocess.run([sys.executable, __file__, "--worker", str(out), str(listing)], env=env,
                   check=True)
    return out


# ---------------------------------------------------------------------------------------------
# comparison
# ---------------------------------------------------------------------------------------------

def _boxes_differ(a: list, b: list, tol: float) -> Optional[str]:
    """First difference between two lists of ``[label..., x0, top, x1, bottom]`` rows."""
    if len(a) != len(b):
        return f"{len(a)} vs {len(b)}"
    for i, (ra, rb) in enumerate(zip(a, b)):
        if ra[:-4] != rb[:-4]:
            return f"#{i} {ra[:-4]} vs {rb[:-4]}"
        if any(abs(x - y) > tol for x, y in zip(ra[-4:], rb[-4:])):
            return f"#{i} {ra} vs {rb}"
    return None


def _order(row: list) -> tuple:
    """Chars by text then position: a glyph recovered by the second parser comes last in one
    configuration and in content order in another."""
    return (row[0], round(row[2]), round(row[1]))


def compare(a: dict, b: dict, tol: float = TOLERANCE) -> list[str]:
    """How snapshot ``b`` differs from ``a`` (empty when they agree)."""
    out = []
    if a["status"] != b["status"]:
        out.append(f"status {a['status']} vs {b['status']}")
    if isinstance(a["chars"], str) or isinstance(b["chars"], str):
        if a["chars"] != b["chars"]:
            out.append(f"chars {a['chars']!r:.40} vs {b['chars']!r:.40}")
    elif len(a["chars"]) != len(b["chars"]):
        out.append(f"pages {len(a['chars'])} vs {len(b['chars'])}")
    else:
        for n, (pa, pb) in enumerate(zip(a["chars"], b["chars"]), 1):
            why = _boxes_differ(sorted(pa, key=_order), sorted(pb, key=_order), tol)
            if why:
                out.append(f"page {n} chars: {why}")
    why = _boxes_differ(a["words"], b["words"], tol)
    if why:
        out.append(f"words: {why}")
    if a["tables"] != b["tables"]:
        out.append(f"tables: {len(a['tables'])} vs {len(b['tables'])} (or cell texts)")
    if a["facts"] != b["facts"]:
        fa, fb = {tuple(f) for f in a["facts"]}, {tuple(f) for f in b["facts"]}
        out.append(f"facts {len(a['facts'])} vs {len(b['facts'])}: "
                   f"only first {sorted(fa - fb)[:2]}, only second {sorted(fb - fa)[:2]}")
    if a["audit"] != b["audit"]:
        out.append(f"audit {str(a['audit'])[:80]} vs {str(b['audit'])[:80]}")
    return out


def _load(folder: Path, k: int) -> dict:
    with gzip.open(folder / f"{k}.json.gz", "rt", encoding="utf-8") as fh:
        return json.load(fh)


def check(files: list[str], configs: list[str], tol: float = TOLERANCE, jobs: int = 2,
          keep: Optional[str] = None) -> dict:
    """Read ``files`` under each configuration and compare each with the first one; ``keep``:
    a folder to leave the snapshots in (``out-<config>/<k>.json.gz``, k = index in ``files``)."""
    skipped = {c: missing_fonts(c) for c in configs if missing_fonts(c)}
    configs = [c for c in configs if c not in skipped]
    report: dict = {"files": len(files), "configs": configs, "skipped": skipped,
                    "differences": {}, "facts": 0}
    with tempfile.TemporaryDirectory(prefix="font-invariance-") as tmp:
        work = Path(keep or tmp)
        work.mkdir(parents=True, exist_ok=True)
        for c in configs:
            font_folder(c, work)
        with ThreadPoolExecutor(max(1, jobs)) as pool:
            outs = dict(zip(configs, pool.map(lambda c: run_config(c, files, work), configs)))
        for k, f in enumerate(files):
            base = _load(outs[configs[0]], k)
            report["facts"] += len(base["facts"])
            for c in configs[1:]:
                diff = compare(base, _load(outs[c], k), tol)
                if diff:
                    report["differences"].setdefault(f, {})[f"{configs[0]}/{c}"] = diff
    return report


def default_files() -> list[str]:
    corpus = ROOT.parent / "shared" / "corpus"
    return sorted(str(p) for p in (corpus / "pdf").glob("*.pdf")) + \
        sorted(str(p) for p in (corpus / "wide").glob("*.pdf"))


def main() -> int:
    if len(sys.argv) > 1 and sys.argv[1] == "--worker":
        files = Path(sys.argv[3]).read_text(encoding="utf-8").splitlines()
        run_worker(sys.argv[2], files)
        return 0
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("paths", nargs="*")
    ap.add_argument("--configs", default="none,noto,wqy")
    ap.add_argument("--tolerance", type=float, default=TOLERANCE)
    ap.add_argument("--jobs", type=int, default=2, help="configurations read at the same time")
    ap.add_argument("--json", action="store_true", help="print the report as JSON")
    ap.add_argument("--keep", help="leave the snapshots in this folder")
    args = ap.parse_args()
    from budgetlens.pipeline import expand_paths

    files = [f for f in expand_paths(args.paths) if f.lower().endswith(".pdf")] \
        if args.paths else default_files()
    report = check(files, args.configs.split(","), args.tolerance, args.jobs, args.keep)
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=1))
    else:
        _print(report)
    return 1 if report["differences"] else 0


def _print(report: dict) -> None:
    for c, missing in report["skipped"].items():
        print(f"skipped {c}: missing {', '.join(missing)} (Debian package {PACKAGES.get(c)})")
    for f, by_config in report["differences"].items():
        print(f"DIFFERS {f}")
        for pair, diffs in by_config.items():
            for d in diffs[:5]:
                print(f"  {pair}: {d}")
            if len(diffs) > 5:
                print(f"  {pair}: … {len(diffs) - 5} more")
    print(f"files: {report['files']}  configurations: {', '.join(report['configs'])}  "
          f"facts (first configuration): {report['facts']}  "
          f"files that differ: {len(report['differences'])}")


if __name__ == "__main__":
    sys.exit(main())
