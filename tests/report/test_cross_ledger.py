"""Cross-document findings in the reviewer's exports (report/cross_ledger.py): each side labelled
by year, kind, library id and file; the annotation of either document boxes only what that
document prints and names the other one with its places; the 跨文件核对 sheet holds one row per
finding with both sides' pages and evidence, and is written even when empty."""

from __future__ import annotations

import io

import pytest

openpyxl = pytest.importorskip("openpyxl")

from budgetlens.model import Evidence, Finding, Source  # noqa: E402
from budgetlens.report.cross_ledger import (CrossEntry, CrossSide, for_annotation,  # noqa: E402
                                            ledger_with_cross, other_note)


def _entry(other_evidence: bool = True) -> CrossEntry:
    here = Evidence(Source("/lib/jiangsu_jcy_2017_juesuan.pdf", page=12, table=3, row=4,
                           column=2, text="452.00"), "452.00", "expense.total", "prior", "stated")
    there = Evidence(Source("/lib/jiangsu_jcy_2016_juesuan.pdf", page=9, table=2, row=4,
                            column=1, text="450.00"), "450.00", "expense.total", "final",
                     "expected")
    finding = Finding("cross-prior-year-final", "cross_document", "error",
                      "上年决算数与上年决算不符", (here, there), "the prior year's final differs",
                      stated="452.00", expected="450.00", difference="2.00")
    return CrossEntry(finding,
                      CrossSide("/lib/jiangsu_jcy_2017_juesuan.pdf", 2017, "final", 7, (here,)),
                      CrossSide("/lib/jiangsu_jcy_2016_juesuan.pdf", 2016, "final", 3,
                                (there,) if other_evidence else ()),
                      unit="江苏省检察院")


def test_a_side_is_labelled_by_year_kind_id_and_file():
    side = _entry().checked
    assert side.label("zh") == "2017年 决算 #7 jiangsu_jcy_2017_juesuan.pdf"
    assert side.label("en").startswith("2017 ") and side.label("en").endswith(
        "#7 jiangsu_jcy_2017_juesuan.pdf")
    assert side.pages == (12,)
    assert CrossSide("C:\\lib\\a.pdf").label() == "a.pdf"  # nothing known but the file


def test_each_document_sees_its_own_side_and_none_for_a_third():
    entry = _entry()
    assert entry.sides_for(7) == (entry.checked, entry.other)
    assert entry.sides_for(3) == (entry.other, entry.checked)
    assert entry.sides_for(5) is None and other_note(entry, 5) == ""


def test_the_annotation_boxes_this_documents_evidence_and_names_the_other():
    entry = _entry()
    ((finding, note),) = for_annotation([entry], 7)
    assert [e.source.page for e in finding.evidence] == [12]
    assert note.startswith("跨文件核对，对照文件：2016年 决算 #3") and "450.00" in note
    assert other_note(entry, 7, "en").startswith("Cross-document, compared with: 2016 ")
    assert for_annotation([_entry(other_evidence=False)], 3) == []  # nothing printed there
    assert "（无页码）" in other_note(_entry(other_evidence=False), 7)


def test_the_cross_sheet_holds_both_sides_and_is_written_when_empty():
    data = ledger_with_cross([], [_entry()], "zh")
    wb = openpyxl.load_workbook(io.BytesIO(data))
    ws = wb["跨文件核对"]
    rows = list(ws.iter_rows(values_only=True))
    header, row = rows[0], rows[1]
    values = dict(zip(header, row))
    assert values["核对文件页码"] == "12" and values["对照文件页码"] == "9"
    assert "jiangsu_jcy_2016_juesuan.pdf" in values["对照文件"]
    assert wb.sheetnames[-1] != "跨文件核对"  # placed before the 文件 sheet
    empty = openpyxl.load_workbook(io.BytesIO(ledger_with_cross([], [], "en")))
    assert "Cross-document" in empty.sheetnames


def test_extra_review_columns_must_match_in_number():
    with pytest.raises(ValueError, match="extra needs 1 values"):
        ledger_with_cross([], [CrossEntry(_entry().finding, _entry().checked, _entry().other,
                                          extra=("a", "b"))], "zh", [("status", "状态")])
