"""The displayed precision of XLSX number cells (read/xlsx_formats.py), and what reading it may
cost: fuzz case xlsx-2026-012187 (a sheet of 12 rows followed by 20 million empty ``<x/>``
elements, 84 MB inflated from 84 KB) grew lxml's tree to 2.5 GB in the scan of number formats,
and the next stage died for want of memory. The sheets are scanned as bytes now, and a part
inflating beyond ``limits.max_part_bytes`` is not read at all. Inputs are workbooks written here
with openpyxl; the pathology is spliced into a sheet part."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from budgetlens.read import DEFAULT_READ, read_document
from budgetlens.read.xlsx_formats import sheet_displays

from .packages import in_bounded_child, splice

openpyxl = pytest.importorskip("openpyxl")


def _workbook(path: Path, rows: int, sheets: int = 1) -> None:
    """A budget-like workbook: labels and amounts shown with two decimals (stored 1.9 → 1.90)."""
    book = openpyxl.Workbook()
    for s in range(sheets):
        sheet = book.active if s == 0 else book.create_sheet()
        sheet.title = f"表{s + 1}"
        sheet.append(["项目", "金额"])
        for k in range(rows):
            sheet.append([f"支出{k}", k + 0.9])
            sheet.cell(row=k + 2, column=2).number_format = "0.00"
    book.save(path)


def _shown(path: str) -> list[str]:
    document, diagnostics = read_document(path)
    return [document.tables[0].grid()[k][1] for k in (1, 2, -1)] + [d.code for d in diagnostics]


def test_millions_of_elements_after_the_data_are_scanned_in_bounded_memory(tmp_path):
    """4 million ``<x/>`` (16 MB of XML: a tree of about 500 MB) after a 300-row table: the
    workbook is read, with the two decimals its format shows, inside 256 MiB of address space."""
    path = tmp_path / "junk.xlsx"
    _workbook(path, 300)
    clean = _shown(str(path))
    assert clean == ["0.90", "1.90", "299.90"]
    splice(path, "xl/worksheets/sheet1.xml", b"<x/>", 4_000_000)
    assert in_bounded_child(_shown, str(path), mib=256) == clean
    grids = {"表1": (301, 2)}
    assert len(sheet_displays(str(path), grids, DEFAULT_READ.limits.max_part_bytes)["表1"]) == 300


def test_a_styled_cell_outside_the_read_grid_is_not_kept(tmp_path):
    """What the scan keeps is bounded by the cells read: a styled empty cell far away (``s`` but
    no value, so not in calamine's range) adds no entry."""
    path = tmp_path / "far.xlsx"
    _workbook(path, 3)
    with zipfile.ZipFile(path) as zf:
        members = {i.filename: zf.read(i) for i in zf.infolist()}
    style = members["xl/worksheets/sheet1.xml"].split(b'r="B2" s="')[1].split(b'"')[0]
    far = b'<row r="900000"><c r="XFD900000" s="' + style + b'"/></row></sheetData>'
    members["xl/worksheets/sheet1.xml"] = members["xl/worksheets/sheet1.xml"].replace(
        b"</sheetData>", far)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    assert sorted(sheet_displays(str(path), {"表1": (4, 2)}, 2**20)["表1"]) == [(1, 1), (2, 1),
                                                                                (3, 1)]
    assert _shown(str(path)) == ["0.90", "1.90", "2.90"]


def test_a_sheet_part_over_the_byte_limit_is_not_read(tmp_path):
    """A sheet inflating beyond ``limits.max_part_bytes`` (1 MiB here) is skipped with
    sheet-too-large and the other sheets are read; alone, the file is too-large. Near miss: a
    2,000-row sheet under the limit is read whole, every amount with its two decimals."""
    small = DEFAULT_READ.override({"limits.max_part_bytes": str(2**20)})
    path = tmp_path / "two.xlsx"
    _workbook(path, 2000, sheets=2)
    document, diagnostics = read_document(path, settings=small)
    assert [t.n_rows for t in document.tables] == [2001, 2001]
    assert document.tables[1].grid()[2000][1] == "1999.90"
    splice(path, "xl/worksheets/sheet2.xml", b"<x/>", 300_000)  # 1.2 MB of XML in sheet 2
    document, diagnostics = read_document(path, settings=small)
    assert [d.code for d in diagnostics if d.code != "read-settings"] == ["sheet-too-large"]
    assert "表2" in diagnostics[0].message and "1 MiB" in diagnostics[0].message_en
    assert [t.n_rows for t in document.tables] == [2001]
    assert read_document(path)[0].tables[1].n_rows == 2001  # the default limit reads it
    alone = tmp_path / "one.xlsx"
    _workbook(alone, 10)
    splice(alone, "xl/worksheets/sheet1.xml", b"<x/>", 300_000)
    document, diagnostics = read_document(alone, settings=small)
    assert document is None and [d.code for d in diagnostics] == ["too-large"]
    assert all("\n" not in d.message and "\n" not in d.message_en for d in diagnostics)
