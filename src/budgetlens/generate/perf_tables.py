"""The 项目支出绩效目标表 (预算) and 项目支出绩效自评表 (决算), written as the forms our reader knows.

WHY forms and not a declared grid (rules/generate/tables.toml): these tables are label → value
forms (项目名称 | name, 当年预算 | amount, 自评得分 | score), read by extract/table_perf.py with the
labels of ``[performance]`` in rules/tables.toml; the labels written here are ones those patterns
match, so the written table reads back as ``performance.project.<n>.budget`` and
``performance.self_eval.<n>.score``, numbered in document order as the reader numbers them.

No header row: a form's first row must be its 项目名称 (a header row above it would be read as a
project of its own, and repeated on each page it would start one more per page). Four columns:
项目名称 | name | 主管部门 | unit, then label | value merged over the other three — a table whose
every row is merged to two columns is read (from a PDF's rules too) as a two-column table, which
the reader takes for a form printed cell-per-line and regroups into one row.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Mapping, Optional

from ..model import Source
from .doc import GenCell, GenTable
from .inputs import Inputs, Project
from .numbers import show

#: columns of a form: 项目名称 | name | 主管部门 | unit; other rows label | value (merged)
WIDTH = 4


def _name_row(r: int, name: str, unit: str, labels: Mapping[str, str]) -> list[GenCell]:
    return [GenCell(labels["name"], r, 0), GenCell(name, r, 1), GenCell(labels["owner"], r, 2),
            GenCell(unit, r, 3)]


def _label_row(r: int, label: str, text: str) -> list[GenCell]:
    return [GenCell(label, r, 0), GenCell(text, r, 1, colspan=WIDTH - 1)]


def _value_row(r: int, label: str, value: Decimal, measure: str, kind: str,
               source: Optional[Source]) -> list[GenCell]:
    text = show(value, kind)
    return [GenCell(label, r, 0), GenCell(text, r, 1, colspan=WIDTH - 1, measure=measure, basis="current",
                                          value=Decimal(text), kind=kind, source=source,
                                          origin="input", numeric=True)]


def _project_rows(r: int, n: int, p: Project, unit: str, labels: Mapping[str, str]) -> list[GenCell]:
    """One project's block of the 绩效目标表: its name, 当年预算, 绩效目标 and indicators."""
    amount, source = (p.perf_amount, p.perf_source) if p.perf_amount is not None else (p.amount, p.source)
    cells = _name_row(r, p.name, unit, labels)
    cells += _value_row(r + 1, labels["budget"], amount, f"performance.project.{n}.budget", "money", source)
    k = r + 2
    for label, text in ((labels["target"], p.target), (labels["indicators"], p.indicators)):
        if text:
            cells += _label_row(k, label, text)
            k += 1
    return cells


def _title(template: str, ctx: Mapping[str, str], project: str = "") -> str:
    return template.replace("{unit}", ctx["unit"]).replace("{year}", ctx["year"]).replace(
        "{project}", project)


def targets_table(inputs: Inputs, ctx: dict[str, str], number: int,
                  labels: Mapping[str, str]) -> Optional[GenTable]:
    """All projects with a 绩效目标 in one form, a block per project (None: no project has one)."""
    projects = [p for p in inputs.projects if p.target or p.perf_amount is not None]
    if not projects:
        return None
    cells: list[GenCell] = []
    for n, p in enumerate(projects, 1):
        cells += _project_rows(max((c.row for c in cells), default=-1) + 1, n, p, ctx["unit"], labels)
    return GenTable("performance_targets", "budget_performance_targets", number,
                    _title(labels["targets_title"], ctx), max(c.row for c in cells) + 1,
                    WIDTH, 0, tuple(cells))


def self_eval_tables(inputs: Inputs, ctx: dict[str, str], number: int,
                     labels: Mapping[str, str]) -> list[GenTable]:
    """One 绩效自评表 per project with a 自评得分 (the reader numbers self-evaluations by table)."""
    out = []
    scored = [p for p in inputs.projects if p.score is not None]
    for n, p in enumerate(scored, 1):
        cells = _name_row(0, p.name, ctx["unit"], labels)
        cells += _value_row(1, labels["score"], p.score, f"performance.self_eval.{n}.score", "count", p.source)
        if p.target:
            cells += _label_row(2, labels["target"], p.target)
        out.append(GenTable("performance_self_eval", "final_performance_self_eval", number + len(out),
                            _title(labels["self_eval_title"], ctx, p.name), max(c.row for c in cells) + 1,
                            WIDTH, 0, tuple(cells), unit_line=labels["score_unit_line"]))
    return out


def performance_tables(inputs: Inputs, ctx: dict[str, str], number: int,
                       labels: Mapping[str, str]) -> list[GenTable]:
    """The performance tables of the document's kind, numbered from ``number``; ``labels`` are
    the [performance] labels and titles of rules/generate/tables.toml."""
    if inputs.kind == "final":
        return self_eval_tables(inputs, ctx, number, labels)
    table = targets_table(inputs, ctx, number, labels)
    return [table] if table is not None else []

