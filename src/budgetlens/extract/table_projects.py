"""Project rows of 项目支出表 as facts: one project's amount, with its name and cell.

Why: the label layout reads a 项目支出表 only at its 合计 row, so the projects it lists were not
facts and the same project's amount in the 项目支出绩效目标表 / 绩效自评表 could not be compared
with it (issue #8 item 4). Each project row's figure in the table's total column becomes a fact
``<family prefix>.item.<n>`` (n = 1-based order of project rows over the document), labelled with
the project name as printed. Its scope is its own (``…:row:<r>``, under the row's budget unit when
the table names one per row), so no in-table sum or cross-table consistency takes it in: the
projects are compared by name (reconcile/form_projects.py), never by key.

What a project row is (a total, a 其中 line, a group row by category or a classification row is
not) and which header names the project column is data: rules/projects.toml.
"""

from __future__ import annotations

from typing import Optional

from ..model import Fact, Source
from ..rules.extract_words import load_extract_words
from ..rules.projects import ProjectRows, load_project_rows
from .table_cells import (TableContext, basis_of, key_columns, make_fact, match_column,
                          value_columns, value_kind)
from .table_project_groups import Row, amount, group_rows, unreconciled

ROW_SCOPE = ":row:"
#: a total row's whole label (合计, 总计 …): the table's total, checked against its rows
_TOTAL_ROW = load_extract_words()["grid"].rx["total_row"]


def _name_column(ctx: TableContext, keys: list[int], rules: ProjectRows) -> Optional[int]:
    return next((c for c in keys if rules.name_header.search(ctx.view.columns[c].leaf.replace(" ", ""))),
                None)


def _unit_column(ctx: TableContext, keys: list[int]) -> Optional[int]:
    unit = ctx.layouts.recognition.unit_header
    return next((c for c in keys if unit.search(ctx.view.columns[c].leaf)), None)


def _unit_row(ctx: TableContext, row: int, unit_col: int, printed: str, state: dict) -> bool:
    """Note the budget unit a row names; True when the row is the unit's own row (not a project).

    Two layouts: a unit-name column beside the project name (the unit's name on each row, or on
    the first of a merged block), or a unit-code column in front of a column holding both units
    and projects (西安 单位编码 | 单位（项目）名称: a row with a code is a unit, the rows without
    one its projects)."""
    cell = "".join(ctx.view.cell(row, unit_col).split()).strip("-—–/")
    if not cell:
        return False
    if cell.isdigit():
        state["project_unit"] = "".join(printed.split())
        return True
    state["project_unit"] = cell
    return False


def _amount_column(ctx: TableContext, group: tuple[int, ...]) -> Optional[int]:
    """The leftmost total-like column (合计 / 金额 / 预算数) of the year, else the first money
    column of the year: the column the table's own 合计 row is read from. A column of another
    basis (上年数, 年初预算数 in a 决算) is never the project's amount: project facts are
    numbered by order, so only the year's figure may carry the key."""
    values = [c for c in value_columns(ctx, group)
              if (basis_of(ctx.view.columns[c].label, ctx) or "current") == "current"]
    for c in values:
        alias = match_column(ctx.view.columns[c], ctx)
        if alias is not None and alias.component == "":
            return c
    money = [c for c in values if value_kind(ctx.view.columns[c].label, ctx) == "money"]
    return money[0] if money else None


def project_facts(ctx: TableContext, state: dict) -> list[Fact]:
    """The project rows of a 项目支出表 (``ctx.family`` one of projects.toml's families).

    ``state`` is the document's extraction state: ``project_n`` numbers the projects over every
    project table, ``project_unit`` carries the budget unit of a by-unit table over page breaks."""
    rules = load_project_rows()
    if ctx.family.name not in rules.families:
        return []
    facts: list[Fact] = []
    for group in ctx.view.groups:
        keys = key_columns(ctx, group)
        name_col, amount_col = _name_column(ctx, keys, rules), _amount_column(ctx, group)
        if name_col is not None and amount_col is not None:
            facts += _group_facts(ctx, state, rules, keys, name_col, amount_col)
    return facts


def _group_facts(ctx: TableContext, state: dict, rules: ProjectRows, keys: list[int],
                 name_col: int, amount_col: int) -> list[Fact]:
    """One column group's project facts. Without a unit column, the budget units printed among
    the projects (each a subtotal of the rows under it) are found by table_project_groups, and
    the table's total is checked against its rows there."""
    unit_col = _unit_column(ctx, keys)
    col_label = ctx.view.columns[amount_col].label
    units: set[int] = set()
    if unit_col is None:
        rows, total = _candidates(ctx, rules, name_col, amount_col)
        units = group_rows(rows, ctx.table.open_end)
        ctx.diagnostics.extend(unreconciled(total, rows, units, Source(
            file=ctx.document.path, page=ctx.table.page, table=ctx.table.index, text=col_label)))
    facts = []
    for row in ctx.view.data_rows:
        printed = " ".join(ctx.view.cell(row, name_col).split())
        if unit_col is not None and _unit_row(ctx, row, unit_col, printed, state):
            continue
        if row in units:
            state["project_unit"] = "".join(printed.split())
            continue
        if not rules.is_project("".join(printed.split())):
            continue
        fact = make_fact(ctx, "", "current", row, amount_col, f"{printed} / {col_label}")
        if fact is None or fact.kind != "money":
            continue
        state["project_n"] = state.get("project_n", 0) + 1
        unit = state.get("project_unit", "") if unit_col is not None or units else ""
        scope = f"table:{ctx.table.index}:unit:{unit}" if unit else ctx.scope
        facts.append(fact._replace(measure=f"{ctx.family.prefix}.item.{state['project_n']}",
                                   scope=f"{scope}{ROW_SCOPE}{row}"))
    return facts


def _candidates(ctx: TableContext, rules: ProjectRows, name_col: int, amount_col: int
                ) -> tuple[list[Row], Optional[tuple]]:
    """The rows that may be projects (or units' rows among them), with their amounts, and the
    amount of the table's total row (合计/总计, rules/extract_words.toml [grid] total_row)."""
    rows, total = [], None
    for row in ctx.view.data_rows:
        name = "".join(ctx.view.cell(row, name_col).split())
        value = amount(ctx.view.cell(row, amount_col))
        if value is None:
            continue
        if _TOTAL_ROW.match(name):
            total = total or value
        elif rules.is_row(name):  # a row too short-named to be a project fact still adds up
            rows.append(Row(row, name, *value))
    return rows, total


__all__ = ["project_facts"]
