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

Indicator rows (:mod:`.indicators`) follow a project's label rows under a header row of their own
(一级 | 二级 | 三级指标 | 指标值 [| 指标权重]; a 决算's adds 实际完成值 | 分值 | 得分 and a 总分 row),
numbered as the reader numbers them: by their weight/score when the block has such a column, else
by a 指标值 that is one number. A block's width is the table's: its first column spans the rest.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Mapping, Optional

from ..model import Source
from .doc import GenCell, GenTable
from .indicators import Indicator, number
from .inputs import Inputs, Project
from .numbers import show

#: columns of a form without indicators: 项目名称 | name | 主管部门 | unit; other rows label | value
WIDTH = 4


def _name_row(r: int, name: str, unit: str, labels: Mapping[str, str], width: int) -> list[GenCell]:
    return [GenCell(labels["name"], r, 0), GenCell(name, r, 1, colspan=width - 3),
            GenCell(labels["owner"], r, width - 2), GenCell(unit, r, width - 1)]


def _label_row(r: int, label: str, text: str, width: int) -> list[GenCell]:
    return [GenCell(label, r, 0), GenCell(text, r, 1, colspan=width - 1)]


def _value_row(r: int, label: str, value: Decimal, measure: str, kind: str,
               source: Optional[Source], width: int) -> list[GenCell]:
    text = show(value, kind)
    return [GenCell(label, r, 0), GenCell(text, r, 1, colspan=width - 1, measure=measure, basis="current",
                                          value=Decimal(text), kind=kind, source=source,
                                          origin="input", numeric=True)]


def _columns(rows: tuple[Indicator, ...], final: bool, labels: Mapping[str, str]) -> list[str]:
    """The indicator header of one project's block (what its inputs give)."""
    names = ([labels["level1"], labels["level2"], labels["level3"]] if any(i.level1 for i in rows)
             else [labels["indicator_name"]])
    if final:
        return names + [labels["year_target_value"], labels["actual_value"], labels["self_weight"],
                        labels["indicator_score"]]
    return names + [labels["target_value"]] + ([labels["weight"]] if any(
        i.weight is not None for i in rows) else [])


def _figure(text: str, r: int, col: int, measure: str, source: Optional[Source]) -> GenCell:
    """A printed value: a fact cell when the reader takes a number from it, else text."""
    n = number(text)
    if n is None:  # words (全年, 按时完成): no fact, but the cell they were printed in stays known
        return GenCell(text, r, col, source=source if text else None)
    return GenCell(text, r, col, measure=measure, basis="current", value=n.value,
                   kind="percent" if n.percent else "count", source=source, origin="input", numeric=True)


def _score(value: Optional[Decimal], r: int, col: int, measure: str, source: Optional[Source]) -> GenCell:
    if value is None:
        return GenCell("", r, col)
    # a score or weight as given: 9 stays 9, 8.5 stays 8.5 (rounded to a whole point it would
    # no longer add up to the 总分 the evaluator gave)
    text = show(value, "count") if value == value.to_integral_value() else f"{value.normalize():f}"
    return GenCell(text, r, col, measure=measure, basis="current", value=Decimal(text), kind="count",
                   source=source, origin="input", numeric=True)


def _numbered(ind: Indicator, final: bool, weighted: bool) -> bool:
    """Whether the reader gives this row an indicator number (see the module's docstring)."""
    if final or weighted:
        return ind.weight is not None or (final and ind.score is not None)
    return number(ind.target) is not None


def _indicator_row(r: int, ind: Indicator, cols: list[str], prefix: str, width: int,
                   final: bool, weighted: bool) -> list[GenCell]:
    lead = width - len(cols) + 1  # the first column spans what the block does not use
    n_names = len(cols) - (4 if final else 1) - (1 if not final and weighted else 0)
    names = [ind.level1, ind.level2, ind.name] if n_names == 3 else [ind.name]
    cells = [GenCell(t, r, c + (lead - 1 if c else 0), colspan=lead if c == 0 else 1)
             for c, t in enumerate(names)]
    c = len(names) + lead - 1
    cells.append(_figure(ind.target, r, c, f"{prefix}.target", ind.target_source or ind.source))
    if final:
        cells.append(_figure(ind.actual, r, c + 1, f"{prefix}.actual", ind.actual_source or ind.source))
        cells.append(_score(ind.weight, r, c + 2, f"{prefix}.weight", ind.source))
        cells.append(_score(ind.score, r, c + 3, f"{prefix}.score", ind.score_source or ind.source))
    elif weighted:  # a 绩效目标表's weight is performance.project.<n>.weight.<k> (the reader's name)
        base, k = prefix.rsplit(".indicator.", 1)
        cells.append(_score(ind.weight, r, c + 1, f"{base}.weight.{k}", ind.source))
    return cells


def indicator_block(r: int, rows: tuple[Indicator, ...], prefix: str, width: int, final: bool,
                    labels: Mapping[str, str]) -> list[GenCell]:
    """The header row and one row per indicator, from row ``r``; numbered as the reader does."""
    cols = _columns(rows, final, labels)
    lead = width - len(cols) + 1
    cells = [GenCell(t, r, c + (lead - 1 if c else 0), colspan=lead if c == 0 else 1)
             for c, t in enumerate(cols)]
    weighted = labels["weight"] in cols
    k = 0
    for j, ind in enumerate(rows, 1):
        numbered = _numbered(ind, final, weighted)
        k += numbered
        row = _indicator_row(r + j, ind, cols, f"{prefix}.indicator.{k}", width, final, weighted)
        cells += row if numbered else [c if not c.measure else GenCell(c.text, c.row, c.col, c.rowspan,
                                                                       c.colspan) for c in row]
    return cells


def block_width(projects: list[Project], final: bool, labels: Mapping[str, str]) -> int:
    return max([WIDTH] + [len(_columns(p.indicator_rows, final, labels))
                          for p in projects if p.indicator_rows])


def _project_rows(r: int, n: int, p: Project, unit: str, labels: Mapping[str, str],
                  width: int) -> list[GenCell]:
    """One project's block of the 绩效目标表: its name, 当年预算, 绩效目标 and indicators."""
    amount, source = (p.perf_amount, p.perf_source) if p.perf_amount is not None else (p.amount, p.source)
    cells = _name_row(r, p.name, unit, labels, width)
    cells += _value_row(r + 1, labels["budget"], amount, f"performance.project.{n}.budget", "money",
                        source, width)
    k = r + 2
    texts = ((labels["target"], p.target),) + (() if p.indicator_rows else (
        (labels["indicators"], p.indicators),))
    for label, text in texts:
        if text:
            cells += _label_row(k, label, text, width)
            k += 1
    if p.indicator_rows:
        cells += indicator_block(k, p.indicator_rows, f"performance.project.{n}", width, False, labels)
    return cells


def _title(template: str, ctx: Mapping[str, str], project: str = "") -> str:
    return template.replace("{unit}", ctx["unit"]).replace("{year}", ctx["year"]).replace(
        "{project}", project)


def targets_tables(inputs: Inputs, ctx: dict[str, str], number_: int,
                   labels: Mapping[str, str]) -> list[GenTable]:
    """The 绩效目标表 of the projects with a 绩效目标, 当年预算 or indicators: one form per project
    (``targets_layout = "per_project"``, the central format) or one form of a block per project."""
    projects = [p for p in inputs.projects if p.target or p.perf_amount is not None or p.indicator_rows]
    groups = [[p] for p in projects] if labels["targets_layout"] == "per_project" else [projects]
    out: list[GenTable] = []
    for group in (g for g in groups if g):
        width = block_width(group, False, labels)
        cells: list[GenCell] = []
        first = sum(len(g) for g in groups[:groups.index(group)]) + 1
        for n, p in enumerate(group, first):
            cells += _project_rows(max((c.row for c in cells), default=-1) + 1, n, p, ctx["unit"],
                                   labels, width)
        title = labels["targets_project_title" if len(groups) > 1 else "targets_title"]
        out.append(GenTable("performance_targets", "budget_performance_targets", number_ + len(out),
                            _title(title, ctx, group[0].name), max(c.row for c in cells) + 1,
                            width, 0, tuple(cells)))
    return out


def _total_row(r: int, p: Project, prefix: str, width: int, labels: Mapping[str, str]) -> list[GenCell]:
    """总分: the weights' sum and the total score (the inputs' 自评得分, else the scores' sum)."""
    weights = [i.weight for i in p.indicator_rows if i.weight is not None]
    scores = [i.score for i in p.indicator_rows if i.score is not None]
    total = p.score if p.score is not None else (sum(scores, Decimal(0)) if scores else None)
    return [GenCell(labels["total_row"], r, 0, colspan=width - 2),
            _score(sum(weights, Decimal(0)) if weights else None, r, width - 2,
                   f"{prefix}.weight_total", p.source),
            _score(total, r, width - 1, f"{prefix}.score", p.score_source or p.source)]


def self_eval_tables(inputs: Inputs, ctx: dict[str, str], number_: int,
                     labels: Mapping[str, str]) -> list[GenTable]:
    """One 绩效自评表 per project with a 自评得分 or scored indicators (the reader numbers
    self-evaluations by table); the 总分 row closes the indicator block."""
    out: list[GenTable] = []
    scored = [p for p in inputs.projects
              if p.score is not None or any(i.score is not None for i in p.indicator_rows)]
    for n, p in enumerate(scored, 1):
        prefix = f"performance.self_eval.{n}"
        width = block_width([p], True, labels)
        cells = _name_row(0, p.name, ctx["unit"], labels, width)
        r = 1
        if not p.indicator_rows and p.score is not None:  # scored: by the 自评得分 alone
            cells += _value_row(r, labels["score"], p.score, f"{prefix}.score", "count",
                                p.score_source or p.source, width)
            r += 1
        if p.target:
            cells += _label_row(r, labels["target"], p.target, width)
            r += 1
        if p.indicator_rows:
            cells += indicator_block(r, p.indicator_rows, prefix, width, True, labels)
            cells += _total_row(r + len(p.indicator_rows) + 1, p, prefix, width, labels)
        out.append(GenTable("performance_self_eval", "final_performance_self_eval", number_ + len(out),
                            _title(labels["self_eval_title"], ctx, p.name), max(c.row for c in cells) + 1,
                            width, 0, tuple(cells), unit_line=labels["score_unit_line"]))
    return out


def performance_tables(inputs: Inputs, ctx: dict[str, str], number_: int,
                       labels: Mapping[str, str]) -> list[GenTable]:
    """The performance tables of the document's kind, numbered from ``number_``; ``labels`` are
    the [performance] labels and titles of rules/generate/tables.toml."""
    if inputs.kind == "final":
        return self_eval_tables(inputs, ctx, number_, labels)
    return targets_tables(inputs, ctx, number_, labels)
