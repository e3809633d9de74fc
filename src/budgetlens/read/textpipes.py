"""Find tables that web-page-to-text tools flattened with ``|`` separators, and rebuild their grids.

Two flattenings are read (both write a filled cell as ``text |`` and an empty cell as a bare ``|``):

1. **Pipe rows** (``pipe-rows``): one table row per line, ``A | 12.5 | B | ||``. A leading ``|``
   (markdown style) is dropped when every line of the run has one; markdown rule lines
   (``|---|:--|``) are skipped. A run of at least ``min_pipe_rows`` (:mod:`.settings`) such lines is a table.
2. **Pipe cell stream** (``pipe-cells``): one cell per line, empty cells as ``|`` lines (runs of
   empty cells may share a line: ``||``), and nothing marks where a row ends. The row width is
   inferred: every width from 2 to ``max_stream_width`` is tried, and the smallest one under which
   each column holds one kind of value (numbers or text), and no row of the body is blank, wins.
   A stream that fits no width well, or holds no number, stays running text: guessing a width
   would move values into a neighbour's column, which is worse than not reading the table.

Why the trailing pipe matters: in both flattenings every cell ends with ``|``, so the number of
pipes is the number of cells and blank cells keep their slot. Prose that happens to hold a ``|``
(a navigation line, ``来源 | 发布日期``) is a single line, or has cells too long to be cells, and is
left alone.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Optional

from ..rules.read_words import load_read_words
from .common import TextTable, clean_cell_text
from .pipealign import align_headers, cell_kind, realign_packed_rows
from .pipeform import form_stream_grid
from .pipeonerow import one_row_grid
from .pipespan import shift_spanned_blocks
from .settings import PlainTextSettings

# How many lines and rows make a pipe table, how wide a stream may be, how many misfits it may
# leave: :class:`~budgetlens.read.settings.PlainTextSettings`, passed as ``ts``.
_TS = PlainTextSettings()

#: a pipe row that is a table's title (rules/read_words.toml [titles] title_cell)
_TITLE_CELL = load_read_words()["titles"].rx["title_cell"]

_RULE_LINE = re.compile(r"^\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)+\|?\s*$")


def find_pipe_tables(lines: Sequence[tuple[int, str]], ts: PlainTextSettings = _TS
                     ) -> list[TextTable]:
    """Tables flattened with pipes among the ``(number, text)`` lines of one page, in order."""
    tables: list[TextTable] = []
    for run in _pipe_runs(lines, ts):
        table = _read_run(run, lines, ts)
        if table is not None:
            tables.append(table)
    return tables


def split_cells(text: str, leading: bool = False) -> list[str]:
    """The cells of one pipe line: every cell ends with ``|``, so ``a | ||`` is ``a``, ``""``,
    ``""``; an unterminated last cell (``a | b``) counts too. ``leading`` drops an opening pipe."""
    s = text.strip()
    if leading and s.startswith("|"):
        s = s[1:]
    if s.endswith("|"):
        s = s[:-1]
    return [clean_cell_text(part) for part in s.split("|")]


def is_pipe_line(text: str, ts: PlainTextSettings = _TS) -> bool:
    """A line that may be part of a pipe table: it has a pipe at an end or two pipes, and no
    cell long enough to be a sentence — unless that one long cell is a form's note printed in a
    row of at least ``ts.min_note_row_cells`` short cells ("总额 | 0.00 | 3.36 | … | 1.预算执行率=
    预算执行数/调整后预算数,…需说明原因…"): a sentence holds no run of short cells around it."""
    s = text.strip()
    if "|" not in s:
        return False
    if not (s.endswith("|") or s.startswith("|") or s.count("|") >= 2):
        return False
    cells = split_cells(s, leading=True)
    long = sum(1 for c in cells if len(c) > ts.max_cell_chars)
    if not long:
        return True
    short = sum(1 for c in cells if c and len(c) <= ts.max_cell_chars)
    return long == 1 and s.endswith("|") and short >= ts.min_note_row_cells


def _note_cell(text: str, ts: PlainTextSettings) -> bool:
    """A line that is one long cell and its closing pipe, "1.预算执行率=…银行贷款. |": in a cell
    stream, a form's note cell (kept when pipe lines stand on both sides of it)."""
    s = text.strip()
    return s.endswith("|") and s.count("|") == 1 and len(s) - 1 > ts.max_cell_chars


def _title_row(text: str) -> bool:
    """A pipe line whose one filled cell is a table's whole title (rules/read_words.toml
    [titles] title_cell): the table above it ends, and it is the next one's title line."""
    filled = [c for c in split_cells(text, leading=True) if c]
    return len(filled) == 1 and _TITLE_CELL.match(filled[0]) is not None


def _pipe_runs(lines: Sequence[tuple[int, str]], ts: PlainTextSettings
               ) -> list[list[tuple[int, str]]]:
    """Runs of consecutive pipe lines; one blank line or one note cell inside a run does not
    end it; a title row does, and stays out of both runs (the next table's title line)."""
    runs: list[list[tuple[int, str]]] = []
    current: list[tuple[int, str]] = []
    blank: Optional[tuple[int, str]] = None
    for number, text in lines:
        if is_pipe_line(text, ts) and not _title_row(text):
            if blank is not None and current:
                current.append(blank)
            blank = None
            current.append((number, text))
        elif current and blank is None and (not text.strip() or _note_cell(text, ts)):
            blank = (number, text)
        else:
            if current:
                runs.append(current)
            current, blank = [], None
    if current:
        runs.append(current)
    return runs


def _read_run(run: list[tuple[int, str]], page: Sequence[tuple[int, str]],
              ts: PlainTextSettings) -> Optional[TextTable]:
    filled = [(n, t) for n, t in run if t.strip() and not _RULE_LINE.match(t.strip())]
    if not filled:
        return None
    leading = all(t.strip().startswith("|") for _, t in filled)
    split = [(n, split_cells(t, leading)) for n, t in filled]
    if _is_row_run(split):
        return _pipe_rows(split, run, ts)
    return _pipe_stream(split, run, page, ts)


def _is_row_run(split: Sequence[tuple[int, list[str]]]) -> bool:
    """One row per line when most lines hold two filled cells, or share one cell count ≥2
    (a table whose rows are mostly a label and blanks still has the same count on every line)."""
    multi = sum(1 for _, cells in split if sum(1 for c in cells if c) >= 2)
    counts: dict[int, int] = {}
    for _, cells in split:
        counts[len(cells)] = counts.get(len(cells), 0) + 1
    width, times = max(counts.items(), key=lambda kv: (kv[1], kv[0]))
    return multi * 2 >= len(split) or (width >= 2 and times * 2 >= len(split))


def _pipe_rows(split: Sequence[tuple[int, list[str]]],
               run: Sequence[tuple[int, str]], ts: PlainTextSettings) -> Optional[TextTable]:
    if len(split) < ts.min_pipe_rows:
        return None
    width = max(len(cells) for _, cells in split)
    if width < 2:
        return None
    grid = shift_spanned_blocks([cells + [""] * (width - len(cells)) for _, cells in split],
                                ts.min_block_row_cells)
    rows = realign_packed_rows(align_headers(grid), ts.max_realign_width)
    return TextTable(rows, tuple(n for n, _ in split), tuple(n for n, _ in run), "pipe-rows")


def _pipe_stream(split: Sequence[tuple[int, list[str]]], run: list[tuple[int, str]],
                 page: Sequence[tuple[int, str]], ts: PlainTextSettings) -> Optional[TextTable]:
    """A cell stream: only lines that end with a pipe, the last cell maybe unterminated."""
    if len(split) < ts.min_stream_lines or not all(t.rstrip().endswith("|") for _, t in run if t.strip()):
        return None
    cells: list[tuple[int, str]] = [(n, c) for n, row in split for c in row]
    one = one_row_grid([c for _, c in cells])
    if one is not None:  # one row of figures under its header: counted, not searched (.pipeonerow)
        lines = [n for n, _ in split]
        return TextTable(tuple(tuple(r) for r in one), tuple([lines[0]] * (len(one) - 1) + [cells[-1][0]]),
                         tuple(n for n, _ in run), "pipe-cells")
    fit = best_width([c for _, c in cells], ts)
    if fit is None:
        return _form_stream(cells, run, ts)
    width, offset = fit
    tail = _unterminated_tail(run[-1][0], page)
    if tail is not None and (len(cells) - offset) % width == width - 1:
        cells.append(tail)  # it completes the last row; otherwise it is a page number or the like
        run = run + [tail]
    grid: list[list[str]] = []
    row_lines: list[int] = []
    starts = ([0] if offset else []) + list(range(offset, len(cells), width))
    for k, start in enumerate(starts):
        end = starts[k + 1] if k + 1 < len(starts) else len(cells)
        row = [c for _, c in cells[start:end]]
        grid.append(row + [""] * (width - len(row)))
        row_lines.append(cells[start][0])
    return TextTable(tuple(tuple(r) for r in align_headers(grid)), tuple(row_lines), tuple(n for n, _ in run), "pipe-cells")


def _form_stream(cells: Sequence[tuple[int, str]], run: Sequence[tuple[int, str]],
                 ts: PlainTextSettings) -> Optional[TextTable]:
    """A form's stream that no width fits, read block by block (:mod:`.pipeform`), or None."""
    form = form_stream_grid([c for _, c in cells], ts)
    if form is None:
        return None
    width = max(len(row) for _, row in form)
    rows = tuple(tuple(row + [""] * (width - len(row))) for _, row in form)
    return TextTable(rows, tuple(cells[i][0] for i, _ in form), tuple(n for n, _ in run), "pipe-cells")


def _unterminated_tail(last: int, page: Sequence[tuple[int, str]]) -> Optional[tuple[int, str]]:
    """The line after a stream when it is a lone number: the last cell, its pipe not written."""
    numbers = [n for n, _ in page]
    if last not in numbers:
        return None
    k = numbers.index(last) + 1
    if k < len(page) and cell_kind(clean_cell_text(page[k][1])) == "N":
        return page[k][0], clean_cell_text(page[k][1])
    return None


def misfit_rate(kinds: Sequence[str], width: int, offset: int = 0,
                min_rows: int = _TS.min_stream_rows) -> Optional[float]:
    """How badly a width fits a cell stream: per filled body cell, the cells whose kind is the
    minority in their column plus the body rows that are all blank. None when the width leaves
    fewer than ``min_rows`` body rows (rows from the first one holding a number)."""
    rows = [kinds[i:i + width] for i in range(offset, len(kinds), width)]
    first = next((r for r, row in enumerate(rows) if "N" in row), None)
    if first is None or len(rows) - first < min_rows:
        return None
    body = rows[first:]
    filled = sum(1 for row in body for k in row if k != "E")
    misfits = 0
    for col in range(width):
        column = [row[col] for row in body if col < len(row)]
        misfits += min(column.count("N"), column.count("T"))
    blank_rows = sum(1 for row in body if all(k == "E" for k in row))
    return (misfits + blank_rows) / max(filled, 1)


def best_width(cells: Sequence[str], ts: PlainTextSettings = _TS) -> Optional[tuple[int, int]]:
    """``(width, offset)`` for a cell stream, or None when no width fits.

    The smallest width within ``ts.width_margin`` of the best rate wins, since every multiple of
    the true width fits as well (two rows side by side). An offset (leading header cells that do
    not fill a row, as spanned headers do) is taken only when it beats no offset clearly."""
    kinds = [cell_kind(c) for c in cells]
    if "N" not in kinds:
        return None
    rates: dict[int, tuple[float, int]] = {}
    least = ts.min_stream_rows
    for width in range(2, min(ts.max_stream_width, len(kinds) // least) + 1):
        plain = misfit_rate(kinds, width, 0, least)
        best = (plain if plain is not None else 9.0, 0)
        for offset in range(1, width):
            rate = misfit_rate(kinds, width, offset, least)
            if rate is not None and rate < best[0] - ts.offset_margin:
                best = (rate, offset)
        rates[width] = best
    if not rates:
        return None
    lowest = min(rate for rate, _ in rates.values())
    if lowest > ts.max_misfit_rate:
        return None
    width = min(w for w, (rate, _) in rates.items() if rate <= lowest + ts.width_margin)
    return width, rates[width][1]

