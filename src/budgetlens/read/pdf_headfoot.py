"""A table's header printed at the foot of one page, its rows on the next: one table (issue #8).

Why: a report engine that breaks a page after a table's title and first header band (收入 |
支出 over 项目名称 | 金额 | 支出用途 …) leaves a part of header rows alone at the page's foot
and the rest of the table opening the next page, its columns finer than the band's (each band
cell spans some of them). Read apart, the band is a part too short to be a table (dropped) and
the body a part placed like a continuation that no column map joins (a doubt, 江苏 高级法院 2018
p10 → p11). The band's edges lie on the body's edges, so the band is the body's top rows, its
cells spanning the body's columns they cover. A form's head printed so (title, 项目名称 | a name
the break cuts: 福州 医保局 2026 p26 → p27) is the same pattern; the name's tail opening the next
page is joined to it, as the stitcher joins a label cut by a page break.

Only a part of header rows joins so: no cell prints an amount, at most ``max_header_rows``
rows, and the part is the whole of its table (a table with rows of amounts that ends in a
heading-looking row is a table of its own, and stays one). The body must open with text above
its first amount (its own header rows below the band), hold amounts and have more columns than
the band (with as many, the stitcher's own column maps join it, dropping a repeated header).
"""

from __future__ import annotations

import re
from typing import Optional

from budgetlens.model import Cell
from budgetlens.read.pdf_continue import edge_map
from budgetlens.read.pdf_layout import join_stacked
from budgetlens.read.pdf_tables import PageTable
from budgetlens.read.settings import StitchSettings
from budgetlens.rules.numbers import AMOUNT_LIKE

_DIGIT_RE = re.compile(r"\d")


def header_only(part: PageTable, st: StitchSettings) -> bool:
    """A part of header rows alone: some text, no amount, at most ``st.max_header_rows`` rows."""
    texts = [c.text for c in part.cells if c.text.strip()]
    return bool(texts) and part.n_rows <= st.max_header_rows \
        and not any(AMOUNT_LIKE.search(t) for t in texts)


def _has_body(part: PageTable) -> bool:
    """Text in the part's first row (its header goes on), an amount below it."""
    top = [c.text for c in part.cells if c.row == 0 and c.text.strip()]
    return bool(top) and not any(AMOUNT_LIKE.search(t) for t in top) \
        and any(AMOUNT_LIKE.search(c.text) for c in part.cells if c.row > 0)


def head_onto(head: PageTable, body: PageTable, st: StitchSettings) -> Optional[PageTable]:
    """The header-only part ``head`` and the part ``body`` that opens the next page as one
    table on the body's columns, or None when they are not one: ``head`` is no header alone,
    ``body`` has no header and amounts of its own, or some edge of ``head`` lies on none of
    ``body``'s (allowing the whole table to sit a few points off on the next page)."""
    if not header_only(head, st) or not _has_body(body) or body.n_cols <= head.n_cols:
        return None  # as many columns: the stitcher's own column maps decide (a header repeated)
    at = edge_map(body.column_edges, head.column_edges, st)
    if at is None:
        return None
    cells = [c._replace(col=at[c.col], colspan=at[c.col + c.colspan] - at[c.col])
             for c in head.cells]
    rest, cut = _cut_label(cells, head.n_rows, body)
    cells += [c._replace(row=c.row + head.n_rows) for c in rest]
    return head._replace(column_edges=body.column_edges, cells=tuple(cells),
                         n_rows=head.n_rows + body.n_rows - cut, n_cols=body.n_cols,
                         grid=body.grid)  # ruled as the body is (how later parts are mapped)


def _cut_label(cells: list[Cell], rows: int, body: PageTable) -> tuple[list[Cell], int]:
    """The body's cells without a first row that is the tail of a label the page break cut
    (福州 医保局 2026 p26 → p27: 项目名称 | "…能力提升补助资" at the foot, "金" opening the next
    page), that tail joined to the band's cell above it in ``cells``; and 1, or 0 when the first
    row is no such tail: one text without digits, not in the label column, right under a text
    of the band's last row (several cells are a header row of the body's own)."""
    lead = [c for c in body.cells if c.row == 0 and c.text.strip()]
    above = {c.col: i for i, c in enumerate(cells) if c.row + c.rowspan == rows and c.text}
    if len(lead) != 1 or lead[0].col == 0 or _DIGIT_RE.search(lead[0].text) \
            or lead[0].col not in above:
        return list(body.cells), 0  # a row of its own: a label, figures, or header cells
    i = above[lead[0].col]
    cells[i] = cells[i]._replace(text=join_stacked([cells[i].text, lead[0].text]))
    return [c._replace(row=c.row - 1) if c.row else c._replace(rowspan=c.rowspan - 1)
            for c in body.cells if c.row or c.rowspan > 1], 1
