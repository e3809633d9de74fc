"""Issue #8: a self-evaluation's 总分 row weighted as the indicators alone adds up the
indicators (extract/table_perf_total.py). 西安 卫健委 2022 决算 prints project self-evaluations
(pp70–71) whose funds row carries 分值 10 and the execution score (9.98, 8.38), and whose 总分
row prints 90 | 90 and 90 | 88 under indicators weighted 90: read as the form's score, each
gave a false self-eval-total-score warning (90 against 99.98, 88 against 96.38). Near misses: a
总分 weighted 100, or a form printing no execution weight, stays the form's score."""

from __future__ import annotations

from decimal import Decimal

import pytest


def _indicators_only(tmp_path, weight: str, total: str, funds_weight: str = "10"):
    """A 项目绩效自评表 as 西安 卫健委 2022 决算 prints it (pp70–71): the funds row with its own
    分值 and 得分 (9.98), indicators weighted 90, and a 总分 row printing ``weight`` | ``total``."""
    from budgetlens.pipeline import process

    lines = [
        "西安市级2022年中职免学费项目绩效自评表", "单位：万元",
        "项目资金\t\t年初预算数\t全年预算数\t全年执行数\t分值\t执行率\t得分",
        "\t年度资金总额\t352.74\t352.74\t352.66\t" + funds_weight + "\t99.98%\t9.98",
        "绩效指标\t一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t分值\t得分",
        "\t产出指标\t数量指标\t惠及中职学生\t>1000人\t>1000人\t50\t50",
        "\t效益指标\t社会效益指标\t保障学校运转\t有效保障\t有效保障\t30\t28",
        "\t满意度指标\t服务对象满意度指标\t受助家庭满意度\t>98%\t>98%\t10\t10",
        f"总分\t\t\t\t\t\t{weight}\t{total}",
    ]
    path = tmp_path / "indicators.txt"
    path.write_text("\n".join(lines), encoding="utf-8")
    return process(str(path))


def _rules(result) -> list[tuple[str, str]]:
    return sorted((f.rule, f.stated) for f in result.audit.findings
                  if f.rule.startswith("self-eval-") and "weights" not in f.rule)


def test_a_total_row_weighted_as_the_indicators_alone_adds_up_the_indicators(tmp_path):
    """总分 90 | 88 under indicators weighted 90 (funds row: 分值 10, 得分 9.98): 88 is the
    indicators' total (50 + 28 + 10), not the form's — no self-eval-total-score warning
    (88 against 97.98 before)."""
    result = _indicators_only(tmp_path, "90", "88")
    scores = {f.measure: f.value for f in result.disclosure.facts if "score" in f.measure}
    assert scores["performance.self_eval.1.indicator_score"] == Decimal(88)
    assert "performance.self_eval.1.score" not in scores
    assert _rules(result) == []


def test_near_miss_indicators_total_that_misses_is_reported(tmp_path):
    """The same row printing 90 | 86: the indicators make 88, a warning of its own rule."""
    assert _rules(_indicators_only(tmp_path, "90", "86")) == [("self-eval-indicator-score", "86")]


@pytest.mark.parametrize("weight,funds_weight", [("100", "10"), ("90", "")])
def test_near_miss_a_total_row_weighted_as_the_whole_form_stays_the_forms_score(
        tmp_path, weight, funds_weight):
    """总分 weighted 100 (the whole form), or no execution-rate weight printed: the row's score is
    the form's, checked against 9.98 + the indicators as before (88 ≠ 97.98: reported)."""
    result = _indicators_only(tmp_path, weight, "88", funds_weight)
    assert ("self-eval-total-score", "88") in _rules(result)
