"""How far each XLSX sheet reaches, found in its XML before calamine is asked for the sheet.

Why before: calamine builds a sheet as one dense array from A1 to the farthest cell holding a
value, 32 bytes a slot, and aborts the whole process when that allocation fails (a Rust
out-of-memory abort is no exception: nothing can catch it). One stray value at ``XFD1048576``
asks for 512 GiB. So the extent is measured first, from the raw bytes of each sheet part, and a
sheet too large to hold is refused with a message (``limits.max_sheet_cells``) instead of killing
the run. A sheet part inflating beyond ``limits.max_part_bytes`` is not measured at all (it would
have to be held to be scanned): its extent is :data:`OVERSIZED`, refused the same way. Raw bytes and a regular expression rather than an XML parser: the scan must also work on
damaged XML, which calamine's lenient parser may still read.

Only cells with content count (``<c r="B7"><v>`` / ``<is>`` / ``<f>``): a styled empty cell far
away is not in calamine's range either.
"""

from __future__ import annotations

import re
import zipfile

from .settings import DEFAULT_READ
from .xlsx_formats import ZIP_PART_ERRORS, PartTooLarge, column_index, read_part, sheet_parts

#: Most grid slots (rows × columns, from A1) a sheet may span by default (``limits.max_sheet_cells``
#: of :class:`~.settings.ReadSettings`, where the reason is).
MAX_SHEET_CELLS = DEFAULT_READ.limits.max_sheet_cells
#: The extent of a sheet whose part inflates beyond ``limits.max_part_bytes``: never read.
OVERSIZED = (-1, -1)

_VALUE_CELL = re.compile(
    rb'<(?:\w+:)?c\s[^>]*?\br\s*=\s*"([A-Za-z]{1,4})(\d{1,9})"[^>/]*>\s*<(?:\w+:)?(?:v|is|f)\b')


def part_extent(xml: bytes) -> tuple[int, int]:
    """``(rows, columns)`` from A1 to the farthest cell with content in one sheet part."""
    rows = cols = 0
    for m in _VALUE_CELL.finditer(xml):
        rows = max(rows, int(m.group(2)))
        cols = max(cols, column_index(m.group(1).upper().decode("ascii")) + 1)
    return rows, cols


def sheet_extents(path: str, max_part_bytes: int = DEFAULT_READ.limits.max_part_bytes
                  ) -> tuple[dict[str, tuple[int, int]], tuple[int, int]]:
    """``(rows, columns)`` of each sheet by name, and the largest extent of any worksheet part:
    the one to assume for a sheet whose part is unknown (the workbook's sheet list is damaged, or
    calamine names a sheet differently), so the guard is not lost with the names. A part that
    cannot be decompressed is skipped: calamine cannot read it either; one inflating beyond
    ``max_part_bytes`` is :data:`OVERSIZED`."""
    extents: dict[str, tuple[int, int]] = {}
    parts: list[tuple[str, str]] = []
    try:
        with zipfile.ZipFile(path) as zf:
            for name in zf.namelist():
                if re.match(r"xl/worksheets/[^/]+\.xml$", name):
                    try:
                        extents[name] = part_extent(read_part(zf, name, max_part_bytes))
                    except PartTooLarge:
                        extents[name] = OVERSIZED
                    except ZIP_PART_ERRORS:
                        continue
            try:
                parts = sheet_parts(zf, max_part_bytes)
            except Exception:  # noqa: BLE001 - a damaged workbook.xml: every sheet gets the worst
                parts = []
    except ZIP_PART_ERRORS:
        return {}, (0, 0)
    worst = max(extents.values(), key=_slots, default=(0, 0))
    return {name: extents.get(part, worst) for name, part in parts}, worst


def _slots(extent: tuple[int, int]) -> float:
    return float("inf") if extent == OVERSIZED else extent[0] * extent[1]


def too_large(extent: tuple[int, int], limit: int = MAX_SHEET_CELLS) -> bool:
    """Whether a sheet of this extent is refused: over ``limit`` slots, or :data:`OVERSIZED`."""
    return _slots(extent) > limit
