"""Seed tables written as DOCX (python-docx) and XLSX (openpyxl) the ways offices write them.

DOCX: merged header cells (gridSpan/vMerge), header labels as several paragraphs in one cell,
the unit line as a merged first row, hidden (``w:vanish``) runs. XLSX: merged header cells,
amounts stored as numbers or as text, thousands formats, formula-style float noise under a
``0.00`` format, hidden rows and columns, wrapped header text.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Optional, Sequence

from budgetlens.extract.numbers import parse_number

from .variants import SourceTable, header_spans


@dataclass(frozen=True)
class Office:
    merged: bool = True  # header cells merged as the text form's blanks say
    header_lines: Optional[int] = None  # header labels broken after this many chars
    unit_in_grid: bool = False  # 单位：万元 as the table's first (merged) row
    hidden_run: Optional[str] = None  # DOCX: this text as a hidden run in empty amount cells
    numbers: str = "number"  # XLSX: amounts stored as "number" or "text"
    number_format: Optional[str] = None  # XLSX: e.g. "#,##0.00"
    noise: bool = False  # XLSX: amounts stored as a formula's float result (967.7300000000001)
    hide_rows: int = 0  # XLSX: hide this many body rows (every third one)
    hide_columns: bool = False  # XLSX: hide the last amount column


def _rows(table: SourceTable, style: Office):
    rows = [list(r) for r in table.rows]
    spans = list(header_spans(table)) if style.merged else []
    n_header = table.n_header
    titles = list(table.titles)
    if style.unit_in_grid:
        unit = [t for t in titles if t.startswith("单位")]
        titles = [t for t in titles if not t.startswith("单位")]
        rows.insert(0, [unit[0] if unit else ""] + [""] * (len(rows[0]) - 1))
        spans = [(r + 1, c, rs, cs) for r, c, rs, cs in spans] + [(0, 0, 1, len(rows[0]))]
        n_header += 1
    if style.header_lines:
        k = style.header_lines
        for r in range(n_header):
            rows[r] = ["\n".join(t[i:i + k] for i in range(0, len(t), k)) for t in rows[r]]
    return titles, rows, spans, n_header


def to_docx(tables: Sequence[SourceTable], path: Path, style: Office = Office()) -> Path:
    import docx
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    out = docx.Document()
    for table in tables:
        titles, rows, spans, n_header = _rows(table, style)
        for t in titles:
            out.add_paragraph(t)
        grid = out.add_table(rows=len(rows), cols=len(rows[0]))
        grid.style = "Table Grid"
        for r, row in enumerate(rows):
            for c, text in enumerate(row):
                cell = grid.cell(r, c)
                parts = text.split("\n")
                cell.text = parts[0]
                for part in parts[1:]:
                    cell.add_paragraph(part)
                if style.hidden_run and not text and r >= n_header and c > 0 \
                        and any(parse_number(x) is not None for x in table.rows[-1][c:c + 1]):
                    run = cell.paragraphs[0].add_run(style.hidden_run)
                    vanish = OxmlElement("w:vanish")
                    run._r.get_or_add_rPr().append(vanish)
                    assert run._r.rPr.find(qn("w:vanish")) is not None
        for r, c, rs, cs in spans:
            keep = [grid.cell(r, c).text]
            grid.cell(r, c).merge(grid.cell(r + rs - 1, c + cs - 1))
            grid.cell(r, c).text = keep[0]
        out.add_paragraph("")
    out.save(str(path))
    return path


def _amount(text: str, style: Office):
    n = parse_number(text)
    if n is None or style.numbers == "text":
        return text or None
    value = float(n.value)
    if style.noise and n.decimals:
        value = float(n.value) + 1e-10 * (1 if n.value >= 0 else -1)
    return value


def to_xlsx(tables: Sequence[SourceTable], path: Path, style: Office = Office()) -> Path:
    """Each table on its own sheet, its title lines in the rows above it."""
    import openpyxl
    from openpyxl.styles import Alignment

    book = openpyxl.Workbook()
    book.remove(book.active)
    for i, table in enumerate(tables):
        sheet = book.create_sheet(f"表{i + 1}")
        titles, rows, spans, n_header = _rows(table, style)
        for t in titles:
            sheet.append([t])
        top = len(titles) + 1
        for r, row in enumerate(rows):
            body = r >= n_header
            values = [_amount(t, style) if body and c > 0 else (t or None)
                      for c, t in enumerate(row)]
            if body and row[0].isdigit():
                values[0] = row[0]  # codes stay text, as finance systems export them
            sheet.append(values)
            for c, v in enumerate(values):
                cell = sheet.cell(top + r, c + 1)
                if isinstance(v, float):
                    decimals = parse_number(row[c]).decimals
                    cell.number_format = style.number_format or ("0." + "0" * decimals
                                                                 if decimals else "0")
                if "\n" in (row[c] or ""):
                    cell.alignment = Alignment(wrap_text=True)
        for r, c, rs, cs in spans:
            sheet.merge_cells(start_row=top + r, start_column=c + 1,
                              end_row=top + r + rs - 1, end_column=c + cs)
        for k in range(style.hide_rows):
            sheet.row_dimensions[top + n_header + 2 + 3 * k].hidden = True
        if style.hide_columns:
            letter = openpyxl.utils.get_column_letter(len(rows[0]))
            sheet.column_dimensions[letter].hidden = True
    book.save(str(path))
    return path
