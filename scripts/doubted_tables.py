"""List every table whose reading fails one of its own checks, for judging them on the page.

Why: the corpus report counts doubted tables per cause (``doubted_tables``); to tell a reading
failure (rows lost or merged, a continuation not joined, a header read as data …) from the
document's own arithmetic, each table has to be looked at with its page, its cause and — for a
total short of its rows — the printed total against the sum of the rows named. This prints that,
one block per doubted table, and the table's grid with ``--grid``.

Usage:
  PYTHONPATH=src python scripts/doubted_tables.py FILE [FILE ...] [--grid] [--cause CODE]
"""

from __future__ import annotations

import argparse
import re
import sys
from decimal import Decimal
from pathlib import Path

from budgetlens.extract.numbers import parse_number
from budgetlens.pipeline import process


_AMOUNT = re.compile(r"[.,]\d")  # printed as an amount: 1,234 or 12.50


def _grid(table) -> list[list[str]]:
    out = [["" for _ in range(table.n_cols)] for _ in range(table.n_rows)]
    for c in table.cells:
        out[c.row][c.col] = c.text
    return out


def _sums(grid: list[list[str]], doubt) -> list[str]:
    """Per column: the total row's figure against the sum of the rows the doubt names."""
    out = []
    for total in doubt.totals:
        for col in range(len(grid[total])):
            n = parse_number(grid[total][col])
            if n is None or n.percent or not _AMOUNT.search(grid[total][col]):
                continue  # a 序号 or a code, not an amount
            parts = [parse_number(grid[r][col]) for r in doubt.rows if col < len(grid[r])]
            s = sum((p.value for p in parts if p is not None), Decimal(0))
            if s != n.value:
                out.append(f"row {total + 1} col {col + 1}: printed {n.value} vs rows {s} "
                           f"({n.value - s:+})")
    return out


def report(path: str, grid: bool = False, cause: str = "") -> int:
    """Print the doubted tables of one file; the number printed."""
    result = process(path, audit=False)
    if result.disclosure is None or result.document is None:
        print(f"{Path(path).name}: not read ({result.error})")
        return 0
    count = 0
    for info in result.disclosure.tables:
        doubts = [d for d in info.reading if not cause or d.cause == cause]
        if not doubts:
            continue
        count += 1
        table = result.document.tables[info.index]
        g = _grid(table)
        print(f"{Path(path).name}\tpages {','.join(map(str, table.pages or (table.page,)))}"
              f"\ttable {info.index}\t{info.role}\t{info.title[:60]}")
        for d in doubts:
            print(f"    {d.cause}: {d.detail}")
            for line in _sums(g, d):
                print(f"        {line}")
        if grid:
            for i, row in enumerate(g):
                print(f"    {i + 1:4d} | " + " | ".join(row))
    return count


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("files", nargs="+")
    ap.add_argument("--grid", action="store_true", help="print each doubted table's grid")
    ap.add_argument("--cause", default="", help="only this cause (rules/reading.toml code)")
    args = ap.parse_args(argv)
    total = sum(report(f, args.grid, args.cause) for f in args.files)
    print(f"{total} doubted table(s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
