"""Heading recognition and the heading tree (extract/headings.py)."""

from __future__ import annotations

import pytest

from budgetlens.extract.headings import find_headings, match_heading
from budgetlens.model import Line
from budgetlens.rules.lexicon import load_lexicon


@pytest.fixture(scope="module")
def lexicon():
    return load_lexicon()


@pytest.mark.parametrize("text,level,number,title,has_body", [
    ("第一部分：2024年部门预算情况说明", 0, "第一部分：", "2024年部门预算情况说明", False),
    ("一、单位基本情况", 1, "一、", "单位基本情况", False),
    ("四、“三公”经费情况说明", 1, "四、", "“三公”经费情况说明", False),
    ("（一）职能职责", 2, "（一）", "职能职责", False),
    ("(二) 单位构成", 2, "(二)", "单位构成", False),
    ("（一）收入预算：2024年年初预算数2798.78万元，其中：…", 2, "（一）", "收入预算", True),
    ("1．总体情况。2020年度收入总计541.17万元，支出总计541.17万元。", 3, "1．", "总体情况", True),
    ("1、机关运行经费。2024年一般公共预算财政拨款运行经费30.7万元。", 3, "1、", "机关运行经费", True),
    ("3.绩效目标设置情况", 3, "3.", "绩效目标设置情况", False),
    ("（2） 绩效自评结果", 4, "（2）", "绩效自评结果", False),
    ("①政府采购情况", 5, "①", "政府采购情况", False),
])
def test_heading_forms(lexicon, text, level, number, title, has_body):
    parsed = match_heading(text, lexicon)
    assert parsed is not None
    got_level, got_number, got_title, body = parsed
    assert (got_level, got_number, got_title) == (level, number, title)
    assert (body >= 0) == has_body
    if has_body:
        assert text[body:].startswith("20")


@pytest.mark.parametrize("text", [
    "（1）一般公共服务支出422.47万元，占总支出比例78.07%，较年初预算增加185.26万元。",
    "3．公务车运行维护费2.4万元，主要用于机要文件交换。",
    "1．贯彻落实上级关于行政审批制度改革的相关法律法规，组织实施相关地方行业技术规范。",
    "2.人大事务（款）一般行政管理事务（项）支出2340.35万",  # an amount cut by the line end
    "3.42万元为三公经费",  # a decimal number is not a numbering
    "2024年部门预算情况说明",
])
def test_not_headings(lexicon, text):
    assert match_heading(text, lexicon) is None


def test_tree_paths_and_sources(lexicon):
    texts = ["第二部分 部门决算情况说明", "一、收入支出决算总体情况说明", "1．总体情况。收入总计541.17万元。",
             "2．收入情况。收入合计368.17万元。", "二、“三公”经费情况说明", "（一）总体情况说明",
             "（1）分项情况", "三、其他事项"]
    lines = [Line(t, 2, i + 5) for i, t in enumerate(texts)]
    hits = find_headings(lines, lexicon, "x.txt")
    paths = [h.heading.path for h in hits]
    assert paths == [
        ("部门决算情况说明",),
        ("部门决算情况说明", "收入支出决算总体情况说明"),
        ("部门决算情况说明", "收入支出决算总体情况说明", "总体情况"),
        ("部门决算情况说明", "收入支出决算总体情况说明", "收入情况"),
        ("部门决算情况说明", "“三公”经费情况说明"),
        ("部门决算情况说明", "“三公”经费情况说明", "总体情况说明"),
        ("部门决算情况说明", "“三公”经费情况说明", "总体情况说明", "分项情况"),
        ("部门决算情况说明", "其他事项"),
    ]
    first = hits[0].heading
    assert (first.source.file, first.source.page, first.source.line) == ("x.txt", 2, 5)
    assert [h.line_index for h in hits] == list(range(8))


def test_numbered_line_continued_on_the_next_line_is_not_a_heading(lexicon):
    texts = ["（三）一般公共预算财政拨款支出决算具体情况",
             "36.卫生健康支出（类）行政事业单位医疗（款）行政单位医",
             "疗（项）。年初预算2147.25万元，支出决算2,150.1万元。",
             "1.社会保障和就业支出（类）"]
    lines = [Line(t, 1, i + 1) for i, t in enumerate(texts)]
    titles = [h.heading.title for h in find_headings(lines, lexicon, "x.txt")]
    assert titles == ["一般公共预算财政拨款支出决算具体情况", "社会保障和就业支出（类）"]


def test_a_title_ended_by_a_period_is_short_by_data(lexicon):
    """lexicon.toml [headings] max_title_period: "1．<title>。<body>" is a heading while the title
    has at most that many characters; one more and the line is a numbered sentence (the near
    miss); the same title ended by ： is a heading up to max_title."""
    from dataclasses import replace
    n = lexicon.max_title_period
    assert n < lexicon.max_title
    title = ("部门收支总体情况说明" * n)[:n]
    body = "2024年收入总计541.17万元。"
    assert match_heading(f"1．{title}。{body}", lexicon)[2] == title
    assert match_heading(f"1．{title}情。{body}", lexicon) is None
    assert match_heading(f"1．{title}情：{body}", lexicon)[2] == title + "情"
    wider = replace(lexicon, max_title_period=n + 1)
    assert match_heading(f"1．{title}情。{body}", wider)[2] == title + "情"
