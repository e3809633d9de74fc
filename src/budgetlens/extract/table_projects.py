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

from ..model import Fact
from ..rules.projects import ProjectRows, load_project_rows
from .table_cells import (TableContext, basis_of, key_columns, make_fact, match_column,
                          value_columns, value_kind)

ROW_SCOPE = ":row:"


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
        if name_col is None or amount_col is None:
            continue
        unit_col = _unit_column(ctx, keys)
        col_label = ctx.view.columns[amount_col].label
        for row in ctx.view.data_rows:
            printed = " ".join(ctx.view.cell(row, name_col).split())
            if unit_col is not None and _unit_row(ctx, row, unit_col, printed, state):
                continue
            if not rules.is_project("".join(printed.split())):
                continue
            fact = make_fact(ctx, "", "current", row, amount_col, f"{printed} / {col_label}")
            if fact is None or fact.kind != "money":
                continue
            state["project_n"] = state.get("project_n", 0) + 1
            unit = state.get("project_unit", "") if unit_col is not None else ""
            scope = f"table:{ctx.table.index}:unit:{unit}" if unit else ctx.scope
            facts.append(fact._replace(measure=f"{ctx.family.prefix}.item.{state['project_n']}",
                                       scope=f"{scope}{ROW_SCOPE}{row}"))
    return facts


__all__ = ["project_facts"]
