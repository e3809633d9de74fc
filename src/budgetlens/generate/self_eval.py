"""A published 决算's 项目支出绩效自评表 as inputs: the round trip of ``performance.self_eval.<n>.…``
facts into projects with their 自评得分 and indicator rows.

WHY a module of its own: the reader numbers self-evaluations by table (``self_eval.<n>``) and
keeps no project name in the facts, so a 决算's 绩效自评表 could be regenerated from a workbook but
not from an extract. The name is found, in this order, in the 项目名称 cell of the n-th 绩效自评表
(the source document's cells, as :mod:`.perf_source` reads the 绩效目标表), or in the one project row
of the 项目支出表 (``expense.project.item.<m>``, its label the name as printed) whose amount is the
self-evaluation's 全年执行数. Without either the self-evaluation is not written, and an info says so.

The 预算执行率 block (分值 10, 执行率, 得分) is printed as the indicator row it is scored as: the
总分 is the 执行率得分 plus the indicators' (standards.md §6.3), so without it a published 100 would
not be the sum of the rows above it.
"""

from __future__ import annotations

import re
from dataclasses import replace
from decimal import Decimal
from typing import Iterable, Mapping, Optional, TypedDict

from ..model import Diagnostic, Fact, Severity, Source
from .indicators import Indicator, from_facts
from .inputs import Inputs, Project

_SELF_EVAL = re.compile(r"^performance\.self_eval\.(\d+)\.(score|funds|execution_rate|execution_weight|"
                        r"execution_score)$")
_ITEM = re.compile(r"^expense(\.general)?\.project\.item\.\d+$")
#: the name of the 预算执行率 row (rules/generate/tables.toml [performance] writes no such label)
EXECUTION_ROW = "预算执行率"


def _by_number(facts: Iterable[Fact]) -> dict[int, dict[str, Fact]]:
    out: dict[int, dict[str, Fact]] = {}
    for f in facts:
        m = _SELF_EVAL.match(f.measure)
        if m and f.basis == "current":
            out.setdefault(int(m.group(1)), {}).setdefault(m.group(2), f)
    return out


def _item_names(facts: Iterable[Fact]) -> dict[Decimal, list[str]]:
    """Project rows of the 项目支出表 by amount (their label: ``name / column``)."""
    out: dict[Decimal, list[str]] = {}
    for f in facts:
        if _ITEM.match(f.measure) and f.basis == "current" and f.label:
            out.setdefault(f.value, []).append(f.label.split(" / ", 1)[0].strip())
    return out


def _execution_row(got: Mapping[str, Fact]) -> Optional[Indicator]:
    weight, score = got.get("execution_weight"), got.get("execution_score")
    if weight is None or score is None:
        return None
    rate = got.get("execution_rate")
    actual = f"{rate.value.normalize():f}%" if rate is not None else ""
    return Indicator(EXECUTION_ROW, "", EXECUTION_ROW, "", actual, weight.value, score.value, score.source)


def _name(n: int, got: Mapping[str, Fact], names: Mapping[int, tuple[str, str]],
          items: Mapping[Decimal, list[str]]) -> str:
    if names.get(n):
        return names[n][0]
    funds = got.get("funds")
    hits = items.get(funds.value, []) if funds is not None else []
    return hits[0] if len(hits) == 1 else ""


class _SelfEvalFields(TypedDict, total=False):
    """What a self-evaluation sets on its project (``target`` only where the project has none)."""

    score: Optional[Decimal]
    score_source: Source
    indicator_rows: tuple[Indicator, ...]
    target: str


_WORDS = ("name", "target", "actual", "level1", "level2", "target_source", "actual_source", "score_source")


def with_printed(rows: list[Indicator], printed: list[Indicator]) -> list[Indicator]:
    """The facts' indicator rows completed by the words the table prints (a 实际完成值 or 指标值 in
    words, the 一级/二级指标), row k by row k: only when the table's rows are the facts' rows (as
    many, each with the same 分值 and 得分), else the facts' rows as they are."""
    same = len(rows) == len(printed) and all(
        (a.weight, a.score) == (b.weight, b.score) for a, b in zip(rows, printed))
    if not same:
        return rows
    return [replace(a, **{f: getattr(b, f) for f in _WORDS if not getattr(a, f) and getattr(b, f)})
            for a, b in zip(rows, printed)]


def self_evals_to_projects(inputs: Inputs, facts: list[Fact], names: Mapping[int, tuple[str, str]],
                           printed: Optional[Mapping[int, list[Indicator]]] = None) -> None:
    """Each self-evaluation of the facts as a project's 自评得分 and indicator rows: set on the
    project of its name, else added as a project the 项目支出表 does not list. ``names``: the n-th
    绩效自评表's 项目名称 and 年度目标 as printed, ``printed`` its indicator rows as printed (both
    from the source's cells; may be empty)."""
    indicators = from_facts(facts)
    items = _item_names(facts)
    for n, got in sorted(_by_number(facts).items()):
        rows = with_printed(list(indicators.get(("self_eval", n), ())), list((printed or {}).get(n, ())))
        if (ex := _execution_row(got)) is not None:
            rows.append(ex)
        score = got.get("score")
        if score is None and not any(r.score is not None for r in rows):
            continue
        name = _name(n, got, names, items)
        if not name:
            inputs.diagnostics.append(Diagnostic(
                "generate-self-eval-unnamed", Severity.INFO,
                f"第{n}张绩效自评表的项目名称无法确定（源文件不可读，且项目支出表无同额项目），未写出",
                f"self-evaluation {n}: its project's name is unknown (no readable source, no project "
                f"row of the same amount): not written", score.source if score else None))
            continue
        i = next((k for k, p in enumerate(inputs.projects) if p.name == name and p.score is None), None)
        # the 自评得分's cell, else the first indicator row's (rows read from facts have one)
        src = score.source if score is not None else next(r.source for r in rows if r.source)
        fields: _SelfEvalFields = {"score": score.value if score is not None else None,
                                   "score_source": src, "indicator_rows": tuple(rows)}
        target = names.get(n, ("", ""))[1]
        if target and (i is None or not inputs.projects[i].target):
            fields["target"] = target
        if i is None:
            funds = got.get("funds")
            inputs.projects.append(Project(name, funds.value if funds else Decimal(0), src, listed=False,
                                           **fields))
        else:
            inputs.projects[i] = replace(inputs.projects[i], **fields)
