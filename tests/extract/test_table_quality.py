"""Issue #8, item 2: a table knows how well it reads. Each fault is a real file (seed 004's text
with one reading fault, see reading_variants.py); the doubt must name the rows where the fault
is, and a printed inconsistency (one misprinted figure) must not read as a doubt."""

from __future__ import annotations

import pytest

from budgetlens.extract import extract
from budgetlens.read import read_document

from ..conftest import seed_path
from .reading_variants import (dropped, misprint, name_lost, pushed_right, seed_rows, spaced,
                               variant)


def _read(path):
    document, _ = read_document(str(path))
    disclosure, _ = extract(document)
    return document, disclosure


def _rows_of(document, index: int, code: str) -> list[int]:
    return [r for r, row in enumerate(document.tables[index].grid()) if row and row[0] == code]


def _doubts(disclosure, cause: str) -> dict[int, object]:
    return {t.index: d for t in disclosure.tables for d in t.reading if d.cause == cause}


@pytest.mark.parametrize("seed", ["000", "001", "002", "003", "004"])
def test_the_seeds_read_without_doubt(seed):
    _, disclosure = _read(seed_path(seed))
    assert [(t.index, t.reading) for t in disclosure.tables if t.reading] == []


def test_figures_under_the_name_column_are_out_of_line(tmp_path):
    path = variant(tmp_path, "name_lost", {"2080502": name_lost, "2080505": name_lost})
    document, disclosure = _read(path)
    doubts = _doubts(disclosure, "columns-shifted")
    printed = [t.index for t in document.tables if _rows_of(document, t.index, "2080505")]
    assert len(printed) == len(seed_rows("2080505")) and sorted(doubts) == printed
    for index, doubt in doubts.items():
        assert doubt.rows == tuple(sorted(_rows_of(document, index, "2080502")
                                          + _rows_of(document, index, "2080505")))
        assert "名称列" in doubt.detail


def test_a_figure_under_no_header_is_out_of_line(tmp_path):
    document, disclosure = _read(variant(tmp_path, "pushed", {"2010306": pushed_right}))
    doubts = _doubts(disclosure, "columns-shifted")
    assert doubts and all(d.rows == tuple(_rows_of(document, i, "2010306"))
                          for i, d in doubts.items())


def test_a_row_printed_but_not_read_leaves_its_totals_short(tmp_path):
    """2101102 printed with spaces in 表二 only: the reader breaks the table there, the rows after
    it are not read with it, and 表二's 合计 is short of its 类 rows in every column."""
    document, disclosure = _read(variant(tmp_path, "spaced", {"2101102": spaced}, only=0))
    doubts = _doubts(disclosure, "rows-short-of-total")
    first = min(t.index for t in disclosure.tables if t.role and "2101101" in
                {row[0] for row in document.tables[t.index].grid() if row})
    assert sorted(doubts) == [first]
    mine = [d for d in disclosure.tables[first].reading if d.cause == "rows-short-of-total"]
    by_total = {d.totals: d.rows for d in mine}
    lei = [r for r, row in enumerate(document.tables[first].grid()) if row and len(row[0]) == 3
           and row[0].isdigit()]
    assert by_total == {tuple(_rows_of(document, first, "合计")): tuple(lei),  # 221 not read
                        tuple(_rows_of(document, first, "21011")):  # its 项 after 2101101
                        tuple(_rows_of(document, first, "2101101"))}


def test_a_row_not_printed_is_no_reading_doubt(tmp_path):
    """Near miss: the row is not on the page at all. Every amount printed with the table was
    read, so its 款 falling short is the document's own inconsistency, not a reading fault."""
    _, disclosure = _read(variant(tmp_path, "lost", {"2101102": dropped}))
    assert [t.reading for t in disclosure.tables if t.reading] == []


def test_one_misprinted_figure_is_not_a_reading_doubt(tmp_path):
    """The same row, its 基本支出 figure one less: the 款 is short in that column only — what a
    misprint does, not a lost row (which takes a figure out of every column it fills)."""
    _, disclosure = _read(variant(tmp_path, "misprint", {"2101102": misprint(3, "17.30")}))
    assert [t.reading for t in disclosure.tables if t.reading] == []


def test_a_table_that_may_go_on_over_the_page_says_so(tmp_path):
    pytest.importorskip("reportlab")
    from tests.read import variants as v
    from tests.read.variants_pdf import Style, render

    path = tmp_path / "open.pdf"
    render([v.seed_tables()[1]], path, Style(rows_per_page=14, repeat_header=False,
                                             extra_column=True))
    document, disclosure = _read(path)
    opened = [t.index for t in document.tables if t.open_end or t.open_start]
    doubted = _doubts(disclosure, "continued-not-joined")
    recognised = {t.index for t in disclosure.tables if t.role}
    assert opened and sorted(doubted) == [i for i in opened if i in recognised]
    assert all(d.rows == () and d.totals == () for d in doubted.values())



# --- merged-cell and cut-row (workbooks the test writes: merged cells and two pages as sheets) --

HEADER = [["2026年示例局一般公共预算支出表"], ["单位：万元"], ["科目编码", "科目名称", "合计", "基本支出", "项目支出"]]
ROWS = [["", "合计", "300.00", "200.00", "100.00"],
        ["201", "一般公共服务支出", "300.00", "200.00", "100.00"],
        ["20101", "人大事务", "300.00", "200.00", "100.00"],
        ["2010101", "行政运行", "200.00", "200.00", ""],
        ["2010102", "一般行政管理事务", "100.00", "", "100.00"]]


def _book(path, *sheets, merge=None):
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    for i, rows in enumerate(sheets):
        sheet = book.active if i == 0 else book.create_sheet(f"p{i + 1}")
        for row in rows:
            sheet.append(row)
    if merge:
        book.active.merge_cells(merge)
    book.save(path)
    return path


def _row_of(document, index: int, code: str) -> int:
    return next(r for r, row in enumerate(document.tables[index].grid()) if row and row[0] == code)


def test_a_figure_in_a_cell_merged_over_two_rows_is_a_doubt(tmp_path):
    rows = [r[:] for r in ROWS]
    rows[3][4] = "100.00"  # 项目支出 100.00 printed once over 2010101 and 2010102
    document, disclosure = _read(_book(tmp_path / "merged.xlsx", HEADER + rows, merge="E7:E8"))
    doubts = _doubts(disclosure, "merged-cell")
    assert list(doubts) == [0]
    assert doubts[0].rows == (_row_of(document, 0, "2010101"), _row_of(document, 0, "2010102"))


def test_merged_header_and_name_cells_are_no_doubt(tmp_path):
    """Near miss: a merged header cell, a merged name cell and a merged blank value cell."""
    header = [r[:] for r in HEADER]
    header[2] = header[2] + [""]
    rows = [r + [""] for r in ROWS]
    path = _book(tmp_path / "quiet.xlsx", header + rows, merge="F6:F8")
    document, disclosure = _read(path)
    assert _doubts(disclosure, "merged-cell") == {}


def test_a_row_cut_by_the_page_break_is_a_doubt(tmp_path):
    """行政运行's figures printed at the top of the next page, its name at the foot of the first."""
    first = [r[:] for r in ROWS[:4]] + [["2010102", "一般行政管理事务", "", "", ""]]
    second = HEADER + [["", "", "100.00", "", "100.00"]]
    document, disclosure = _read(_book(tmp_path / "cut.xlsx", HEADER + first, second))
    doubts = _doubts(disclosure, "cut-row")
    assert sorted(doubts) == [0, 1]
    assert doubts[0].rows == (_row_of(document, 0, "2010102"),)


def test_a_page_break_between_whole_rows_is_no_doubt(tmp_path):
    first = HEADER + [r[:] for r in ROWS[:4]]
    second = HEADER + [ROWS[4][:]]
    _, disclosure = _read(_book(tmp_path / "whole.xlsx", first, second))
    assert _doubts(disclosure, "cut-row") == {}


# --- crosswalk rows (部门经济科目 × 政府经济科目): parts of their 类 as printed, not rows lost ----

_XW_HEADER = ("部门经济科目编码", "部门经济科目名称", "政府经济科目编码", "政府经济科目名称",
              "合计", "人员经费", "公用经费")
_XW_ROWS = (
    ("", "合计", "", "", "1416.69", "1236.58", "180.11"),
    ("301", "工资福利支出", "", "", "1236.58", "1236.58", ""),
    ("30101", "基本工资", "50101", "工资奖金津补贴", "560.70", "560.70", ""),
    ("30101", "基本工资", "50501", "工资福利支出", "481.22", "481.22", ""),
    ("30111", "公务员医疗补助缴费", "50102", "社会保障缴费", "24.38", "24.38", ""),
    ("30111", "公务员医疗补助缴费", "50501", "工资福利支出", "170.28", "170.28", ""),  # next page
    ("302", "商品和服务支出", "", "", "180.11", "", "180.11"),
    ("30201", "办公费", "50201", "办公经费", "42.60", "", "42.60"),
    ("30206", "电费", "50201", "办公经费", "2.50", "", "2.50"),
    ("30206", "电费", "50502", "商品和服务支出", "78.20", "", "78.20"),
    ("30217", "公务接待费", "50206", "公务接待费", "56.81", "", "56.81"),
)


def _crosswalk_pdf(path, rows, rows_per_page=None):
    pytest.importorskip("reportlab")
    from tests.read.variants import SourceTable
    from tests.read.variants_pdf import Style, render

    table = SourceTable(("2022年部门综合预算一般公共预算基本支出明细表", "单位：万元"),
                        (_XW_HEADER,) + tuple(rows))
    return render([table], path, Style(rows_per_page=rows_per_page, repeat_header=True,
                                       repeat_title=True))


@pytest.mark.parametrize("rows_per_page", [None, 5])
def test_crosswalk_rows_are_parts_of_their_total(tmp_path, rows_per_page):
    """A code printed on several rows, each with its own second code, is not read as one figure
    (no row is the code's), yet its rows are printed parts of the 类: 301 = Σ its pairs. On one
    page and over a page break (30111's second pair at the top of the next page), no doubt."""
    path = _crosswalk_pdf(tmp_path / "xw.pdf", _XW_ROWS, rows_per_page)
    document, disclosure = _read(path)
    recognised = [t for t in disclosure.tables if t.role]
    assert recognised and len(document.tables) == (1 if rows_per_page is None else 3)
    assert _doubts(disclosure, "rows-short-of-total") == {}
    measures = {f.measure for f in disclosure.facts}
    assert "expense.general.basic.economic.30101" not in measures  # still no single figure


def test_a_repeated_code_without_a_second_code_stays_short(tmp_path):
    """Near miss: 30101 printed twice with no second code (no crosswalk: two rows of one item,
    such as one per unit). Its rows stay unread, and 301 above them is short in two columns."""
    rows = [r if r[0] != "30101" else (r[0], r[1], "", "", *r[4:]) for r in _XW_ROWS]
    document, disclosure = _read(_crosswalk_pdf(tmp_path / "rep.pdf", rows))
    doubts = _doubts(disclosure, "rows-short-of-total")
    assert list(doubts) == [0]
    assert doubts[0].totals == (_row_of(document, 0, "301"),)


def test_the_amounts_counted_on_a_line_are_its_whole_amounts():
    """_unread counts a line's amounts with ``findall`` (the pattern has no group, so each item
    is a whole amount), as the match objects' texts: on every seed line and near misses (a
    percentage, a code, a year, thousands separators)."""
    from budgetlens.extract.table_quality import _AMOUNT_TOKEN
    assert _AMOUNT_TOKEN.groups == 0
    texts = [ln for prefix in ("000", "001", "002", "003", "004")
             for ln in seed_path(prefix).read_text(encoding="utf-8").split("\n")]
    texts += ["合计 1,234.56 12.5% 2024 2010101 -3.20 1,234 0.00"]
    found = 0
    for text in texts:
        assert _AMOUNT_TOKEN.findall(text) == [m.group() for m in _AMOUNT_TOKEN.finditer(text)]
        found += len(_AMOUNT_TOKEN.findall(text))
    assert _AMOUNT_TOKEN.findall(texts[-1]) == ["1,234.56", "-3.20", "1,234", "0.00"]
    assert found > 300
