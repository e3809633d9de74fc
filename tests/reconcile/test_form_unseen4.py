"""Issue #8, the fourth unseen batch (docs/accuracy.md "The fourth batch (session 11)"): the
opening of 朝阳市公安局's 2022 决算 page — its 目录, then 第一部分 under the unit's own name — was
audited as a whole document, and the sections its 目录 groups under 其他重要事项 were reported
missing. Synthetic variants of that page, and near misses that are whole documents."""

from __future__ import annotations

import pytest

from budgetlens.reconcile.checks import printed
from budgetlens.reconcile.form_text import FormContext
from budgetlens.reconcile.tolerance import ToleranceSettings
from budgetlens.rules.templates import load_templates

from .form_support import assessed, fired, rewritten

RULE = "form-required-section-missing"

TOC = """{unit}{year}年度部门决算
目 录
第一部分 部门概况
一、主要职责
二、部门决算单位构成
第二部分 {year}年度部门决算情况说明
一、收入支出决算总体情况说明
二、财政拨款收入支出决算情况说明
三、一般公共预算财政拨款“三公”经费支出决算情况说明
四、一般公共预算财政拨款基本支出决算情况说明
五、其他重要事项的情况说明
第三部分 名词解释
第四部分 {year}年度部门决算报表
一、收入支出决算总表
二、收入决算表
第五部分 附件
"""

OPENING = """第一部分 {unit}概况
一、主要职责
（一）贯彻执行国家和省市有关方针、政策、法律、法规和规章，组织实施本部门工作。
（二）负责本系统的业务管理工作。
"""

BODY = """第一部分 {unit}概况
一、主要职责
负责本系统的业务管理工作。
二、部门决算单位构成
本部门决算为本级决算。
第二部分 {year}年度部门决算情况说明
一、收入支出决算总体情况说明
{year}年度收入、支出决算总计1,200.00万元，与上年相比增加100.00万元，增长9.09%，主要原因是人员增加。
二、财政拨款收入支出决算情况说明
{year}年度财政拨款收入、支出决算总计1,100.00万元，与上年相比增加90.00万元，增长8.91%，主要原因是人员增加。
三、一般公共预算财政拨款“三公”经费支出决算情况说明
{year}年度“三公”经费支出决算10.00万元，其中：因公出国（境）费0.00万元，公务用车购置及运行维护费6.00万元，公务接待费4.00万元。
四、一般公共预算财政拨款基本支出决算情况说明
{year}年度基本支出决算900.00万元。
五、其他重要事项的情况说明
（一）机关运行经费支出情况
{year}年度机关运行经费支出50.00万元。
（二）国有资产占用情况
截至{year}年12月31日，共有车辆2辆。
第三部分 名词解释
一、财政拨款收入：指本级财政当年拨付的资金。
第四部分 {year}年度部门决算报表
第五部分 附件
"""


def context(disclosure) -> FormContext:
    return FormContext(printed(disclosure), load_templates(), ToleranceSettings())


@pytest.mark.parametrize("unit, year", [("朝阳市公安局", 2022), ("某县教育局", 2021)])
def test_an_opening_whose_body_renames_its_parts_is_an_excerpt(tmp_path, unit, year):
    """The body reprints 第一部分 under the unit's name ("第一部分 朝阳市公安局概况", the 目录 says
    "部门概况"): the part's number ends the 目录. What follows is one section of many, so the
    required sections are not assessable — not 2 warnings and 2 infos of missing sections."""
    text = TOC.format(unit=unit, year=year) + OPENING.format(unit=unit)
    disclosure = rewritten(tmp_path, "opening", text)
    assert context(disclosure).truncated
    assert fired(disclosure, RULE) == []
    assert any("节选" in a.reason for a in assessed(disclosure, RULE))


def test_the_whole_document_with_renamed_parts_is_audited(tmp_path):
    """Near miss: the same 目录 with the whole body after it (parts renamed as in the opening) is
    no excerpt: its missing 政府采购 section is still reported."""
    unit, year = "朝阳市公安局", 2022
    text = TOC.format(unit=unit, year=year) + BODY.format(unit=unit, year=year)
    disclosure = rewritten(tmp_path, "whole", text)
    assert not context(disclosure).truncated
    assert [f.expected for f in fired(disclosure, RULE)] == ["政府采购情况"]


def test_a_body_without_a_toc_whose_items_restart_is_no_excerpt(tmp_path):
    """Near miss: without a 目录, 一、 restarts in every part; only a part number printed again
    (第一部分) ends a 目录, so a body whose first heading is an item is not cut there."""
    body = BODY.format(unit="某县教育局", year=2021).split("第一部分 某县教育局概况\n", 1)[1]
    disclosure = rewritten(tmp_path, "notoc", body)
    assert not context(disclosure).truncated
