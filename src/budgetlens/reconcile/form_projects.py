"""The same project's amount in the 项目支出表 and in the performance tables, by name.

Why by name: a project has no key shared by the tables that print it — the 项目支出表 numbers its
rows, each 项目支出绩效目标表 / 绩效自评表 is one project (or one row of a list), and both print the
project's name. The project rows are facts since issue #8 (``expense.project.item.<n>``, label =
the name as printed, scope under the row's budget unit); the performance tables' amounts are
``performance.project.<n>.budget`` (年度预算) and ``performance.self_eval.<n>.funds`` (全年执行数,
basis current). A project whose amount in a performance table matches none of the rows of the
same name in the project tables (beyond what each figure's printed decimals allow) is reported.

Why quiet in the near misses: the same name on two project rows (a parent project and its only
sub-project, or one project under two function codes) is matched when any of its rows or their
sum agrees; a name printed in a performance table that no project row carries is not judged (the
performance table may cover a project of another fund or level); names are compared squashed and
without a printed project code, within one budget unit.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Iterable

from budgetlens.model import Basis, Fact, scope_unit
from budgetlens.reconcile.form_common import Outcome, collect, fact_evidence, finding, param, str_list
from budgetlens.reconcile.form_text import FormContext
from budgetlens.rules.catalogue import Rule
from budgetlens.rules.projects import load_project_rows


def _name(fact: Fact) -> str:
    return load_project_rows().key(fact.label.split(" / ", 1)[0])


def _half(facts: Iterable[Fact]) -> Decimal:
    """Half a unit of the coarsest printed decimals among ``facts``."""
    return max(Decimal(1).scaleb(-f.decimals) for f in facts) / 2


def _agrees(amount: Fact, rows: list[Fact], slack: Decimal = Decimal(0)) -> bool:
    """The amount equals one row's, or the sum of the rows', within their printed rounding
    (and the audit's ``extra_slack``, as every identity)."""
    for row in rows:
        if abs(row.value - amount.value) <= _half([row, amount]) + slack:
            return True
    total = sum((r.value for r in rows), Decimal(0))
    return len(rows) > 1 and abs(total - amount.value) <= _half(rows + [amount]) * len(rows) + slack


def _facts(ctx: FormContext, patterns: list[re.Pattern]) -> list[Fact]:
    named: dict[str, bool] = {}  # per measure: a table repeats its measures on every row

    def wanted(measure: str) -> bool:
        hit = named.get(measure)
        if hit is None:
            hit = named[measure] = any(p.search(measure) for p in patterns)
        return hit

    return [f for f in _labelled_amounts(ctx) if wanted(f.measure)]


def _labelled_amounts(ctx: FormContext) -> tuple[Fact, ...]:
    """The current-year money cells of the tables with a row label, in order, once per document
    (both measure lists of a rule, and every rule of the kind, select among them)."""
    return ctx.shared("labelled_current_amounts", lambda: tuple(
        f for f in ctx.disclosure.facts
        if f.origin == "table" and f.basis == Basis.CURRENT and f.kind == "money" and f.label))


def _units_of(rows: dict[tuple[str, str], list[Fact]], name: str) -> list[str]:
    return [u for (u, n) in rows if n == name]


def check_project_table_amounts(ctx: FormContext, rule: Rule) -> Outcome:
    """Fields: ``name``, ``amount``, ``rows``. Params: ``project_measures`` and
    ``target_measures`` (regexes), ``min_name_chars``."""
    shortest = param(rule, "min_name_chars", int, 4)
    projects = _facts(ctx, [re.compile(p) for p in str_list(rule, "project_measures")])
    targets = _facts(ctx, [re.compile(p) for p in str_list(rule, "target_measures")])
    if not projects or not targets:
        return [], []
    rows: dict[tuple[str, str], list[Fact]] = {}
    for f in projects:
        rows.setdefault((scope_unit(f.scope), _name(f)), []).append(f)
    findings = []
    for amount in targets:
        name = _name(amount)
        if len(name) < shortest:
            continue
        same = rows.get((scope_unit(amount.scope), name))
        if same is None:  # a performance table names no unit: the project rows of one unit only
            units = _units_of(rows, name)
            same = rows[(units[0], name)] if len(units) == 1 else None
        if same is None or _agrees(amount, same, ctx.settings.extra_slack):
            continue
        evidence = [fact_evidence(amount, role="performance")]
        evidence += [fact_evidence(f, role="project-table") for f in same[:3]]
        shown = "、".join(str(f.value) for f in same[:3])
        findings.append(finding(rule, evidence, stated=str(amount.value), expected=shown,
                                measure=amount.measure, basis=amount.basis, name=name,
                                amount=str(amount.value), rows=shown))
    return collect(findings), []


__all__ = ["check_project_table_amounts"]
