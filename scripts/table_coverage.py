#!/usr/bin/env python3
"""Table coverage: how many numbers printed in tables become facts, per source group.

Why: acceptance says every number of a recognised table is a fact; the table extractor drops a
cell rather than guess, and nothing else measures what is dropped. Counts come from
:func:`budgetlens.extract.table_coverage.table_coverage` on the real pipeline's output: numeric
cells of data rows in figure columns (not headers, codes, names, 栏次/行次/序号) vs the cells that
are the source of a table fact. Unrecognised tables (no role) are counted apart, with their titles,
so that the kinds of table not read at all show. Uncovered cells of recognised tables are ranked by
cause (column not mapped, row not keyed, both, cell skipped) and by column header / row label.

Usage: python scripts/table_coverage.py [--shared ../shared] [--group pdf|wide|…] [--examples N]
       [--causes N] [--titles] [--dir FOLDER]

``--group wide`` is corpus/wide/ (its PDFs); ``--dir FOLDER`` reads every document of a folder
outside the project instead (the unseen-template set of docs/accuracy.md).
"""

from __future__ import annotations

import argparse
import re
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

from budgetlens.extract.table_coverage import CAUSES, table_coverage  # noqa: E402
from budgetlens.pipeline import process  # noqa: E402

GROUPS = {"seeds": "seeds/*.txt", "pdf": "corpus/pdf/*.pdf", "excerpts": "corpus/excerpts/*.txt",
          "html": "corpus/html/*.html", "templates": "corpus/templates/*",
          "wide": "corpus/wide/*.pdf"}
#: the files of a folder given by --dir (the unseen-template set, kept outside the repository)
DIR_FILES = ("*.pdf", "*.txt", "*.html", "*.docx", "*.xlsx", "*.xls", "*.doc")


def _pct(a: int, n: int) -> str:
    return f"{a}/{n} = {a / max(n, 1):.1%}"


def _shape(label: str) -> str:
    """A row label's shape, to rank rows not read: 2-digit code, 其中, code-less name …"""
    if re.match(r"^\d{2}(?!\d)", label):
        return "2-digit code"
    if re.match(r"^\d{3,}", label):
        return "code"
    if label.startswith("其中"):
        return "其中 row"
    return "label without code" if label else "no label"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--shared", default=str(ROOT / ".." / "shared"))
    ap.add_argument("--examples", type=int, default=0, help="uncovered cells listed per file")
    ap.add_argument("--causes", type=int, default=0, help="top column headers / row labels per cause")
    ap.add_argument("--titles", action="store_true", help="list unrecognised tables' titles")
    ap.add_argument("--group", action="append", choices=sorted(GROUPS))
    ap.add_argument("--dir", help="a folder of documents outside the project (no --group)")
    args = ap.parse_args()
    causes, columns, rows, titles = Counter(), Counter(), Counter(), Counter()
    docs: dict[str, set[str]] = {}  # ranking key → files, so one large file does not rank alone
    grand = [0, 0, 0, 0]
    groups = [args.dir] if args.dir else args.group or [g for g in GROUPS if g != "wide"]
    for group in groups:
        totals = [0, 0, 0, 0]  # covered, numeric (recognised); tables, cells (unrecognised)
        paths = sorted(p for pat in DIR_FILES for p in Path(group).glob(pat)) if args.dir \
            else sorted(Path(args.shared).glob(GROUPS[group]))
        for path in paths:
            result = process(str(path), audit=False)
            if result.document is None or result.disclosure is None:
                continue
            d = result.disclosure
            stats = table_coverage(result.document, d.tables, d.facts)
            (cov, num), (ut, uc) = stats.recognised, stats.unrecognised
            for i, v in enumerate((cov, num, ut, uc)):
                totals[i] += v
            causes.update(stats.causes())
            for cell in stats.uncovered():
                if cell.cause in ("column", "both"):
                    key = f"{cell.role}: {cell.column_label[:40]}"
                    columns[key] += 1
                    docs.setdefault(key, set()).add(path.name)
                if cell.cause in ("row", "both"):
                    key = f"{cell.role}: {_shape(cell.row_label)}: {cell.row_label[:30]}"
                    rows[key] += 1
                    docs.setdefault(key, set()).add(path.name)
            unrec = [t for t in stats.tables if not t.role and t.numeric]
            for t in unrec:
                key = re.sub(r"\s+", "", t.title)[:40]
                titles[key] += t.numeric
                docs.setdefault(key, set()).add(path.name)
            if args.examples or args.titles:
                print(f"{path.name}: recognised {_pct(cov, num)}; unrecognised {ut} tables, {uc} cells")
                if args.titles:
                    for t in unrec:
                        print(f"    (no role) {t.title[:50]}: {t.numeric} cells")
                for cell in stats.uncovered()[:args.examples]:
                    print(f"    {cell}")
        cov, num, ut, uc = totals
        grand = [g + t for g, t in zip(grand, totals)]
        print(f"{group:9s} recognised tables' numeric cells covered {_pct(cov, num)}; "
              f"unrecognised tables {ut} ({uc} numeric cells)")
    cov, num, ut, uc = grand
    print(f"{'total':9s} recognised tables' numeric cells covered {_pct(cov, num)}; "
          f"unrecognised tables {ut} ({uc} numeric cells)")
    if args.causes:
        print("uncovered cells by cause:")
        for cause, n in causes.most_common():
            print(f"  {n:6d}  {cause}: {CAUSES[cause]}")
        for name, counter in (("columns not read", columns), ("rows not read", rows),
                              ("unrecognised table titles", titles)):
            print(f"top {name} (files, cells):")
            ranked = sorted(counter, key=lambda k: (-len(docs.get(k, ())), -counter[k]))
            for key in ranked[:args.causes]:
                print(f"  {len(docs.get(key, ())):4d} {counter[key]:6d}  {key}")


if __name__ == "__main__":
    main()
