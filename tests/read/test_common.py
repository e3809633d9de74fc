"""Pieces every reader shares (read/common.py): the title block above a table, grids that lay out
a page rather than tabulate, the size limit of a table, cell text and library errors. Each with
its near miss."""

from __future__ import annotations

from budgetlens.model import Line
from budgetlens.read.common import (MAX_TABLE_SLOTS, clean_cell_text, find_title_lines,
                                    is_layout_grid, is_library_error, one_line, table_too_large)


def _lines(*texts: str) -> list[Line]:
    return [Line(t, 1, i + 1) for i, t in enumerate(texts)]


def test_the_title_block_above_a_table_stops_at_a_sentence_and_opens_at_a_table_number():
    lines = _lines("以上数据均为预算数。", "表三：", "2026年一般公共预算支出表", "单位：万元")
    assert [l.text for l in find_title_lines(lines)] == ["表三：", "2026年一般公共预算支出表",
                                                       "单位：万元"]
    no_number = _lines("以上数据均为预算数。", "2026年一般公共预算支出表", "单位：万元")
    assert [l.text for l in find_title_lines(no_number)] == ["2026年一般公共预算支出表", "单位：万元"]
    assert find_title_lines(_lines("本表反映部门收支情况。")) == ()
    assert find_title_lines(_lines("2026年一般公共预算支出表", "----------")) == ()


def test_contents_entries_under_a_mulu_heading_are_no_title():
    assert find_title_lines(_lines("目录", "一、部门收支总表", "二、部门收入总表")) == ()
    # near miss: a table titled …采购目录 keeps its title and unit line
    kept = find_title_lines(_lines("政府采购目录", "单位：万元"))
    assert [l.text for l in kept] == ["政府采购目录", "单位：万元"]


def test_a_layout_grid_is_told_from_a_data_table():
    assert is_layout_grid([["一段正文"], ["另一段正文"]])
    assert is_layout_grid([["导航"], ["首页", "正文" * 200]])
    assert not is_layout_grid([["科目", "合计"], ["201", "10.00"]])
    assert not is_layout_grid([["项目", "说明" * 50]])  # two columns, no long text


def test_a_table_over_the_slot_limit_is_read_as_text_with_a_warning():
    assert table_too_large(1000, 500, "a.xlsx") is None
    warning = table_too_large(MAX_TABLE_SLOTS + 1, 1, "a.xlsx", page=2)
    assert warning.code == "table-too-large" and warning.severity == "warning"
    assert str(MAX_TABLE_SLOTS) in warning.message_en and warning.source.page == 2


def test_cell_text_and_library_errors():
    assert clean_cell_text("\u3000 10.00\xa0 ") == "10.00"
    assert one_line(ValueError("bad\n  xref\ttable")) == "bad xref table"
    assert one_line(ValueError("")) == "ValueError"
    assert is_library_error(ValueError("x")) and not is_library_error(MemoryError())
    assert not is_library_error(KeyboardInterrupt())
