"""The words of a published 绩效目标表: each project's 总体目标 and every indicator row, its
指标值 as printed (``显著改善`` as much as ``≤87.45万元``), taken from the table's cells.

WHY from the cells: the reader makes facts of numbers only, so an ``extract`` JSON carries an
indicator whose 指标值 is a number (its printed text in the fact's label) but neither a text-valued
indicator nor the 总体目标 paragraph: the round trip of a published document lost them (烟台住建局
2026: 38 pages instead of the published tables' full content). The table cells as read hold them;
each row taken here keeps its cell as its source (file, page, table, row, column, text), so the
regenerated 绩效目标表 says where every word came from. The labels are the reader's own patterns
(``[performance]`` of rules/tables.toml) and, for the 总体目标 row, ``source_target`` of
rules/generate/tables.toml.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, Iterable, Mapping, Optional

from ..model import Cell, Diagnostic, Document, Severity, Source, Table
from .indicators import Indicator, number, perf_layout
from .inputs import Inputs

_SPACE = re.compile(r"\s+")
#: the table roles whose cells are taken (rules/tables.toml)
TARGETS_ROLE = "performance_targets"
SELF_EVAL_ROLE = "performance_self_eval"
#: the tables of a source document by index (read again, or an extract JSON's ``cells``)
Tables = Mapping[int, Table]


@dataclass
class PerfBlock:
    """One project of a 绩效目标表 as printed: name, 总体目标, indicator rows."""

    name: str
    source: Source
    target: str = ""
    target_source: Optional[Source] = None
    rows: list[Indicator] = field(default_factory=list)


@dataclass
class _Header:
    name: int
    value: int
    level1: Optional[int] = None
    level2: Optional[int] = None
    weight: Optional[int] = None


def _norm(text: str) -> str:
    return _SPACE.sub("", text or "")


def _cell_source(path: str, table: Table, grid_src: Mapping, r: int, c: int, text: str) -> Source:
    page, line = grid_src.get((r, c), (table.page, table.line))
    return Source(file=path, page=page, line=line, table=table.index, row=r, column=c, text=text)


def _right(row: list[str], i: int) -> tuple[Optional[int], str]:
    """The first non-empty cell right of ``i`` (a label's value)."""
    return next(((j, row[j]) for j in range(i + 1, len(row)) if _norm(row[j])), (None, ""))


def _header(row: list[str], labels: Mapping[str, str]) -> Optional[_Header]:
    """An indicator header: a 三级指标/指标名称 column and a 指标值 column (the reader's patterns)."""
    perf = perf_layout()
    texts = [_norm(t) for t in row]
    name = next((i for i, t in enumerate(texts) if t and perf.indicator_name.search(t)), None)
    value = next((i for i, t in enumerate(texts) if t and any(
        c.measure == "target" and c.pattern.search(t) for c in perf.indicator_columns)), None)
    if name is None or value is None:
        return None
    weight = next((i for i, t in enumerate(texts) if t and perf.weight_header.search(t)), None)
    levels = [texts.index(labels[k]) if labels[k] in texts else None for k in ("level1", "level2")]
    return _Header(name, value, levels[0], levels[1], weight)


def _weight(text: str) -> Optional[Decimal]:
    try:
        return Decimal(_norm(text)) if _norm(text) else None
    except InvalidOperation:
        return None


def _at(row: list[str], i: Optional[int]) -> str:
    return row[i].strip() if i is not None and i < len(row) else ""


def _indicator(row: list[str], h: _Header, carry: list[str], src: Source) -> Optional[Indicator]:
    """One indicator row (None: not one); 一级/二级 carried down over merged cells."""
    at = lambda i: _at(row, i)  # noqa: E731 — the row's cells by column
    name, value = at(h.name), at(h.value)
    if not name or not value:
        return None
    carry[0] = at(h.level1) or carry[0]
    carry[1] = at(h.level2) or carry[1]
    return Indicator(name, value, carry[0], carry[1], weight=_weight(at(h.weight)), source=src)


def _cells(table: Table) -> tuple[list[list[str]], dict]:
    grid = table.grid()
    where = {(c.row, c.col): (c.page or table.page, c.line) for c in table.cells}
    return grid, where


def blocks_of(tables: Tables, path: str, indices: Iterable[int],
              labels: Mapping[str, str]) -> list[PerfBlock]:
    """The projects of the 绩效目标表 at ``indices`` (document order), each with its 总体目标 and
    indicator rows; a table that opens without a 项目名称 continues the previous project."""
    perf, target_re = perf_layout(), re.compile(labels["source_target"])
    out: list[PerfBlock] = []
    header: Optional[_Header] = None
    carry = ["", ""]
    for table in (tables[i] for i in sorted(indices) if i in tables):
        grid, where = _cells(table)
        for r, row in enumerate(grid):
            texts = [_norm(t) for t in row]
            src = lambda c, t: _cell_source(path, table, where, r, c, t)  # noqa: E731
            label = next((i for i, t in enumerate(texts) if t), None)
            if label is None:
                continue
            j, value = _right(row, label)
            if perf.project_name.search(texts[label]) and j is not None:
                out.append(PerfBlock(value.strip(), src(j, value)))
                header, carry = None, ["", ""]
            elif out and target_re.search(texts[label]) and j is not None and not out[-1].target:
                out[-1].target, out[-1].target_source = value.strip(), src(j, value)
            elif (h := _header(row, labels)) is not None:
                header = h
            elif out and header is not None:
                ind = _indicator(row, header, carry, src(header.value, _at(row, header.value)))
                if ind is not None:
                    out[-1].rows.append(ind)
    return out


def _numeric(rows: Iterable[Indicator]) -> list[Decimal]:
    return [n.value for n in (number(i.target) for i in rows) if n is not None]


def _agree(facts: list[Decimal], table: list[Decimal], b: PerfBlock, inputs: Inputs) -> bool:
    """Whether the table's numbered rows may replace the facts': the same, or the facts a prefix
    of them (the reader did not join a continuation page: an info says so)."""
    if facts == table or not facts:
        return True
    if table[:len(facts)] == facts:
        inputs.diagnostics.append(Diagnostic(
            "generate-perf-rows-continued", Severity.INFO,
            f"项目“{b.name}”绩效目标表续页上另有{len(table) - len(facts)}项数字指标（读取时未接续），按表格写出",
            f"project {b.name!r}: {len(table) - len(facts)} more numeric indicators on a continuation "
            f"page the reader did not join: written as the table prints them", b.source))
        return True
    inputs.diagnostics.append(Diagnostic(
        "generate-perf-text-differs", Severity.INFO,
        f"项目“{b.name}”绩效目标表的指标行与读取的指标数字不一致，仅保留数字指标",
        f"project {b.name!r}: the table's indicator rows differ from the facts read: "
        f"only the numeric indicators are kept", b.source))
    return False


def attach(inputs: Inputs, blocks: list[PerfBlock]) -> None:
    """Each block's 总体目标 and full indicator rows on the project of its name (in order, a name
    stated twice being two projects), when its numbered rows are the ones the facts already gave
    (the same 指标值 in the same order, or those and more the reader missed on a continuation
    page); otherwise the facts' rows stay and an info says why."""
    used: set[int] = set()
    for b in blocks:
        i = next((k for k, p in enumerate(inputs.projects) if p.name == b.name and k not in used), None)
        if i is None:
            continue
        used.add(i)
        p = inputs.projects[i]
        rows = tuple(b.rows) if _agree(_numeric(p.indicator_rows), _numeric(b.rows), b, inputs) else ()
        # the narrative ends the target's sentence itself (绩效目标为…。)
        target = p.target or b.target.rstrip("。；;，, ")
        inputs.projects[i] = replace(p, target=target, indicator_rows=rows or p.indicator_rows)


def carry_words(inputs: Inputs, facts: list, document: Optional[Document] = None,
                tables: Optional[Tables] = None) -> None:
    """What a published document's performance tables say beyond their numbers, on ``inputs``:
    the 绩效目标表's 总体目标 and text indicators, the 绩效自评表's projects by name. From
    ``tables`` (an extract JSON's cells), ``document`` (just read), or, failing both (an extract
    JSON written before it carried cells), the source file the inputs name, read again."""
    from .self_eval import self_evals_to_projects

    roles = inputs.table_roles
    targets = [i for i, r in roles.items() if r == TARGETS_ROLE]
    evals = [i for i, r in roles.items() if r == SELF_EVAL_ROLE]
    path = inputs.file
    if tables is None or not all(i in tables for i in targets + evals):
        if document is None and (targets or evals):
            document = _read(inputs.file)
        tables = {t.index: t for t in document.tables} if document is not None else None
        path = document.path if document is not None else path
    names: dict[int, tuple[str, str]] = {}
    printed: dict[int, list[Indicator]] = {}
    if tables is not None:
        from .self_eval_source import self_eval_names, self_eval_rows

        if targets:
            attach(inputs, blocks_of(tables, path, targets, _labels()))
        names = self_eval_names(tables, evals, _labels())
        printed = self_eval_rows(tables, path, evals, _labels())
    elif targets:
        inputs.diagnostics.append(Diagnostic(
            "generate-perf-text-unavailable", Severity.INFO,
            f"未找到源文件 {Path(inputs.file).name}：绩效目标表仅写出数字指标（总体目标与文字指标值未带入）",
            f"the source {Path(inputs.file).name} is not found: the 绩效目标表 keeps its numeric "
            f"indicators only (the 总体目标 and text-valued indicators are not carried)"))
    self_evals_to_projects(inputs, facts, names, printed)


def tables_from_json(entries: Iterable[Any]) -> dict[int, Table]:
    """The tables of an extract JSON that carry their ``cells`` (the performance forms:
    ``TableInfo.cells``), rebuilt as grids with each cell's own page and line."""
    out: dict[int, Table] = {}
    for t in entries:
        if not isinstance(t, dict) or not t.get("cells") or "index" not in t:
            continue
        try:
            cells = tuple(Cell(str(c.get("text", "")), int(c["row"]), int(c["col"]),
                               int(c.get("rowspan", 1)), int(c.get("colspan", 1)), None,
                               c.get("page"), c.get("line")) for c in t["cells"])
            out[int(t["index"])] = Table(
                index=int(t["index"]), page=int(t.get("page") or 0),
                n_rows=max(c.row + c.rowspan for c in cells), n_cols=max(c.col + c.colspan for c in cells),
                cells=cells, pages=tuple(t.get("pages") or ()))
        except (KeyError, TypeError, ValueError, AttributeError):
            continue  # a hand-edited table that is not cells: its words come from the source
    return out


def _labels() -> Mapping[str, str]:
    from .spec import load_spec

    return load_spec().perf


def _read(path: str) -> Optional[Document]:
    """The source document, read again (None when it is not there or cannot be read)."""
    if not path or not Path(path).is_file():
        return None
    from ..read import read_document

    try:
        return read_document(path)[0]
    except Exception:  # noqa: BLE001 — a source that no longer reads only loses its words
        return None
