"""Cells → facts for horizontal tables (三公: measures in columns, or items as rows).

Why its own module: a 三公 table keys its figures by column (因公出国 | 公务接待 | …) and uses its
row labels only for the basis (2025年 | 2026年 | 增减) or, printed the other way round (广州: items as
rows), for the measure; the code- and label-keyed layouts are in :mod:`.table_facts`.
"""

from __future__ import annotations

from typing import Optional

from ..model import UNIT_SCOPE, Fact
from ..rules.extract_words import load_extract_words
from ..rules.table_layouts import ColumnAlias
from .table_cells import (TableContext, adjusted_comparison, basis_of, key_columns, make_fact,
                          match_column, row_facts, value_columns, value_kind)
from .numbers import parse_number
from .table_rowkey import strip_numbering
from .table_grid import norm

_WORDS = load_extract_words()["horizontal"]  # rules/extract_words.toml [horizontal], compiled once
_YEAR_LABEL_RE, _YEAR_SUFFIX_RE = _WORDS.rx["year_label"], _WORDS.rx["year_suffix"]
_OF_WHICH_RE, _TOTAL_COLUMN_RE = _WORDS.rx["of_which"], _WORDS.rx["total_column"]
_ITEM_TOTAL_WORDS, _TOTAL_LABELS = _WORDS.words["item_total_words"], _WORDS.words["total_labels"]
_PLAIN_LABELS = frozenset(_WORDS.words["plain_labels"])
_PLAIN_ENDINGS = _WORDS.words["plain_endings"]


def facts_horizontal(ctx: TableContext) -> list[Fact]:
    """三公-like tables: measures in columns; a row label (2024年预算数) may give the basis.

    Printed the other way round (广州: items as rows, funds as columns), the row labels name the
    measures and the first total-like column (合计) holds the figures.
    """
    facts: list[Fact] = []
    for group in ctx.view.groups:
        keys = key_columns(ctx, group)
        cols = [(c, a) for c in value_columns(ctx, group)
                if (a := match_column(ctx.view.columns[c], ctx)) and a.measure]
        if keys and (not cols or _items_in_rows(ctx, keys) >= 2):
            facts += _facts_vertical(ctx, group, keys)
            continue
        seen: set[tuple[str, str]] = set()
        above = None  # the label of the row above, when that row was read
        dept_rows, unit_rows = split_units(ctx, keys)
        facts += _unit_facts(ctx, keys, cols, unit_rows)
        for row in dept_rows:
            label = " ".join(ctx.view.cell(row, c).strip() for c in keys if ctx.view.cell(row, c).strip())
            if label and adjusted_comparison(label, ctx):
                continue  # 扣除…后增减%: a comparison with a prior the table does not print
            row_basis = basis_of(label, ctx) if label else None
            current = bool(label) and row_basis is None and _current_year(label, ctx) and \
                _department_row(above, ctx)
            if label and row_basis is None and not current and not _plain_row_label(label):
                above = None
                continue  # a breakdown row (by unit …): not the table's own totals
            new = row_facts(ctx, row, cols, label, lambda a: a.measure, row_basis)
            if current:  # a unit's own 2026年 row below the department's: not read again
                new = [f for f in new if (f.measure, f.basis) not in seen]
            seen.update((f.measure, f.basis) for f in new)
            above = label if new else None
            facts += new
    return facts


def _unit_columns(ctx: TableContext, keys: list[int]) -> list[int]:
    return [c for c in keys if ctx.layouts.recognition.unit_header.search(ctx.view.columns[c].leaf)]


def _unit_name(ctx: TableContext, row: int, ucols: list[int]) -> str:
    """The unit a row names in the unit columns, without its unit code (西安 ``12500 | 名称``)."""
    parts = [norm(ctx.view.cell(row, c)) for c in ucols]
    return "".join(p for p in parts if p and not p.isdigit())


def _unit_code(ctx: TableContext, row: int, ucols: list[int]) -> str:
    """The unit code a row prints in a unit column (``201001``), "" without one."""
    return next((p for c in ucols if (p := norm(ctx.view.cell(row, c))).isdigit()), "")


def _unit_code_groups(codes: dict[int, str]) -> set[int]:
    """Rows whose unit code starts another row's code (201 above 201001, 201002): they total
    those units (the department's figure again), as table_units reads 245 above 245001."""
    printed = {c for c in codes.values() if c}
    return {r for r, c in codes.items()
            if c and any(o != c and o.startswith(c) for o in printed)}


def _sibling_names(named: list[tuple[int, str, int]],
                   codes: dict[int, str]) -> list[tuple[int, str, int]]:
    """One name printed on rows of two or more different unit codes, none of them a group's
    (201001 and 201002 both cut to 中共西安市委, under 201): two units, each named with its code so
    that the first is not read as the group of the second and their facts keep apart. A group's
    row (its code starts another's) keeps the name as printed."""
    groups = _unit_code_groups(codes)
    by_name: dict[str, set[str]] = {}
    for _, n, s in named:
        if n and s in codes and s not in groups:
            by_name.setdefault(n, set()).add(codes[s])
    split = {n for n, cs in by_name.items() if len(cs) >= 2 and "" not in cs}
    return [(r, f"{n}（{codes[s]}）" if n in split and s not in groups else n, s)
            for r, n, s in named]


def split_units(ctx: TableContext, keys: list[int]) -> tuple[list[int], list[tuple[int, str]]]:
    """The department's rows and ``(row, unit)`` for the rows of each budget unit.

    A 三公 table broken down by unit names units in a unit column (预算单位 | 单位编码 | 单位名称):
    the 合计 row (or, without one, the first unit, i.e. the department: 深圳 深圳市XX局 then
    深圳市XX局（本级）, 中心 …) is the department's; a row repeating a later unit's name (西安
    ``125 XX局`` above ``125001 XX局`` …) totals the units and is not read again; every other unit's
    rows are that unit's. A row with a blank unit cell continues the unit above (深圳: 2025年 /
    2026年 / 增减变化金额 under one name), also across pages (``ctx.unit_name``).

    Unit codes decide first when printed (西安 ``201 中共西安市委宣传部`` above ``201001`` and
    ``201002``, both names cut to ``中共西安市委``): a row whose code starts another's totals it
    (:func:`_unit_code_groups`), and two units printed with one name and sibling codes are two
    units (``名称（201001）``), never a group and its part."""
    rows = list(ctx.view.data_rows)
    ucols = _unit_columns(ctx, keys)
    if not ucols:
        return rows, []
    named: list[tuple[int, str, int]] = []  # (row, unit, row that printed the unit's name)
    codes: dict[int, str] = {}  # the unit code printed on each row that printed a name
    current, start = (ctx.unit_name if ctx.by_unit else ""), -1
    for row in rows:
        name = _unit_name(ctx, row, ucols)
        if name:
            current, start = ("" if _plain_row_label(name) else name), row
            codes[row] = _unit_code(ctx, row, ucols)
        named.append((row, current, start))
    named = _sibling_names(named, codes)
    names = list(dict.fromkeys(n for _, n, _ in named if n))
    if len(names) < 2 and not ctx.by_unit:
        return rows, []
    if not ctx.by_unit:
        ctx.by_unit, ctx.base_scope = True, ctx.base_scope or ctx.scope
        ctx.warn("table-by-unit", "表格按预算单位分列：部门合计行读作部门数，各单位行读作该单位的数",
                 "table broken down by budget unit: the department row is the department's, "
                 "each unit's rows are that unit's (scope …:unit:<name>)")
        if all(n for _, n, _ in named):  # no 合计 row: the first unit is the department
            named = [(r, "" if n == names[0] else n, s) for r, n, s in named]
    ctx.unit_name = named[-1][1] if named else ctx.unit_name
    starts: dict[str, list[int]] = {}
    for _, n, s in named:
        if n and s not in starts.setdefault(n, []):
            starts[n].append(s)
    # a name printed again further down (西安 125 XX局 above 12500 XX局 …): the first one totals
    # the units below it, the department's figure again
    groups = {v[0] for v in starts.values() if len(v) >= 2} | _unit_code_groups(codes)
    dept = [r for r, n, _ in named if not n]
    units = [(r, n) for r, n, s in named if n and s not in groups]
    return dept, units


def _unit_facts(ctx: TableContext, keys: list[int], cols: list[tuple[int, ColumnAlias]],
                unit_rows: list[tuple[int, str]]) -> list[Fact]:
    """Each unit's rows in the unit's own scope: the basis from the row's 年度 cell (深圳 2025年 |
    2026年 | 增减变化金额) or else from the columns (西安 2018年 | 2019年 | 增减变化情况)."""
    ucols = set(_unit_columns(ctx, keys))
    facts: list[Fact] = []
    base = ctx.base_scope or ctx.scope
    seen: set[tuple[str, str, str]] = set()
    for row, name in unit_rows:
        label = " ".join(t for c in keys if c not in ucols and (t := ctx.view.cell(row, c).strip()))
        row_basis = basis_of(label, ctx) if label else None
        if label and row_basis is None and not _current_year(label, ctx) \
                and not _plain_row_label(label):
            continue
        ctx.scope_override = f"{base}{UNIT_SCOPE}{norm(name)}"
        new = row_facts(ctx, row, cols, f"{name} {label}".strip(), lambda a: a.measure, row_basis)
        new = [f for f in new if (name, f.measure, f.basis) not in seen]
        seen.update((name, f.measure, f.basis) for f in new)
        facts += new
    ctx.scope_override = ""
    return facts


def _department_row(above: Optional[str], ctx: TableContext) -> bool:
    """Whether the row above a bare 2026年 row is the department's own prior-year row (2025年, or
    the department's name with 2025年): the 2026年 row goes with it. Below a unit's row, or first
    on a page continuing a table by unit, it is a unit's and is not read."""
    if above is None:
        return False
    name = _YEAR_SUFFIX_RE.sub("", norm(above))
    return name == "" or (bool(ctx.doc_unit) and name == norm(ctx.doc_unit))


def _current_year(label: str, ctx: TableContext) -> bool:
    """A row label that is the table's own year (深圳 三公: 2025年 | 2026年 | 增减变化金额 rows):
    the current figures, as 上年 names the prior ones."""
    m = _YEAR_LABEL_RE.fullmatch(norm(label))
    return m is not None and ctx.year is not None and int(m.group(1)) == ctx.year


def _row_item(ctx: TableContext, label: str) -> Optional[ColumnAlias]:
    """The measure alias a row label names (vertical 三公: 其中：（一）因公出国（境）支出)."""
    text = strip_numbering(_OF_WHICH_RE.sub("", strip_numbering(label, ctx)), ctx)
    alias = next((a for a in ctx.family.columns if a.measure and a.unless is None
                  and a.pattern.search(text)), None)
    if alias is None and (any(w in text for w in _ITEM_TOTAL_WORDS) or norm(text) in _TOTAL_LABELS):
        alias = next((a for a in ctx.family.columns if a.measure == ctx.family.total), None)
    return alias


def _items_in_rows(ctx: TableContext, keys: list[int]) -> int:
    labels = [" ".join(ctx.view.cell(r, c) for c in keys).strip() for r in ctx.view.data_rows]
    return sum(1 for lb in labels if lb and (a := _row_item(ctx, lb)) and a.measure != ctx.family.total)


def _column_basis(ctx: TableContext, c: int) -> Optional[str]:
    """The basis a value column of a vertical table names; a plain figure column (预算数,
    本年预算数, 2026年预算数, 合计) is the current year's."""
    label = ctx.view.columns[c].label
    basis = basis_of(label, ctx)
    if basis is None and (_plain_row_label(ctx.view.columns[c].leaf) or _plain_row_label(label)):
        return "current"
    return basis


def _vertical_columns(ctx: TableContext, values: list[int]) -> list[int]:
    """The columns of a vertical table to read: one per basis its labels name (上年预算数 |
    本年预算数 | 增减额 side by side, or each under its own group's 合计), the leftmost of each;
    else the first total-like column.

    Why: the first column alone was read, so a table printing the prior year first lost its
    current figures (2025年预算数 | 2026年预算数 gave only the prior)."""
    values = [c for c in values if not adjusted_comparison(ctx.view.columns[c].label, ctx)]
    total = [c for c in values if _TOTAL_COLUMN_RE.fullmatch(ctx.view.columns[c].leaf)]
    by_basis: dict[str, int] = {}
    for c in total or values:
        if (basis := _column_basis(ctx, c)) is not None:
            by_basis.setdefault(basis, c)
    if "current" in by_basis or len(by_basis) >= 2:
        return list(by_basis.values())
    return (total or values)[:1]


def _facts_vertical(ctx: TableContext, group: tuple[int, ...], keys: list[int]) -> list[Fact]:
    """Items as rows: each item row's figure in each column read (one per basis). A blank cell
    of an item row reads as zero where the family says so (``blank_is_zero``) and its column
    prints a figure on another item row — the convention of the items-as-columns layout
    (a blank in a row that prints figures) transposed: there a row is one basis across the
    items, here a column is. Without it 寿县's blank 因公出国(境)费 row left the 三公 合计 unsummed
    while the same table printed the other way round was checked."""
    cols = _vertical_columns(ctx, value_columns(ctx, group))
    items = []
    for row in ctx.view.data_rows:
        label = " ".join(ctx.view.cell(row, c).strip() for c in keys if ctx.view.cell(row, c).strip())
        alias = _row_item(ctx, label)
        if alias is not None:
            items.append((row, label, alias))
    blank = {c: row_decimals_of_column(ctx, [r for r, _, _ in items], c)
             if ctx.family.blank_is_zero else None for c in cols}
    facts: list[Fact] = []
    for row, label, alias in items:
        for c in cols:
            basis = basis_of(ctx.view.columns[c].label, ctx) or "current"
            fact = make_fact(ctx, alias.measure, basis, row, c,
                             f"{label} / {ctx.view.columns[c].label}",
                             value_kind(ctx.view.columns[c].label, ctx), blank[c])
            if fact is not None:
                facts.append(fact)
    return facts


def row_decimals_of_column(ctx: TableContext, rows: list[int], col: int) -> Optional[int]:
    """Printed decimals of a column's figures on ``rows`` (for a blank read as zero); None when
    the column prints none there (a column left blank throughout is not printed: no zeros)."""
    decs = [n.decimals for r in rows if (n := parse_number(ctx.view.cell(r, col))) is not None]
    return max(decs) if decs else None


def _plain_row_label(label: str) -> bool:
    s = norm(label)
    return s in _PLAIN_LABELS or s.endswith(_PLAIN_ENDINGS)
