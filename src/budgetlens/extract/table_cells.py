"""Shared pieces of cells → facts: the table context, column mapping, basis, one fact from a cell.

Why shared: classified, summary, horizontal and label tables differ in how rows are keyed, but a
figure becomes a fact the same way everywhere — the column's component and basis from its label
path, the money unit converted to 万元 with its printed precision, provenance down to the cell.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Callable, Optional

from ..model import Cell, Diagnostic, Document, Fact, Severity, Source, Table
from ..rules.extract_words import load_extract_words
from ..rules.memo import OwnedMemo
from ..rules.table_layouts import ColumnAlias, Family, Recognition, TableLayouts
from .numbers import is_blank, parse_number, to_wan
from .table_grid import Column, GridView, norm, year_in
from .table_ofwhich import parts_group_blanks
from .table_terms import note_column, term_column, term_veto

_SHARE_LABEL_RE = load_extract_words()["cells"].rx["share_label"]  # 占, 比重: a share, not a rate


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
    #: rows of a crosswalk not read as single figures (a code repeated, each row with its own
    #: second code): parts of the code's parent as printed, not rows lost (table_quality.py)
    crosswalk: set[int] = field(default_factory=set)

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
    adjusted = adjusted_pattern(col.label, ctx)
    if adjusted is not None:
        return ColumnAlias(adjusted, "-")
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


def adjusted_comparison(label: str, ctx: TableContext) -> bool:
    """Whether a column or row label is a comparison after an adjustment (扣除一次性因素后增减%).

    Why: such a figure compares the current year with a prior figure the table does not print
    (the prior less one-off items); read as the change or its rate it contradicts the printed
    prior and current figures, so the identities would report a defect the document has not."""
    return adjusted_pattern(label, ctx) is not None


def adjusted_pattern(label: str, ctx: TableContext) -> Optional[re.Pattern]:
    """The layouts' adjusted-comparison pattern when ``label`` matches it (the column is then
    ignored under that pattern), else None (also when the layouts declare none)."""
    pattern = ctx.layouts.recognition.adjusted_comparison
    return pattern if pattern is not None and pattern.search(norm(label)) else None


# A column label's basis and value kind, per (label, kind, year) of one loaded layouts object: asked
# for every cell of every row (38,000 times over the corpus PDFs) about the table's few labels.
_BASIS: OwnedMemo[str] = OwnedMemo(4096)
_KIND: OwnedMemo[str] = OwnedMemo(4096)


def basis_of(label: str, ctx: TableContext) -> Optional[str]:
    """Basis named by a label (上年… → prior, 年初预算 → initial_budget …); None if none is named."""
    return _BASIS.get(ctx.layouts, (label, ctx.kind, ctx.year),
                      lambda: _basis_of(label, ctx) or "") or None


def _basis_of(label: str, ctx: TableContext) -> Optional[str]:
    label = ctx.layouts.recognition.basis_strip.sub("", label)
    year = year_in(label)
    for rule in ctx.layouts.basis:
        if rule.kind and rule.kind != ctx.kind:
            continue
        if rule.pattern.search(label):
            if rule.by_year and year is not None and ctx.year is not None and year != ctx.year:
                return "prior" if year == ctx.year - 1 else None
            return rule.basis
    if year is not None and ctx.year is not None and year == ctx.year - 1:
        return "prior"
    return None


def value_kind(label: str, ctx: TableContext) -> str:
    """What a column's figures are (percent, count or money), by its label."""
    return _KIND.get(ctx.layouts, label, lambda: _value_kind(label, ctx.layouts.recognition))


def _value_kind(label: str, rec: Recognition) -> str:
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
    if kind == "percent" and basis == "current" and _SHARE_LABEL_RE.search(label):
        basis = "share"
    if kind == "money":
        value, decimals = to_wan(value, decimals, ctx.unit)
    return Fact(measure=measure, basis=basis, value=value, source=ctx.source(row, col),
                decimals=decimals, kind=kind, origin="table", scope=ctx.scope, label=label,
                of=ctx.family.total if basis == "share" else "", blank=blank)


def row_facts(ctx: TableContext, row: int, cols: list[tuple[int, ColumnAlias]], label: str,
               measure_of: Callable[[ColumnAlias], Optional[str]],
               row_basis: Optional[str] = None) -> list[Fact]:
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


def key_columns(ctx: TableContext, group: tuple[int, ...]) -> list[int]:
    return [c for c in group if ctx.view.columns[c].kind == "key"]


def value_columns(ctx: TableContext, group: tuple[int, ...]) -> list[int]:
    return [c for c in group if ctx.view.columns[c].kind == "value"]
