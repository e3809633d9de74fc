"""The words of a published 绩效自评表, from its cells: the 项目名称 and 年度目标, and each indicator
row as printed — 指标值 and 实际完成值 in words as much as in numbers (全年, 国家标准范围之内, 按时完成).

WHY from the cells: the reader makes facts of numbers only (``performance.self_eval.<n>.indicator.
<k>.{weight,score,target,actual}``), so a 实际完成值 in words reached neither the regenerated table
nor the scoring rule, and a 决算 regenerated from its extract printed such rows with blank cells.
The rows are numbered as the reader numbers them (by a 分值 or 得分 under the indicator header,
the 总分 row closing the block), so that row k here is the reader's indicator k; each keeps the
cells that print its 指标值 and 实际完成值 as their sources. Labels are the reader's own
(``[performance]`` of rules/tables.toml) and ``level1``/``level2`` of rules/generate/tables.toml.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable, Mapping, Optional

from ..extract.numbers import parse_number
from ..model import Source, Table
from ..rules import generate_words
from .indicators import Indicator, perf_layout
from .perf_source import Tables, _cell_source, _cells, _norm, _right, _weight


@dataclass
class _EvalHeader:
    """Columns of a 绩效自评表's indicator header (None: not printed)."""

    name: int
    columns: dict[str, int]
    level1: Optional[int] = None
    level2: Optional[int] = None


def _self_eval_target(grid: list[list[str]], target_re: re.Pattern) -> str:
    """The 年度（总体）目标 of a 绩效自评表: the text right of its label, or, when the label heads
    columns (年初绩效目标 | … | 实际完成情况), the first text of the row below them. A cell right
    of the label holding the declared label word (rules/generate/words.toml [self_eval]) is such
    another heading, not the target."""
    label_word = generate_words.load_generate_words().self_eval["label_word"]
    for r, row in enumerate(grid):
        texts = [_norm(t) for t in row]
        label = next((i for i, t in enumerate(texts) if t), None)
        if label is None or not target_re.search(texts[label]):
            continue
        j, value = _right(row, label)
        if j is not None and not target_re.search(_norm(value)) and label_word not in _norm(value):
            return value.strip()
        below = grid[r + 1] if r + 1 < len(grid) else []
        return next((t.strip() for t in below[label + 1:] if _norm(t)), "")
    return ""


def self_eval_names(tables: Tables, indices: Iterable[int],
                    labels: Mapping[str, str]) -> dict[int, tuple[str, str]]:
    """(项目名称, 年度目标) printed in the n-th 绩效自评表 (1-based, document order: the reader
    numbers self-evaluations by table)."""
    perf, out = perf_layout(), {}
    target_re = re.compile(labels["source_self_eval_target"])
    for n, i in enumerate(sorted(indices), 1):
        if i not in tables:
            continue
        grid = tables[i].grid()
        for row in grid:
            k = next((c for c, t in enumerate(row) if _norm(t) and perf.project_name.search(_norm(t))), None)
            if k is not None and (value := _right(row, k)[1].strip()):
                target = re.sub(r"\s*\n\s*", "", _self_eval_target(grid, target_re))  # one paragraph
                out[n] = (value, target.rstrip("。；;，, "))
                break
    return out


def _eval_header(texts: list[str], labels: Mapping[str, str]) -> Optional[_EvalHeader]:
    """An indicator header of a 绩效自评表: a name column and a 分值 or 得分 column (the reader's
    ``indicator_name`` and ``indicator_columns``)."""
    perf = perf_layout()
    name = next((i for i, t in enumerate(texts) if t and perf.indicator_name.search(t)), None)
    columns: dict[str, int] = {}
    for i, t in enumerate(texts):
        col = next((c for c in perf.indicator_columns if t and c.pattern.search(t)), None)
        if col is not None:
            columns.setdefault(col.measure, i)
    if name is None or not {"weight", "score"} & columns.keys():
        return None
    levels = [texts.index(labels[k]) if labels[k] in texts else None for k in ("level1", "level2")]
    return _EvalHeader(name, columns, levels[0], levels[1])


def _at(row: list[str], i: Optional[int]) -> str:
    return row[i].strip() if i is not None and i < len(row) else ""


def _rows_of(table: Table, path: str, labels: Mapping[str, str]) -> list[Indicator]:
    """The indicator rows of one 绩效自评表, numbered as the reader numbers them."""
    perf, out = perf_layout(), []
    grid, where = _cells(table)
    header: Optional[_EvalHeader] = None
    carry = ["", ""]
    for r, row in enumerate(grid):
        texts = [_norm(t) for t in row]
        if (h := _eval_header(texts, labels)) is not None:
            header, carry = h, ["", ""]
            continue
        if header is None:
            continue
        own = [header.columns.get(k) for k in ("weight", "score")]
        if not any(parse_number(_at(row, i)) is not None for i in own if i is not None):
            continue
        first = next((t for t in texts if t), "")
        if perf.self_eval_total_row.search(_norm(_at(row, header.name))) or perf.self_eval_total_row.search(first):
            header = None  # the 总分 row closes the block
            continue
        carry[0] = _at(row, header.level1) or carry[0]
        carry[1] = _at(row, header.level2) or carry[1]
        src = {k: _cell_source(path, table, where, r, i, _at(row, i)) for k in ("target", "actual", "score")
               if (i := header.columns.get(k)) is not None and _at(row, i)}
        out.append(Indicator(
            _at(row, header.name), _at(row, header.columns.get("target")), carry[0], carry[1],
            _at(row, header.columns.get("actual")), _weight(_at(row, own[0])), _weight(_at(row, own[1])),
            src.get("actual") or src.get("target"), target_source=src.get("target"),
            actual_source=src.get("actual"), score_source=src.get("score")))
    return out


def self_eval_rows(tables: Tables, path: str, indices: Iterable[int],
                   labels: Mapping[str, str]) -> dict[int, list[Indicator]]:
    """The indicator rows printed in the n-th 绩效自评表 (1-based, document order), as printed."""
    return {n: _rows_of(tables[i], path, labels) for n, i in enumerate(sorted(indices), 1) if i in tables}
