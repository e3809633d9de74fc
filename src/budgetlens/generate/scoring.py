"""The gate's checks of a 绩效自评表's scores (standards.md §6.4), errors naming the cell.

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
        if ".indicator." in score.measure and weight is not None and score.value > weight.value:
            out.append(_finding("generate-score-over-weight", f"得分{score.text}大于分值{weight.text}",
                                f"score {score.text} exceeds its weight {weight.text}", t, score))
    return out


def score_findings(model: DocModel) -> list[GateFinding]:
    """Errors of the model's self-evaluation tables, each naming its cell and input."""
    out = []
    for t in model.tables():
        if t.family != "performance_self_eval":
            continue
        parts = [c for c in _by_suffix(t, ".score") if ".indicator." in c.measure]
        totals = [c for c in _by_suffix(t, ".score") if ".indicator." not in c.measure]
        out += _over_weight(t)
        for total in totals:
            got = sum((c.value for c in parts), Decimal(0))
            if parts and got != total.value:
                out.append(_finding("generate-score-total", f"总分{total.text}不等于各指标得分之和{got}",
                                    f"the total score {total.text} is not the sum of the scores, {got}",
                                    t, total))
            if not Decimal(0) <= total.value <= FULL_MARKS:
                out.append(_finding("generate-score-range", f"总分{total.text}不在0–100之间",
                                    f"the total score {total.text} is not within 0–100", t, total))
    return out

