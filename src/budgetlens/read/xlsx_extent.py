"""How far each XLSX sheet reaches, found in its XML before calamine is asked for the sheet.

Why before: calamine builds a sheet as one dense array from A1 to the farthest cell holding a
value, 32 bytes a slot, and aborts the whole process when that allocation fails (a Rust
out-of-memory abort is no exception: nothing can catch it). One stray value at ``XFD1048576``
asks for 512 GiB. So the extent is measured first, from the raw bytes of each sheet part, and a
sheet too large to hold is refused with a message (:data:`MAX_SHEET_CELLS`) instead of killing the
run. Raw bytes and a regular expression rather than an XML parser: the scan must also work on
damaged XML, which calamine's lenient parser may still read.

Only cells with content count (``<c r="B7"><v>`` / ``<is>`` / ``<f>``): a styled empty cell far
away is not in calamine's range either.
"""

from __future__ import annotations

import re
import zipfile

from .xlsx_formats import ZIP_PART_ERRORS, column_index, sheet_parts

#: Most grid slots (rows × columns, from A1) a sheet may span; calamine holds 32 bytes a slot and
#: the reader a Python object per slot. Real disclosure sheets are far below (thousands).
MAX_SHEET_CELLS = 1_000_000

_VALUE_CELL = re.compile(
    rb'<(?:\w+:)?c\s[^>]*?\br\s*=\s*"([A-Za-z]{1,4})(\d{1,9})"[^>/]*>\s*<(?:\w+:)?(?:v|is|f)\b')


def part_extent(xml: bytes) -> tuple[int, int]:
    """``(rows, columns)`` from A1 to the farthest cell with content in one sheet part."""
    rows = cols = 0
    for m in _VALUE_CELL.finditer(xml):
        rows = max(rows, int(m.group(2)))
        cols = max(cols, column_index(m.group(1).upper().decode("ascii")) + 1)
    return rows, cols


def sheet_extents(path: str) -> tuple[dict[str, tuple[int, int]], tuple[int, int]]:
    """``(rows, columns)`` of each sheet by name, and the largest extent of any worksheet part:
    the one to assume for a sheet whose part is unknown (the workbook's sheet list is damaged, or
    calamine names a sheet differently), so the guard is not lost with the names. A part that
    cannot be decompressed is skipped: calamine cannot read it either."""
    extents: dict[str, tuple[int, int]] = {}
    parts: list[tuple[str, str]] = []
    try:
        with zipfile.ZipFile(path) as zf:
            for name in zf.namelist():
                if re.match(r"xl/worksheets/[^/]+\.xml$", name):
                    try:
                        extents[name] = part_extent(zf.read(name))
                    except ZIP_PART_ERRORS:
                        continue
            try:
                parts = sheet_parts(zf)
            except Exception:  # noqa: BLE001 - a damaged workbook.xml: every sheet gets the worst
                parts = []
    except ZIP_PART_ERRORS:
        return {}, (0, 0)
    worst = max(extents.values(), key=lambda e: e[0] * e[1], default=(0, 0))
    return {name: extents.get(part, worst) for name, part in parts}, worst


def too_large(extent: tuple[int, int], limit: int = MAX_SHEET_CELLS) -> bool:
    rows, cols = extent
    return rows * cols > limit
