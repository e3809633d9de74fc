"""A cell stream with one row of figures under its header (read/pipeonerow.py): the header rows
are rebuilt so that each figure stands under its column; any other stream is left to the width
search (None). The whole reading through the pipeline is in tests/extract/test_unseen8.py."""

from __future__ import annotations

import pytest

from budgetlens.read.pipeonerow import one_row_grid

#: 寿县司法局 2022's 三公 table, one cell a line: a first header row, blanks, the second row under
#: 公务用车购置及运行费, blanks, then the six figures
SHOUXIAN = ["“三公”经费合计", "因公出国(境)费", "公务用车购置及运行费", "公务接待费", "", "",
            "小计", "公务用车购置费", "公务用车运行费", "", "", "", "79", "0", "75", "50", "25", "4"]


def test_a_two_level_header_puts_each_figure_under_its_column():
    grid = one_row_grid(SHOUXIAN)
    assert grid is not None
    first, second, figures = grid
    assert figures == ["79", "0", "75", "50", "25", "4"]
    assert len(first) == len(second) == len(figures)
    columns = {(a, b): f for a, b, f in zip(first, second, figures)}
    assert columns[("公务用车购置及运行费", "公务用车购置费")] == "50"
    assert columns[("公务用车购置及运行费", "公务用车运行费")] == "25"
    assert columns[("公务用车购置及运行费", "小计")] == "75"
    assert columns[("公务接待费", "")] == "4"
    assert columns[("“三公”经费合计", "")] == "79"


def test_one_header_row_as_wide_as_the_figures():
    cells = ["合计", "因公出国(境)费", "公务用车购置及运行费", "公务接待费", "12.5", "0", "8", "4.5"]
    assert one_row_grid(cells) == [cells[:4], cells[4:]]


@pytest.mark.parametrize("cells", [
    # several rows: a label and a figure a row (figures before the last run)
    ["项目", "预算数", "合计", "4432", "1.因公出国(境)费用", "39", "2.公务接待费", "323"],
    # the header does not count out to the figures (three headers, four figures)
    ["合计", "因公出国(境)费", "公务接待费", "1", "2", "3", "4"],
    # fewer figures than a table (two)
    ["合计", "公务接待费", "5", "5"],
    # a second row that two cells of the first could break down alike (no single parent)
    ["公务用车费", "公务用车支出", "", "", "小计", "公务用车购置", "", "", "", "9", "3", "6"],
])
def test_near_misses_are_left_to_the_width_search(cells):
    assert one_row_grid(cells) is None
