"""The filled tables as XLSX (openpyxl): one sheet per table, merged header cells, numbers as
numbers (so the workbook can be summed), the title and unit line above, the note below."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from .doc import DocModel
from .text_out import table_title

_HEAD = Font(bold=True)


def _number(text: str, kind: str) -> int | float | None:
    """A cell's figure as a spreadsheet number (None: printed as text, e.g. ≥50个)."""
    try:
        value = Decimal(text.replace(",", ""))
    except InvalidOperation:
        return None
    return int(value) if kind == "count" and value == value.to_integral_value() else float(value)


def write_xlsx(model: DocModel, path: Path) -> None:
    wb = Workbook()
    wb.remove(wb.active)
    for t in model.tables():
        ws = wb.create_sheet(f"表{t.number}")
        ws.cell(1, 1, table_title(t)).font = Font(bold=True, size=12)
        ws.cell(2, 1, t.unit_line)
        top = 3
        for c in t.cells:
            cell = ws.cell(top + c.row, c.col + 1)
            value = _number(c.text, c.kind) if c.numeric and c.value is not None else None
            if value is not None:
                cell.value = value
                cell.number_format = "0" if isinstance(value, int) else "0.00"
            else:  # text, or a figure printed with its comparator and unit (≥50个)
                cell.value = c.text
            if c.header:
                cell.font = _HEAD
                cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
            if c.rowspan > 1 or c.colspan > 1:
                ws.merge_cells(start_row=top + c.row, start_column=c.col + 1,
                               end_row=top + c.row + c.rowspan - 1, end_column=c.col + c.colspan)
        if t.note:
            ws.cell(top + t.n_rows + 1, 1, f"注：{t.note}")
        for k in range(t.n_cols):
            ws.column_dimensions[get_column_letter(k + 1)].width = 18 if k else 14
    if model.draft:
        wb.properties.title = f"草稿 {model.title}"
    else:
        wb.properties.title = model.title
    wb.save(path)
