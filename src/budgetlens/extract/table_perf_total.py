"""A self-evaluation's 总分 row that adds up the indicators alone (issue #8).

Why apart from :mod:`table_perf`: the national 绩效自评表 gives the budget execution rate its own
weight (分值 10) on the funds row and the indicators the rest (90), and its 总分 row the whole
(100, the execution score plus the indicators'). Some forms print the 总分 row over the
indicators alone: its 分值 is the indicators' weights (90) and its 得分 their scores. Read as
the form's score, it falls short of the execution score plus the indicators' by exactly the
execution score — a contradiction the form does not contain. The row's own weight says which
it is, so it is filed as the indicators' total (``.indicator_score``, checked against the
indicator scores by ``self-eval-indicator-score``) only when that weight equals the indicators'
weights and the funds row prints a weight of its own.
"""

from __future__ import annotations

from ..model import Fact


def indicators_total(facts: list[Fact], prefix: str) -> list[Fact]:
    """``facts`` with the 总分 row's score filed as the indicators' total (``.indicator_score``)
    when that row prints its own weight as the indicators' weights alone while the funds row
    carries the execution-rate weight: 西安 卫健委 2022 prints 总分 | 90 | 90 under indicators
    weighted 90, the funds row's 分值 10 | 得分 9.98 beside them. Its 90 adds up the indicators;
    read as the whole form's score it fell short of 9.98 + 90 (a false warning)."""
    weight = next((f for f in facts if f.measure == f"{prefix}.weight_total"), None)
    if weight is None or not any(f.measure == f"{prefix}.execution_weight" and f.value
                                 for f in facts):
        return facts
    weights = [f.value for f in facts if f.measure.startswith(f"{prefix}.indicator.")
               and f.measure.endswith(".weight")]
    if not weights or sum(weights) != weight.value:
        return facts
    return [f._replace(measure=f"{prefix}.indicator_score") if f.measure == f"{prefix}.score"
            and f.source.row == weight.source.row else f for f in facts]
