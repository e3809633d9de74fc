"""A decrease over 100% (kind ``pct_floor``, rule ``decrease-over-100-pct``): issue #12's check of a
new kind, one evaluator plus one declaration. A non-negative amount decreases by at most 100%, so
"比上年下降122%" is impossible whether or not a base or a change is printed beside it. Real seed
sentences edited to the impossible figure, and sentences written on their own (no base, no change:
what the ``pct`` recomputation cannot see); near misses: exactly 100%, within rounding, increases."""

from __future__ import annotations

from decimal import Decimal

import pytest

from budgetlens.pipeline import process
from budgetlens.reconcile import EVALUATORS
from budgetlens.rules.catalogue import rules_by_id

from .form_support import seed_text

RULE = "decrease-over-100-pct"
SEED = "002"
# 培训费 of seed 002: "本年度培训费支出0.00万元，较上年决算数减少2.56万元，下降100%" (a true 100%)
TRAINING = "较上年决算数减少2.56万元，下降100%"
HEAD = ("某某市某某局2024年部门预算\n\n一、收支预算总体情况\n2024年收入预算1,000.00万元，支出预算1,000.00万元。\n"
        "\n二、一般公共预算财政拨款支出情况\n")


def _findings(tmp_path, text: str, rule: str = RULE):
    path = tmp_path / "doc.txt"
    path.write_text(text, encoding="utf-8")
    result = process(str(path))
    assert result.audit is not None, result.error
    return result, [f for f in result.audit.findings if f.rule == rule]


def test_the_kind_is_registered_and_declared():
    rule = rules_by_id()[RULE]
    assert rule.kind == "pct_floor" and rule.kind in EVALUATORS
    assert rule.severity == "error" and rule.category == "percentage"


def test_a_seed_decrease_edited_past_100_is_an_error_citing_its_sentence(tmp_path):
    text = seed_text(SEED)
    assert TRAINING in text
    result, found = _findings(tmp_path, text.replace(TRAINING, TRAINING.replace("100%", "122%"), 1))
    assert len(found) == 1
    f = found[0]
    assert f.severity == "error" and f.stated == "-122"
    assert Decimal(f.expected) == Decimal(-100)
    evidence = f.evidence[0]  # the headline's own; a percentage check the 122% also breaks
    assert "下降122%" in evidence.source.text and evidence.source.line  # follows (merge.py)
    assert all(a.stated == "-122" for a in f.also_breaks)
    assert "122%" in f.message and "100%" in f.message and "122%" in f.message_en
    # the true 100% of the unedited seed stays quiet (the near miss on the same sentence)
    _, quiet = _findings(tmp_path, text)
    assert quiet == []


@pytest.mark.parametrize("sentence, measure, stated", [
    ("2024年一般公共预算财政拨款支出1000.00万元，比上年下降122%，主要原因是项目减少。",
     "expense.general.total", "-122"),
    ("2024年“三公”经费预算50.00万元，比上年预算下降135.6%，主要原因是压减公务接待。",
     "three_public.total", "-135.6"),
    ("2024年一般公共预算财政拨款支出1000.00万元，较上年减少102%。", "expense.general.total", "-102"),
])
def test_a_stated_decrease_over_100_without_base_or_change(tmp_path, sentence, measure, stated):
    """Nothing to recompute from: the pct rule cannot judge it, this one does."""
    result, found = _findings(tmp_path, HEAD + sentence + "\n")
    pct = [f for f in result.disclosure.facts if f.measure == measure and f.kind == "percent"]
    assert pct and pct[0].value == Decimal(stated)
    assert [(f.measure, f.stated, f.severity) for f in found] == [(measure, stated, "error")]
    assert sentence.split("，")[1] in found[0].evidence[0].source.text


@pytest.mark.parametrize("sentence", [
    "2024年一般公共预算财政拨款支出0.00万元，比上年下降100%，主要原因是项目结束。",
    "2024年一般公共预算财政拨款支出1000.00万元，比上年增长122%，主要原因是项目增加。",
    "2024年一般公共预算财政拨款支出1000.00万元，比上年下降12.2%，主要原因是项目减少。",
    # within the percentage slack of standards §4 (≤ 0.1 pp beyond rounding): not an error
    "2024年一般公共预算财政拨款支出0.00万元，比上年下降100.05%，主要原因是项目结束。",
])
def test_near_misses_stay_quiet(tmp_path, sentence):
    result, found = _findings(tmp_path, HEAD + sentence + "\n")
    assert any(f.kind == "percent" for f in result.disclosure.facts)
    assert [f for f in found if f.severity != "info"] == []


# -- a score within its weight (kind at_most_sibling, session 19, branch forms8) ---------------

from ..selfeval_forms import as_cell_lines, as_pipe_rows, form  # noqa: E402

SCORE_RULE = "self-eval-score-within-weight"


def _form_findings(tmp_path, text: str) -> list:
    path = tmp_path / "cuiping_glyh_2024_xmzp.txt"
    path.write_text(text, encoding="utf-8")
    result = process(str(path))
    assert result.audit is not None, result.error
    return [(f.rule, f.measure, f.stated, f.expected, f.severity) for f in result.audit.findings]


@pytest.mark.parametrize("flatten", [as_pipe_rows, as_cell_lines])
def test_a_score_above_its_weight_is_an_error_and_equal_is_quiet(tmp_path, flatten):
    over = _form_findings(tmp_path, flatten(form(indicators=(("50", "52"), ("40", "38")))))
    assert [f for f in over if f[0] == SCORE_RULE] == [
        (SCORE_RULE, "performance.self_eval.1.indicator.1.score", "52", "50", "error")]
    over = _form_findings(tmp_path, flatten(form(execution=("10", "12"))))
    assert [f[1] for f in over if f[0] == SCORE_RULE] == ["performance.self_eval.1.execution_score"]
    # near miss: the score equal to its weight
    assert _form_findings(tmp_path, flatten(form(indicators=(("50", "50"), ("40", "38"))))) == []


@pytest.mark.parametrize("flatten", [as_pipe_rows, as_cell_lines])
def test_the_form_s_own_identities_hold_and_break(tmp_path, flatten):
    # 财政专户管理资金 2.00 beside 财政资金 13.00: the sources add up to 总额 15.00 (near miss: quiet)
    assert _form_findings(tmp_path, flatten(form(funds=("12.00", "15.00", "15.00", "100.00%"),
                                                  special="2.00"))) == []
    # 执行率 printed 95.00% where 13.50 / 15.00 = 90%: the rate identity
    found = _form_findings(tmp_path, flatten(form(funds=("12.00", "15.00", "13.50", "95.00%"))))
    assert [(f[0], f[2], f[3]) for f in found] == [("self-eval-execution-rate", "95.00", "90.00")]


@pytest.mark.parametrize("flatten", [as_pipe_rows, as_cell_lines])
def test_sources_that_do_not_add_up_to_the_total_fire(tmp_path, flatten):
    rows = form(funds=("12.00", "15.00", "15.00", "100.00%"), special="2.00")
    fiscal = next(r for r in rows if r[0] == "其中:财政资金")
    fiscal[3] = "13.50"  # 13.50 + 2.00 = 15.50, not the 15.00 of 总额
    found = _form_findings(tmp_path, flatten(rows))
    assert [(f[0], f[2], f[3]) for f in found] == [("self-eval-fund-sources", "15.00", "15.50")]
