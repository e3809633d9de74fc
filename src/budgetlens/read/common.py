"""Helpers every reader shares: diagnostics with both languages, title lines, grid → Table.

Why one module: each format finds its lines and grids its own way, but the *shape* of the result
must not depend on the format — a merged header from DOCX, XLSX or HTML has to look the same to
extraction, and a blank cell has to stay in its own slot everywhere. Building tables and picking
the lines above them in one place keeps that promise.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import NamedTuple, Optional

from ..model import Cell, Diagnostic, Line, Severity, Source, Table
from ..rules.read_words import load_read_words
from .settings import DEFAULT_READ, BlockSettings

_BLOCKS = DEFAULT_READ.blocks

#: The default most slots (rows × columns) a table may have (``blocks.max_table_slots``, whose
#: help says why). Tables are dense — every slot is a Cell and extraction visits each one — so a
#: single row of 5,000 tab-separated values inside a 20,000-row text table, or cells spanning
#: 1,000 columns on every row, would make the work grow with the square of the file; a larger
#: one is read as running text (see :func:`table_too_large`).
MAX_TABLE_SLOTS = _BLOCKS.max_table_slots

# The wording of a title block (rules/read_words.toml [titles]): a line that numbers a table
# (表一：, 附表3) starts it; a contents heading (目 录) lists the document's parts, so a table
# printed right after a contents list has no title among them; a unit line (单位：).
_TITLES = load_read_words()["titles"].rx
_TABLE_NUMBER_RE = _TITLES["table_number"]
_CONTENTS_RE = _TITLES["contents_head"]
_UNIT_LINE_RE = _TITLES["unit_line"]
# Sentence ends: a line ending like this is prose (a note of the table above), not a title.
_SENTENCE_END = ("。", "；", ";", "！", "!", "？", "?")


def diagnostic(code: str, severity: str, zh: str, en: str, path: str,
               line: Optional[int] = None, page: Optional[int] = None) -> Diagnostic:
    """A Diagnostic located at the input file (and line where known)."""
    return Diagnostic(code=code, severity=severity, message=zh, message_en=en,
                      source=Source(file=str(path), page=page, line=line))


def error(code: str, zh: str, en: str, path: str) -> Diagnostic:
    """A file-level error: the file could not be read at all."""
    return diagnostic(code, Severity.ERROR, zh, en, path)


def warning(code: str, zh: str, en: str, path: str, line: Optional[int] = None,
            page: Optional[int] = None) -> Diagnostic:
    return diagnostic(code, Severity.WARNING, zh, en, path, line=line, page=page)


def one_line(exc: BaseException, limit: int = 200) -> str:
    """An exception as one short line (library messages can span lines or be empty)."""
    return " ".join(str(exc).split())[:limit] or type(exc).__name__


def corrupt(code: str, kind_zh: str, kind_en: str, path: str, reason_zh: str,
            reason_en: Optional[str] = None) -> Diagnostic:
    """The file's container could not be parsed by its library: damaged or truncated input.

    ``code`` is the format's stable ``*-corrupt`` code; the reason is the library's own, on one
    line, so that a damaged file is told apart from a reader bug (``read-failed``)."""
    zh, en = " ".join(reason_zh.split()), " ".join((reason_en or reason_zh).split())
    return error(code, f"{kind_zh}文件已损坏或不完整：{zh}",
                 f"The {kind_en} file is damaged or truncated: {en}", path)


def is_panic(exc: BaseException) -> bool:
    """A Rust extension's panic (pyo3 ``PanicException``): it derives from BaseException, not
    Exception, so ``except Exception`` lets it through, yet it only means the library met input
    it could not parse. KeyboardInterrupt and SystemExit are never taken for one."""
    return type(exc).__name__ == "PanicException" and not isinstance(
        exc, (KeyboardInterrupt, SystemExit, GeneratorExit))


def is_library_error(exc: BaseException) -> bool:
    """An error a parsing library raised on input it could not parse (any Exception or panic),
    as opposed to running out of memory or being interrupted, which must go on up."""
    return (isinstance(exc, Exception) and not isinstance(exc, MemoryError)) or is_panic(exc)


#: A line drawn with characters (``---``, ``====``, ``______``): a separator, never part of a title.
_RULE_LINE_RE = re.compile(r"^[-—=_*~·.]{3,}$")


def find_title_lines(lines: Sequence[Line], end: Optional[int] = None,
                     blocks: BlockSettings = _BLOCKS) -> tuple[Line, ...]:
    """The title block among ``lines[:end]`` (the running-text lines just above a table).

    Walks upward from the last line: takes at most ``blocks.title_lines`` short lines, stops
    before a sentence (a note of the previous table, a paragraph) and after a table-number line
    such as ``表三：``, which opens a title block. Lines that turn out to sit under a contents
    heading (目录) are contents entries, not a title. Extraction decides what the lines mean.
    """
    picked: list[Line] = []
    for i in range((len(lines) if end is None else end) - 1, -1, -1):
        line = lines[i]
        text = line.text.strip()
        if not text:
            continue
        if (line.table is not None or len(text) > blocks.title_chars or text.endswith(_SENTENCE_END)
                or _RULE_LINE_RE.match(text)):
            break
        if _CONTENTS_RE.match(text) and _contents_entries(picked):
            return ()
        picked.append(line)
        if _TABLE_NUMBER_RE.match(text) or len(picked) >= blocks.title_lines:
            break
    return tuple(reversed(picked))


def _contents_entries(lines: Sequence[Line]) -> bool:
    """Lines under a 目录 heading that list parts (two or more, none a 单位：万元 line): a table
    titled …采购目录 keeps its title and unit line."""
    return len(lines) >= 2 and not any(_UNIT_LINE_RE.search(ln.text) for ln in lines)


def grid_to_table(index: int, page: int, grid: Sequence[Sequence[str]],
                  spans: Optional[dict[tuple[int, int], tuple[int, int]]] = None,
                  row_lines: Optional[Sequence[Optional[int]]] = None,
                  title_lines: tuple[Line, ...] = ()) -> Table:
    """A :class:`Table` from a rectangular-ish grid of texts.

    ``spans`` maps a merged cell's top-left ``(row, col)`` to ``(rowspan, colspan)``; slots a span
    covers are not emitted (the model keeps a merged cell once, at its top-left). Every other slot
    becomes a Cell, blank ones included, so a value never shifts into a neighbour's column.
    ``row_lines`` gives each row's line number (the cell's provenance).
    """
    spans = spans or {}
    n_rows = len(grid)
    n_cols = max((len(r) for r in grid), default=0)
    covered: set[tuple[int, int]] = set()
    for (r, c), (rs, cs) in spans.items():
        covered.update((rr, cc) for rr in range(r, min(r + rs, n_rows))
                       for cc in range(c, min(c + cs, n_cols)) if (rr, cc) != (r, c))
    cells = []
    for r, row in enumerate(grid):
        line = row_lines[r] if row_lines is not None and r < len(row_lines) else None
        for c in range(n_cols):
            if (r, c) in covered:
                continue
            rs, cs = spans.get((r, c), (1, 1))
            rs, cs = max(1, min(rs, n_rows - r)), max(1, min(cs, n_cols - c))
            text = row[c] if c < len(row) else ""
            cells.append(Cell(text=text, row=r, col=c, rowspan=rs, colspan=cs, page=page,
                              line=line))
    first_line = next((n for n in (row_lines or ()) if n is not None), None)
    return Table(index=index, page=page, n_rows=n_rows, n_cols=n_cols, cells=tuple(cells),
                 pages=(page,), line=first_line, title_lines=title_lines)


def is_layout_grid(grid: Sequence[Sequence[str]], blocks: BlockSettings = _BLOCKS) -> bool:
    """A grid that lays out a page rather than tabulating data: one column (a text box, a page
    wrapper), or two columns of which one holds a long text (navigation beside the content).
    Its cells are read as running text, which narrative extraction reads and tables hide."""
    n_cols = max((len(r) for r in grid), default=0)
    if n_cols <= 1:
        return True
    longest = max((len(c) for r in grid for c in r), default=0)
    return n_cols == 2 and longest > blocks.layout_cell_chars


class TooLarge(NamedTuple):
    """A table whose grid would pass ``blocks.max_table_slots`` (its size when it did, and the
    limit): what a reader's grid builder answers instead of a grid, so the caller warns and
    reads it as text."""

    n_rows: int
    n_cols: int
    limit: int = DEFAULT_READ.blocks.max_table_slots


#: A table's cell texts by grid slot and the (rows, columns) spans of its merged cells by slot.
Spans = dict[tuple[int, int], tuple[int, int]]


def table_too_large(n_rows: int, n_cols: int, path: str, page: Optional[int] = None,
                    line: Optional[int] = None, limit: int = DEFAULT_READ.blocks.max_table_slots
                    ) -> Optional[Diagnostic]:
    """A ``table-too-large`` warning when a grid would exceed ``limit`` slots
    (``blocks.max_table_slots``), else None. The reader then keeps the table's text as running
    lines instead of a Table."""
    if n_rows * n_cols <= limit:
        return None
    return too_large(TooLarge(n_rows, n_cols, limit), path, page, line)


def too_large(size: TooLarge, path: str, page: Optional[int] = None,
              line: Optional[int] = None) -> Diagnostic:
    """The ``table-too-large`` warning of a table its grid builder refused (:class:`TooLarge`)."""
    n_rows, n_cols, limit = size
    return warning("table-too-large",
                   f"表格过大（{n_rows} 行 × {n_cols} 列，超过 {limit} 个单元格），按文字读取，未作为表格。",
                   f"Table too large ({n_rows} rows × {n_cols} columns, over {limit} "
                   "cells): read as running text, not as a table.", path, line=line, page=page)


def clean_cell_text(text: str) -> str:
    """Cell text without surrounding blanks (ASCII, full-width and no-break spaces)."""
    return text.strip().strip("\u3000\xa0").strip()


class TextTable(NamedTuple):
    """A table found in text: its rows of cell texts and the line number of each row.

    ``lines`` lists every line number the table occupies (rows, blank lines inside, continued
    cells), so the reader can mark those lines as belonging to the table. ``style`` says which
    flattening was recognised: ``tab``, ``cell-per-line``, ``pipe-rows``, ``pipe-cells`` or
    ``spaces``.
    """

    rows: tuple[tuple[str, ...], ...]
    row_lines: tuple[int, ...]
    lines: tuple[int, ...]
    style: str
