"""How far each XLSX sheet reaches (read/xlsx_extent.py), measured from the XML of workbooks
the test writes before calamine is asked: only cells with content count, a part over the byte
limit is OVERSIZED, a damaged sheet list gives every sheet the worst extent, and the size limit
refuses above its slots, not at them."""

from __future__ import annotations

import zipfile

import pytest

from budgetlens.read.xlsx_extent import OVERSIZED, part_extent, sheet_extents, too_large

openpyxl = pytest.importorskip("openpyxl")


def test_only_cells_with_content_reach():
    """A value at D7 and a formula at B9 make 9 × 4; a styled empty cell at Z100 does not
    count (calamine leaves it out of its range too)."""
    xml = (b'<sheetData><row r="7"><c r="D7" t="n"><v>1</v></c></row>'
           b'<row r="9"><c r="B9"><f>SUM(D7)</f></c></row>'
           b'<row r="100"><c r="Z100" s="3"/></row></sheetData>')
    assert part_extent(xml) == (9, 4)
    assert part_extent(b"<sheetData/>") == (0, 0)


def _book(path, far: str = "C5"):
    book = openpyxl.Workbook()
    book.active.title = "收支总表"
    book.active["A1"] = "项目"
    book.active[far] = 1.5
    book.create_sheet("说明")["A1"] = "单位：万元"
    book.save(path)
    return path


def test_each_sheet_is_measured_by_name(tmp_path):
    extents, worst = sheet_extents(str(_book(tmp_path / "b.xlsx")))
    assert extents == {"收支总表": (5, 3), "说明": (1, 1)} and worst == (5, 3)


def test_a_part_over_the_byte_limit_is_oversized_and_refused(tmp_path):
    """Under a limit of 100 bytes neither the sheet list nor the sheet parts are scanned:
    nothing is named and the extent to assume is OVERSIZED, which any size limit refuses. The
    near miss: the default limit measures them."""
    path = _book(tmp_path / "b.xlsx")
    assert sheet_extents(str(path), 100) == ({}, OVERSIZED)
    assert too_large(OVERSIZED, 10**12)
    assert sheet_extents(str(path))[0]["收支总表"] == (5, 3)


def test_a_damaged_sheet_list_leaves_the_worst_extent_to_assume(tmp_path):
    """workbook.xml unreadable: no sheet is named, but the worst part's extent is still given
    (for the sheets calamine names anyway); a file that is no ZIP gives nothing."""
    good = _book(tmp_path / "b.xlsx", far="H40")
    bad = tmp_path / "damaged.xlsx"
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(bad, "w") as dst:
        for item in src.infolist():
            data = b"<workbook" if item.filename == "xl/workbook.xml" else src.read(item)
            dst.writestr(item, data)
    assert sheet_extents(str(bad)) == ({}, (40, 8))
    junk = tmp_path / "junk.xlsx"
    junk.write_bytes(b"not a zip")
    assert sheet_extents(str(junk)) == ({}, (0, 0))


def test_the_limit_refuses_above_its_slots():
    assert not too_large((1000, 1000), 1_000_000)  # exactly at the limit: read
    assert too_large((1001, 1000), 1_000_000)
    assert too_large(OVERSIZED, 10**15)
