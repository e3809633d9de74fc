"""得分 recomputed from 指标值, 实际完成值 and 分值 where the scoring rule (standards.md §6.3,
rules/generate/scoring.toml) determines it: a stated 得分 the rule contradicts refuses the
document naming its cell; where the rule leaves judgment (qualitative, over-achievement, a reverse
indicator's shortfall) it is said so and nothing is found."""

from __future__ import annotations

import tomllib
from decimal import Decimal
from pathlib import Path

import pytest

from budgetlens.generate import generate, load_inputs
from budgetlens.generate.score_rule import (contradicts, execution_score, expected_score,
                                            is_execution_row, load_scoring, parse_scoring)
from budgetlens.rules.schema import RuleError

from .synthetic import INDICATORS, synthetic_input, write_input


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


def _final(tmp_path, score_of: dict[int, str], actual_of: dict[int, str] = {}):  # noqa: B006 — read only
    data = synthetic_input(n_items=5, kind="final")
    first = data["projects"][0]
    for k, score in score_of.items():
        first["indicator_rows"][k]["score"] = score
    for k, actual in actual_of.items():
        first["indicator_rows"][k]["actual"] = actual
    first["score"] = str(sum(Decimal(r["score"]) for r in first["indicator_rows"]))  # 总分 still adds up
    return load_inputs(write_input(tmp_path, data))[0]


def test_synthetic_final_scores_agree_with_the_rule(tmp_path):
    """Every 得分 is determined: the ≥ rows met, 预算执行率 100 %, and the worded row (显著提升 /
    达到预期, 27 of 30) within its tier (达成: (24, 30])."""
    result = generate(_final(tmp_path, {}), tmp_path / "out", ["docx"], check=False)
    assert not result.refused, [f.line() for f in result.gate.errors]
    assert not [f.line() for f in result.gate.findings if f.rule.startswith("generate-score-")]


def test_words_no_tier_names_are_said_to_be_judgment(tmp_path):
    worded = [k for k, r in enumerate(INDICATORS) if r[3][:1] not in "≥≤=" and not is_execution_row(list(r[:3]))]
    result = generate(_final(tmp_path, {}, {k: "较好" for k in worded}), tmp_path / "out", ["docx"], check=False)
    assert not result.refused, [f.line() for f in result.gate.errors]
    judged = [f for f in result.gate.findings if f.rule == "generate-score-judgment"]
    assert len(judged) == len(worded) and all(f.severity == "info" and "较好" in f.message for f in judged)


def test_a_worded_score_below_its_tier_is_refused(tmp_path):
    k = next(i for i, r in enumerate(INDICATORS) if r[4] == "达到预期")
    result = generate(_final(tmp_path, {k: "20"}), tmp_path / "out", ["docx"])  # 20 of 30: not (24, 30]
    found = [f for f in result.gate.errors if f.rule == "generate-score-rule"]
    assert result.refused and len(found) == 1 and "“20”" in found[0].where and "达成" in found[0].message


def test_a_score_the_rule_contradicts_is_refused_naming_its_cell(tmp_path):
    """系统可用率 ≥99 %, 99.6 % achieved: its 分值 20 is its 得分; 18 is refused (the 总分 adjusted,
    so only the rule finds it)."""
    k = next(i for i, r in enumerate(INDICATORS) if r[2] == "系统可用率")
    result = generate(_final(tmp_path, {k: "18"}), tmp_path / "out", ["docx"])
    assert result.refused and not result.written
    found = [f for f in result.gate.errors if f.rule == "generate-score-rule"]
    assert [f.rule for f in result.gate.errors] == ["generate-score-rule"]
    assert "“18”" in found[0].where and "应为20" in found[0].message


def test_a_fractional_score_is_printed_and_read_back_as_given(tmp_path):
    """A judged indicator scored 27.5 (of 30) prints as given, not rounded to a whole point: the
    总分 still adds up and both files read it back."""
    k = next(i for i, r in enumerate(INDICATORS) if not r[3][:1] in "≥≤=" and not is_execution_row(list(r[:3])))
    result = generate(_final(tmp_path, {k: "27.5"}), tmp_path / "out", ["docx", "pdf"])
    assert not result.refused, [f.line() for f in result.gate.errors]
    for fmt, report in result.read_back.items():
        got = {f.measure: f.value for f in report.facts if f.measure.startswith("performance.self_eval.1.")}
        assert got[f"performance.self_eval.1.indicator.{k + 1}.score"] == Decimal("27.5"), fmt
        assert not [f.line() for f in report.findings if f.severity in ("error", "warning")], fmt
