"""Issue #8, the fifth unseen batch (docs/accuracy.md "Unseen batch 5 (session 12)"): 青岛 政协's
2015 三公 page prints each item as one paragraph on one line — "3、公务用车购置及运行维护费253.33万元,
较2014年减少93.05万元,下降26.86%。其中:公务用车购置费…减少的主要原因是…;公务用车运行维护费…减少的
主要原因是…" — and the total's change was reported unexplained although its 其中 parts carry the
reasons. Synthetic variants of that paragraph, and near misses that stay unexplained."""

from __future__ import annotations

import pytest

from budgetlens.pipeline import process

RULE = "form-change-reason-missing"

PAGE = """某市政协{year}年部门决算公开补充说明
现对涉及我部门{year}年度决算未公开“三公”经费的有关内容做如下补充说明:
一、“三公”经费增减情况
1、{year}年因公出国(境)费0万元,与上年持平。
2、{year}年公务接待费支出20万元,与上年持平。
3、公务用车购置及运行维护费253.33万元,较{prior}年减少93.05万元,下降26.86%。{lead}公务用车购置费30.37万元,较{prior}年减少86.73万元,下降74.06%{reason1};公务用车运行维护费222.96万元,较{prior}年减少6.32万元,下降2.76%{reason2}。

二、公务用车购置数及保有量
{year}年新购入公务用车一辆。
"""

REASON1 = ",减少的主要原因是新购置车辆数减少"
REASON2 = ",减少的主要原因是加强了车辆运行管理"


def vehicle_warnings(tmp_path, lead: str, reason1: str, reason2: str, year: int = 2015) -> list:
    path = tmp_path / "page.txt"
    path.write_text(PAGE.format(year=year, prior=year - 1, lead=lead, reason1=reason1,
                                reason2=reason2), encoding="utf-8")
    audit = process(str(path)).audit
    return [f for f in audit.findings if f.rule == RULE and f.measure == "three_public.vehicle"]


@pytest.mark.parametrize("lead, year", [("其中:", 2015), ("其中，", 2016), ("其中：", 2021)])
def test_a_total_explained_by_its_parts_on_the_same_printed_line(tmp_path, lead, year):
    """The sentence and its 其中 list on one printed line with no line after it to pair with (a web
    page's paragraph): the list's parts carry the reasons, so the total's change is explained."""
    assert vehicle_warnings(tmp_path, lead, REASON1, REASON2, year) == []


def test_parts_without_reasons_leave_the_total_unexplained(tmp_path):
    """Near miss: the same line whose parts give no reason: the total's change stays unexplained."""
    assert len(vehicle_warnings(tmp_path, "其中:", "", "")) == 1


def test_no_list_after_the_sentence_leaves_it_unexplained(tmp_path):
    """Near miss: the next sentence is no list of parts (no 其中): nothing explains the total."""
    assert len(vehicle_warnings(tmp_path, "另外,", "", "")) == 1
