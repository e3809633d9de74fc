"""Issue #8 (session 10): performance coverage and self-evaluation sentences whose count stands
before the coverage words, or after them with a year between, and the self-evaluation's score.
Real wordings: 深圳 2026 "…设置并编报5个项目绩效目标", 上海 普陀 2024 决算 "编报绩效目标的2024年度项目39个，
涉及预算金额4415.48万元…；绩效自评的2024年度项目39个，涉及预算金额…", 西安 卫健委 2022 决算 "…等82个一级项目
的绩效自评结果，涉及预算资金597650.29万元"; synthetic variants of each and near misses.
Assertions are (measure, basis, value)."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from budgetlens.model import Metadata

from .inline_text import narrative_triples

FINAL = Metadata(kind="final", year=2024)
BUDGET = Metadata(kind="budget", year=2026)


def triples(*texts: str, meta: Metadata = FINAL) -> set:
    return narrative_triples(meta, *texts)


def performance(got: set) -> set:
    return {(m, v) for m, b, v in got if m.startswith("performance.") and b == "current"}


@pytest.mark.parametrize("verb", ["设置并编报", "编制", "设置了"])
@pytest.mark.parametrize("count", ["5", "57"])
def test_a_count_of_projects_written_before_their_targets(verb, count):
    """深圳 城管局 2026: "所有项目支出预算纳入部门预算绩效管理，涉及预算资金5,418.22万元，设置并编报5个项目
    绩效目标" — the count between the verb and 项目绩效目标 is the projects with targets."""
    got = triples("2026年本部门所有项目支出预算纳入部门预算绩效管理，涉及预算资金5,418.22万元，"
                  f"{verb}{count}个项目绩效目标。", meta=BUDGET)
    assert performance(got) == {("performance.covered_amount", D("5418.22")),
                                ("performance.project_count", D(count))}


@pytest.mark.parametrize("level", ["", "一级", "二级"])
@pytest.mark.parametrize("verb", ["全部编制了", "均设置", "编报"])
def test_projects_counted_before_the_targets_written_for_them(level, verb):
    """The 苏州 wording ("共84个项目纳入绩效目标管理，涉及财政性资金合计X") with the targets' own verb:
    "N个二级项目全部编制了绩效目标，涉及财政拨款资金X"."""
    got = triples(f"本部门8个{level}项目{verb}绩效目标，涉及财政拨款资金640.00万元。", meta=BUDGET)
    assert performance(got) == {("performance.covered_amount", D("640.00")),
                                ("performance.project_count", D("8"))}


@pytest.mark.parametrize("year", ["2024年度", "2024年", ""])
def test_counts_after_the_phrase_with_a_year_between(year):
    """上海 普陀 规划资源局 2024 决算: "编报绩效目标的2024年度项目39个，涉及预算金额4415.48万元；绩效跟踪评价的
    2024年度项目39个，涉及预算金额4415.48万元；绩效自评的2024年度项目39个，涉及预算金额4415.48万元": the
    self-evaluation's count and funds. The targets' "预算金额" of a 决算 is the budget's (4,415.48,
    above the 4,381.74 of 项目支出 spent): with a year between it is left unread, as before."""
    got = triples(f"全过程绩效管理实施情况：编报绩效目标的{year}项目39个，涉及预算金额4415.48万元；"
                  f"绩效跟踪评价的{year}项目39个，涉及预算金额4415.48万元；绩效自评的{year}项目12个，"
                  "涉及预算金额1415.48万元。")
    assert {("performance.self_eval.project_count", D("12")),
            ("performance.self_eval.covered_amount", D("1415.48"))} <= performance(got)
    if year:
        assert not any(m.startswith(("performance.project_count", "performance.covered_amount"))
                       for m, _ in performance(got))


@pytest.mark.parametrize("level", ["一级", "二级", ""])
def test_projects_counted_before_their_self_evaluation_results(level):
    """西安 卫健委 2022 决算: "本部门在部门决算中反映机场入境人员核酸检测费用等82个一级项目的绩效自评结果，
    涉及预算资金597650.29万元，占部门预算项目支出总额的65.9%"."""
    got = triples(f"本部门在部门决算中反映某某项目等82个{level}项目的绩效自评结果，涉及预算资金597650.29万元。")
    assert performance(got) == {("performance.self_eval.project_count", D("82")),
                                ("performance.self_eval.covered_amount", D("597650.29"))}


@pytest.mark.parametrize("after", ["覆盖率100%。", "覆盖全部项目。"])
def test_a_self_evaluation_count_without_funds(after):
    """"对12个项目开展了绩效自评，覆盖率100%": the count is read without the funds."""
    got = triples(f"本部门对12个项目开展了绩效自评，{after}")
    assert performance(got) == {("performance.self_eval.project_count", D("12"))}


@pytest.mark.parametrize("score", ["自评综合得分95.5分", "自评平均得分为95.5分", "综合自评得分95.5分",
                                   "绩效自评得分95.5分", "综合评分95.5分"])
def test_the_score_of_a_self_evaluation(score):
    """A self-evaluation's score, named as the self-evaluation's, or right after 绩效自评."""
    got = triples(f"本部门对12个项目开展了绩效自评，{score}。")
    assert ("performance.self_eval.score", D("95.5")) in performance(got)


@pytest.mark.parametrize("text", ["2021年某某补贴资金项目支出绩效评价综合得分83.06分。",
                                  "赋分100分，综合得分100分，得分率为100%。",
                                  "本部门对12个项目开展了绩效自评。项目管理方面，综合评分90分。"])
def test_a_score_of_no_self_evaluation_is_not_read(text):
    """Near misses (西安 卫健委 2022 决算): one project's 绩效评价 score, an indicator group's score,
    and a 综合评分 not right after 自评 name no self-evaluation's score."""
    assert not any(m == "performance.self_eval.score" for m, _, _ in triples(text))


def test_a_count_before_a_project_name_is_no_target_count():
    """Near miss: "3个项目的资金" after no target words names nothing."""
    got = triples("本部门安排3个项目的资金共计150.00万元。", meta=BUDGET)
    assert not any(m.startswith("performance.") for m, _, _ in got)
