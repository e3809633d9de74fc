"""scripts/matching_strings.py tells Chinese matched by from Chinese written (issue #12): each way
of matching on a module the test writes, and beside it the near miss that is text we write."""

from __future__ import annotations

import importlib.util
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[1] / "scripts" / "matching_strings.py"
_spec = importlib.util.spec_from_file_location("matching_strings", SCRIPT)
assert _spec is not None and _spec.loader is not None
ms = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(ms)


def _matched(text: str) -> set[str]:
    return {value for _line, value in ms.matched_constants(text)}


def _written(text: str) -> set[str]:
    return {value for _line, value, matched in ms.chinese_constants(text) if not matched}


def test_a_regex_a_comparison_and_a_search_are_matched_and_a_message_is_written():
    text = '''
import re
TOTAL = re.compile("合计|总计")
def f(line, diag):
    if line == "小计" or line.endswith("表"):
        diag("表格过大", "table too large")
    return f"第{line}页"
'''
    assert _matched(text) == {"合计|总计", "小计", "表"}
    assert _written(text) == {"表格过大", "第", "页"}


def test_a_word_list_is_matched_only_where_it_is_used_to_match():
    text = '''
SIDES = ("收入", "支出")
LABELS = ("本年数", "上年数")
def side(text):
    return [w for w in SIDES if w in text]
def header(write):
    for label in LABELS:
        write(label)
'''
    assert _matched(text) == {"收入", "支出"}
    assert _written(text) == {"本年数", "上年数"}


def test_a_table_of_records_matches_by_the_field_the_loop_compares():
    text = '''
KINDS = ((b"PNG", "PNG 图片 / image"), ("续表", "continued"))
def what(head):
    for magic, label in KINDS:
        if head.startswith(magic):
            return label
'''
    assert _matched(text) == {"续表"}
    assert _written(text) == {"PNG 图片 / image"}


def test_a_dict_key_is_looked_up_and_its_value_written_and_a_docstring_is_not_counted():
    text = '''
"""模块说明"""
NAMES = {"合计": "total"}
WORDS_ZH = {"gt": "大于"}
def name(cell):
    """说明"""
    return NAMES.get(cell) or WORDS_ZH["gt"]
'''
    assert _matched(text) == {"合计"}
    assert _written(text) == {"大于"}


def test_a_local_name_is_followed_in_its_own_function_only():
    text = '''
def judge(unit):
    wan = "万元"
    return unit == wan
def word(amount):
    wan = "万元整"
    return f"{amount}{wan}"
'''
    assert _matched(text) == {"万元"}
    assert _written(text) == {"万元整"}


def test_the_package_counts_add_up():
    per, listed = ms.count()
    total = sum(c["matched"] for c in per.values())
    assert total == len(listed) and sum(c["written"] for c in per.values()) > total
    assert not any(rel.startswith("rules/") for rel, _line, _value in listed)
