"""The gate's checks of a 绩效自评表's scores (standards.md §6.4), errors naming the cell.

P4 in full: each indicator's 得分 is recomputed from its 指标值, 实际完成值 and 分值 where the
scoring rule determines it (:mod:`.score_rule`, rules/generate/scoring.toml); a stated 得分 the rule
contradicts is an error naming the cell, and one the rule leaves to judgment is said so (an info).
A 实际完成值 in words puts the indicator in a tier whose range bounds the 得分: outside it, an error.

WHY here and not only in the audit: the audit's ``self-eval-total-score`` is a warning (a
published table may round, or score 预算执行率 in a block of its own); a document we write from
indicator rows has no such excuse. Its 总分 must be the sum of the 得分 printed above it (P5), lie in
[0, 100], and no 得分 may exceed its 分值 (P4).
"""

from __future__ import annotations

from decimal import Decimal

from ..model import Severity
from .doc import DocModel, GenCell, GenTable
from .gate import GateFinding, _cell_where

#: the largest 总分 a self-evaluation may give (standards.md §6.3)
FULL_MARKS = Decimal(100)


def _by_suffix(t: GenTable, suffix: str) -> list[GenCell]:
    return [c for c in t.value_cells() if c.measure.endswith(suffix)]


def _finding(rule: str, zh: str, en: str, t: GenTable, cell: GenCell) -> GateFinding:
    return GateFinding(rule, Severity.ERROR, zh, en, _cell_where(t, cell), cell.source)


def _over_weight(t: GenTable) -> list[GateFinding]:
    out = []
    weights = {c.measure.rsplit(".", 1)[0]: c for c in _by_suffix(t, ".weight")}
    for score in _by_suffix(t, ".score"):
        weight = weights.get(score.measure.rsplit(".", 1)[0])
        if ".indicator." in score.measure and weight is not None and score.figure > weight.figure:
            out.append(_finding("generate-score-over-weight", f"得分{score.text}大于分值{weight.text}",
                                f"score {score.text} exceeds its weight {weight.text}", t, score))
    return out


def _rule_findings(t: GenTable) -> list[GateFinding]:
    """Each indicator 得分 against the scoring rule: a contradiction (error) or judgment (info).
    A row of the block prints 指标值 | 实际完成值 | 分值 | 得分 (generate/perf_tables.py)."""
    from .score_rule import contradicts, execution_score, expected_score, is_execution_row, outside

    grid, out = t.rows(), []
    for score in (c for c in _by_suffix(t, ".score") if ".indicator." in c.measure):
        row = grid[score.row]
        target, actual, weight = (row[score.col - k] if score.col >= k else None for k in (3, 2, 1))
        if weight is None or weight.value is None:
            continue
        names = [c.text for c in row[:max(score.col - 3, 0)] if c is not None]
        if is_execution_row(names):
            v = execution_score(actual.text if actual else "", weight.value)
        else:
            v = expected_score(target.text if target else "", actual.text if actual else "", weight.value)
        if v.low is not None:  # a qualitative tier: the rule gives a range, not a point
            if outside(score.figure, score.text, v):
                out.append(_finding("generate-score-rule", f"得分{score.text}与评分规则不符：{v.why}",
                                    f"score {score.text} contradicts the scoring rule ({v.why_en})",
                                    t, score))
        elif v.expected is None:
            out.append(GateFinding("generate-score-judgment", Severity.INFO,
                                   f"得分{score.text}未重算：{v.why}", f"score {score.text} not recomputed: {v.why_en}",
                                   _cell_where(t, score), score.source))
        elif contradicts(score.figure, score.text, v.expected):
            out.append(_finding("generate-score-rule",
                                f"得分{score.text}与评分规则不符：{v.why}，应为{v.expected}",
                                f"score {score.text} contradicts the scoring rule ({v.why_en}): "
                                f"{v.expected}", t, score))
    return out


def score_findings(model: DocModel) -> list[GateFinding]:
    """Errors of the model's self-evaluation tables, each naming its cell and input."""
    out = []
    for t in model.tables():
        if t.family != "performance_self_eval":
            continue
        parts = [c for c in _by_suffix(t, ".score") if ".indicator." in c.measure]
        totals = [c for c in _by_suffix(t, ".score") if ".indicator." not in c.measure]
        out += _over_weight(t) + _rule_findings(t)
        for total in totals:
            got = sum((c.figure for c in parts), Decimal(0))
            if parts and got != total.value:
                out.append(_finding("generate-score-total", f"总分{total.text}不等于各指标得分之和{got}",
                                    f"the total score {total.text} is not the sum of the scores, {got}",
                                    t, total))
            if not Decimal(0) <= total.figure <= FULL_MARKS:
                out.append(_finding("generate-score-range", f"总分{total.text}不在0–100之间",
                                    f"the total score {total.text} is not within 0–100", t, total))
    return out

