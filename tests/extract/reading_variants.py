"""Seed 004 re-published with one reading fault each, as real text files (issue #8, item 2).

Seed 004 prints its function table three times (表二, 表七, 表八) as tab-separated rows. Each
variant edits the rows of *one* code in every table where it is printed, the way a reader meets
the fault on a page: the name cell missing so the figures move one column left, a figure pushed
into a column with no header, a row printed in a form the reader does not take into the table;
and the near misses, printed inconsistencies that are no reading fault: a row not printed at all,
one figure misprinted. The expected outcome is always computed from the
seed's own rows, never copied from output.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from ..conftest import seed_path

Edit = Callable[[list[str]], list[str] | None]  # a row's cells → new cells, or None to drop it


def variant(tmp: Path, name: str, edits: dict[str, Edit], only: int | None = None) -> Path:
    """Seed 004 with the rows whose first cell is a key of ``edits`` edited (only the ``only``-th
    printing of each, 0-based, when given); written to ``tmp``."""
    lines = seed_path("004").read_text(encoding="utf-8").splitlines()
    out, seen = [], {}
    for line in lines:
        cells = line.split("\t")
        edit = edits.get(cells[0]) if len(cells) > 2 else None
        if edit is not None:
            seen[cells[0]] = n = seen.get(cells[0], -1) + 1
            edit = edit if only is None or n == only else None
        if edit is None:
            out.append(line)
            continue
        new = edit(list(cells))
        if new is not None:
            out.append("\t".join(new))
    path = tmp / f"{name}.txt"
    path.write_text("\n".join(out) + "\n", encoding="utf-8")
    return path


def seed_rows(code: str) -> list[list[str]]:
    """The seed's rows printed for ``code`` (one per table that prints it)."""
    text = seed_path("004").read_text(encoding="utf-8")
    return [line.split("\t") for line in text.splitlines() if line.split("\t")[0] == code]


def name_lost(cells: list[str]) -> list[str]:
    """The name cell not read: the figures move one column left (under the name)."""
    return cells[:1] + cells[2:]


def pushed_right(cells: list[str]) -> list[str]:
    """An empty cell read before the figures: they move one column right, the last one under
    no header."""
    return cells[:2] + [""] + cells[2:]


def dropped(cells: list[str]) -> None:
    """The row not printed at all (a defect of the document: every figure printed is read)."""
    return None


def spaced(cells: list[str]) -> list[str]:
    """The row printed, but with spaces where the others have cell breaks: the reader does not
    take it into the table (it breaks the table there), so the row is printed and not read."""
    return ["  ".join(c for c in cells if c)]


def misprint(column: int, value: str) -> Edit:
    """One printed figure changed (a defect of the document, not of the reading)."""
    def edit(cells: list[str]) -> list[str]:
        cells[column] = value
        return cells
    return edit
