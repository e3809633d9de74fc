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
the top, or on the last page). When none remains and every page of the table closes with its
subtotal, the table's total is their sum (:func:`page_total`): a fact with ``derived: true``
whose ``derived_from`` are the page subtotals as read (their cells the provenance), filed in the
table's scope so the table's own sums and the other tables' totals are checked against it.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Callable, Optional, Sequence

from ..model import Derivation, Fact, Source
from ..rules.extract_words import load_extract_words
from .numbers import parse_number
from .table_cells import TableContext
from .table_grid import norm
from .table_rowkey import RowKey

_FACTS = load_extract_words()["facts"]
_WORDS = frozenset(_FACTS.words["page_total"])
_GRAND = frozenset(_FACTS.words["grand_total"])

Rows = Sequence[tuple[int, RowKey]]

#: The derivation a table's total from its page subtotals names (``Fact.derivation.rule``). No
#: identity instance: the inputs are cells the reading set aside, never facts of their own.
PAGE_TOTAL = Derivation("total-from-page-subtotals")


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


def first_unit_alone(ctx: TableContext, rows: Rows, units: Sequence[int],
                     cols: Sequence[int]) -> bool:
    """Whether the first unit row of a table by budget unit whose page subtotals were set aside
    is a unit of its own rather than the department's row: its figures are the sum of its own
    rows (the leaves of its block's code tree, up to the next unit row) and not the sum of the
    other unit rows. Read as the department's row, a unit's figure would be the department's
    total, and no total would be derived from the page subtotals (the department's is printed
    on no row then). Both sums hold, or neither: the groups are ambiguous, and the row is read
    as before (the department's)."""
    if len(units) < 2:
        return False
    pos = {r: i for i, (r, _) in enumerate(rows)}
    own = rows[pos[units[0]] + 1:pos[units[1]]]
    codes = frozenset(k.code for _, k in own if k.code)
    parents = frozenset(c[:n] for c in codes for n in range(1, len(c))) if codes else None
    return _sums_to(ctx, units[0], _leaves(own, parents), cols) and \
        not _sums_to(ctx, units[0], list(units[1:]), cols)


def set_aside(ctx: TableContext, rows: Rows, cols: Sequence[int]) -> tuple[list[tuple[int, RowKey]], set[int]]:
    """``rows`` without their page subtotals, and those subtotals' rows; an ``info`` diagnostic
    ``table-page-subtotal`` names the first (its provenance) when there are any."""
    subs = page_subtotals(ctx, rows, cols)
    if subs:
        ctx.warn("table-page-subtotal", "续页表格每页末的合计行只合计本页各行，不作为全表合计读取",
                 "a total row closing a page of a continued table sums that page alone: not "
                 "read as the table's total", min(subs))
    return [(r, k) for r, k in rows if r not in subs], subs


def page_total(ctx: TableContext, subs: set[int], rows: Rows, facts: Sequence[Fact],
               facts_of: Callable[[int], list[Fact]]) -> list[Fact]:
    """The table's total as the sum of its page subtotals, for each figure (measure, basis) the
    subtotal rows give (``facts_of(row)``: the facts a total row gives) and no row of the table
    states (``facts``: what its rows gave) — only when every page holding rows (``rows``, the
    subtotals set aside) closes with a subtotal, so no page's rows are left out of the sum."""
    on = _pages(ctx)
    if not {on.get(r) for r, _ in rows} <= {on.get(r) for r in subs}:
        return []
    have = {(f.measure, f.basis) for f in facts if f.scope == ctx.scope}
    parts: dict[tuple[str, str], list[Fact]] = {}
    for row in sorted(subs):
        for f in facts_of(row):
            if (f.measure, f.basis) not in have and f.kind == "money":
                parts.setdefault((f.measure, f.basis), []).append(f)
    first = ctx.table.page
    return [Fact(measure=m, basis=b, value=sum((f.value for f in fs), Decimal(0)),
                 source=Source(file=ctx.document.path, page=first, table=ctx.table.index,
                               text="<derived>"),
                 decimals=min(f.decimals for f in fs), kind="money", origin="derived",
                 scope=ctx.scope, label=fs[0].label, derived_from=tuple(fs),
                 derivation=PAGE_TOTAL) for (m, b), fs in parts.items()]
