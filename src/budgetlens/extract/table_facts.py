"""Cells → facts for the four grid layouts: classified, summary (two-sided), horizontal, label.

Why one module per concern: the layouts share column mapping and fact making
(:mod:`.table_cells`) and differ only in how a row is keyed — a classification code (B5 2010301),
a summary label mapped by alias (一般公共预算拨款 → income.fiscal.general), or no row key at all
(三公: measures in columns). Measure keys follow docs/measures.md exactly.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Callable, Iterable, Optional

from ..model import Fact, scope_unit
from ..rules.extract_words import load_extract_words
from ..rules.table_layouts import ColumnAlias, LabelAlias
from .numbers import parse_number
from .table_cells import (TableContext, basis_of, key_columns, match_column, row_facts, value_columns,
                          value_kind)
from .table_rowkey import (RowKey, lei_code, measure_for_code, measure_for_label, named_function_codes,
                           read_row_key, short_codes, strip_numbering)
from .table_grid import norm
from .table_horizontal import facts_horizontal
from .table_pagesum import first_unit_alone, page_total, set_aside
from .table_units import economic_keys, unit_blocks

_WORDS = load_extract_words()["facts"]  # rules/extract_words.toml [facts], compiled once
_TOTAL_NAME = _WORDS.words["total_name"][0]
_YEAR_TOTAL_WORDS = _WORDS.words["year_total_word"]
_INCOME_SIDE, _EXPENSE_SIDE = _WORDS.words["income_side"], _WORDS.words["expense_side"]
_EXPENSE_HEADS = frozenset(_WORDS.words["expense_heads"])
_SECTION_NUMBERS = frozenset(_WORDS.words["section_numbers"])


def _has(text: str, words: tuple[str, ...]) -> bool:
    return any(w in text for w in words)


def _mapped_columns(ctx: TableContext, group: tuple[int, ...]) -> list[tuple[int, ColumnAlias]]:
    """Value columns of a group with their alias; unmapped ones are reported once."""
    out, unmapped, seen = [], [], set()
    for c in value_columns(ctx, group):
        alias = match_column(ctx.view.columns[c], ctx)
        if alias is None:
            unmapped.append(ctx.view.columns[c].label or str(c))
            continue
        key = (alias.component, alias.measure, basis_of(ctx.view.columns[c].label, ctx))
        if alias.component == "-" or key in seen:
            continue  # the leftmost of two columns with one meaning (合计 | 当年预算/小计) is read
        seen.add(key)
        out.append((c, alias))
    if unmapped:
        ctx.warn("table-column-unmapped", f"表格列未识别：{'、'.join(unmapped)}",
                 f"unmapped table columns: {', '.join(unmapped)}")
    return out


def _label_alias(ctx: TableContext, label: str, side: str, section: str,
                 side_labels: list[str]) -> Optional[LabelAlias]:
    """The first label alias for a row label on a side, honouring sections and ``unless``."""
    candidates = [a for a in ctx.family.labels if not a.side or not side or a.side == side]
    ordered = [a for a in candidates if a.section is not None and a.section == section] + \
              [a for a in candidates if a.section is None]
    for alias in ordered:
        if not alias.pattern.search(label):
            continue
        if alias.unless is not None and any(alias.unless.search(x) for x in side_labels if x != label):
            continue
        return alias
    return None


def _code_for(ctx: TableContext, key: RowKey) -> str:
    if key.code:
        return key.code
    if ctx.family.row_key == "function":
        return lei_code(key.name, ctx) or ""
    return ""


def _duplicate_codes(ctx: TableContext, rows: list[tuple[int, RowKey]]) -> set[str]:
    """Codes printed on more than one row (crosswalk or per-unit rows): not one figure each."""
    seen: dict[str, int] = {}
    for _, key in rows:
        if key.code:
            seen[key.code] = seen.get(key.code, 0) + 1
    dup = {c for c, n in seen.items() if n > 1}
    if dup:
        ctx.warn("table-duplicate-code", f"表格中科目编码重复出现，未按单行读取：{'、'.join(sorted(dup)[:8])}",
                 f"codes printed on several rows, not read as single figures: {', '.join(sorted(dup)[:8])}")
    return dup


def facts_classified(ctx: TableContext) -> list[Fact]:
    """Code rows → ``<prefix>.<code>[.<component>]``; 合计/label rows → the table's total keys.

    Economic names printed without codes are read as their codes, and a table broken down by
    budget unit is read as the department's row plus one block per unit, in the unit's scope
    (:mod:`.table_units`).
    """
    facts: list[Fact] = []
    single = len(ctx.view.groups) == 1  # side-by-side groups each run their own code list
    carried = ctx.lei[:3]  # the 类 the first rows of a continuing page fall under
    for group in ctx.view.groups:
        keys, cols = key_columns(ctx, group), _mapped_columns(ctx, group)
        grand = _grand_total(ctx, cols)
        rows, prev = [], ctx.last_code if single else ""
        for row in ctx.view.data_rows:
            key = read_row_key(ctx, row, keys, prev)
            prev = key.code or prev
            rows.append((row, key))
        ctx.last_code = prev if single else ""
        rows, subs = set_aside(ctx, economic_keys(ctx, short_codes(ctx, rows)), [c for c, _ in cols])
        start = len(facts)
        alone = (lambda rs, us: first_unit_alone(ctx, rs, us, [c for c, _ in cols])) if subs else None
        for block in unit_blocks(ctx, group, rows, alone):
            ctx.scope_override = block.scope
            block_rows = [(r, RowKey("", _TOTAL_NAME) if r == block.total else k) for r, k in block.rows]
            facts += _block_facts(ctx, block_rows, keys, cols, grand, carried)
        ctx.scope_override = ""
        if subs:
            facts += page_total(ctx, subs, rows, facts[start:], lambda r: _block_facts(
                ctx, [(r, RowKey("", _TOTAL_NAME))], keys, cols, grand, carried))
    return facts


def _block_facts(ctx: TableContext, rows: list[tuple[int, RowKey]], keys: list[int],
                 cols: list[tuple[int, ColumnAlias]],
                 grand: tuple[str, list[int], Optional[int]], carried: str = "") -> list[Fact]:
    """Facts of the rows of one block (the department's, or one unit's): codes and 合计."""
    facts: list[Fact] = []
    dup = _duplicate_codes(ctx, rows)
    alone = _read_alone(ctx, rows, dup, carried)
    miscoded = _miscoded(rows, dup)
    unit = scope_unit(ctx.scope)
    ctx.paired += [(row, unit, key.code) for row, key in rows if key.pair and key.code not in dup]
    ctx.dropped |= {(unit, c[:3]) for c in dup - miscoded}
    ctx.crosswalk |= {row for row, key in rows if key.pair and key.code in dup - miscoded}
    for row, key in rows:
        code = key.code or _code_for(ctx, key)
        if code and (code not in dup or code in miscoded):
            facts += _scoped(alone(code) or code in miscoded, row, ctx, row_facts(
                ctx, row, cols, key.label,
                lambda a: measure_for_code(ctx.family, code, a.component)))
            continue
        if code:
            continue
        alias = _label_alias(ctx, strip_numbering(key.name or (_TOTAL_NAME if not keys else ""), ctx),
                             "", "", [])
        if alias is not None:
            g = _carried(ctx, row, grand)
            year = [(grand[2], _YEAR_TOTAL)] if g and grand[2] is not None and \
                alias.measure == ctx.family.total else []
            facts += _scoped(alone(""), row, ctx, row_facts(
                ctx, row, cols + year, key.name,
                lambda a: alias.measure if a is _YEAR_TOTAL else
                g if g and alias.measure == ctx.family.total
                and not a.component else measure_for_label(ctx.family, alias, a.component)))
    return facts


#: The alias of a 本年收入/小计 column read beside a grand total (see :func:`_grand_total`).
_YEAR_TOTAL = ColumnAlias(_WORDS.rx["year_column"], "")


def _carried(ctx: TableContext, row: int, grand: tuple[str, list[int], Optional[int]]) -> str:
    """The grand-total measure when the row's 上年结转 cells print a non-zero amount; with none
    carried over 合计 is also 本年收入合计 and keeps that key (and its checks).

    A unit's row of a table by unit takes the department row's reading (``ctx.grand``): the
    column means the same on every row, and Σ units = department must add one measure."""
    measure, carry, _ = grand
    if ctx.scope_override and ctx.grand is not None:
        return measure if ctx.grand else ""
    found = any((n := parse_number(ctx.view.cell(row, c))) is not None and n.value != 0
                for c in carry)
    if not ctx.scope_override and measure:
        ctx.grand = found
    return measure if found else ""


def _grand_total(ctx: TableContext, cols: list[tuple[int, ColumnAlias]]
                 ) -> tuple[str, list[int], Optional[int]]:
    """The measure of the 合计 row's total column when it includes a carry-over column, the
    carry-over columns (see :func:`_carried`), and a total column of the year beside it.

    Why: 陕西 收入总表 prints 合计 | 一般公共预算拨款 | … | 上年结转, and its 合计 is 收入总计, not
    本年收入合计; a total column labelled 本年… stays the income of the year. 杭州 prints
    总计 | 本年收入 (小计 | 一般公共预算 …) | 上年结转结余 (小计 | …): the carry-over group's columns are
    named by their group, and the group's 小计 beside 总计 is 本年收入合计 (the year column)."""
    declared = ctx.family.grand_total
    if declared is None:
        return "", [], None
    total = next((c for c, a in cols if not a.component), None)
    if total is None or any(w in ctx.view.columns[total].label for w in _YEAR_TOTAL_WORDS):
        return "", [], None
    carry = [c.index for c in ctx.view.columns if c.index != total and c.kind == "value"
             and any(declared[0].search(part) for part in c.path)]
    if not carry:
        return "", [], None
    year = next((c.index for c in ctx.view.columns
                 if c.kind == "value" and c.index not in carry and c.index != total
                 and _YEAR_TOTAL.pattern.search(c.label)
                 and (a := match_column(c, ctx)) is not None and not a.component and not a.measure),
                None)
    return declared[1], carry, year


def _miscoded(rows: list[tuple[int, RowKey]], dup: set[str]) -> set[str]:
    """Repeated codes whose rows name different items (长春: 30208 取暖费 and 30208 物业管理费).

    Why: a crosswalk (30101 基本工资 | 50101 …, 30101 基本工资 | 50501 …) or per-unit rows repeat
    one item, and are not read; one code printed for two items is a defect of the document, so
    each row is read (alone): the two observations of the code disagree and are reported."""
    names: dict[str, set[str]] = {}
    for _, key in rows:
        if key.code in dup:
            names.setdefault(key.code, set()).add(norm(re.split(r"\s*\d", key.name, 1)[0]))
    return {code for code, found in names.items() if len(found) > 1}


def _read_alone(ctx: TableContext, rows: list[tuple[int, RowKey]], dup: set[str],
                carried: str = "") -> Callable[[str], bool]:
    """Which rows must be read alone because a code printed on several rows was dropped.

    Why: a 类 whose 款 include a dropped (repeated) code cannot be checked against the 款 that
    remain, nor a 合计 against its 类 when a 类 itself was dropped. Such rows keep their figures
    (for cross-table checks) in a scope of their own row. Returns ``code -> bool`` ("" = a
    labelled row such as 合计, read alone only when the 类 level is incomplete).

    A code whose first digit is not the table's (``7 | 11 | 02`` printed for 210 11 02) is read
    alone too: it is no 类 of the table, and the printed 类 rows are checked without it.

    ``carried`` is the 类 a page continuing the table goes on under: printed on the page
    before, it is not dropped, and the page's other 类 rows keep the table's scope."""
    codes = [c for c in (key.code or _code_for(ctx, key) for _, key in rows) if c]
    first = Counter(c[0] for c in codes).most_common(1)[0][0] if codes else ""
    stray = {c for c in codes if c[0] != first}
    if not dup:
        return lambda code: code in stray
    present = (set(codes) - dup) | ({carried} if carried and carried not in dup else set())
    lei = {d[:3] for d in dup}
    if any(c not in present for c in lei):
        return lambda code: True
    return lambda code: code in stray or (len(code) > 3 and code[:3] in lei)


def _scoped(alone: bool, row: int, ctx: TableContext, facts: list[Fact]) -> list[Fact]:
    return [f._replace(scope=f"{ctx.scope}:row:{row}") for f in facts] if alone else facts


def _sides(ctx: TableContext) -> list[tuple[tuple[int, ...], str]]:
    """Each column group of a summary table with its side (income/expense, "" when unknown)."""
    groups = ctx.view.groups
    out = []
    for i, group in enumerate(groups):
        text = "".join(ctx.view.columns[c].label for c in group)
        expense, income = _has(text, _EXPENSE_SIDE), _has(text, _INCOME_SIDE)
        if expense and not income:
            side = "expense"
        elif income and not expense:
            side = "income"
        elif len(groups) >= 2:
            side = "income" if i == 0 else "expense"
        else:
            side = ""
        out.append((group, side))
    return out


def facts_summary(ctx: TableContext) -> list[Fact]:
    """Two-sided 收支总表: label rows by alias per side; 类 rows (code or name) by code."""
    facts: list[Fact] = []
    sides = _sides(ctx)
    for group, side in sides:
        keys, cols = key_columns(ctx, group), _mapped_columns(ctx, group)
        rows = [(row, read_row_key(ctx, row, keys, "")) for row in ctx.view.data_rows]
        labels = [strip_numbering(k.name, ctx) for _, k in rows]
        same_side = [x for x in labels if x]  # once per side: per row it made a long table quadratic
        named = _named(ctx, rows, side)
        current_side, section = side or "income", ""
        start, incomplete = len(facts), False
        coded: dict[int, tuple[int, str]] = {}  # fact index → (row, code) of a coded row
        for (row, key), label in zip(rows, labels):
            if not key.code and not key.name:
                continue
            if not side and label in _EXPENSE_HEADS:
                current_side = "expense"
                continue
            code = (_code_for(ctx, key) or named.get(row, "")) if current_side == "expense" or not side else ""
            if code:
                current_side = "expense" if not side else current_side
                new = row_facts(ctx, row, cols, key.label or key.name,
                                 lambda a: measure_for_code(ctx.family, code, a.component))
                coded.update((len(facts) + i, (row, code)) for i in range(len(new)))
                facts += new
                continue
            incomplete = incomplete or _unread_class_row(ctx, row, key.name, cols)
            if norm(key.name)[:2] in _SECTION_NUMBERS:
                section = ""
            alias = _label_alias(ctx, label, current_side, section, same_side)
            if alias is None:
                continue
            section = alias.sets_section if alias.sets_section is not None else (
                section if alias.section is not None else "")
            facts += _scoped(alias.alone, row, ctx, row_facts(
                ctx, row, _borrowed(ctx, row, group, side, cols, sides), key.name,
                lambda a: measure_for_label(ctx.family, alias, a.component)))
        for i in range(start, len(facts)):
            # 类 rows beside an unreadable 类 row are read alone; so are 款/项 rows read by name
            # (a name left unread, here or on the next page, would make 类 = Σ 款 fail)
            if i in coded and (incomplete or coded[i][0] in named):
                facts[i] = facts[i]._replace(scope=f"{ctx.scope}:row:{coded[i][0]}")
    return facts


def _named(ctx: TableContext, rows: list[tuple[int, RowKey]], side: str) -> dict[int, str]:
    """Codes of the expense side's 款/项 rows printed by name (see :func:`named_function_codes`)."""
    if side != "expense":
        return {}
    return named_function_codes(ctx, rows, lambda name: _label_alias(ctx, name, "expense", "", []) is not None)


def _has_figure(ctx: TableContext, row: int, cols: Iterable[int]) -> bool:
    return any(parse_number(ctx.view.cell(row, c)) is not None for c in cols)


def _borrowed(ctx: TableContext, row: int, group: tuple[int, ...], side: str,
              cols: list[tuple[int, ColumnAlias]],
              sides: list[tuple[tuple[int, ...], str]]) -> list[tuple[int, ColumnAlias]]:
    """The value columns a labelled row's amount is read from: its own group's, or — when those
    are blank — another group's of the same side whose key cells on this row are blank.

    Why: 江苏 收支预算总表 prints 当年支出小计 under 功能分类 and its amount in the last (支出用途)
    column. The amount is taken only when unambiguous: one such group, same side, and no label
    of its own on the row."""
    if _has_figure(ctx, row, [c for c, _ in cols]) or not side:
        return cols
    found = []
    for other, other_side in sides:
        if other == group or other_side != side:
            continue
        if any(norm(ctx.view.cell(row, c)) for c in key_columns(ctx, other)):
            continue
        mapped = [(c, a) for c in value_columns(ctx, other)
                  if (a := match_column(ctx.view.columns[c], ctx)) is not None and a.component == ""]
        if _has_figure(ctx, row, [c for c, _ in mapped]):
            found.append(mapped[:1])
    return found[0] if len(found) == 1 else cols


def _unread_class_row(ctx: TableContext, row: int, name: str,
                      cols: list[tuple[int, ColumnAlias]]) -> bool:
    """A row with a figure that names a 类 but is not one (two 类 names printed on one line:
    援助其他地区支出（十九）自然资源海洋气象等支出 502.00): the 类 rows read are incomplete."""
    text = norm(name)
    if not any(parse_number(ctx.view.cell(row, c)) is not None for c, _ in cols):
        return False
    hits = {code for n, code in ctx.layouts.lei_names if len(n) >= 4 and n in text}
    return len(hits) >= 2


def facts_label(ctx: TableContext) -> list[Fact]:
    """Label-keyed tables (政府采购, 项目支出): label alias rows × total-like columns."""
    facts: list[Fact] = []
    for group in ctx.view.groups:
        keys = key_columns(ctx, group)
        matched = [(c, a) for c in value_columns(ctx, group)
                   if (a := match_column(ctx.view.columns[c], ctx)) and a.component != "-"]
        cols = [(c, a) for c, a in matched if a.component == ""]
        # without a named amount column, the group's first money column (never 数量, 占比 …:
        # 西安 采购表 prints 规格型号 | 数量 as a group of their own)
        money = [c for c in value_columns(ctx, group)
                 if value_kind(ctx.view.columns[c].label, ctx) == "money"]
        if not cols and money:
            cols = [(money[0], ColumnAlias(ctx.family.columns[0].pattern, ""))] if ctx.family.columns else []
        # a funding-source column (一般公共预算拨款收入) only where the row's alias declares its key
        cols += [(c, a) for c, a in matched if a.component != ""]
        for row in ctx.view.data_rows:
            name = " ".join(ctx.view.cell(row, c).strip() for c in keys if ctx.view.cell(row, c).strip())
            if not keys and not name:
                name = _TOTAL_NAME
            alias = _label_alias(ctx, strip_numbering(name, ctx), "", "", [])
            if alias is not None:
                facts += row_facts(ctx, row, cols, name, lambda a: (
                    dict(alias.by_component).get(a.component, "") if a.component else alias.measure))
    return facts


LAYOUT_EXTRACTORS = {
    "classified": facts_classified,
    "summary": facts_summary,
    "horizontal": facts_horizontal,
    "label": facts_label,
}
