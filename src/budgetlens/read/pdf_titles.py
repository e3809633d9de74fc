"""The lines that title a page table: the short lines just above it, or title rows printed inside
its grid (read/pdf_stitch.py attaches them; extraction decides what they mean).

Why apart: stitching decides which page parts make one table; which lines name a part is a
question of its own page (how far above, where a paragraph ends), asked once per part.
"""

from __future__ import annotations

from typing import Optional, Sequence

from budgetlens.model import Line
from budgetlens.read.pdf_layout import line_box
from budgetlens.read.pdf_tables import PageTable, inside
from budgetlens.read.settings import StitchSettings
from budgetlens.rules.numbers import AMOUNT_LIKE
from budgetlens.rules.read_words import load_read_words

_ST = StitchSettings()
_UNIT_RE = load_read_words()["titles"].rx["unit_mark"]
_SENTENCE_END = ("。", "；", ";", "！", "!", "？", "?")


def title_lines(table: PageTable, lines: Sequence[Line],
                above: Optional[PageTable], st: StitchSettings = _ST) -> tuple[Line, ...]:
    """Non-table lines just above a table: the closest few, stopping at the previous table."""
    floor = above.bbox[3] if above is not None else -1.0
    top = table.bbox[1]
    picked: list[Line] = []
    edge = top
    for line in sorted(lines, key=lambda ln: -line_box(ln)[3]):
        b = line_box(line)
        if b[3] > top + 1.0 or b[1] < floor or line.table is not None:
            continue
        if b[2] < table.bbox[0] or b[0] > table.bbox[2]:
            continue
        if edge - b[3] > st.title_gap or len(picked) >= st.max_title_lines \
                or prose(line.text, st):
            break
        picked.append(line)
        edge = b[1]
    return tuple(reversed(picked))


def prose(text: str, st: StitchSettings = _ST) -> bool:
    """A line of running text (the end of a sentence, or a long line with clauses): the
    paragraph above a table (…主要原因是…。 then 七、重点项目预算绩效目标情况), never its title;
    the title block stops there, so the table is named by its own heading only."""
    s = text.strip()
    return s.endswith(_SENTENCE_END) or (len(s) > st.max_title_chars and "，" in s)


def grid_title_lines(table: PageTable, lines: Sequence[Line], st: StitchSettings = _ST
                     ) -> tuple[Line, ...]:
    """Lines of title rows printed inside the grid: leading rows that are one cell across the
    whole table, or that state the unit (单位：万元), with no amount in them. They stay rows of
    the table too; extraction reads them as the title when nothing is printed above."""
    cells: list = []
    for r in range(min(st.max_grid_title_rows, table.n_rows)):
        row = [c for c in table.cells if c.row == r and c.text]
        whole = (len(row) == 1 and row[0].colspan == table.n_cols and row[0].rowspan == 1
                 and len(row[0].text) <= st.max_title_chars)
        unit = len(row) <= 2 and any(_UNIT_RE.search(c.text) for c in row)
        if not row or not (whole or unit) or any(AMOUNT_LIKE.search(c.text) for c in row):
            break
        cells += row
    if not cells:
        return ()
    return tuple(ln for ln in lines if any(inside(ln.bbox, c.bbox, 0.0) for c in cells))
