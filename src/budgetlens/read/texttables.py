"""Find tables that were flattened into plain text lines, and rebuild their grids.

Disclosures copied out of Word/Excel/PDF into text keep their tables in three ways, handled here
from the most to the least explicit:

1. **Rows as tab-separated lines** (the common case): every tab-separated field is one cell in its
   own column, blank fields included, so a value keeps the column of its header. A run of such
   lines is one table; an isolated blank line inside the run does not end it (exports leave them).
2. **One cell per line** (Word's "table to text" with paragraph marks): each line starts with a
   tab and holds one cell, a blank line ends a row, and untabbed lines continue the cell above.
3. **Cells separated by pipes** (web pages transcribed to text): one row per line or one cell per
   line with the row width inferred; see :mod:`.textpipes`.
4. **Columns aligned with runs of spaces**: accepted only when at least
   :data:`MIN_SPACED_ROWS` consecutive lines split into the same number (≥3) of fields and most
   of them hold numbers, so that prose never becomes a table.

The finder works on ``(line_number, text)`` pairs of one page and returns :class:`TextTable`
records; the reader turns them into model Tables (it owns the table indexes).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from .common import TextTable, clean_cell_text
from ..rules.numbers import is_numeric_cell
from .settings import PlainTextSettings
from .textflat import find_flat_tables
from .textpipes import find_pipe_tables

# How many lines and fields make a tab or space-aligned table, how many untabbed lines a tab
# table bridges: :class:`~budgetlens.read.settings.PlainTextSettings`, passed as ``ts``.
_TS = PlainTextSettings()

_SPACE_SPLIT = re.compile(r"[ \u3000]{2,}")


def find_text_tables(lines: Sequence[tuple[int, str]], ts: PlainTextSettings = _TS
                     ) -> list[TextTable]:
    """All tables among the ``(number, text)`` lines of one page, in order."""
    tables: list[TextTable] = []
    used: set[int] = set()
    for run in _tab_runs(lines, ts.max_gap_lines):
        table = _cell_per_line(run) if _is_cell_per_line(run) else _tab_rows(run)
        if len(table.rows) >= ts.min_tab_rows:
            tables.append(table)
            used.update(table.lines)
    free = [(n, t) for n, t in lines if n not in used]
    for piped in find_pipe_tables(free, ts):
        tables.append(piped)
        used.update(piped.lines)
    free = [(n, t) for n, t in free if n not in used]
    for flat in find_flat_tables(free, ts):
        tables.append(flat)
        used.update(flat.lines)
    free = [(n, t) for n, t in free if n not in used]
    tables.extend(_spaced_tables(free, ts))
    tables.sort(key=lambda t: t.lines[0])
    return tables


def _tab_runs(lines: Sequence[tuple[int, str]], max_gap: int) -> list[list[tuple[int, str]]]:
    """Runs of tab lines, joined across single blank lines and across untabbed continuation
    lines that sit between two one-cell lines (a cell holding several paragraphs)."""
    runs: list[list[tuple[int, str]]] = []
    i, n = 0, len(lines)
    while i < n:
        if "\t" not in lines[i][1]:
            i += 1
            continue
        run = [lines[i]]
        i += 1
        while i < n:
            j = i
            while j < n and "\t" not in lines[j][1] and j - i < max_gap:
                j += 1
            gap = lines[i:j]
            if j >= n or "\t" not in lines[j][1]:
                break
            if gap and not _gap_joins(gap, run[-1][1], lines[j][1]):
                break
            run.extend(gap)
            run.append(lines[j])
            i = j + 1
        runs.append(run)
    return runs


def _gap_joins(gap: Sequence[tuple[int, str]], before: str, after: str) -> bool:
    blanks = sum(1 for _, t in gap if not t.strip())
    if blanks > 1:
        return False
    if blanks == len(gap):
        return True
    return _one_cell(before) and _one_cell(after)


def _one_cell(text: str) -> bool:
    return text.startswith("\t") and text.count("\t") == 1


def _is_cell_per_line(run: Sequence[tuple[int, str]]) -> bool:
    tab_lines = [t for _, t in run if "\t" in t]
    blanks = sum(1 for _, t in run if not t.strip())
    one = sum(1 for t in tab_lines if _one_cell(t))
    return blanks > 0 and one * 3 >= len(tab_lines) * 2


def _tab_rows(run: Sequence[tuple[int, str]]) -> TextTable:
    rows: list[list[str]] = []
    row_lines: list[int] = []
    for number, text in run:
        if "\t" in text:
            rows.append([clean_cell_text(f) for f in text.split("\t")])
            row_lines.append(number)
        elif text.strip() and rows:  # a cell continued on its own line: keep its text
            last = max((k for k, v in enumerate(rows[-1]) if v), default=0)
            rows[-1][last] = (rows[-1][last] + "\n" + text.strip()).strip()
    width = max(len(r) for r in rows)
    padded = tuple(tuple(r + [""] * (width - len(r))) for r in rows)
    return TextTable(padded, tuple(row_lines), tuple(n for n, _ in run), "tab")


def _cell_per_line(run: Sequence[tuple[int, str]]) -> TextTable:
    rows: list[list[str]] = [[]]
    row_lines: list[int] = [run[0][0]]
    for number, text in run:
        if not text.strip() and "\t" not in text:
            if rows[-1]:
                rows.append([])
                row_lines.append(number)
            continue
        if "\t" in text:
            if not rows[-1]:
                row_lines[-1] = number
            rows[-1].extend(clean_cell_text(f) for f in text.split("\t")[1:])
        elif rows[-1]:
            rows[-1][-1] = (rows[-1][-1] + "\n" + text.strip()).strip()
    if not rows[-1]:
        rows.pop()
        row_lines.pop()
    width = max((len(r) for r in rows), default=0)
    padded = tuple(tuple(r + [""] * (width - len(r))) for r in rows)
    return TextTable(padded, tuple(row_lines), tuple(n for n, _ in run), "cell-per-line")


def _split_spaced(text: str) -> list[str]:
    return [f for f in _SPACE_SPLIT.split(text.strip()) if f]


def _spaced_tables(lines: Sequence[tuple[int, str]], ts: PlainTextSettings) -> list[TextTable]:
    """Space-aligned tables: consecutive lines (no gaps) with the same field count ≥3."""
    out: list[TextTable] = []
    i = 0
    while i < len(lines):
        fields = _split_spaced(lines[i][1])
        k = len(fields)
        j = i + 1
        while (k >= ts.min_spaced_fields and j < len(lines) and lines[j][0] == lines[j - 1][0] + 1
               and len(_split_spaced(lines[j][1])) == k):
            j += 1
        block = lines[i:j]
        if k >= ts.min_spaced_fields and len(block) >= ts.min_spaced_rows \
                and _numeric_enough(block):
            rows = tuple(tuple(_split_spaced(t)) for _, t in block)
            numbers = tuple(n for n, _ in block)
            out.append(TextTable(rows, numbers, numbers, "spaces"))
        i = max(j, i + 1)
    return out


def _numeric_enough(block: Sequence[tuple[int, str]]) -> bool:
    """Most rows hold a number field, and no field is a sentence."""
    with_numbers = 0
    for _, text in block:
        fields = _split_spaced(text)
        if any(len(f) > 40 or f.endswith(("。", "；")) for f in fields):
            return False
        if any(is_numeric_cell(f) for f in fields):
            with_numbers += 1
    return with_numbers * 2 >= len(block)
