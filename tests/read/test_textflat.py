"""A table flattened into one line, its cells marked only by the form's row numbering (read.textflat).

The pattern: an aggregator's OCR of a filled-in 财决公开01表 (海南 华侨商业学校 2022, unseen batch 5)
prints title, 部门/金额单位, side names, the column header once per side (项目 行次 金额 ×2), the column
numbering and then ``label row-number amount`` items, the two sides' items alternating. Variants
written here (other figures, other row numbers, a label-less short side); near misses: the header
printed for one side only, row numbers that do not count up, prose that names 行次.
"""

from __future__ import annotations

from budgetlens.read.settings import DEFAULT_READ
from budgetlens.read.text import text_to_pages
from budgetlens.read.textflat import find_flat_tables

TS = DEFAULT_READ.text
HEAD = "财决公开01表 部门: 某某职业学校 金额单位:万元 收入 收入 收入 支出 支出 支出 项目 行次 金额 项目 行次 金额 栏次 1 栏次 2"
BODY = ("一一般公共预算财政拨款收入 1 1,200.50 一一般公共服务支出 7 100.00 "
        "二事业收入 2 60.00 五教育支出 8 1,050.25 "
        "三其他收入 3 10.50 八社会保障和就业支出 9 90.75 "
        "4 九卫生健康支出 10 30.00 "
        "本年收入合计 5 1,271.00 本年支出合计 11 1,271.00")


def _grid(line: str):
    tables = find_flat_tables([(3, line)], TS)
    return [list(r) for r in tables[0].rows] if tables else None


def test_a_flattened_two_sided_form_is_rebuilt_row_by_row():
    grid = _grid(f"{HEAD} {BODY}")
    assert grid[0][0] == "财决公开01表" and "金额单位:万元" in grid[1][0]
    assert grid[2] == ["收入", "", "", "支出", "", ""]
    assert grid[3] == ["项目", "行次", "金额"] * 2
    assert grid[4] == ["一一般公共预算财政拨款收入", "1", "1,200.50", "一一般公共服务支出", "7", "100.00"]
    # the short side's empty row: its row number only, label and amount blank
    assert grid[7] == ["", "4", "", "九卫生健康支出", "10", "30.00"]
    assert grid[8] == ["本年收入合计", "5", "1,271.00", "本年支出合计", "11", "1,271.00"]
    assert len(grid) == 9


def test_the_body_ends_where_the_numbering_breaks():
    """Words after the last row (a page footer, the next field) stay out of the grid."""
    grid = _grid(f"{HEAD} {BODY} 单位负责人 张三 12 3.00")
    assert grid[-1][0] == "本年收入合计" and len(grid) == 9


def test_the_line_becomes_a_table_of_the_page():
    pages, tables = text_to_pages(f"某某职业学校2023年决算批复公开资料\n{HEAD} {BODY}\n", "x.txt")
    assert len(tables) == 1 and tables[0].page == 1
    assert pages[0].lines[1].table == 0


def test_near_miss_a_header_printed_for_one_side_only():
    assert _grid("项目 行次 金额 一般公共预算财政拨款收入 1 1,200.50 事业收入 2 60.00 其他收入 3 10.50") is None


def test_near_miss_row_numbers_that_do_not_count_up():
    line = (f"{HEAD} 一般公共预算财政拨款收入 1 1,200.50 一般公共服务支出 7 100.00 "
            "事业收入 5 60.00 教育支出 3 1,050.25 其他收入 2 10.50 社会保障和就业支出 9 90.75")
    assert _grid(line) is None


def test_near_miss_prose_that_names_the_row_numbering():
    line = "本表按行次填列，项目 行次 金额 三栏与上年一致，其中第1行为1,200.50万元，第2行为60.00万元。"
    assert _grid(line) is None


def test_odd_digits_and_long_digit_runs_are_no_row_numbers():
    """Bad input never raises: ² and ① pass str.isdigit but are no numbers int() reads; a run of
    thousands of digits is no row number either (int() refuses over 4300 digits)."""
    assert _grid(f"{HEAD} 收入 ² 1.00 支出 ① 2.00 " + "9" * 5000 + " 3.00") is None
    assert _grid(f"{HEAD} " + " ".join(["项目"] * 50000)) is None
