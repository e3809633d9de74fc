"""The continuation decisions every format shares (read/continued.py), on rows as the PDF and
text readers hand them: a repeated header, a copy under a shared title, a form filled in anew.
Each decision with its near miss."""

from __future__ import annotations

from budgetlens.read.continued import (body_goes_on, new_rows, opens_a_copy, repeated_rows,
                                       restarts, row_label, whole_header_rows)
from budgetlens.read.settings import StitchSettings

ST = StitchSettings()
HEAD = [["科目编码", "科目名称", "合计", "基本支出", "项目支出"]]
FIRST = HEAD + [["201", "一般公共服务支出", "10.00", "8.00", "2.00"],
                ["20103", "政府办公厅（室）及相关机构事务", "10.00", "8.00", "2.00"]]


def test_a_part_goes_on_with_rows_not_seen_before():
    seen = {row_label(["2010301", "行政运行", "10.00"]), row_label(["2010302", "一般行政管理事务", "5.00"])}
    assert row_label(["2010301", "行政运行", "", "10.0"]) == "2010301|行政运行"
    assert new_rows([["2010350", "事业运行", "3.00"], ["2010399", "其他", "1.00"]], seen)
    assert not new_rows([["2010301", "行政运行", "10.00"], ["2010302", "一般行政管理事务", "5.00"]], seen)


def test_a_repeated_header_is_counted_and_a_different_one_is_not():
    part = HEAD + [["2010301", "行政运行", "8.00", "8.00", ""]]
    assert whole_header_rows(FIRST, part, ST) == 1 and repeated_rows(FIRST, part, ST) == 1
    other = [["项目", "本年预算", "上年预算", "增减", "%"]] + part[1:]
    assert whole_header_rows(FIRST, other, ST) == 0 and repeated_rows(FIRST, other, ST) == 0


def test_a_part_repeating_the_header_then_rows_read_already_is_a_copy():
    seen = {row_label(r) for r in FIRST}
    going_on = HEAD + [["2010301", "行政运行", "8.00", "8.00", ""]]
    assert body_goes_on(FIRST, going_on, seen, ST)
    copy = HEAD + FIRST[1:]  # the rows read already, reprinted under the repeated header
    assert not body_goes_on(FIRST, copy, seen, ST)


def test_a_part_opening_with_the_tables_own_head_key_opens_a_copy():
    form = [["项目名称", "信息化运维", "", ""], ["主管部门", "某局", "实施单位", "某中心"],
            ["项目资金", "年度资金总额", "120.00", ""]]
    assert opens_a_copy(form, [["项目名称", "档案数字化", "", ""]])
    assert not opens_a_copy(form, [["效益指标", "社会效益指标", "服务对象满意度", "≥90%"]])


def test_a_form_filled_in_anew_restarts_and_one_going_on_does_not():
    form = [["项目名称", "信息化运维", "", ""], ["主管部门", "某局", "实施单位", "某中心"],
            ["项目资金", "年度资金总额", "120.00", ""]]
    assert restarts(form, [["项目名称", "档案数字化", "", ""], ["主管部门", "某局", "实施单位", "某馆"]], ST)
    assert not restarts(form, [["效益指标", "社会效益指标", "服务对象满意度", "≥90%"]], ST)
    assert not restarts(form, form, ST)  # the head repeated word for word
