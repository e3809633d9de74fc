#!/usr/bin/env python3
"""Table coverage: how many numbers printed in tables become facts, per source group.

Why: acceptance says every number of a recognised table is a fact; the table extractor drops a
cell rather than guess, and nothing else measures what is dropped. Counts come from
:func:`table_coverage` on the real pipeline's output: numeric cells of data rows in figure
columns (not headers, codes, names, 栏次/行次/序号) vs the cells that are the source
(``Source.table/row/column``) of a table fact, each uncovered cell with whether its row or its
column was read elsewhere (the cause to fix). Measurement code, so it lives here and not in the
installed package (issue #12, item 6). Unrecognised tables (no role) are counted apart, with their titles,
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
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Optional

from budgetlens.extract.numbers import parse_number
from budgetlens.extract.table_grid import GridView, norm, to_grid_view
from budgetlens.model import Document, Fact, Table, TableInfo
from budgetlens.pipeline import process
from budgetlens.rules.table_layouts import TableLayouts, load_table_layouts

ROOT = Path(__file__).resolve().parents[1]

#: Why an uncovered cell was not read, judged from the facts of its table.
CAUSES = {
    "column": "column not read (its header is not mapped)",
    "row": "row not read (no code or known label)",
    "both": "neither its row nor its column is read",
    "cell": "row and column read, this cell not (duplicate code, other basis …)",
}


@dataclass(frozen=True)
class UncoveredCell:
    """A numeric cell of a table that is the source of no fact."""

    table: int
    title: str
    role: str
    row: int
    column: int
    row_label: str
    column_label: str
    text: str
    cause: str

    def __str__(self) -> str:
        return (f"[{self.cause}] {self.title[:30]} | {self.row_label[:24]} | "
                f"{self.column_label[:30]} | {self.text}")


@dataclass
class TableCoverage:
    """Per-table counts: ``numeric`` cells, ``covered`` by a fact; role None = unrecognised."""

    index: int
    title: str
    role: Optional[str]
    numeric: int = 0
    covered: int = 0
    uncovered: list[UncoveredCell] = field(default_factory=list)


@dataclass
class CoverageStats:
    """Coverage of one document's tables (see :func:`table_coverage`)."""

    tables: list[TableCoverage] = field(default_factory=list)

    @property
    def recognised(self) -> tuple[int, int]:
        """(covered, numeric) over the recognised tables."""
        rec = [t for t in self.tables if t.role]
        return sum(t.covered for t in rec), sum(t.numeric for t in rec)

    @property
    def unrecognised(self) -> tuple[int, int]:
        """(tables, numeric cells) of tables with no role that print figures."""
        unrec = [t for t in self.tables if not t.role and t.numeric]
        return len(unrec), sum(t.numeric for t in unrec)

    def causes(self) -> Counter:
        return Counter(c.cause for t in self.tables if t.role for c in t.uncovered)

    def uncovered(self) -> list[UncoveredCell]:
        return [c for t in self.tables if t.role for c in t.uncovered]


def numeric_cells(table: Table, layouts: TableLayouts) -> tuple[list[tuple[int, int]], GridView]:
    """The (row, column) of every number a reader would call a figure of the table.

    Header, meta, note and numbering rows are left out by :func:`to_grid_view`; key columns
    (codes, names, 类/款/项) and ignored columns (栏次/行次/序号) are left out here. A percent is a
    figure; a lone year in a data cell is not (a 年度 column)."""
    view = to_grid_view(table, layouts.recognition)
    cols = [c.index for c in view.columns if c.kind == "value"]
    out: list[tuple[int, int]] = []
    for r in view.data_rows:
        for c in cols:
            text = view.cell(r, c)
            if parse_number(text) is None:
                continue
            out.append((r, c))
    return out, view


def _row_label(view: GridView, row: int) -> str:
    keys = [c.index for c in view.columns if c.kind == "key"]
    return " ".join(norm(view.cell(row, c)) for c in keys if norm(view.cell(row, c)))


def table_coverage(document: Document, infos: Iterable[TableInfo], facts: Iterable[Fact],
                   layouts: Optional[TableLayouts] = None) -> CoverageStats:
    """Numeric cells vs fact sources, per table of ``document`` (``infos`` by table index)."""
    layouts = layouts or load_table_layouts()
    by_index = {i.index: i for i in infos}
    sources: dict[int, set[tuple[int, int]]] = {}
    for f in facts:
        s = f.source
        if f.origin == "table" and s.table is not None and s.row is not None and s.column is not None:
            sources.setdefault(s.table, set()).add((s.row, s.column))
    stats = CoverageStats()
    for table in document.tables:
        info = by_index.get(table.index)
        role = info.role if info is not None else None
        title = info.title if info is not None else ""
        cells, view = numeric_cells(table, layouts)
        read = sources.get(table.index, set())
        tc = TableCoverage(table.index, title, role, numeric=len(cells))
        rows_read = {r for r, _ in read}
        cols_read = {c for _, c in read}
        for r, c in cells:
            if (r, c) in read:
                tc.covered += 1
                continue
            cause = ("cell" if r in rows_read and c in cols_read else
                     "column" if r in rows_read else "row" if c in cols_read else "both")
            tc.uncovered.append(UncoveredCell(table.index, title, role or "", r, c,
                                              _row_label(view, r), view.columns[c].label,
                                              view.cell(r, c), cause))
        stats.tables.append(tc)
    return stats



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
