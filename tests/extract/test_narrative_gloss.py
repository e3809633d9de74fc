"""A bracketed aside without figures right after a name no alias reads glosses that name: "（1）行政运行
（行政及参公单位基本支出）2678.58万元，较上年减少了176.59万元" (西安 交通运输局 2022 p17) is the 项 行政运行's
change, not the department's 基本支出 (a false warning judged on the page, issue #8). Variants of the
name and the gloss; near misses keep their old reading. Assertions are (measure, basis, value)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from budgetlens.extract.narrative import extract_narrative
from budgetlens.model import Document, Line, Metadata, Page

META = Metadata(kind="budget", year=2022)
HEADING = "三、一般公共预算拨款支出情况"


def triples(text: str) -> set:
    lines = (Line(HEADING, 1, 1), Line(text, 1, 2))
    facts = extract_narrative(Document("inline.txt", "text", (Page(1, lines),)), META, [])[1]
    return {(f.measure, f.basis, f.value) for f in facts}


@pytest.mark.parametrize("text", [
    "（1）行政运行（行政及参公单位基本支出）2678.58万元，较上年减少了176.59万元。",
    "（2）事业运行（事业单位基本支出）16764.76万元，较上年减少了8450.97万元。",
    "一般行政管理事务（项目支出）120万元，较上年增加20万元。",
    "3.机关服务(基本支出)35.5万元，比上年增加5万元。",
])
def test_an_alias_glossing_an_unread_name_names_no_subject(text):
    assert {m for m, _, _ in triples(text)} <= {"expense.general.total"}


@pytest.mark.parametrize("text, expected", [
    # the alias outside the brackets: read as before
    ("2022年（按功能分类）基本支出500万元，较上年增加50万元。",
     {("expense.general.basic", "change_prior", Decimal("50"))}),
    ("（3）基本支出500万元，较上年增加50万元（含人员经费）。",
     {("expense.general.basic", "change_prior", Decimal("50"))}),
])
def test_an_aside_not_glossing_a_name_changes_nothing(text, expected):
    assert expected <= triples(text)
