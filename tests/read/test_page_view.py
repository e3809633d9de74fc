"""The public page model (read/page_view.py) on a bundled real PDF: one object holds what the reader
saw on a page, and it is what the document reader reads (not a second implementation)."""

from __future__ import annotations

from pathlib import Path

import pytest

from budgetlens.read import read_document
from budgetlens.read.page_view import PageOutOfRange, open_page

SAMPLE = Path(__file__).resolve().parents[2] / "samples" / "shanghai_putuo_wanli_2025_yusuan.pdf"


@pytest.fixture(scope="module")
def page10():
    return open_page(str(SAMPLE), 10)


def test_a_page_holds_chars_words_lines_rulings_and_tables(page10):
    assert page10.number == 10 and round(page10.width) == 842 and round(page10.height) == 595
    assert len(page10.chars) > 400 and page10.words and page10.lines
    assert {r.orientation for r in page10.rulings} == {"h", "v"}
    (table,) = page10.tables
    assert table.grid is not None and table.n_cols == 9
    assert any("收入预算总表" in line.text for line in page10.lines)
    # every word lies inside its line
    for line in page10.lines:
        for w in line.words:
            assert line.bbox[0] - 0.5 <= w.x0 and w.x1 <= line.bbox[2] + 0.5


def test_the_page_is_what_the_document_reader_read(page10):
    document, _ = read_document(SAMPLE)
    printed = [line.text for line in document.pages[9].lines]
    assert [line.text for line in page10.lines] == printed
    part = [c for t in document.tables for c in t.cells if (c.page or t.page) == 10 and c.text]
    on_page = {c.text for t in page10.tables for c in t.cells if c.text}
    assert {c.text for c in part} <= on_page


def test_table_at_finds_the_table_under_a_point_and_not_beside_it(page10):
    x0, top, x1, bottom = page10.tables[0].bbox
    assert page10.table_at((x0 + x1) / 2, (top + bottom) / 2) == 0
    assert page10.table_at(x0 - 5, top - 5) is None
    title = next(ln for ln in page10.lines if "收入预算总表" in ln.text)
    assert page10.line_table(title) is None


def test_a_page_the_file_does_not_have_is_refused_with_the_count():
    with pytest.raises(PageOutOfRange) as caught:
        open_page(str(SAMPLE), 999)
    assert caught.value.count > 10
