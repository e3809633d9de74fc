"""XLSX and XLS reader (python-calamine): one page per visible sheet, each sheet's grid a table.

Why calamine: it reads both formats, is an order of magnitude faster than openpyxl/xlrd, and
gives merged ranges (see /work/shared/domain/libraries.md §5). Two traps handled here:

* ``to_python()`` trims leading empty rows and columns while ``merged_cell_ranges`` are absolute,
  so the grid is read with ``skip_empty_area=False`` and both stay in sheet coordinates;
* numbers come back as float: in XLSX the cell's number format (read by :mod:`.xlsx_formats`,
  since calamine does not expose it) gives the displayed decimals and percent (``1.9`` shown
  ``1.90``, ``0.0523`` shown ``5.23%``); otherwise, and in XLS, the shortest text that
  round-trips at Excel's 15 significant digits (``3515.6`` → ``"3515.6"``, ``120.0`` → ``"120"``).

Hidden rows and columns are read like the others: they are the workbook's data (a collapsed
outline group's detail rows add up to the visible subtotal; a zero row is hidden to shorten the
print), and the audit should see every number the file holds. Hidden *sheets* are skipped.

Title rows: the leading rows that hold one title-like text cell (the sheet's first row, or a text
naming a 表 or unit; usually merged across the sheet) or only unit/compiler notes (``单位：万元``, ``编制单位：``) become ``Table.title_lines`` and lines
outside the table. A sheet whose rows hold at most one cell each is running text (a 说明 sheet),
not a table. Line numbers are sheet row numbers (1-based, as Excel shows them).
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal
from typing import Optional

from ..model import Diagnostic, Document, Line, Page, Severity, Table
from ..rules.numbers import is_numeric_cell
from .common import clean_cell_text, corrupt, grid_to_table, table_too_large, warning
from .sheet_loader import LoadedSheet, load_sheets
from .settings import DEFAULT_READ, LimitSettings, ReadSettings
from .xlsx_extent import OVERSIZED, sheet_extents
from .xlsx_formats import Display, sheet_displays
from ..rules.read_words import load_read_words

# The note and title rows above a sheet's table (rules/read_words.toml [sheets]).
_UNIT_NOTE = load_read_words()["sheets"].rx["unit_note"]
_TITLE_WORDS = load_read_words()["sheets"].rx["title_words"]

Span = tuple[tuple[int, int], tuple[int, int]]


def read_spreadsheet(path: str, fmt: str = "xlsx", settings: ReadSettings = DEFAULT_READ
                     ) -> tuple[Optional[Document], list[Diagnostic]]:
    """Read a workbook: every visible sheet becomes a page, its grid a table.

    calamine runs in a child process (:mod:`.sheet_loader`: it can abort on damaged files). A
    workbook it cannot open is ``xlsx-corrupt``/``xls-corrupt``. A sheet it cannot read is
    skipped with ``sheet-unreadable``, one reaching beyond ``limits.max_sheet_cells`` slots, or
    whose XML inflates beyond ``limits.max_part_bytes``, with ``sheet-too-large`` (measured
    before calamine allocates: :mod:`.xlsx_extent`), so one bad sheet does not lose the others;
    when no sheet is left the file is refused.
    """
    limits = settings.limits
    extents, widest = (sheet_extents(path, limits.max_part_bytes) if fmt == "xlsx"
                       else ({}, (0, 0)))
    sheets, reason = load_sheets(path, extents, widest, limits.max_sheet_cells, limits)
    if sheets is None:
        return None, [corrupt(f"{fmt}-corrupt", "Excel ", "Excel", path, *reason)]
    diagnostics: list[Diagnostic] = []
    pages: list[Page] = []
    tables: list[Table] = []
    info: list[tuple[str, str]] = []
    grids = {s.name: (len(s.rows), max(map(len, s.rows), default=0))
             for s in sheets if s.status == "ok"}
    displays = sheet_displays(path, grids, limits.max_part_bytes) if fmt == "xlsx" else {}
    for sheet in sheets:
        if sheet.status != "ok":
            diagnostics.append(_skipped(sheet, path, limits))
            continue
        page_no = len(pages) + 1
        info.append((f"sheet {page_no}", sheet.name))
        shown = displays.get(sheet.name, {})
        grid = [[cell_text(v, shown.get((r, c))) for c, v in enumerate(row)]
                for r, row in enumerate(sheet.rows)]
        lines, table = sheet_to_lines(grid, list(sheet.merges), page_no, len(tables),
                                      diagnostics, path, settings.blocks.max_table_slots)
        if table is not None:
            tables.append(table)
        pages.append(Page(number=page_no, lines=tuple(lines),
                          chars=sum(len(ln.text) for ln in lines)))
    skipped = [d for d in diagnostics if d.code in _SKIPPED]
    if not pages and skipped:
        return None, [_refusal(skipped[-1], fmt)]
    doc = Document(path=str(path), format=fmt, pages=tuple(pages), tables=tuple(tables),
                   info=tuple(info))
    return doc, diagnostics


# A skipped sheet's warning → the code the file gets when no sheet was left.
_SKIPPED = {"sheet-unreadable": "{fmt}-corrupt", "sheet-too-large": "too-large"}


def _skipped(sheet: LoadedSheet, path: str, limits: LimitSettings) -> Diagnostic:
    """The warning for a sheet that was not read: hidden, too large or damaged."""
    name = sheet.name
    if sheet.status == "hidden":
        return warning("hidden-sheet-skipped", f"隐藏工作表“{name}”未读取。",
                       f"Hidden sheet '{name}' was not read.", path)
    if sheet.status == "too-large" and sheet.size == OVERSIZED:
        mib = limits.max_part_bytes / 2**20
        return warning("sheet-too-large",
                       f"工作表“{name}”的 XML 解压后超过 {mib:g} MiB 的上限，未读取。",
                       f"Sheet '{name}' inflates to more than the {mib:g} MiB limit of one "
                       f"part; not read.", path)
    if sheet.status == "too-large":
        rows, cols = sheet.size
        cap = limits.max_sheet_cells
        return warning("sheet-too-large",
                       f"工作表“{name}”范围过大（{rows} 行 × {cols} 列），超过 {cap} 个单元格的上限，未读取。",
                       f"Sheet '{name}' is too large ({rows} rows × {cols} columns, over the "
                       f"limit of {cap} cells); not read.", path)
    return warning("sheet-unreadable", f"工作表“{name}”已损坏，未读取：{sheet.problem}",
                   f"Sheet '{name}' is damaged and was not read: {sheet.problem}", path)


def _refusal(skipped: Diagnostic, fmt: str) -> Diagnostic:
    """The file-level error when every sheet was skipped: the last sheet's reason."""
    code = _SKIPPED[skipped.code].format(fmt=fmt)
    return skipped._replace(code=code, severity=Severity.ERROR)


def read_xlsx(path: str, settings: ReadSettings = DEFAULT_READ
              ) -> tuple[Optional[Document], list[Diagnostic]]:
    return read_spreadsheet(path, "xlsx", settings)


def read_xls(path: str, settings: ReadSettings = DEFAULT_READ
             ) -> tuple[Optional[Document], list[Diagnostic]]:
    return read_spreadsheet(path, "xls", settings)


def cell_text(value: object, display: Optional[Display] = None) -> str:
    """The text a cell shows: its number format's decimals/percent where known (XLSX). ``value``
    is what calamine made of the cell (None, bool, int, float, str, a date, time or duration);
    anything else is shown as its text."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, (int, float)) and display is not None:
        return format_displayed(value, display)
    if isinstance(value, float):
        return format_float(value)
    if isinstance(value, (dt.datetime, dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, dt.timedelta):
        return str(value)
    return clean_cell_text(str(value))


def format_float(value: float) -> str:
    """Shortest text for a float at 15 significant digits, integers without ``.0``."""
    if value != value or value in (float("inf"), float("-inf")):
        return ""
    if value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    text = f"{value:.15g}"
    if "e" in text:
        text = format(Decimal(text), "f")
    return text


def format_displayed(value: float, display: Display) -> str:
    """A number as a fixed format shows it: rounded half up (as Excel does) to its decimals."""
    if isinstance(value, float) and (value != value or value in (float("inf"), float("-inf"))):
        return ""
    number = Decimal(format_float(float(value)))
    if display.percent:
        number *= 100
    text = str(number.quantize(Decimal(1).scaleb(-display.decimals), rounding=ROUND_HALF_UP))
    return text + "%" if display.percent else text


def sheet_to_lines(grid: list[list[str]], merges: list[Span], page: int, index: int,
                   notes: Optional[list[Diagnostic]] = None, path: str = "",
                   limit: int = DEFAULT_READ.blocks.max_table_slots
                   ) -> tuple[list[Line], Optional[Table]]:
    """Lines of one sheet and its table (None for a text-only or empty sheet, or one over
    ``limit`` slots (``blocks.max_table_slots``), which is then noted in ``notes``)."""
    width = max((len(r) for r in grid), default=0)
    grid = [r + [""] * (width - len(r)) for r in grid]
    filled = [r for r, row in enumerate(grid) if any(row)]
    if not filled:
        return [], None
    top, bottom = filled[0], filled[-1]
    cols = [c for c in range(width) if any(grid[r][c] for r in range(top, bottom + 1))]
    left, right = cols[0], cols[-1]
    start = top
    while start <= bottom and _is_title_row(grid[start][left:right + 1], start == top
                                            or _ends_with_label(grid[start - 1])):
        start += 1
    body = [grid[r][left:right + 1] for r in range(start, bottom + 1)]
    is_table = any(sum(1 for v in row if v) >= 2 for row in body)
    oversize = table_too_large(len(body), right - left + 1, path, page, start + 1, limit)
    if is_table and oversize is not None:
        is_table = False
        if notes is not None:
            notes.append(oversize)
    lines: list[Line] = []
    title: list[Line] = []
    for r in filled:
        in_table = is_table and r >= start
        row = grid[r][left:right + 1]
        # a table row keeps every slot (as other readers do); a title/text row only its texts
        text = "\t".join(row).rstrip("\t") if in_table else "\t".join(v for v in row if v)
        line = Line(text=text, page=page, number=r + 1, table=index if in_table else None)
        lines.append(line)
        if r < start:
            title.append(line)
    if not is_table:
        return lines, None
    spans = _spans(merges, start, left, bottom, right)
    row_lines = list(range(start + 1, bottom + 2))
    return lines, grid_to_table(index, page, body, spans, row_lines, tuple(title))


def _is_title_row(row: list[str], first: bool) -> bool:
    """A leading row that titles the sheet rather than heading its columns.

    One text cell is a title when it is the sheet's first filled row, follows a ``编制单位：``
    label, or reads like one (names a 表, a unit, the compiler); a lone header such as ``2024年预算数`` above sub-headers is not.
    Rows of unit/compiler notes only (``编制单位：`` … ``单位：元``) are titles too.
    """
    texts = [v for v in row if v]
    if not texts:
        return True
    if any(is_numeric_cell(v) for v in texts):
        return False
    if len(texts) == 1 and (first or _TITLE_WORDS.search(texts[0])):
        return True
    return len(texts) <= 3 and all(_UNIT_NOTE.match(v) or _spans_to_note(v) for v in texts)


def _ends_with_label(row: list[str]) -> bool:
    """The row ends with a label (``编制单位：``) whose value went to the next row."""
    texts = [v for v in row if v]
    return bool(texts) and texts[-1].endswith(("：", ":"))


def _spans_to_note(text: str) -> bool:
    return text.rstrip().endswith(("：", ":")) and len(text) <= 10


def _spans(merges: list[Span], top: int, left: int, bottom: int,
           right: int) -> dict[tuple[int, int], tuple[int, int]]:
    """Merged ranges clipped to the table area, in table coordinates."""
    spans = {}
    for (r0, c0), (r1, c1) in merges:
        r0, c0, r1, c1 = max(r0, top), max(c0, left), min(r1, bottom), min(c1, right)
        if r0 > r1 or c0 > c1 or (r0 == r1 and c0 == c1):
            continue
        spans[(r0 - top, c0 - left)] = (r1 - r0 + 1, c1 - c0 + 1)
    return spans
