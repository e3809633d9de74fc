"""Shared pieces of cells → facts: the table context, column mapping, basis, one fact from a cell.

Why shared: classified, summary, horizontal and label tables differ in how rows are keyed, but a
figure becomes a fact the same way everywhere — the column's component and basis from its label
path, the money unit converted to 万元 with its printed precision, provenance down to the cell.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Optional

from ..model import Cell, Diagnostic, Document, Fact, Severity, Source, Table
from ..rules.reference import lookup_function_by_name
from ..rules.table_layouts import ColumnAlias, Family, LabelAlias, TableLayouts
from .numbers import is_blank, parse_number, to_wan
from .table_grid import CODE_RE, Column, GridView, norm, year_in
from .table_ofwhich import parts_group_blanks
from .table_terms import note_column, term_column, term_veto

_SPLIT_KEYS = ("类", "款", "项")


@dataclass
class TableContext:
    """Everything one table's fact extraction needs; ``diagnostics`` collects problems."""

    document: Document
    table: Table
    view: GridView
    family: Family
    kind: str
    unit: str
    year: Optional[int]
    layouts: TableLayouts
    cells: dict[tuple[int, int], Cell]
    diagnostics: list[Diagnostic] = field(default_factory=list)
    by_unit: bool = False  # set when the table (or the page it continues) is broken down by unit
    doc_unit: str = ""  # the document's unit (metadata), whose own row is a table's total row
    #: carried over pages of one table: the first page's scope, the unit whose rows continue,
    #: and the economic 类 code the next 款 rows fall under
    base_scope: str = ""
    unit_name: str = ""
    lei: str = ""
    #: the last code read, carried to a page continuing the table: a page that opens with 项
    #: rows printed by their own level (| | 02 | 事业单位医疗) takes 类 and 款 from it
    last_code: str = ""
    scope_override: str = ""  # the scope of the block being read (a unit's rows)
    grand: Optional[bool] = None  # whether the department's 合计 column includes 上年结转
    #: (row, unit, code) of rows keyed by a code and a second code (see tables._chain_alone)
    paired: list[tuple[int, str, str]] = field(default_factory=list)
    #: (unit, 类) of codes not read (printed on several rows): its other codes are read alone on
    #: every page of the table (see tables._chain_alone)
    dropped: set[tuple[str, str]] = field(default_factory=set)

    @property
    def scope(self) -> str:
        return self.scope_override or f"table:{self.table.index}"

    def source(self, row: int, col: int) -> Source:
        cell = self.cells.get((row, col))
        return Source(file=self.document.path,
                      page=(cell.page if cell and cell.page else self.table.page),
                      line=cell.line if cell else None, bbox=cell.bbox if cell else None,
                      table=self.table.index, row=row, column=col,
                      text=cell.text if cell else "")

    def warn(self, code: str, zh: str, en: str, row: Optional[int] = None) -> None:
        src = Source(file=self.document.path, page=self.table.page, table=self.table.index, row=row)
        self.diagnostics.append(Diagnostic(code, Severity.INFO, zh, en, src))


def _first(text: str, aliases: tuple[ColumnAlias, ...], header: str) -> Optional[ColumnAlias]:
    return next((a for a in aliases if text and a.pattern.search(text)
                 and not (a.unless is not None and a.unless.search(header))), None)


def _without_basis_levels(col: Column, ctx: "TableContext") -> Column:
    """Drop trailing levels that only name the basis (F7 …/公务用车购置费/预算数): the item is above."""
    path = list(col.path)
    while len(path) > 1 and ctx.layouts.recognition.basis_only.search(path[-1]):
        path.pop()
    return Column(col.index, tuple(path), col.kind)


def _without_fund_levels(col: Column, ctx: "TableContext") -> Optional[Column]:
    """The column without the level naming the family's own fund; None for another fund's.

    Why: a table printing each item by fund (因公出国(境)费/一般公共预算 | …/政府性基金预算) names the
    measure one level up; matched on the whole path, every fund's column would take the item's
    measure (and 0.00 of another fund would stand beside the real figure)."""
    if not ctx.family.fund_levels:
        return col
    path: list[str] = []
    for part in col.path:
        fund = next((keep for pat, keep in ctx.family.fund_levels if pat.fullmatch(norm(part))),
                    None)
        if fund is False:
            return None
        if fund is None:
            path.append(part)
    return col if len(path) == len(col.path) else Column(col.index, tuple(path), col.kind)


def _is_group_part(col: Column, ctx: "TableContext") -> bool:
    """Whether the column is one of several under its header group (基本支出/其他 beside
    基本支出/人员支出 and 基本支出/小计).

    Why: matched on its whole path, a part whose own wording no alias knows would take the
    group's alias and stand for the group's total (the figure of one part read as 基本支出),
    wherever the group's 小计 is printed; the group's total is its 小计/合计 column (a total
    leaf is never a part), or none."""
    parent = col.path[:-1]
    if not parent or ctx.layouts.recognition.total_header.search(col.leaf):
        return False
    n = len(parent)
    return any(other.index != col.index and len(other.path) > n and other.path[:n] == parent
               and other.path[n] != col.leaf for other in ctx.view.columns)


def match_column(col: Column, ctx: "TableContext") -> Optional[ColumnAlias]:
    """The column's alias: its leaf label first, else its full path.

    A generic total leaf (合计/小计) names the total only under a neutral parent (2024年预算数,
    支出); under a named group it takes the group's alias (公务用车购置及运行费/小计 → vehicle),
    and under an unknown group (2026年政府采购项目/小计) the column stays unmapped.
    """
    aliases = ctx.family.columns
    header = "|".join(c.label for c in ctx.view.columns)
    by_fund = _without_fund_levels(col, ctx)
    if by_fund is None:
        return ColumnAlias(ctx.family.fund_levels[0][0], "-")
    if not by_fund.path:
        return None
    col = by_fund
    if _first(col.leaf, aliases, header) is None:
        col = _without_basis_levels(col, ctx)
    for part in col.path[:-1]:
        if ctx.layouts.recognition.ignore_group.search(part):
            # a 上年结转 group: the family's own alias for it (income: carryover), else ignored
            return _first(part, aliases, header) or ColumnAlias(ctx.layouts.recognition.ignore_group, "-")
    leaf = _first(col.leaf, aliases, header)
    leaf = (leaf and term_veto(leaf, col.leaf, ctx, col.path[:-1]) or leaf) \
        or term_column(col.leaf, ctx, col.path[:-1])
    if leaf is None:
        if _is_group_part(col, ctx):
            return None
        whole = _first(col.label, aliases, header)
        return (whole and term_veto(whole, col.label, ctx) or whole) or term_column(col.label, ctx)
    is_total = leaf.component == "" and (not leaf.measure or leaf.measure == ctx.family.total)
    if is_total and len(col.path) > 1:
        parent = col.path[-2]
        named = _first(parent, aliases, header) or _named_by_terms(parent, ctx)
        if named is not None:
            return named
        if not ctx.layouts.recognition.neutral_parent.search(parent):
            return None
    return leaf


def _named_by_terms(parent: str, ctx: "TableContext") -> Optional[ColumnAlias]:
    """A group heading no alias knows that names an item by its terms (基本经费 over 小计): the
    total leaf under it is that item's. A heading whose terms name the total is no item."""
    named = term_column(parent, ctx, note=False)
    if named is None or (named.component == "" and not named.measure):
        return None
    note_column(ctx, parent)
    return named


def basis_of(label: str, ctx: TableContext) -> Optional[str]:
    """Basis named by a label (上年… → prior, 年初预算 → initial_budget …); None if none is named."""
    label = ctx.layouts.recognition.basis_strip.sub("", label)
    for rule in ctx.layouts.basis:
        if rule.kind and rule.kind != ctx.kind:
            continue
        if rule.pattern.search(label):
            return rule.basis
    year = year_in(label)
    if year is not None and ctx.year is not None and year == ctx.year - 1:
        return "prior"
    return None


def value_kind(label: str, ctx: TableContext) -> str:
    rec = ctx.layouts.recognition
    if rec.percent_header.search(label):
        return "percent"
    if rec.count_header.search(label):
        return "count"
    return "money"


def row_decimals(ctx: TableContext, row: int, cols: list[int]) -> Optional[int]:
    """Printed decimals of the row's figures (for a blank read as zero); None without figures."""
    decs = [n.decimals for c in cols if (n := parse_number(ctx.view.cell(row, c))) is not None]
    return max(decs) if decs else None


def make_fact(ctx: TableContext, measure: str, basis: str, row: int, col: int, label: str,
              kind: str = "money", blank_decimals: Optional[int] = None) -> Optional[Fact]:
    """A fact from one cell; a blank cell gives a zero fact only when ``blank_decimals`` is set."""
    text = ctx.view.cell(row, col)
    number = parse_number(text)
    blank = False
    if number is None:
        if blank_decimals is None or not is_blank(text):
            return None
        value, decimals, blank = Decimal(0), blank_decimals, True
    else:
        value, decimals = number.value, number.decimals
        if number.percent:
            kind = "percent"
    if kind == "percent" and basis == "current" and re.search(r"占|比重|构成", label):
        basis = "share"
    if kind == "money":
        value, decimals = to_wan(value, decimals, ctx.unit)
    return Fact(measure=measure, basis=basis, value=value, source=ctx.source(row, col),
                decimals=decimals, kind=kind, origin="table", scope=ctx.scope, label=label,
                of=ctx.family.total if basis == "share" else "", blank=blank)


def row_facts(ctx: TableContext, row: int, cols: list[tuple[int, ColumnAlias]], label: str,
               measure_of, row_basis: Optional[str] = None) -> list[Fact]:
    """Facts of one row: ``measure_of(alias)`` names each column's measure (None: skip)."""
    row_dec = row_decimals(ctx, row, [c for c, _ in cols])
    blank_dec = row_dec if ctx.family.blank_is_zero else None
    in_group = parts_group_blanks(ctx, row, cols)
    out = []
    for c, alias in cols:
        measure = measure_of(alias)
        if not measure:
            continue
        col_label = ctx.view.columns[c].label
        basis = row_basis or basis_of(col_label, ctx) or "current"
        fact = make_fact(ctx, measure, basis, row, c, f"{label} / {col_label}".strip(" /"),
                         value_kind(col_label, ctx), row_dec if c in in_group else blank_dec)
        if fact is not None:
            out.append(fact)
    return out


def strip_numbering(label: str, ctx: TableContext) -> str:
    s = norm(label)
    for pat in ctx.layouts.recognition.numbering:
        s = pat.sub("", s, count=1)
    s = re.sub(r"[：:]+$", "", s)
    return re.sub(r"[（(](类|款|项)[)）]$", "", s)


def lei_code(name: str, ctx: TableContext) -> Optional[str]:
    """The 类 code of a function name printed without a code (summary tables).

    A name without its 支出 is a 类 only when numbered as one (陕西 1、一般公共服务): unnumbered,
    it may be a 款 of another 类 (深圳 五、援助其他地区支出 / 住房保障)."""
    target = strip_numbering(name, ctx)
    numbered = target != norm(name)
    for lei_name, code in ctx.layouts.lei_names:
        short = lei_name[:-2] if lei_name.endswith("支出") and numbered else lei_name
        if target in (lei_name, short):
            return code
    return None


@dataclass(frozen=True)
class RowKey:
    """A data row's key: a normalised code (``""`` if none) and the printed name."""

    code: str
    name: str
    mapped: bool = False  # the code was not printed: it is the reference code of the name
    #: a second code printed in a key cell of its own (西安 部门经济科目 30206 × 政府经济科目
    #: 50201): the row is one cell of a crosswalk, not the figure of ``code`` alone
    pair: str = ""

    @property
    def label(self) -> str:
        return self.name if self.mapped else f"{self.code} {self.name}".strip()


def key_columns(ctx: TableContext, group: tuple[int, ...]) -> list[int]:
    return [c for c in group if ctx.view.columns[c].kind == "key"]


def value_columns(ctx: TableContext, group: tuple[int, ...]) -> list[int]:
    return [c for c in group if ctx.view.columns[c].kind == "value"]


def read_row_key(ctx: TableContext, row: int, keys: list[int], prev: str) -> RowKey:
    """Code and name of a row: code in its own cell, with the name, spaced, or split in 类/款/项.

    Split codes (上海 ``208 | 05 | 05``) inherit a blank 类/款 part from the previous code row.
    """
    cols = ctx.view.columns
    split = [c for c in keys if cols[c].leaf in _SPLIT_KEYS]
    texts = {c: norm(ctx.view.cell(row, c)) for c in keys}
    if len(split) >= 2:
        parts = [texts[c] for c in split]
        if any(parts) and all(re.fullmatch(r"\d*", p) for p in parts):
            code = _join_split(parts, prev)
            name = " ".join(ctx.view.cell(row, c).strip() for c in keys
                            if c not in split and ctx.view.cell(row, c).strip())
            return RowKey(code, name)
    joined = " ".join(ctx.view.cell(row, c).strip() for c in keys if ctx.view.cell(row, c).strip())
    m = CODE_RE.match(joined)
    if m:
        code = "".join(g for g in m.groups() if g)
        unit = ctx.layouts.recognition.unit_header
        codes = {c: t for c, t in texts.items() if not unit.search(cols[c].leaf)}
        return RowKey(code, joined[m.end():].strip(" 　-—:：、"), pair=_second_code(codes, code))
    return RowKey("", joined)


_CODE_CELL_RE = re.compile(r"\d{3}(\d{2}){0,2}")


def _second_code(texts: dict[int, str], code: str) -> str:
    """The code of a second code cell of the row (two classifications keying one row), or ""."""
    cells = [t for t in texts.values() if _CODE_CELL_RE.fullmatch(t)]
    if len(cells) < 2 or cells[0] != code:
        return ""
    return cells[1]


_SHORT_KUAN_RE = re.compile(r"^(\d{2})(?!\d)\s*(\S.*)$")


def short_codes(ctx: TableContext, rows: list[tuple[int, RowKey]]) -> list[tuple[int, RowKey]]:
    """款 rows printed with their two digits only (西安: ``208 社会保障和就业支出`` / ``05
    行政事业单位离退休`` / ``2080505 …``) read as 类 + 款 (20805).

    Why guarded: a two-digit row is a 款 only where the 类 above it is known (the last code row's
    first three digits) and the level is unambiguous: an economic table has no level below 款,
    and a function table printing full 项 codes shows the 款 by a 项 row below it that starts with
    类 + 款. Elsewhere (208 / 05 / 05 printed as one column) the row is left unread. The label
    keeps the digits as printed."""
    codes = [k.code for _, k in rows if k.code]
    out, lei = [], ""
    for i, (row, key) in enumerate(rows):
        if key.code:
            lei = key.code[:3]
        m = _SHORT_KUAN_RE.match(key.name) if not key.code and lei else None
        if m is not None:
            code = lei + m.group(1)
            below = [c for c in codes if len(c) == 7 and c.startswith(code)]
            if ctx.family.row_key == "economic" or below:
                key = RowKey(code, key.name, mapped=True)
        out.append((row, key))
    return out


def named_function_codes(ctx: TableContext, rows: list[tuple[int, RowKey]], is_label) -> dict[int, str]:
    """款 and 项 rows printed by name only under a 类 row (深圳 收支总表: 四、卫生健康支出 /
    行政事业单位医疗 / 行政单位医疗): row → the reference code of the name.

    Why narrow: 款/项 names repeat under many 类 (行政运行), so a name is looked up only under the
    类 above it (a 款: five digits) or the 款 above it (a 项: seven digits); an ambiguous or unknown
    name (其他科学技术支出: the 款 and its 项 share it) is left unread. The caller reads these rows
    alone: a name left unread, here or on the next page, would make 类 = Σ 款 fail. A labelled row
    (``is_label``: 本年支出合计, 结转下年) ends the 类 list. The last code read is kept in
    ``ctx.lei``: a page continuing the table goes on under it."""
    out: dict[int, str] = {}
    lei, kuan = ctx.lei[:3], ctx.lei[:5] if len(ctx.lei) >= 5 else ""  # carried from the page before
    for row, key in rows:
        code = key.code or (lei_code(key.name, ctx) or "" if key.name else "")
        if code:
            lei, kuan = code[:3], code[:5] if len(code) >= 5 else ""
            ctx.lei = code
            continue
        name = strip_numbering(key.name, ctx)
        if not lei or not name:
            continue
        if is_label(name):
            lei = kuan = ctx.lei = ""
            continue
        found = lookup_function_by_name(name, ctx.year, kuan) if kuan else None
        if found is None or len(found) != 7:
            found = lookup_function_by_name(name, ctx.year, lei)
            if found is None or len(found) != 5 or found == kuan:
                # 深圳: 其他文化旅游体育与传媒支出 (款 20799) / 文化产业发展专项支出 / 其他文化旅游体育与
                # 传媒支出 again — a 项 that shares its 款's name is not the 款 a second time
                continue
            kuan = found
        out[row] = ctx.lei = found
    return out


def _join_split(parts: list[str], prev: str) -> str:
    widths = (3, 2, 2)
    out = ""
    for i, part in enumerate(parts[:3]):
        if part:
            out += part.zfill(widths[i]) if i else part  # "2" where "02" is printed in 款
        elif any(parts[i + 1:3]):
            start = sum(widths[:i])
            piece = prev[start:start + widths[i]]
            if len(piece) != widths[i]:
                return ""
            out += piece
        else:
            break
    return out if len(out) in (3, 5, 7) else ""


def measure_for_code(family: Family, code: str, component: str) -> str:
    prefixes = dict(family.component_prefix)
    if component in prefixes:
        return f"{prefixes[component]}.{code}"
    return f"{family.prefix}.{code}" + (f".{component}" if component else "")


def measure_for_label(family: Family, alias: LabelAlias, component: str) -> str:
    """A labelled row's measure for a column component (合计 row → the table's total keys)."""
    if not component:
        return alias.measure
    by_component = dict(alias.by_component)
    if component in by_component:
        return by_component[component]
    if alias.measure == family.total:
        totals = dict(family.totals)
        return totals.get(component, f"{family.total_prefix}.{component}")
    return ""  # no declared key for this label × column: not guessed
