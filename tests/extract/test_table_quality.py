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

