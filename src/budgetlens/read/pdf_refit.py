"""A form going on over the next page with its columns refitted (issue #8): joined by its rows.

Why: a key-value form (绩效目标表, 整体支出绩效自评表) prints its indicator block as rows of
一级/二级/三级指标, 指标内容, 指标值. When that block runs over a page break, the engine that made
the PDF fits the next page's columns to that page's words: the columns of a label merged over
the rows of the page before are not ruled again (the part starts at an inner edge: 西安), the
indicator block splits a column of the head into finer ones (重庆 p30: 指标性质 | 指标值 | 计量单位
under the head's one column), or every edge moves a few points (人社局 p51). No column map by
position joins such a part, so its rows were a table of their own with no title and no role,
and the indicator rows gave no facts. What decides here is the form's row semantics, not
column positions: the part opens its page like a continuation (no title of its own, no head of
the form filled in anew: :func:`continued.restarts`), opens with no amount, and its first rows
or the form's first page name indicators (``read_words.toml`` ``[forms] indicator``). Its columns are then placed among
the table's (:func:`refit_map`): as many columns go column for column; otherwise every edge of
the part lies on an edge of the table or becomes one (the table's columns split where the
part's are finer), the part sharing the table's right edge and lying inside it.
"""

from __future__ import annotations

from bisect import bisect_left
from typing import Optional, Sequence

from budgetlens.model import Cell
from budgetlens.read.pdf_tables import PageTable
from budgetlens.read.settings import StitchSettings
from budgetlens.rules.numbers import AMOUNT_LIKE
from budgetlens.rules.read_words import load_read_words

_INDICATOR = load_read_words()["forms"].rx["indicator"]


def indicator_part(part: PageTable, first: PageTable, st: StitchSettings) -> bool:
    """Does the part go on with a form's indicator block: no amount in its first row, and an
    indicator named in one of its first ``st.max_header_rows`` rows or in the form's first page
    (the indicator header 指标名称 | 指标值 above the rows that run over the break)?"""
    rows = part.rows()
    if not rows or any(AMOUNT_LIKE.search(t) for t in rows[0]):
        return False
    return any(_INDICATOR.search(t) for row in rows[:st.max_header_rows] for t in row) \
        or any(_INDICATOR.search(c.text) for c in first.cells)


def refit_map(edges: Sequence[float], part: Sequence[float], st: StitchSettings
              ) -> Optional[tuple[tuple[float, ...], list[int]]]:
    """The table's edges refitted to take in the part's (the union: a part's edge within
    ``st.edge_tol`` of a table edge lies on it, any other becomes an edge of its own) and the
    index of each of the part's edges among them; None when the part does not share the table's
    right edge (after a uniform shift of at most ``st.max_shift``) or reaches outside it.
    A part with as many edges goes column for column (each edge moved to fit its page's words)."""
    if len(part) < 2:
        return None
    shift = part[-1] - edges[-1]
    if abs(shift) > st.max_shift:
        return None
    if len(part) == len(edges):
        return tuple(edges), list(range(len(edges)))
    moved = [x - shift for x in part]
    if moved[0] < edges[0] - st.edge_tol:
        return None
    union = list(edges)
    for x in moved:
        i = bisect_left(union, x)
        near = [j for j in (i - 1, i) if 0 <= j < len(union) and abs(union[j] - x) <= st.edge_tol]
        if not near:
            union.insert(i, x)
    out = [_nearest(union, x) for x in moved]
    if out[-1] != len(union) - 1 or out != sorted(set(out)):
        return None
    return tuple(union), out


def refit_cells(cells: Sequence[Cell], old: Sequence[float], new: Sequence[float]) -> list[Cell]:
    """Cells placed on ``old`` edges moved onto ``new`` ones (every old edge is one of them):
    a cell keeps its extent, spanning the finer columns a refit split it into."""
    at = [_nearest(new, x) for x in old]
    return [c._replace(col=at[c.col], colspan=at[c.col + c.colspan] - at[c.col]) for c in cells]


def _nearest(edges: Sequence[float], x: float) -> int:
    """The index of the edge nearest ``x``."""
    return min(range(len(edges)), key=lambda j: abs(edges[j] - x))
