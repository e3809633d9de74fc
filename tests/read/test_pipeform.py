"""A form flattened one cell a line (read.pipeform, read.textpipes): no width fits the whole
stream, so it is read block by block, each block under its block label (预算执行情况(10分),
绩效指标(90分)). The generated form of tests/selfeval_forms.py (another unit, other figures) gives
the same funds and indicator rows as its one-row-a-line flattening; near misses: the same stream
without block labels stays text, a note that spans the rows below is no cell of theirs."""

from __future__ import annotations

from budgetlens.read.pipeform import form_stream_grid
from budgetlens.read.settings import DEFAULT_READ
from budgetlens.read.text import text_to_pages

from ..selfeval_forms import as_cell_lines, as_pipe_rows, form


def _grid(text: str) -> list[list[str]]:
    _, tables = text_to_pages(text)
    assert len(tables) == 1
    return tables[0].grid()


def _block_rows(grid: list[list[str]]) -> list[list[str]]:
    """The rows from the funds header to the last indicator, blanks at the end cut."""
    start = next(i for i, r in enumerate(grid) if "年初预算" in r)
    end = next(i for i, r in enumerate(grid) if "群众满意度" in r)
    out = []
    for row in grid[start:end + 1]:
        while row and not row[-1]:
            row = row[:-1]
        out.append(row)
    return out


def test_the_cell_a_line_form_gives_the_rows_of_its_row_a_line_flattening():
    rows = form()
    streamed = _block_rows(_grid(as_cell_lines(rows)))
    assert streamed == _block_rows(_grid(as_pipe_rows(rows)))
    assert streamed[1][:8] == ["", "总额", "12.00", "15.00", "13.50", "90.00%", "10", "9"]
    # the note spans the rows below: 其中:财政资金 keeps its cells under the same headers
    assert streamed[2][:8] == ["", "其中:财政资金", "12.00", "15.00", "13.50", "90.00%", "/", "/"]


def test_label_value_lines_around_the_blocks_are_pairs():
    grid = _grid(as_cell_lines(form()))
    assert grid[0][:2] == ["项目名称", "2024年农村道路养护项目"]
    assert ["合计", "100"] == next(r for r in grid if "合计" in r)[:2]


def test_near_miss_without_block_labels_the_stream_stays_text():
    rows = form(block_labels=("预算执行情况", "绩效指标"))
    _, tables = text_to_pages(as_cell_lines(rows))
    assert tables == ()
    cells = [c for r in rows for c in r]
    assert form_stream_grid(cells, DEFAULT_READ.text) is None
