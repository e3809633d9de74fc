"""Issue #8, item 2: a table knows how well it reads. Each fault is a real file (seed 004's text
with one reading fault, see reading_variants.py); the doubt must name the rows where the fault
is, and a printed inconsistency (one misprinted figure) must not read as a doubt."""

from __future__ import annotations

import pytest

from budgetlens.extract import extract
from budgetlens.read import read_document

from ..conftest import seed_path
from .reading_variants import dropped, misprint, name_lost, pushed_right, seed_rows, variant


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


def test_a_row_not_read_leaves_its_total_short_in_every_column(tmp_path):
    document, disclosure = _read(variant(tmp_path, "lost", {"2101102": dropped}))
    doubts = _doubts(disclosure, "rows-short-of-total")
    assert len(doubts) == len(seed_rows("2101102"))
    for index, doubt in doubts.items():
        assert doubt.totals == tuple(_rows_of(document, index, "21011"))
        siblings = [r for c in ("2101101", "2101103", "2101199")
                    for r in _rows_of(document, index, c)]
        assert doubt.rows == tuple(sorted(siblings))


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

