"""A cell stream that holds one row of figures under its header (a 三公 table copied from a web page).

Why apart from :func:`~budgetlens.read.textpipes.best_width`: the width of a cell stream is found by
trying widths under which every column holds one kind of value over several body rows. A table with
one row of figures gives that search nothing to weigh: 寿县司法局 2022's 三公 table (合计 | 因公出国(境)费 |
公务用车购置及运行费 [小计 | 购置费 | 运行费] | 公务接待费, then 79 | 0 | 75 | 50 | 25 | 4) was cut two
cells a row, and its figures were read under the wrong headers. Here the figures are counted instead:
they are the stream's last ``k`` cells, and the header cells before them, in the order a page writes
them (first header row, then the cells of the second row under the one cell of the first they break
down), must give exactly ``k`` columns.

A second header row breaks down the cell of the first with which each of its cells but a 小计/合计
shares the longest start (公务用车购置费, 公务用车运行费 under 公务用车购置及运行费, not under 公务接待费). Anything else — figures
before the last run, a header that does not count out to ``k`` columns, two cells the second row
could break down — is left to the width search.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Optional

from ..rules.read_words import load_read_words
from .pipealign import cell_kind

#: header cells naming a subtotal column, not an item (rules/read_words.toml [rows])
_SUBTOTAL = load_read_words()["rows"].words["subtotal"]


def one_row_grid(cells: Sequence[str], fewest: int = 3) -> Optional[list[list[str]]]:
    """Header rows and the one figure row of a stream, or None when it is not such a stream."""
    kinds = [cell_kind(c) for c in cells]
    k = 0
    while k < len(kinds) and kinds[len(kinds) - 1 - k] == "N":
        k += 1
    head = kinds[:len(kinds) - k]
    if k < fewest or "N" in head or "T" not in head:
        return None
    figures = list(cells[len(cells) - k:])
    groups = _header_rows(cells[:len(cells) - k])
    if len(groups) == 1 and len(groups[0]) == k:
        return [groups[0], figures]
    if len(groups) == 2 and len(groups[0]) + len(groups[1]) - 1 == k:
        parent = _parent(groups[0], groups[1])
        if parent is not None:
            top, lower = groups
            first = top[:parent] + [top[parent]] * len(lower) + top[parent + 1:]
            second = [""] * parent + lower + [""] * (len(top) - parent - 1)
            return [first, second, figures]
    return None


def _header_rows(cells: Sequence[str]) -> list[list[str]]:
    """The filled header cells, split where a run of blank cells ends a row."""
    rows: list[list[str]] = [[]]
    for cell in cells:
        if cell:
            if rows[-1] and rows[-1][-1] == "":
                rows.append([])
            rows[-1].append(cell)
        elif rows[-1]:
            rows[-1].append("")
    return [[c for c in row if c] for row in rows if any(row)]


def _parent(top: Sequence[str], lower: Sequence[str]) -> Optional[int]:
    """The cell of ``top`` that ``lower`` breaks down: the one sharing the longest start (two
    characters or more) with every named cell of ``lower``, when no other shares as long a one."""
    named = ["".join(c.split()) for c in lower if "".join(c.split()) not in _SUBTOTAL]
    if not named:
        return None
    shared = [min(_common(("".join(cell.split())), c) for c in named) for cell in top]
    best = max(shared)
    if best < 2 or shared.count(best) > 1:
        return None
    return shared.index(best)


def _common(a: str, b: str) -> int:
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    return n
