"""Performance tables → facts: 绩效目标表 (project and 整体) and 绩效自评表.

Why apart from the grid layouts: these tables are forms, not classified grids — a label cell
(项目名称, 当年预算, 自评总分) is followed by its value, and indicator rows sit under a header row
(指标名称 | 指标权重 | …). So they are read as label → value and header-row → column lookups, with
the labels from ``[performance]`` in rules/tables.toml. Projects are numbered 1, 2, … in document
order (``performance.project.<n>``), self-evaluations likewise (``performance.self_eval.<n>``).

A form printed cell-per-line (HTML converted to text) arrives as a one- or two-column table; its
rows are rebuilt from gaps in the cells' line numbers before reading.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Optional

from ..model import Fact
from ..rules.extract_words import load_extract_words
from ..rules.projects import load_project_rows
from ..rules.table_layouts import Performance, PerfColumn
from .numbers import Number, parse_number
from .table_cells import TableContext, make_fact
from .table_perf_total import indicators_total
from .table_grid import norm
from .token_literals import one_literal


@dataclass
class PerformanceCounter:
    """Numbers projects and self-evaluations across the tables of one document."""

    projects: int = 0
    self_evals: int = 0
    overall: int = 0
    seen: set = field(default_factory=set)


Pos = tuple[int, int]


def form_rows(ctx: TableContext) -> list[list[tuple[str, Pos]]]:
    """Rows of (text, (row, col)); a narrow table printed cell-per-line is regrouped by line gaps."""
    raw = ctx.view.raw
    if ctx.table.n_cols > 2 or not all(c.line for c in ctx.table.cells):
        return [[(raw[r][c], (r, c)) for c in range(ctx.table.n_cols)] for r in range(ctx.table.n_rows)]
    lined = sorted(((c.line, c.col, c) for c in ctx.table.cells if c.line), key=lambda x: x[:2])
    rows: list[list[tuple[str, Pos]]] = []
    last_line: Optional[int] = None
    for line, _, cell in lined:
        if last_line is None or line - last_line > 1:
            rows.append([])
        if cell.col == ctx.table.n_cols - 1 or cell.text.strip() or ctx.table.n_cols == 1:
            rows[-1].append((cell.text, (cell.row, cell.col)))
        last_line = line
    return [r for r in rows if r]


def _value_right(row: list[tuple[str, Pos]], start: int) -> Optional[Pos]:
    for text, pos in row[start + 1:]:
        n = parse_number(text)
        if n is not None and not n.percent:
            return pos
        if norm(text) and parse_number(text) is None:
            return None
    return None


def _text_right(row: list[tuple[str, Pos]], start: int) -> str:
    return next((t.strip() for t, _ in row[start + 1:] if norm(t)), "")


def _column_of(row: list[tuple[str, Pos]], pattern: re.Pattern[str]) -> Optional[int]:
    return next((i for i, (t, _) in enumerate(row) if pattern.search(norm(t))), None)


def _list_name_column(row: list[tuple[str, Pos]], perf: Performance) -> Optional[int]:
    """Column of 项目名称 when it heads a column beside 指标权重 (one project per row block)
    rather than labelling a value to its right (a form with one project)."""
    if _column_of(row, perf.weight_header) is None:
        return None
    return _column_of(row, perf.project_name)


def _list_budget(ctx: TableContext, row: list[tuple[str, Pos]], header: list[str],
                 col: Optional[int], measure: str, name: str) -> list[Fact]:
    """A list-layout project's budget: its row's figure under the header's year-budget column
    (年度资金总额, 当年预算 …; never 实施期资金总额, the whole implementation period's funds).

    Why: one row per project prints its budget in a column, not to the right of a label, so the
    form reading found none and the project's amount could not be checked against other tables."""
    if col is None or col >= len(row) or parse_number(row[col][0]) is None:
        return []
    f = _fact(_in_row_unit(ctx, header[:col + 1]), measure, row[col][1], name)
    return [f] if f is not None else []


def _fact(ctx: TableContext, measure: str, pos: Pos, label: str, kind: str = "money",
          basis: str = "current") -> Optional[Fact]:
    return make_fact(ctx, measure, basis, pos[0], pos[1], label, kind)


def _in_row_unit(ctx: TableContext, labels: list[str]) -> TableContext:
    """``ctx`` in the money unit a label of the row prints (资金金额（万元）), if one does: that
    figure is in it whatever unit the table or the document is read in (rules/projects.toml)."""
    unit = next((u for t in labels if (u := load_project_rows().label_unit(t))), None)
    return replace(ctx, unit=unit) if unit and unit != ctx.unit else ctx


_OWN_COLUMNS = ("weight", "score")  # read by the table's own loop (numbering, totals)


@dataclass
class IndicatorHeader:
    """An indicator header row: value columns (指标值, 全年完成值 …), name and unit columns."""

    values: dict[int, PerfColumn]
    labels: dict[int, str]
    name: Optional[int]
    unit: Optional[int]


def indicator_header(row: list[tuple[str, Pos]], ctx: TableContext) -> IndicatorHeader:
    perf = ctx.layouts.performance
    values = _header_map(row, perf.indicator_columns)
    return IndicatorHeader(values, {i: row[i][0].strip() for i in values},
                           _column_of(row, perf.indicator_name), _column_of(row, perf.indicator_unit))


_TARGET = re.compile(r"^(?P<cmp>\D{0,4}?)\s*(?P<num>[-+]?[\d,]*\.?\d+)\s*(?P<unit>%|％|[^\d\s%％]{1,4})?$")
#: words that make a number a bound in words, not a value (100%以上, 3天以内): text
_PERF_WORDS = load_extract_words()["perf"]  # rules/extract_words.toml [perf], compiled once
_BOUND_WORDS = _PERF_WORDS.rx["bound_words"]
_DATE_UNITS = frozenset(_PERF_WORDS.words["date_units"])
_INDICATOR_WORDS = _PERF_WORDS.words["indicator_word"]


def indicator_number(text: str, perf: Performance) -> Optional[Number]:
    """The number of an indicator value printed with its comparator and unit in one cell
    (烟台: ≤87.45万元, =1个, ≥90%); a plain number as parse_number reads it. The comparator
    must be one the layout declares, so 2024年 or 第3季度 stays text."""
    n = parse_number(text)
    if n is not None:
        return n
    m = _TARGET.match(norm(text))
    if m is None or (m["cmp"] and not perf.comparator.search(m["cmp"])):
        return None
    if _BOUND_WORDS.search(m["unit"] or "") or (not m["cmp"] and m["unit"] in _DATE_UNITS):  # 2024年: a date, not a quantity
        return None
    unit = m["unit"] or ""
    n = parse_number(m["num"] + ("%" if unit in ("%", "％") else ""))
    return n._replace(unit=unit) if n is not None and unit not in ("%", "％") else n


def _cell(row: list[tuple[str, Pos]], i: Optional[int]) -> str:
    return norm(row[i][0]) if i is not None and i < len(row) else ""


def indicator_values(ctx: TableContext, prefix: str, k: int, row: list[tuple[str, Pos]],
                     header: IndicatorHeader, name: str) -> list[Fact]:
    """The numbers of one indicator row (target, actual …) as ``<prefix>.indicator.<k>.<measure>``.

    Why the label carries comparator and unit: the fact's value is only the number (96), while the
    target as printed is "政务服务好评率 ≥ 96%"; a reader and a later check need both. A value that is
    not one clean number (有效提升, 100%以上) is no fact: it stays text.
    """
    perf = ctx.layouts.performance
    unit = _cell(row, header.unit)
    comparator = next((norm(t) for t, _ in row if perf.comparator.search(norm(t))), "")
    out = []
    for i, col in header.values.items():
        if col.measure in _OWN_COLUMNS or i >= len(row) or (n := indicator_number(row[i][0], perf)) is None:
            continue
        kind = col.kind
        if kind == "unit":
            kind = "percent" if n.percent or unit in ("%", "％") else "count"
        shown = norm(row[i][0]) + ("" if n.percent or n.unit else ("%" if kind == "percent" else unit))
        if col.measure == "target":
            label = " ".join(p for p in (name, comparator, shown) if p)
        else:
            label = f"{name}（{header.labels[i]}）{shown}"
        measure = f"{prefix}.indicator.{k}.{col.measure}"
        if (f := _fact(ctx, measure, row[i][1], label, kind) or _value_fact(ctx, measure, row[i][1],
                                                                         label, kind, n)) is not None:
            out.append(f)
    return out


def _value_fact(ctx: TableContext, measure: str, pos: Pos, label: str, kind: str,
                n: Number) -> Fact:
    """A fact from an indicator cell whose number carries its comparator and unit (≤87.45万元),
    which the table's plain number reading does not take."""
    kind = "percent" if n.percent else kind
    return Fact(measure=measure, basis="current", value=n.value, source=ctx.source(*pos),
                decimals=n.decimals, kind=kind, origin="table", scope=ctx.scope, label=label)


def _indicator_name(row: list[tuple[str, Pos]], header: Optional[IndicatorHeader], before: int,
                    ctx: TableContext) -> str:
    """The printed indicator name: its named column, else the nearest text left of ``before``
    that is not a number, comparator or unit."""
    if header is not None and header.name is not None and _cell(row, header.name):
        return row[header.name][0].strip()
    perf = ctx.layouts.performance
    unit_col = header.unit if header is not None else None
    return next((t.strip() for j, (t, _) in reversed(list(enumerate(row[:before])))
                 if norm(t) and parse_number(t) is None and j != unit_col
                 and not perf.comparator.search(norm(t))), "")


def facts_performance_targets(ctx: TableContext, counter: PerformanceCounter) -> list[Fact]:
    """Project budget and indicator weights; 整体 tables give the department's total budget."""
    perf = ctx.layouts.performance
    overall = bool(perf.overall_marker.search(norm(_title(ctx))))
    rows = form_rows(ctx)
    facts: list[Fact] = []
    prefix, name, weight_col, k = "", "", None, 0
    header: Optional[IndicatorHeader] = None
    name_col: Optional[int] = None  # list-style table: 项目名称 is a column of the indicator header
    budget_col, list_texts = None, []  # …and its year-budget column
    if overall:
        counter.overall += 1
        prefix = "performance.overall" if counter.overall == 1 else f"performance.overall{counter.overall}"
    for row in rows:
        texts = [norm(t) for t, _ in row]
        list_header = not overall and (c := _list_name_column(row, perf)) is not None
        if list_header:
            name_col, budget_col, list_texts = c, _column_of(row, perf.project_budget), texts
        elif not overall and name_col is not None and name_col < len(row) and texts[name_col]:
            # each filled 项目名称 cell under a list header starts the next project (重庆 一般性项目
            # 绩效目标表: 序号 1, 2 in one table), so their weights are not added up as one
            counter.projects += 1
            prefix, name, k = f"performance.project.{counter.projects}", row[name_col][0].strip(), 0
            facts += _list_budget(ctx, row, list_texts, budget_col, f"{prefix}.budget", name)
        elif not overall and (i := _column_of(row, perf.project_name)) is not None and _text_right(row, i):
            counter.projects += 1
            prefix, name, weight_col, k = f"performance.project.{counter.projects}", _text_right(row, i), None, 0
            header = None
        if not prefix and not overall and not list_header:  # a block before any 项目名称 cell
            counter.projects += 1
            prefix, name = f"performance.project.{counter.projects}", _title(ctx)
        budget_re = perf.overall_budget if overall else perf.project_budget
        for i, text in enumerate(texts):
            if text and budget_re.search(text) and (pos := _value_right(row, i)):
                measure = "expense.total" if overall else f"{prefix}.budget"
                if (f := _fact(_in_row_unit(ctx, texts[:i + 1]), measure, pos, name or text)) is not None:
                    facts.append(f)
                break
        if (w := _column_of(row, perf.weight_header)) is not None:
            weight_col, header = w, indicator_header(row, ctx)
            continue
        if weight_col is None and _targets_header(row, ctx):  # 三级指标 | 指标值, no 指标权重
            header = indicator_header(row, ctx)
            continue
        if weight_col is None and header is not None:
            k, found = _unweighted_indicator(ctx, prefix, k, row, header)
            facts += found
        elif weight_col is not None and weight_col < len(row):
            n = parse_number(row[weight_col][0])
            if n is not None and not n.percent:
                k += 1
                label = next((t.strip() for t, _ in row[:weight_col] if norm(t)), "")
                f = _fact(ctx, f"{prefix}.weight.{k}", row[weight_col][1], label, "count")
                if f is not None:
                    facts.append(f)
                if header is not None:
                    facts += indicator_values(ctx, prefix, k, row, header,
                                              _indicator_name(row, header, weight_col, ctx))
    return facts


def _targets_header(row: list[tuple[str, Pos]], ctx: TableContext) -> bool:
    """An indicator header without a 指标权重 column (烟台 政策和项目预算绩效目标表: 一级指标 |
    二级指标 | 三级指标 | 指标值): its rows are indicators numbered by their numeric 指标值."""
    perf = ctx.layouts.performance
    values = _header_map(row, perf.indicator_columns)
    return (_column_of(row, perf.indicator_name) is not None
            and any(c.measure == "target" for c in values.values()))


def _unweighted_indicator(ctx: TableContext, prefix: str, k: int, row: list[tuple[str, Pos]],
                          header: IndicatorHeader) -> tuple[int, list[Fact]]:
    """One row under a header without weights: an indicator when its 指标值 is one number (a
    text target such as 显著改善 stays text and takes no number)."""
    target = next((i for i, c in header.values.items() if c.measure == "target"), None)
    perf = ctx.layouts.performance
    if target is None or target >= len(row) or indicator_number(row[target][0], perf) is None:
        return k, []
    return k + 1, indicator_values(ctx, prefix, k + 1, row, header,
                                   _indicator_name(row, header, target, ctx))


def _title(ctx: TableContext) -> str:
    return " ".join(ln.text for ln in ctx.table.title_lines) or \
        " ".join(" ".join(ctx.view.raw[r]) for r in ctx.view.meta_rows)


def _header_map(row: list[tuple[str, Pos]], columns: tuple[PerfColumn, ...]) -> dict[int, PerfColumn]:
    out = {}
    needs = [(one_literal(c.pattern) or "", c) for c in columns]  # a cell holds few columns' words
    for i, (text, _) in enumerate(row):
        t = norm(text)
        col = next((c for need, c in needs if t and need in t and c.pattern.search(t)), None)
        if col is not None:
            out[i] = col
    return out


def facts_self_eval(ctx: TableContext, counter: PerformanceCounter) -> list[Fact]:
    """自评总分, 年度总金额 × (年初/全年预算, 执行数, 执行率, 权重, 得分), indicator weights/scores."""
    perf = ctx.layouts.performance
    counter.self_evals += 1
    prefix = f"performance.self_eval.{counter.self_evals}"
    facts: list[Optional[Fact]] = []  # a cell that gives no fact adds None, dropped at the end
    funds_header: dict[int, PerfColumn] = {}
    ind_header: Optional[IndicatorHeader] = None
    upper: dict[int, PerfColumn] = {}  # a header row above the funds header (分值 | 得分 of a group row)
    sources: dict[int, PerfColumn] = {}  # the funds header, kept for the source rows below 合计
    k = 0
    for row in form_rows(ctx):
        texts = [norm(t) for t, _ in row]
        for i, text in enumerate(texts):
            if text and perf.self_eval_score.search(text) and (pos := _value_right(row, i)):
                facts.append(_fact(ctx, f"{prefix}.score", pos, text, "count"))
        header = _header_map(row, perf.self_eval_columns)
        if len(header) >= 3:
            funds_header, ind_header = {**upper, **header}, None
            continue
        upper = header
        header = _header_map(row, perf.indicator_columns)
        if header and (any(perf.weight_header.search(t) for t in texts)
                       or (len(header) >= 2 and any(w in t for w in _INDICATOR_WORDS for t in texts))):
            ind_header, funds_header = indicator_header(row, ctx), {}
            continue
        if funds_header and any(perf.self_eval_funds_row.search(t) for t in texts if t) \
                and _has_figure(row, funds_header):  # a sub-header 总额 | 财政拨款 holds none
            label = next((t.strip() for t, _ in row if norm(t)), "")
            for i, col in funds_header.items():
                if i < len(row):
                    facts.append(_fact(ctx, f"{prefix}.{col.measure}", row[i][1], label,
                                       col.kind, col.basis))
            sources, funds_header = funds_header, {}
        elif sources and (got := _source_facts(ctx, prefix, row, sources)) is not None:
            facts += got
        elif ind_header:
            k, closed = _self_eval_indicator(ctx, prefix, k, row, ind_header, facts)
            if closed:  # the 总分 row closes the indicator block
                ind_header = None
    return indicators_total([f for f in facts if f is not None], prefix)


def _has_figure(row: list[tuple[str, Pos]], header: dict[int, PerfColumn]) -> bool:
    return any(i < len(row) and parse_number(row[i][0]) is not None for i in header)


def _source_facts(ctx: TableContext, prefix: str, row: list[tuple[str, Pos]],
                  header: dict[int, PerfColumn]) -> Optional[list[Optional[Fact]]]:
    """A fund-source row under the funds row ("财政资金小计 0.00 …", "③地方财政资金 9209.55 …"):
    its funds columns as ``funds.<source>`` ([performance] self_eval_sources), so the sources
    can be added up against the funds (宁德 2024 prints a 财政资金小计 of 0.00 above 9,209.55 of
    地方财政资金); None when the row names no source."""
    label = next((norm(t) for t, _ in row if norm(t)), "")
    source = next((s for s in ctx.layouts.performance.self_eval_sources if s.pattern.search(label)), None)
    if source is None:
        return None
    return [_fact(ctx, f"{prefix}.{source.measure}", row[i][1], label, col.kind, col.basis)
            for i, col in header.items() if i < len(row) and col.measure == "funds"]


def _self_eval_indicator(ctx: TableContext, prefix: str, k: int, row: list[tuple[str, Pos]],
                         header: IndicatorHeader, facts: list[Optional[Fact]]) -> tuple[int, bool]:
    """One row under a 绩效自评表 indicator header: its weight/score and values, or the 总分 row.

    Returns the indicator count and whether the row was the 总分 row. Rows are numbered by
    their weight/score cells when the header has such columns (so adding value columns never
    renumbers an indicator), else by any value.
    """
    perf = ctx.layouts.performance
    cols = header.values
    own = [i for i in cols if cols[i].measure in _OWN_COLUMNS]
    numbers = [i for i in (own or cols) if i < len(row) and parse_number(row[i][0]) is not None]
    if not numbers:
        return k, False
    label = _indicator_name(row, header, min(numbers), ctx)
    if perf.self_eval_total_row.search(norm(label)) or perf.self_eval_total_row.search(norm(row[0][0])):
        if perf.self_eval_score.search(norm(row[0][0])):
            return k, True  # "总分值、评价总分(S) … 92.33": read as the score by its label already
        for i in numbers:  # 总分 row: the stated total weight and total score
            if cols[i].measure in _OWN_COLUMNS:
                name = "weight_total" if cols[i].measure == "weight" else "score"
                facts.append(_fact(ctx, f"{prefix}.{name}", row[i][1], label, "count"))
        return k, True
    k += 1
    for i in numbers:
        if cols[i].measure in _OWN_COLUMNS:
            facts.append(_fact(ctx, f"{prefix}.indicator.{k}.{cols[i].measure}", row[i][1], label,
                               cols[i].kind, cols[i].basis))
    facts += indicator_values(ctx, prefix, k, row, header, label)
    return k, False
