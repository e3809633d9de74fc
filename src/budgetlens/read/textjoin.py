"""Text tables split at form feeds → one table: the plain-text reader's stitching (issue #8).

Why: a disclosure exported to text keeps its pages at form feeds, and a table that runs over a
page break is found as one table per page. Read apart, each page's rows miss the others: a 类
whose 款 go on after the break fails its hierarchy, a page's 合计 claims the table's total, and
the rows after the break lose the 类 above them. The PDF reader joins such parts
(:mod:`pdf_stitch`); a text table has no column edges, so here the columns correspond when the
parts have as many fields, and what decides is the same as in a PDF once the rows sit in the
table's columns (:mod:`continued`): a repeated header is dropped, a part that opens as a copy of
the table or fills a form's head in anew (the next project's form) stays a table of its own.

A part continues the table before it when

- the table before it is the last thing on its page (below it only blank lines and page numbers),
- the part is the first thing on the next page (above it only page numbers, or the title of the
  table before it printed again, marked 续 or not), and
- it has as many columns, and its rows go on with the table (:func:`_goes_on`); or it has
  another number of columns and repeats the header's column names, each of its columns named as
  one of the table's, in order (:mod:`textwidth`: a column left out on that page, empty there).
  A part so placed whose columns cannot be matched by name stays apart, and both say their
  reading is in doubt (``Table.open_end`` / ``open_start``), as the PDF reader's parts do.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Optional, Sequence

from ..model import Line, Page, Table
from ..rules.numbers import AMOUNT_LIKE
from ..rules.read_words import load_read_words
from .continued import (body_goes_on, new_rows, norm, repeated_rows, restarts, row_label,
                        whole_header_rows)
from .settings import StitchSettings
from .textwidth import by_names

_TITLES = load_read_words()["titles"].rx
_PAGE_NUMBER_RE = _TITLES["page_number"]
_CONTINUED_RE = _TITLES["continued"]
_TABLE_NUMBER_RE = _TITLES["table_number"]


def join_text_tables(pages: Sequence[Page], tables: Sequence[Table], st: StitchSettings
                     ) -> tuple[tuple[Page, ...], tuple[Table, ...]]:
    """``tables`` (the parts as found, one per page or more, indexes in order) with every part
    that continues the table before it appended to it; the pages' lines marked with the joined
    tables' indexes. Nothing changes in a document whose tables all stay apart."""
    if len({t.page for t in tables}) < 2:
        return tuple(pages), tuple(tables)
    by_page = {p.number: p for p in pages}
    built: list[Table] = []
    owner: dict[int, int] = {}  # index as found → index in built
    last: Optional[Table] = None  # the part joined last into built[-1]
    for k, t in enumerate(tables):
        placed = last is not None and _placed(built[-1], last, t, tables[k - 1], by_page)
        if placed and t.n_cols == built[-1].n_cols and _goes_on(built[-1], t, st):
            built[-1] = _append(built[-1], t, st)
        elif placed and t.n_cols != built[-1].n_cols:
            built[-1:] = _other_width(built[-1], t, st)
        else:
            built.append(replace(t, index=len(built)))
        last = t
        owner[t.index] = len(built) - 1
    if built == list(tables):
        return tuple(pages), tuple(tables)
    marked = tuple(replace(p, lines=tuple(_remark(ln, owner) for ln in p.lines)) for p in pages)
    return marked, tuple(built)


def _remark(line: Line, owner: dict[int, int]) -> Line:
    return line if line.table is None else line._replace(table=owner.get(line.table, line.table))


def _line_span(part: Table) -> tuple[int, int]:
    """The first and last line numbers of the part's rows."""
    lines = [c.line for c in part.cells if c.line is not None]
    return (min(lines), max(lines)) if lines else (0, 0)


def _placed(table: Table, last: Table, part: Table, before: Table,
            by_page: dict[int, Page]) -> bool:
    """Is ``part`` placed like the continuation of ``table``, whose last part so far is
    ``last``: ``last`` the last table of its page and ``part`` the first of the next (``before``
    is the part found just before ``part``), nothing but page numbers below
    ``last`` and above ``part`` (or, above it, the table's title printed again)?"""
    if part.page != last.page + 1 or before is not last:
        return False
    end, start = _line_span(last)[1], _line_span(part)[0]
    below = [ln for ln in by_page[last.page].lines if ln.number > end]
    above = [ln for ln in by_page[part.page].lines if ln.number < start]
    said = {norm(ln.text) for ln in table.title_lines}
    return not any(_says(ln.text) for ln in below) \
        and all(_repeats_title(ln.text, said) for ln in above if _says(ln.text))


def _says(text: str) -> bool:
    """A line that says something: not blank, not a page number (- 3 -, 第3页)."""
    return bool(text.strip()) and not _PAGE_NUMBER_RE.fullmatch(text.strip())


def _repeats_title(text: str, said: set[str]) -> bool:
    """A line above a part that repeats the title of the table before it: the same text, or
    with a continuation mark ((续表), 续上表), or only its table number with the mark (表二（续）)."""
    own = norm(text)
    if own in said:
        return True
    rest = _CONTINUED_RE.sub("", own)
    if rest == own:
        return False
    return not rest or rest in said or bool(_TABLE_NUMBER_RE.match(rest)
                                            and any(s.startswith(rest) for s in said))


def _rows(table: Table) -> list[list[str]]:
    return [[norm(t) for t in row] for row in table.grid(fill_spans=True)]


def _goes_on(table: Table, part: Table, st: StitchSettings) -> bool:
    """Do ``part``'s rows go on with ``table`` (:mod:`continued`)? A first row of amounts goes
    on; a form's head filled in anew does not (the next form); otherwise the part repeats the
    table's header and goes on with rows not read before, or opens with rows of its own."""
    rows = _rows(part)
    if rows and _amounts(rows[0]):
        return True
    first = _first_part(table)
    if restarts(first, rows, st) or _headed_anew(first, rows, st):
        return False
    seen = {row_label(r) for r in _rows(table)} - {""}
    return body_goes_on(first, rows, seen, st)


def _amounts(row: Sequence[str]) -> bool:
    return any(AMOUNT_LIKE.search(t) for t in row)


def _headed_anew(first: list[list[str]], rows: list[list[str]], st: StitchSettings) -> bool:
    """Does the part open with a column header of its own above rows of amounts, in a table of
    amounts (most rows below its header print one)? Then it is another table whose title was
    not printed (or not kept), not the table going on: a continued table's page opens with its
    rows, or with the table's own header repeated. A form (few rows of amounts: indicator rows
    going on after the break) is not judged so; the part's head filled in anew decides there."""
    lead = next((i for i, row in enumerate(rows) if _amounts(row)), None)
    top = next((i for i, row in enumerate(first) if _amounts(row)), None)
    if not lead or top is None or whole_header_rows(first, rows, st):
        return False
    body = [row for row in first[top:] if any(row)]
    return 2 * sum(map(_amounts, body)) > len(body)


def _first_part(table: Table) -> list[list[str]]:
    """The rows of the table's first page (its header and first rows, as printed there)."""
    rows = _rows(table)
    on = {c.row: c.page for c in table.cells}
    return [r for i, r in enumerate(rows) if on.get(i) == table.page]


def _append(table: Table, part: Table, st: StitchSettings) -> Table:
    """``table`` with ``part``'s rows below its own, the repeated header rows left out; every
    cell keeps its page and line (the provenance of what is read from it)."""
    skip = repeated_rows(_first_part(table), _rows(part), st)
    cells = tuple(c._replace(row=c.row - skip + table.n_rows) for c in part.cells if c.row >= skip)
    return _below(table, part, cells, skip)


def _below(table: Table, part: Table, cells: tuple, skip: int) -> Table:
    """``table`` with ``cells`` (``part``'s, its first ``skip`` rows left out, already placed
    below the table's rows) added, and ``part``'s pages."""
    return replace(table, n_rows=table.n_rows + part.n_rows - skip, cells=table.cells + cells,
                   pages=tuple(dict.fromkeys(table.pages + part.pages)))


def _other_width(table: Table, part: Table, st: StitchSettings) -> list[Table]:
    """``table`` and a part placed as its continuation with another number of columns: one
    table when the part's header names its columns as the table's header does and its rows go
    on (:func:`textwidth.by_names`); else both, each marked as a reading in doubt — unless the
    part fills the table's form head in anew (the next form) or opens with a column header of
    its own above rows of amounts in a table of amounts (another table), as for parts of one
    width."""
    first, rows = _first_part(table), _rows(part)
    found = by_names(first, rows, st)
    seen = {row_label(r) for r in _rows(table)} - {""}
    if found is not None and new_rows(rows[found[1]:], seen):
        at, skip = found
        cells = tuple(c._replace(row=c.row - skip + table.n_rows, col=at[c.col],
                                 colspan=at[c.col + c.colspan - 1] - at[c.col] + 1)
                      for c in part.cells if c.row >= skip)
        return [_below(table, part, cells, skip)]
    apart = replace(part, index=table.index + 1)
    if restarts(first, rows, st) or _headed_anew(first, rows, st):
        return [table, apart]  # the next form, or another table under a header of its own
    return [replace(table, open_end=True), replace(apart, open_start=True)]
