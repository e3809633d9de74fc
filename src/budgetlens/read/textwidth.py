"""A text table part with another number of columns, matched to the table by its header's names.

Why: a text table has no column edges to map a part by (:mod:`textjoin`); when the page after a
form feed prints the table with a column left out (empty on that page, so the exporter dropped
it) or the fields split otherwise, only the header says which column is which. Each column is
named by the lowest text of the header above the first row of amounts (科目编码 | 科目名称 |
总计 | 基本支出 under a 功能分类科目 | 2024年预算数 band printed on the first page only): the part
continues the table when each of its columns is named, every name is one column's of the
table, and the order is kept. Anything less is no match; the caller keeps the part apart.
"""

from __future__ import annotations

from typing import Optional, Sequence

from ..rules.numbers import AMOUNT_LIKE
from .settings import StitchSettings

Rows = Sequence[Sequence[str]]


def _head(rows: Rows, st: StitchSettings) -> Optional[int]:
    """How many rows head ``rows`` (those above the first row printing an amount), if 1 to
    ``st.max_header_rows``."""
    end = next((i for i, row in enumerate(rows) if any(AMOUNT_LIKE.search(t) for t in row)), None)
    return end if end and end <= st.max_header_rows else None


def leaf_names(rows: Rows, n: int) -> list[str]:
    """Each column's name: the lowest text printed in it among the ``n`` header rows."""
    width = max((len(r) for r in rows[:n]), default=0)
    return [next((r[k] for r in reversed(rows[:n]) if k < len(r) and r[k]), "")
            for k in range(width)]


def by_names(first: Rows, part: Rows, st: StitchSettings) -> Optional[tuple[list[int], int]]:
    """(the table column of each of ``part``'s columns, how many header rows ``part`` prints),
    or None when its header does not name every column as one of ``first``'s, in order."""
    top, lead = _head(first, st), _head(part, st)
    if top is None or lead is None:
        return None
    names, own = leaf_names(first, top), leaf_names(part, lead)
    if len(own) < 2 or "" in own or any(names.count(name) != 1 for name in own):
        return None  # a column unnamed, or named as none or several of the table's
    at = [names.index(name) for name in own]
    return (at, lead) if at == sorted(set(at)) else None
