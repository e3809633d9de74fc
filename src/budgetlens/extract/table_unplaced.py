"""Reading confidence: a row printing figures that no reading placed, below classes placed by name.

In a table printing economic classes by name, a row with a non-zero figure
whose name no reading places (其他资本性等支出 under a unit of a 基本支出 table by unit), right
below a class placed by its name: the rows read since the last such row may be its totals (a
unit, a 类 printed by name, a 合计), and their parts as read lack it.

Why a module of its own: table_quality.py holds the checks of a table as read; this one also
reads which rows the facts placed by name, and kept there it took that module past the size limit.
"""

from __future__ import annotations

from typing import Optional

from ..model import ReadingDoubt
from ..rules.extract_words import load_extract_words
from .numbers import parse_number
from .table_grid import CODE_RE, GridView, norm

#: a total row's label: 合计, 总计, or a short name ending in one of them
TOTAL_LABEL = load_extract_words()["grid"].rx["total_label"]
# rows that print a part of a row above, not a row of their own (其中：…), or a note
_NOT_A_PART = load_extract_words()["grid"].words["not_a_part"]


def unplaced(view: GridView, read: set, economic: set) -> list[ReadingDoubt]:
    """Rows printing a class by a name no reading places, with a non-zero figure, right below
    an economic class that was placed by its name (module doc). Why so narrow: other rows that
    give no fact (a function row the reader skips, a unit's row of a summary) are no sign that a
    class is missing from its total. One pass over the rows (in print order): the last row read
    and the rows read since the last unplaced one are carried along."""
    index = view.table.index
    rows: list[int] = []
    totals: set[int] = set()
    last: Optional[int] = None  # the last row read
    since: list[int] = []  # the rows read since the last unplaced row
    for r in view.data_rows:
        if (index, r) in read:
            last = r
            since.append(r)
            continue
        key = _key(view, r)
        if not key or TOTAL_LABEL.match(key) or key.startswith(_NOT_A_PART) or CODE_RE.match(key):
            continue
        if last is None or (index, last) not in economic or CODE_RE.match(_key(view, last)):
            continue
        figures = [parse_number(norm(view.raw[r][c.index])) for c in view.columns
                   if c.kind == "value"]
        if not any(n is not None and n.value and not n.percent for n in figures):
            continue
        if not since and not rows:
            continue
        rows.append(r)
        totals.update(since)  # its total is one of them (a unit, a 类 printed by name, 合计),
        # the others its parts as read: a finding adding up two of them may lack it
        since = []
    if not rows:
        return []
    names = "、".join(norm(view.raw[r][c.index]) for r in rows[:3] for c in view.columns
                     if c.kind == "key" and norm(view.raw[r][c.index]))
    return [ReadingDoubt("row-unplaced", rows=tuple(sorted(totals)), totals=tuple(sorted(totals)),
                         detail=f"{len(rows)}行有数字却未能归类（{names}）",
                         detail_en=f"{len(rows)} row(s) with figures not placed in any "
                                   f"classification, first at row {rows[0] + 1}")]


def _key(view: GridView, row: int) -> str:
    """The row's name as printed: its key columns joined."""
    return "".join(norm(view.raw[row][c.index]) for c in view.columns if c.kind == "key")
