"""Page subtotals of a continued table: a 合计/小计 closing a page with that page's sum alone.

Why: some tables continued over pages repeat their header and close every page with a row
labelled 合计 (or 小计) holding only that page's rows. Read as the table's total, each such row
claims a different figure for one measure, and the audit reports a contradiction the document
does not contain (a probe drawn from a seed: 项目支出 267.92 against 0.00). Such a row is told
apart by what it adds up, never by a word list of templates: it is a page subtotal when

- it is the last data row of its page and the table goes on with data rows on a later page (or
  it closes the last page after such a subtotal), and
- every figure it prints equals, within the rounding its printed places allow, the sum of the
  rows of its own page above it (the leaves of the code tree when rows carry codes), and
- after the first page, it does not also equal the sum of the rows of every page so far (that
  is the table's total, printed at the end).

A 合计 that equals neither is left alone: a real defect stays an error. A one-page table has no
page subtotal. The table's total is then the total row that remains (a grand total printed at
the top, or on the last page); when none remains, the parts → total implication of the audit
stage applies as for any table printed without a total.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Optional, Sequence

from ..rules.extract_words import load_extract_words
from .numbers import parse_number
from .table_cells import TableContext
from .table_grid import norm
from .table_rowkey import RowKey

_FACTS = load_extract_words()["facts"]
_WORDS = frozenset(_FACTS.words["page_total"])
_GRAND = frozenset(_FACTS.words["grand_total"])

Rows = Sequence[tuple[int, RowKey]]


def _pages(ctx: TableContext) -> dict[int, int]:
    """The page of each row (its cells' first page), read in one pass over the cells."""
    out: dict[int, int] = {}
    for (row, _), cell in ctx.cells.items():
        if cell.page is not None and cell.page < out.get(row, cell.page + 1):
            out[row] = cell.page
    return out


def _figures(ctx: TableContext, row: int, cols: Sequence[int]) -> dict[int, tuple[Decimal, int]]:
    out = {}
    for c in cols:
        n = parse_number(ctx.view.cell(row, c))
        if n is not None and not n.percent:
            out[c] = (n.value, n.decimals)
    return out


def _leaves(rows: Rows, parents: Optional[frozenset[str]]) -> list[int]:
    """Rows that add up to a total: the leaves of the table's code tree (``parents``: every
    code's proper prefixes; a 款 whose 项 run on the next page is not a leaf of its page), or
    every row when the table prints no codes (``parents`` None)."""
    if parents is None:
        return [r for r, _ in rows]
    return [r for r, k in rows if k.code and k.code not in parents]


def _sums_to(ctx: TableContext, total: int, parts: list[int], cols: Sequence[int]) -> bool:
    """Every figure of ``total`` equals the sum of ``parts`` in its column, within the half
    unit of its printed places per part (each part was rounded once)."""
    stated = _figures(ctx, total, cols)
    if not parts or not any(v for v, _ in stated.values()):
        return False
    for c in cols:
        value, places = stated.get(c, (Decimal(0), 2))
        got = sum((f[c][0] for r in parts if c in (f := _figures(ctx, r, [c]))), Decimal(0))
        if abs(got - value) > Decimal(5).scaleb(-places - 1) * (len(parts) + 1):
            return False
    return True


def page_subtotals(ctx: TableContext, rows: Rows, cols: Sequence[int]) -> set[int]:
    """Rows of ``rows`` (data rows with their keys, in order) that are page subtotals."""
    on = _pages(ctx)
    pages = {r: on.get(r) for r, _ in rows}
    if len({p for p in pages.values() if p is not None}) < 2:
        return set()
    codes = frozenset(k.code for _, k in rows if k.code)
    parents = frozenset(c[:n] for c in codes for n in range(1, len(c))) if codes else None
    found: set[int] = set()
    start = 0  # index of the first row of the current page's segment
    for i, (row, key) in enumerate(rows):
        if i and pages[rows[i - 1][0]] != pages[row]:
            start = i
        if key.code or norm(key.name) not in _WORDS or pages[row] is None:
            continue
        # the next row that is not a total (a 总计 may follow the last page's 合计)
        nxt = next((r for r, k in rows[i + 1:] if k.code or norm(k.name) not in _WORDS
                    and norm(k.name) not in _GRAND), None)
        if nxt is not None and pages[nxt] == pages[row]:
            continue  # rows follow on its page: not a page's close
        if nxt is None and not found:
            break  # the last page's total closes a table with no page subtotal before it
        own = [(r, k) for r, k in rows[start:i] if r not in found and norm(k.name) not in _WORDS]
        every = [(r, k) for r, k in rows[:i] if r not in found and norm(k.name) not in _WORDS]
        if _sums_to(ctx, row, _leaves(own, parents), cols) and \
                not (start and _sums_to(ctx, row, _leaves(every, parents), cols)):
            found.add(row)
    return found
