"""Standard tables by the titles a document prints (reconcile/form_titles.py), on a real
disclosure (seed 004 prints a heading above each of its tables) and edited copies of it."""

from __future__ import annotations

from budgetlens.reconcile.form_titles import printed_titles, title_of_line, unrecognised_titles

from .form_support import rewritten, seed, seed_text

GOV_FUND_TITLE = "2024年重庆市南岸区政务服务管理办公室政府性基金预算支出表"


def test_every_heading_of_the_seed_names_a_recognised_table():
    expected, missed = unrecognised_titles(seed("004"))
    assert {"summary", "income", "expense", "fiscal_summary", "gpb_expense", "gpb_basic",
            "three_public", "gov_fund"} <= set(expected)
    assert missed == []
    assert all(t.source.line is not None and not t.toc for t in expected.values())


def test_a_table_whose_grid_is_lost_is_a_miss_named_by_its_title(tmp_path):
    text = seed_text("004")
    start = text.index(GOV_FUND_TITLE) + len(GOV_FUND_TITLE)
    end = text.index("表六：")
    disclosure = rewritten(tmp_path, "004", text[:start] + "\n\n" + text[end:])
    _, missed = unrecognised_titles(disclosure)
    assert [(t.role, t.title) for t in missed] == [("budget_gov_fund", GOV_FUND_TITLE)]


def test_a_title_wrapped_over_two_lines_is_one_title(tmp_path):
    head, tail = GOV_FUND_TITLE[:-2], GOV_FUND_TITLE[-2:]
    disclosure = rewritten(tmp_path, "004", seed_text("004").replace(
        GOV_FUND_TITLE, f"{head}\n{tail}", 1))
    roles = {t.role for t in printed_titles(disclosure)}
    assert "budget_gov_fund" in roles


def test_a_contents_list_alone_promises_no_table(tmp_path):
    # a narrative-only file listing the tables of a separate attachment
    text = ("2024年某区某局部门预算公开说明\n目录\n一、收支总表\n二、收入总表\n三、支出总表\n"
            "四、财政拨款收支总表\n五、一般公共预算支出表\n"
            "一、部门主要职能\n本部门主要职能是负责全区统计工作。\n"
            "二、收支预算总体情况\n2024年收入预算100万元，支出预算100万元。\n")
    disclosure = rewritten(tmp_path, "toc", text)
    titles = printed_titles(disclosure)
    assert len(titles) == 5 and all(t.toc for t in titles)
    assert unrecognised_titles(disclosure) == ({}, [])


def test_lines_that_only_mention_a_table_are_not_titles():
    assert title_of_line("详见附表1收支总表")[0] == ""
    assert title_of_line("本部门收支情况见收支总表。")[0] == ""
    assert title_of_line("三、收入预算情况说明")[0] == ""


def test_contents_entries_keep_their_title_and_say_so():
    title, toc = title_of_line("四、财政拨款收支总表 ........ 12")
    assert title == "四、财政拨款收支总表" and toc
    title, toc = title_of_line("一般公共预算支出表（按经济分类）")
    assert title == "一般公共预算支出表（按经济分类）" and not toc


def test_an_excerpt_cut_after_its_first_table_expects_no_later_table(tmp_path):
    # a 目录 lists five tables; the file stops after printing the first one
    text = seed_text("004")
    toc = ("目录\n一、财政拨款收支总表\n二、一般公共预算支出表\n三、一般公共预算基本支出表\n"
           "四、政府性基金预算支出表\n五、部门收支总表\n\n")
    cut = text.index("表二：")
    disclosure = rewritten(tmp_path, "004", toc + text[:cut])
    expected, missed = unrecognised_titles(disclosure)
    assert set(expected) == {"fiscal_summary"} and missed == []
