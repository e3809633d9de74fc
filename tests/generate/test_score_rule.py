"""得分 recomputed from 指标值, 实际完成值 and 分值 where the scoring rule (standards.md §6.3,
rules/generate/scoring.toml) determines it: a stated 得分 the rule contradicts refuses the
document naming its cell; where the rule leaves judgment (qualitative, over-achievement, a reverse
indicator's shortfall) it is said so and nothing is found."""

from __future__ import annotations

import tomllib
from decimal import Decimal
from pathlib import Path

import pytest

from budgetlens.generate import generate
from budgetlens.generate.score_rule import (contradicts, execution_score, expected_score,
                                            is_execution_row, load_scoring, outside,
                                            parse_scoring, qualitative)
from budgetlens.rules.schema import RuleError

from .synthetic import INDICATORS
from .workbooks import final_inputs


@pytest.mark.parametrize("target,actual,weight,expected", [
    ("≥50个", "56个", "30", "30"),          # achieved, 12 % over: full marks
    ("≥99%", "99.6%", "20", "20"),
    ("≥50个", "40个", "30", "24.00"),       # shortfall of a lower bound: 30 × 40 / 50
    ("=100%", "95%", "10", "9.50"),         # exact: smaller / larger
    ("≤87.45万元", "80万元", "10", "10"),    # a cost under its ceiling: full marks
])
def test_the_rule_determines(target, actual, weight, expected):
    assert expected_score(target, actual, Decimal(weight)).expected == Decimal(expected)


@pytest.mark.parametrize("target,actual", [
    ("显著提升", "较好"),        # qualitative, in words no tier names (达到预期 is the 达成 tier)
    ("100%", "100%"),           # no comparator
    ("≥50个", "80个"),          # over-achieved by 60 %: reduced by 偏离度, a local convention
    ("≤87.45万元", "95万元"),    # a reverse indicator's shortfall: local variants
])
def test_the_rule_leaves_judgment(target, actual):
    v = expected_score(target, actual, Decimal(10))
    assert v.expected is None and v.why and v.why_en


def test_the_execution_row_scores_full_marks_at_100_percent_and_leaves_tiers_to_judgment():
    assert is_execution_row(["预算执行率", "", "全年预算执行率"]) and not is_execution_row(["系统可用率"])
    assert execution_score("100%", Decimal(10)).expected == Decimal(10)
    assert execution_score("95%", Decimal(10)).expected is None  # tiers differ by province


def test_a_printed_score_may_round_to_its_own_precision():
    assert not contradicts(Decimal(24), "24", Decimal("24.40"))
    assert contradicts(Decimal(23), "23", Decimal("24.00"))
    assert contradicts(Decimal("23.9"), "23.9", Decimal("24.00"))


def test_the_declaration_is_validated():
    rule = load_scoring()
    assert {n for _p, n in rule.comparators} == {"lower_bound", "upper_bound", "exact"}
    assert rule.comparators[0][0] in ("大于等于", "小于等于")  # longest prefix first


@pytest.mark.parametrize("old, new, key", [
    ('upper_bound = "judgment"', 'upper_bound = "tiers"', "upper_bound"),
    ('execution_shortfall = "judgment"', 'execution_shortfall = "judgement"', "execution_shortfall"),
    ("over_achievement = 0.20", 'over_achievement = "20%"', "over_achievement"),
    ('exact = ["=", "＝", "等于"]', 'exact = ["=", "＝", "等于"]\nnear = ["约"]', "near"),
    ("execution_row = '^(预算|资金|项目资金)?执行率$'", "execution_row = '^(预算执行率'",
     "execution_row"),
])
def test_a_bad_declaration_names_file_line_and_key(old, new, key):
    """scoring.toml is checked by its declared schemas (the rules kit): a value outside the
    allowed ones, a wrong type, a bad regex and an unknown key each name file, line and key."""
    path = Path(__file__).resolve().parents[2] / "src/budgetlens/rules/generate/scoring.toml"
    text = path.read_text(encoding="utf-8")
    assert old in text, f"scoring.toml no longer holds {old!r}"
    broken = text.replace(old, new, 1)
    with pytest.raises(RuleError) as err:
        parse_scoring(tomllib.loads(broken), broken)
    assert (err.value.file, err.value.key) == ("generate/scoring.toml", key)
    assert broken.splitlines()[err.value.line - 1].startswith(key)


def test_synthetic_final_scores_agree_with_the_rule(tmp_path):
    """Every 得分 is determined: the ≥ rows met, 预算执行率 100 %, and the worded row (显著提升 /
    达到预期, 27 of 30) within its tier (达成: (24, 30])."""
    result = generate(final_inputs(tmp_path, {}), tmp_path / "out", ["docx"], check=False)
    assert not result.refused, [f.line() for f in result.gate.errors]
    assert not [f.line() for f in result.gate.findings if f.rule.startswith("generate-score-")]


def test_a_fractional_score_is_printed_and_read_back_as_given(tmp_path):
    """A judged indicator scored 27.5 (of 30) prints as given, not rounded to a whole point: the
    总分 still adds up and both files read it back."""
    k = next(i for i, r in enumerate(INDICATORS) if not r[3][:1] in "≥≤=" and not is_execution_row(list(r[:3])))
    result = generate(final_inputs(tmp_path, {k: "27.5"}), tmp_path / "out", ["docx", "pdf"])
    assert not result.refused, [f.line() for f in result.gate.errors]
    for fmt, report in result.read_back.items():
        got = {f.measure: f.value for f in report.facts if f.measure.startswith("performance.self_eval.1.")}
        assert got[f"performance.self_eval.1.indicator.{k + 1}.score"] == Decimal("27.5"), fmt
        assert not [f.line() for f in report.findings if f.severity in ("error", "warning")], fmt


@pytest.mark.parametrize("target,actual,weight,low,high", [
    ("全年", "全年", "12.5", "10", "12.5"),          # the 指标值 printed again: achieved
    ("国家标准范围之内", "国家标准范围之内", "10", "8", "10"),
    ("优良", "优良", "10", "8", "10"),
    ("≥90%", "已完成", "10", "8", "10"),            # words of the achieved tier
    ("按时完成", "达到预期", "10", "8", "10"),
    ("按时完成", "基本完成", "10", "6", "8"),         # partly
    ("达到预期", "未完成", "10", "0", "6"),           # not achieved (未完成 is not 完成)
])
def test_a_tier_bounds_the_score(target, actual, weight, low, high):
    v = expected_score(target, actual, Decimal(weight))
    assert v.expected is None and (v.low, v.high) == (Decimal(low), Decimal(high)) and v.why and v.why_en


@pytest.mark.parametrize("target,actual", [("显著提升", "较好"), ("按时完成", "已落实"), ("显著提升", "15%")])
def test_words_no_tier_names_leave_judgment(target, actual):
    v = expected_score(target, actual, Decimal(10))
    assert v.expected is None and v.low is None and v.why and v.why_en


def test_a_score_outside_its_tier_contradicts_the_rule_within_its_printed_precision():
    achieved = qualitative("全年", "全年", Decimal(10))  # (8, 10]
    assert outside(Decimal(5), "5", achieved) and outside(Decimal("7.9"), "7.9", achieved)
    assert not outside(Decimal(9), "9", achieved) and not outside(Decimal(10), "10", achieved)
    assert outside(Decimal("10.6"), "10.6", achieved)
