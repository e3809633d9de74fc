"""Rows that are not classification codes: budget units, and economic names printed without codes.

Why its own step: classified tables key their rows by code, but two common layouts do not.

* **Tables broken down by budget unit** (深圳 收入总表/支出总表 by 预算单位; 部门汇总 决算 with
  本级/下属单位 rows): the department's row, then each unit's row, each followed by that unit's
  code rows. Each unit's rows are read like a table of their own, in the scope
  ``<table scope>:unit:<name>`` (:data:`~budgetlens.model.UNIT_SCOPE`): the unit's figures are
  facts of the same measures, never the department's; the department's row stays the
  department's fact. Units are named by a unit column (``unit_header``) or, without one, by
  code-less rows whose name reads as a unit (``unit_row``) or is the document's own unit.
* **Economic tables printing names without codes** (深圳 基本支出总表: 工资福利支出 / 基本工资 /
  办公费): a row whose name is exactly one reference economic code's name (rules/reference,
  year-versioned) is read as that code, only in a table whose role is economic, never onto a
  code the table prints itself, and a 款 only under its own 类.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Callable, NamedTuple, Optional

from ..model import UNIT_SCOPE
from ..rules.reference import lookup_economic_by_name
from .numbers import parse_number
from .table_cells import TableContext, key_columns, value_columns
from .table_rowkey import RowKey, strip_numbering
from .table_grid import norm

Rows = list[tuple[int, RowKey]]


class Block(NamedTuple):
    """Rows read together: ``scope`` "" for the department, else a unit's; ``total`` the row
    read as the block's 合计 (the department's or the unit's own row), or None."""

    scope: str
    rows: Rows
    total: Optional[int]


def unit_scope(base: str, name: str) -> str:
    return f"{base}{UNIT_SCOPE}{norm(name)}"


def _has_figures(ctx: TableContext, row: int) -> bool:
    cols = [c.index for c in ctx.view.columns if c.kind == "value"]
    return any(parse_number(ctx.view.cell(row, c)) is not None for c in cols)


# ---------------------------------------------------------------------------------------------
# Economic names without codes
# ---------------------------------------------------------------------------------------------


def economic_keys(ctx: TableContext, rows: Rows) -> Rows:
    """Code-less rows of an economic table read as the code their name names (see module doc).

    The 类 a 款 falls under is the last 类 row above it (carried over the pages of one table);
    a code-less row that names nothing (a unit, a heading) ends it."""
    if ctx.family.row_key != "economic":
        return rows
    printed = {k.code for _, k in rows if k.code}
    scheme = "gov" if any(c.startswith("5") for c in printed) else "dept"
    out: Rows = []
    lei = ctx.lei
    for row, key in rows:
        if not key.code and key.name:
            code = _economic_code(ctx, key.name, lei, scheme)
            if code and code not in printed:
                key = RowKey(code, key.name, mapped=True)
            elif _has_figures(ctx, row):
                lei = ""
        if len(key.code) == 3:
            lei = key.code
        out.append((row, key))
    ctx.lei = lei
    return out


def _economic_code(ctx: TableContext, name: str, lei: str, scheme: str) -> Optional[str]:
    code = lookup_economic_by_name(strip_numbering(name, ctx), ctx.year, scheme, parent=lei or None)
    if code is None or (len(code) > 3 and lei and not code.startswith(lei)):
        return None
    return code


# ---------------------------------------------------------------------------------------------
# Budget units
# ---------------------------------------------------------------------------------------------


def _unit_columns(ctx: TableContext, group: tuple[int, ...]) -> list[int]:
    return [c for c in key_columns(ctx, group)
            if ctx.layouts.recognition.unit_header.search(ctx.view.columns[c].leaf)]


def unit_rows(ctx: TableContext, group: tuple[int, ...], rows: Rows) -> list[int]:
    """Rows naming a budget unit: a unit column's non-blank cells; without one, code-less rows
    with figures named like a unit (two or more) or named as the document's unit."""
    cols = _unit_columns(ctx, group)
    if cols:
        return [r for r, k in rows if any(norm(ctx.view.cell(r, c)) for c in cols)
                and not _is_total(ctx, k)]
    if not value_columns(ctx, group):
        return []
    own = norm(ctx.doc_unit)
    named = [r for r, k in rows if not k.code and k.name and _has_figures(ctx, r)
             and (_unit_like(ctx, k.name) or norm(k.name) == own)]
    if len(named) >= 2 or ctx.by_unit:
        return named
    if any(_is_total(ctx, k) for _, k in rows):
        return []  # a 合计 row is printed: the department's own name is not its total then
    return [r for r in named if own and norm(_name(rows, r)) == own]


_TRAILING_NOTE_RE = re.compile(r"[（(][^（()）]*[)）]$")


def _unit_like(ctx: TableContext, name: str) -> bool:
    """A name read as a unit's, also with a trailing note in brackets (广州市统计监测中心
    （广州市统计发展中心）)."""
    text = norm(name)
    pattern = ctx.layouts.recognition.unit_row
    return bool(pattern.search(text) or pattern.search(_TRAILING_NOTE_RE.sub("", text)))


def _name(rows: Rows, row: int) -> str:
    return next(k.name for r, k in rows if r == row)


def _group_rows(ctx: TableContext, group: tuple[int, ...], rows: Rows,
                units: list[int]) -> list[int]:
    """Unit rows that total other units: their unit code is the start of another's (陕西 245
    西安市医疗保障局 above 245001 / 245002 …). They are the department's (or a group's) row,
    not a unit of their own; counting them as units would count their units twice."""
    cols = _unit_columns(ctx, group)
    codes, names = {}, {}
    for r in units:
        digits = [norm(ctx.view.cell(r, c)) for c in cols]
        codes[r] = next((d for d in digits if d.isdigit()), "")
        names[r] = norm(_name(rows, r))
    out = []
    for i, r in enumerate(units):
        nested = codes[r] and any(o != r and codes[o] != codes[r] and codes[o].startswith(codes[r])
                                  for o in units)
        # 杭州 合计 / 杭州市气象局 / 杭州市气象局 / …: a name printed twice is the group, then 本级
        # — unless the two rows are two units whose names read alike (a long name wrapped and
        # cut to the same first line): other unit codes, or a "group" smaller than its 本级
        repeated = names[r] and any(names[o] == names[r] and _may_contain(ctx, r, o, codes)
                                    for o in units[i + 1:])
        if nested or repeated:
            out.append(r)
    return out


def _first_amount(ctx: TableContext, row: int) -> Optional[Decimal]:
    for c in ctx.view.columns:
        if c.kind == "value" and (n := parse_number(ctx.view.cell(row, c.index))) is not None:
            return n.value
    return None


def _may_contain(ctx: TableContext, group: int, part: int, codes: dict[int, str]) -> bool:
    """Whether row ``group`` can be the group of the same-named row ``part`` below it: no two
    different unit codes, and its first figure not below the part's (a group includes it)."""
    if codes[group] and codes[part] and codes[group] != codes[part]:
        return False
    a, b = _first_amount(ctx, group), _first_amount(ctx, part)
    return a is None or b is None or a >= b


def _distinct_names(ctx: TableContext, group: tuple[int, ...], rows: Rows,
                    units: list[int]) -> dict[int, str]:
    """Each unit row's name for its scope; two units printed with the same name (cut to the
    same text) are told apart by their unit code, else by their order (…#2), so that their
    rows are never merged into one unit."""
    cols = _unit_columns(ctx, group)
    out: dict[int, str] = {}
    seen: dict[str, int] = {}
    for r in units:
        name = _name(rows, r)
        key = norm(name)
        seen[key] = seen.get(key, 0) + 1
        if seen[key] > 1:
            code = next((d for c in cols if (d := norm(ctx.view.cell(r, c))).isdigit()), "")
            name = f"{name}（{code}）" if code else f"{name}#{seen[key]}"
        out[r] = name
    return out


def _is_total(ctx: TableContext, key: RowKey) -> bool:
    return not key.code and any(a.measure == ctx.family.total and a.pattern.search(
        strip_numbering(key.name, ctx)) for a in ctx.family.labels)


def unit_blocks(ctx: TableContext, group: tuple[int, ...], rows: Rows,
                first_alone: Optional[Callable[[Rows, list[int]], bool]] = None) -> list[Block]:
    """Split a table's rows into the department's block and one block per unit.

    One unit row only: it is the department's own row (its 合计). Two or more: the first is the
    department's total (unless a 合计 row is printed above the units, or ``first_alone`` says
    the first is a unit of its own: a table whose pages close with subtotals prints the
    department's total on no row) and each further unit row opens that unit's block. A further
    page of such a table continues the last unit."""
    units = unit_rows(ctx, group, rows)
    if not ctx.by_unit and len(units) < 2:
        return [Block("", rows, units[0] if units else None)]
    pos = {r: i for i, (r, _) in enumerate(rows)}
    groups = _group_rows(ctx, group, rows, units)
    lead = rows[:pos[units[0]]] if units else rows
    base = ctx.base_scope or ctx.scope
    blocks: list[Block] = []
    if not ctx.by_unit:
        ctx.by_unit, ctx.base_scope = True, base
        ctx.warn("table-by-unit", "表格按预算单位分列：部门合计行读作部门数，各单位行读作该单位的数",
                 "table broken down by budget unit: the department row is the department's, "
                 "each unit's rows are that unit's (scope …:unit:<name>)")
        if any(_is_total(ctx, k) for _, k in lead) or (
                not groups and first_alone is not None and first_alone(rows, units)):
            blocks.append(Block("", lead, None))
        else:
            dept = groups[0] if groups else units[0]
            blocks.append(Block("", [rows[pos[dept]]], dept))
            units = [u for u in units if u != dept]
    elif ctx.unit_name and lead:
        blocks.append(Block(unit_scope(base, ctx.unit_name), lead, None))
    units = [u for u in units if u not in groups]
    names = _distinct_names(ctx, group, rows, units)
    for i, row in enumerate(units):
        end = pos[units[i + 1]] if i + 1 < len(units) else len(rows)
        ctx.unit_name = names[row]
        blocks.append(Block(unit_scope(base, ctx.unit_name), rows[pos[row]:end], row))
    return blocks


__all__ = ["Block", "economic_keys", "unit_blocks", "unit_rows", "unit_scope"]
