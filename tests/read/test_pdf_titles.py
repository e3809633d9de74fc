"""The lines that title a page table (read/pdf_titles.py): the short lines just above it, not the
paragraph above them; title rows printed inside the grid, not its header."""

from __future__ import annotations

from budgetlens.model import Cell, Line
from budgetlens.read.pdf_tables import PageTable
from budgetlens.read.pdf_titles import grid_title_lines, prose, title_lines


def _line(text: str, number: int, top: float, x0: float = 100.0, x1: float = 400.0) -> Line:
    return Line(text=text, page=1, number=number, bbox=(x0, top, x1, top + 12.0))


def _table(rows: list[list[str]], top: float = 200.0, spans: dict | None = None) -> PageTable:
    cells = []
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            span = (spans or {}).get((r, c), 1)
            cells.append(Cell(text=text, row=r, col=c, colspan=span, page=1,
                              bbox=(80.0 + 100 * c, top + 20 * r, 80.0 + 100 * (c + span),
                                    top + 20 * (r + 1))))
    width = len(rows[0])
    return PageTable(1, tuple(80.0 + 100 * k for k in range(width + 1)),
                     tuple(top + 20 * k for k in range(len(rows) + 1)), tuple(cells),
                     len(rows), width, (80.0, top, 80.0 + 100 * width, top + 20 * len(rows)))


def test_the_title_block_stops_at_the_paragraph_above():
    assert prose("……主要原因是人员增加。") and not prose("表一 部门收支总表")
    table = _table([["项目", "金额"], ["合计", "10.00"]])
    lines = [_line("上年结转结余主要用于基本支出，比上年增加2.00万元，主要原因是人员增加。", 1, 140.0),
             _line("表一 部门收支总表", 2, 160.0), _line("单位：万元", 3, 180.0)]
    assert [ln.text for ln in title_lines(table, lines, None)] == ["表一 部门收支总表", "单位：万元"]


def test_title_rows_inside_the_grid_are_its_title_not_its_header():
    table = _table([["2026年部门收支总表", ""], ["项目", "金额"], ["合计", "10.00"]],
                   spans={(0, 0): 2})
    inside = _line("2026年部门收支总表", 1, 204.0, 90.0, 170.0)
    header = _line("项目", 2, 224.0, 90.0, 150.0)
    assert grid_title_lines(table, [inside, header]) == (inside,)
    assert grid_title_lines(_table([["项目", "金额"], ["合计", "10.00"]]), [header]) == ()
