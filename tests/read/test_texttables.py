"""Tables flattened into text lines, found and rebuilt (read/texttables.py). The rows of a real
seed table (tab-separated, as the seeds print them) and the other shapes written here, each with
the near miss that must stay prose:

- tab rows: each field keeps its column (blank fields included), one blank line inside the run
  does not end it, two do; a lone tab line is a label and its value, not a table;
- one cell per line (Word's table to text): a blank line ends a row, an untabbed line continues
  the cell above;
- space-aligned columns: three or more lines of the same field count holding numbers; prose
  split by double spaces is not a table.
"""

from __future__ import annotations

from budgetlens.read.texttables import find_text_tables

from ..conftest import seed_path


def _lines(*texts: str) -> list[tuple[int, str]]:
    return list(enumerate(texts, 1))


def test_a_seed_table_keeps_every_field_in_its_column():
    rows = [l for l in seed_path("004").read_text(encoding="utf-8").splitlines() if "\t" in l][:6]
    (table,) = find_text_tables(_lines("说明文字。", *rows, "其后的说明。"))
    assert table.style == "tab" and len(table.rows) == len(rows)
    assert [list(r)[:len(rows[0].split("\t"))] for r in table.rows[:1]] == \
        [[f.strip() for f in rows[0].split("\t")]]
    assert len({len(r) for r in table.rows}) == 1  # padded to one width
    assert table.row_lines == tuple(range(2, 2 + len(rows)))


def test_one_blank_line_inside_tab_rows_is_bridged_and_two_end_the_table():
    head, one, two = "科目\t合计\t基本支出", "201\t10.00\t", "202\t\t5.00"
    (bridged,) = find_text_tables(_lines(head, one, "", two))
    assert bridged.rows == (("科目", "合计", "基本支出"), ("201", "10.00", ""), ("202", "", "5.00"))
    split = find_text_tables(_lines(head, one, "", "", two, "203\t1.00\t1.00"))
    assert [len(t.rows) for t in split] == [2, 2]
    assert find_text_tables(_lines("单位：\t万元", "这是正文。")) == []  # a lone tab line


def test_one_cell_per_line_rows_end_at_a_blank_line_and_cells_continue():
    (table,) = find_text_tables(_lines("\t项目", "\t金额", "", "\t培训费", "\t3.00", "",
                                       "\t会议费", "（含视频会议）", "\t2.00"))
    assert table.style == "cell-per-line"
    assert table.rows == (("项目", "金额"), ("培训费", "3.00"), ("会议费\n（含视频会议）", "2.00"))


def test_space_aligned_columns_of_numbers_and_prose_that_is_not_a_table():
    (table,) = find_text_tables(_lines("项目  预算数  决算数", "培训费  3.00  2.50",
                                       "会议费  2.00  1.80"))
    assert table.style == "spaces" and table.rows[2] == ("会议费", "2.00", "1.80")
    prose = _lines("本部门  严格落实  过紧日子要求", "厉行节约  减少公务  接待开支",
                   "压减一般性  支出  保障重点")
    assert find_text_tables(prose) == []
    assert find_text_tables(_lines("项目  预算数  决算数", "培训费  3.00  2.50")) == []  # 2 rows
