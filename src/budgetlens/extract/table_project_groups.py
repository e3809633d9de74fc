"""A 项目支出表 whose one key column holds both budget units and their projects, and the check that
its total is what its rows add up to.

Why: 珠海 2026 表12 "部门预算项目支出及其他支出预算表" keys its rows by "支出项目类别（资金使用单位）": a
合计 row, then each budget unit's row (珠海市商务局 58,446.21) followed by that unit's projects
(口岸现场水电费 6,905.22, …), with no code column to tell a unit from a project (西安's layout has
one: table_projects._unit_row). A unit's row is recognised by two things at once: it names an
organisation (classify rules: 局, 中心, 委员会 …) and its figure is the sum of the rows under it up
to the next such row — a project named like an organisation, or one that happens to equal the
next, is neither alone. The table's total then reconciles against its rows (its units', or its
projects' where it names no unit): a figure read off by a row is a diagnostic, never a silent
fact set.
"""

from __future__ import annotations

from decimal import Decimal
from typing import NamedTuple, Optional, Sequence

from ..model import Diagnostic, Severity, Source
from ..rules.classify import load_rules as load_classify_rules
from .classify_unit import is_org_name
from .numbers import parse_number


class Row(NamedTuple):
    """A row of the key column that may be a project: its grid row, name and amount."""

    row: int
    name: str
    value: Decimal
    decimals: int


def amount(text: str) -> Optional[tuple[Decimal, int]]:
    num = parse_number(text)
    return (num.value, num.decimals) if num is not None and not num.percent else None


def _slack(rows: Sequence[Row]) -> Decimal:
    """Rounding slack of a sum of printed figures: half a unit of the last digit of each."""
    return sum((Decimal(5) / Decimal(10) ** (r.decimals + 1) for r in rows), Decimal(0))


def group_rows(rows: Sequence[Row], open_end: bool = False) -> set[int]:
    """The grid rows that are budget units' rows: an organisation's name whose figure is the sum
    of the rows right under it (rows taken in order until they reach it: a project named like an
    organisation among them is one of them). The rows of the last unit of a table part that
    goes on over the page (``open_end``) may fall short of it. In a table found by unit so, a row
    left between two units' rows whose figure is the sum of all the rows left after it there is
    a unit too (a name the organisation test refuses: "…12315投诉举报中心")."""
    rules = load_classify_rules()
    heads: dict[int, int] = {}  # index of a unit's row → index after its last row
    i = 0
    while i < len(rows):
        k = _run(rows, i, open_end) if is_org_name(rows[i].name, rules) else None
        if k is None:
            i += 1
            continue
        heads[i] = k
        i = k
    if heads:
        heads.update(_gap_units(rows, heads))
    return {rows[h].row for h in heads}


def _gap_units(rows: Sequence[Row], heads: dict[int, int]) -> dict[int, int]:
    """Units among the rows no organisation's row covers, in a table already found by unit.

    A stretch of such rows (between two units' blocks, or after the last) that splits wholly into
    blocks each headed by a row whose figure is the sum of the rows under it is that many units
    (广州 司法局 2026 表12: 广东省广州花都监狱 4,036.44, 女子监狱 3,009.20, 新华监狱 1,188.61 one after
    the other — names the organisation test refuses, each the subtotal of its projects). Only a
    stretch tiled to its last row counts: a project that happens to equal the next two leaves
    the rows after them unheaded, and nothing is taken. Otherwise a single row whose figure is the
    sum of all the stretch's rows after it is a unit ("…12315投诉举报中心")."""
    covered = {j for h, k in heads.items() for j in range(h, k)}
    gap = [j for j in range(len(rows)) if j not in covered]
    found: dict[int, int] = {}
    for stretch in _stretches(gap):
        tiles = _tile(rows, stretch[0], stretch[-1] + 1)
        if tiles is not None:
            found.update(tiles)
            continue
        for n, j in enumerate(stretch):
            under = [rows[m] for m in stretch[n + 1:]]
            if under and abs(sum(r.value for r in under) - rows[j].value) <= _slack([rows[j], *under]):
                found[j] = stretch[-1] + 1
    return found


def _stretches(indices: Sequence[int]) -> list[list[int]]:
    """Runs of consecutive indices."""
    runs: list[list[int]] = []
    for j in indices:
        if runs and runs[-1][-1] == j - 1:
            runs[-1].append(j)
        else:
            runs.append([j])
    return runs


def _tile(rows: Sequence[Row], start: int, end: int) -> Optional[dict[int, int]]:
    """rows[start:end] as consecutive blocks, each a head and the rows under it that add up to it
    (the first fit for each head); None when the stretch does not split so to its end."""
    tiles: dict[int, int] = {}
    i = start
    while i < end:
        k = _run(rows[:end], i, False)
        if k is None:
            return None
        while k < end and rows[k].value == 0:  # a project budgeted at 0.00 closes the block
            k += 1
        tiles[i] = k
        i = k
    return tiles


def _run(rows: Sequence[Row], i: int, open_end: bool) -> Optional[int]:
    """The index after the rows under ``rows[i]`` that add up to it, or None."""
    k, total = i + 1, Decimal(0)
    while k < len(rows) and total + _slack(rows[i:k]) < rows[i].value:
        total += rows[k].value
        k += 1
    fits = abs(total - rows[i].value) <= _slack(rows[i:k])
    return k if k > i + 1 and (fits or (open_end and k == len(rows) and total < rows[i].value)) \
        else None


def unreconciled(total: Optional[tuple[Decimal, int]], rows: Sequence[Row], groups: set[int],
                 source: Source) -> list[Diagnostic]:
    """A diagnostic when the table's total row differs from its units' rows (or, naming none,
    its projects') beyond rounding; nothing when it reconciles or prints no total."""
    if total is None or not rows:
        return []
    parts = [r for r in rows if r.row in groups] if groups else list(rows)
    got = sum(r.value for r in parts)
    slack = _slack(parts) + Decimal(5) / Decimal(10) ** (total[1] + 1)
    if abs(got - total[0]) <= slack:
        return []
    return [Diagnostic(
        "project-rows-unreconciled", Severity.INFO,
        f"项目支出表的合计 {total[0]} 与各行之和 {got} 不符（可能有行未读出）",
        f"the project table's total {total[0]} is not the sum of its rows {got} "
        "(a row may be misread)", source)]


__all__ = ["Row", "amount", "group_rows", "unreconciled"]
