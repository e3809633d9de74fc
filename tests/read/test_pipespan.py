"""A form flattened one row a line with ``|`` (read.pipespan, read.textpipes): the rows under a
block label that spans them are put back under their header, a row holding a long note cell stays
a row, a title row ends the form above it. Generated forms of another unit (tests/selfeval_forms.py)
and near misses: a table whose last column is blank (no block label: nothing moves), prose with a
pipe, a one-cell label row."""

from __future__ import annotations

from budgetlens.read.pipespan import shift_spanned_blocks
from budgetlens.read.settings import DEFAULT_READ
from budgetlens.read.text import text_to_pages
from budgetlens.read.textpipes import find_pipe_tables, is_pipe_line

from ..selfeval_forms import NOTE, TITLE, as_pipe_rows, form

FEWEST = DEFAULT_READ.text.min_block_row_cells


def _grids(text: str) -> list[list[list[str]]]:
    _, tables = text_to_pages(text)
    return [t.grid() for t in tables]


def _row(grid: list[list[str]], label: str) -> list[str]:
    return next(r for r in grid if label in r)


def test_rows_under_a_block_label_are_put_under_their_header():
    (grid,) = _grids(as_pipe_rows(form()))
    head = _row(grid, "年初预算")
    total = _row(grid, "总额")
    assert total[head.index("年初预算")] == "12.00" and total[head.index("预算执行数")] == "13.50"
    assert total[head.index("权重")] == "10" and total[head.index("得分")] == "9"
    assert total[head.index("原因")] == NOTE  # the note cell kept its row
    fiscal = _row(grid, "其中:财政资金")
    assert fiscal[head.index("调整后预算数")] == "15.00" and fiscal[head.index("得分")] == "/"
    indicators = _row(grid, "一级指标")
    first = _row(grid, "养护里程")
    assert first[indicators.index("三级指标")] == "养护里程"
    assert first[indicators.index("权重")] == "50" and first[indicators.index("得分")] == "45"
    # a label and its value below the block is no row of it: 合计 | 100 stays where written
    assert _row(grid, "合计")[:2] == ["合计", "100"]


def test_near_miss_a_blank_last_column_without_a_block_label_moves_nothing():
    rows = [["项目", "预算数", "决算数", "备注"], ["办公费", "10.00", "9.00", ""],
            ["差旅费", "5.00", "4.00", ""], ["合计", "15.00", "13.00", ""]]
    assert shift_spanned_blocks([list(r) for r in rows], FEWEST) == rows
    labelled = [["预算执行情况(10分)", *rows[0]], *[r + [""] for r in rows[1:]]]
    assert shift_spanned_blocks(labelled, FEWEST)[1] == ["", "办公费", "10.00", "9.00", ""]


def test_a_title_row_ends_the_form_above_and_titles_the_next():
    tail = [["绩效指标(90分)", "一级指标", "二级指标", "三级指标", "权重", "得分"],
            ["产出指标", "数量指标", "巡查次数", "20", "18"], ["合计", "100"]]
    grids = _grids(as_pipe_rows(tail + form()))
    assert len(grids) == 2
    assert not any(TITLE in c for row in grids[1] for c in row)  # a title line, not a row
    _, tables = text_to_pages(as_pipe_rows(tail + form()))
    assert TITLE in tables[1].title_lines[-1].text


def test_near_miss_a_one_cell_label_row_stays_a_row():
    rows = [["项目", "金额"], ["其他资金"], ["办公费", "10.00"], ["合计", "10.00"]]
    (grid,) = _grids(as_pipe_rows(rows))
    assert ["其他资金", ""] == grid[1][:2]


def test_a_long_note_cell_among_short_cells_is_a_row_but_prose_is_not():
    assert is_pipe_line("总额 | 12.00 | 15.00 | 13.50 | 90.00% | 10 | 9 | " + NOTE + " | ||")
    # near misses: a sentence around a bar; a label and one long cell
    assert not is_pipe_line("根据《预算法》规定 | " + NOTE)
    assert not is_pipe_line("说明 | " + NOTE + " |")
    lines = list(enumerate(["本单位 | 2024年度项目支出绩效自评结果已在门户网站公开,详见附件。"], 1))
    assert find_pipe_tables(lines) == []
