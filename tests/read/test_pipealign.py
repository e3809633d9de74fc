"""Realigning pipe-table rows (read/pipealign.py) as a text tool writes them: a padded lower
header row moved over its columns, packed body rows (filled cells first) re-placed when exactly
one placement fits, cells and headers judged by kind; each with a near miss that stays."""

from __future__ import annotations

from budgetlens.read.pipealign import (align_headers, cell_kind, column_kinds, header_kind,
                                       realign_packed_rows)
from budgetlens.read.settings import DEFAULT_READ


def test_cells_and_headers_have_a_kind():
    """A figure or a dash placeholder is ``N``, a label ``T``, a blank ``E``; a header over
    figures (预算数, 合计) is ``N``, one over labels (项目) ``T``, one the words do not decide
    (一般公共预算拨款) neither."""
    assert [cell_kind(t) for t in ("1,234.50", "-", "一般公共服务支出", "")] == ["N", "N", "T", "E"]
    assert [header_kind(t) for t in ("预算数", "合 计", "项目", "一般公共预算拨款")] == ["N", "N", "T", ""]
    rows = [["项目", "金额"], ["工资福利", "10.00"], ["商品服务", "-"], ["", ""]]
    assert column_kinds(rows, 1) == ["T", "N"]


def test_a_padded_lower_header_row_moves_over_its_columns():
    """序号 spans two header rows, so the lower row (项目 | 预算数) is written from the left and
    padded; moved right it puts 项目 over the labels and 预算数 over the figures. The near
    miss: a lower row whose place already fits stays."""
    rows = [["序号", "项目", "预算数"], ["项目", "预算数", ""], ["1", "工资福利", "10.00"],
            ["2", "商品服务", "5.00"]]
    assert align_headers(rows)[1] == ["", "项目", "预算数"]
    fitting = [["项目", "预算数", ""], ["", "本年", "上年"], ["工资福利", "10.00", "9.00"]]
    assert align_headers(fitting)[1] == ["", "本年", "上年"]


PACKED = [["项目", "预算数", "项目", "预算数"],
          ["一、本年收入", "10.00", "一、本年支出", "10.00"],
          ["(一)一般公共预算拨款", "10.00", "(一)一般公共服务支出", "10.00"],
          ["(二)政府性基金", "(二)外交支出", "", ""],
          ["(四)公共安全支出", "0.00", "", ""]]


def test_text_max_realign_width_bounds_the_tables_re_placed():
    """A packed row of a 4-column table is re-placed (外交支出 to the label column) up to a
    width of 4; a limit of 3 leaves it as written. The near miss: a row that fits already is
    the same under both."""
    width = DEFAULT_READ.override({"text.max_realign_width": "3"}).text.max_realign_width
    assert realign_packed_rows(PACKED)[3] == ("(二)政府性基金", "", "(二)外交支出", "")
    assert realign_packed_rows(PACKED, width)[3] == tuple(PACKED[3])
    assert realign_packed_rows(PACKED, 4)[4] == realign_packed_rows(PACKED, width)[4] == \
        tuple(PACKED[4])


