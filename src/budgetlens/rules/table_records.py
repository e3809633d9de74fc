"""The typed records of ``rules/tables.toml``: families of tables, their column and row aliases,
recognition words, bases, performance-table labels.

Why apart from the loader (:mod:`.table_layouts`): extraction reads these records on every table;
the loader declares the file's schema and turns its entries into them once. Patterns are compiled.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional


@dataclass(frozen=True)
class ColumnAlias:
    """A column label pattern: ``component`` ("" total, "-" ignore) or a full ``measure``."""

    pattern: re.Pattern
    component: str = ""
    measure: str = ""
    unless: Optional[re.Pattern] = None


@dataclass(frozen=True)
class LabelAlias:
    """A row label pattern of summary/label tables and the measure it names."""

    pattern: re.Pattern
    measure: str
    side: str = ""
    section: Optional[str] = None
    sets_section: Optional[str] = None
    unless: Optional[re.Pattern] = None
    by_component: tuple[tuple[str, str], ...] = ()
    #: read in a scope of its own row: printed in the table but no part of its in-table sums
    #: (烟台 收支总表: 上级补助收入 listed below 本年收入合计, outside it)
    alone: bool = False


@dataclass(frozen=True)
class BasisRule:
    pattern: re.Pattern
    basis: str
    kind: str = ""
    #: the label's year decides first: another year than the document's is the prior (the year
    #: before) or no basis (年初预算数 is the budget itself in a budget of its year only)
    by_year: bool = False


@dataclass(frozen=True)
class Family:
    """One standard table (both phases) and how its cells become facts."""

    name: str
    roles: tuple[tuple[str, str], ...]
    zh: tuple[tuple[str, str], ...]
    aliases: tuple[re.Pattern, ...]
    exclude: tuple[re.Pattern, ...]
    header_hints: tuple[re.Pattern, ...]
    layout: str
    row_key: str
    prefix: str
    total: str
    total_prefix: str
    blank_is_zero: bool
    money_unit: str
    columns: tuple[ColumnAlias, ...]
    labels: tuple[LabelAlias, ...]
    totals: tuple[tuple[str, str], ...] = ()
    component_prefix: tuple[tuple[str, str], ...] = ()
    #: (column pattern, measure): when a column matching the pattern is printed, the 合计 row's
    #: generic total column (合计/总计, not 本年…合计) includes it and takes this measure.
    grand_total: Optional[tuple[re.Pattern, str]] = None
    #: (level pattern, keep): a header level naming a fund (一般公共预算 | 政府性基金预算 | 国有资本经营
    #: 预算 under every item, 深圳 表9). The family's measures are one fund's: its level is dropped
    #: from the column path (the item above names the measure), another fund's column is ignored.
    fund_levels: tuple[tuple[re.Pattern, bool], ...] = ()
    #: When a printed title names no known table (部门预算支出汇总表), the family may still be
    #: recognised by its content (extract/table_content.py): the title must name what the table
    #: is about (this pattern), every header hint must hold and the rows must be keyed as the
    #: family's. None: never recognised by content.
    content_title: Optional[re.Pattern] = None

    def role(self, kind: Optional[str]) -> str:
        """The role key for a document phase (kind-less families have one role)."""
        roles = dict(self.roles)
        if "" in roles:
            return roles[""]
        return roles.get(kind or "budget") or roles.get("budget") or next(iter(roles.values()))

    @property
    def kindless(self) -> bool:
        return dict(self.roles).keys() == {""}


@dataclass(frozen=True)
class Recognition:
    final_words: tuple[str, ...]
    budget_words: tuple[str, ...]
    neutral_words: tuple[str, ...]
    numbering: tuple[re.Pattern, ...]
    unit_pattern: re.Pattern
    note_pattern: re.Pattern
    key_header: re.Pattern
    ignore_header: re.Pattern
    percent_header: re.Pattern
    count_header: re.Pattern
    neutral_parent: re.Pattern
    unit_header: re.Pattern
    ignore_group: re.Pattern
    basis_strip: re.Pattern
    basis_only: re.Pattern
    unit_row: re.Pattern
    #: A header leaf over figures by its last word (合计/小计/总计/金额): the pipe-table realigner
    #: reads such a column as numeric.
    total_header: re.Pattern
    #: rows keyed by function a table recognised by content needs, and rows keyed otherwise
    #: that contradict a function table's title (extract/table_content.py)
    content_min_rows: int
    #: running-text lines above a table searched for an unattached title (table_role.orphan_title)
    orphan_lines: int
    #: A comparison after an adjustment (扣除一次性因素后增减%, 可比口径增减): a figure no identity
    #: knows, whose column or row is not read (None: every comparison is read).
    adjusted_comparison: Optional[re.Pattern] = None


@dataclass(frozen=True)
class PerfColumn:
    """A performance-table column: label pattern → measure suffix, basis and kind (``unit``: percent
    when the row's printed unit is %, else count — an indicator value's kind is its unit's)."""

    pattern: re.Pattern
    measure: str
    basis: str
    kind: str


@dataclass(frozen=True)
class Performance:
    """Label patterns of 绩效目标表 / 绩效自评表 (key-value tables)."""

    project_name: re.Pattern
    project_budget: re.Pattern
    overall_marker: re.Pattern
    overall_budget: re.Pattern
    weight_header: re.Pattern
    self_eval_score: re.Pattern
    self_eval_funds_row: re.Pattern
    self_eval_total_row: re.Pattern
    indicator_name: re.Pattern
    indicator_unit: re.Pattern
    comparator: re.Pattern
    self_eval_columns: tuple[PerfColumn, ...]
    indicator_columns: tuple[PerfColumn, ...]
    #: fund-source rows under the funds row (财政资金小计, ①中央财政资金 …): label → measure suffix
    self_eval_sources: tuple[PerfColumn, ...] = ()


@dataclass(frozen=True)
class TableLayouts:
    """Everything in ``tables.toml``, typed. ``lei_names`` maps function 类 names to codes."""

    default_money_unit: str
    recognition: Recognition
    basis: tuple[BasisRule, ...]
    families: tuple[Family, ...]
    performance: Performance
    lei_names: tuple[tuple[str, str], ...] = ()
    #: (part, carryover, total, apart) of each [[carryover_fold]] (extract/table_fold.py)
    carryover_folds: tuple[tuple[str, str, str, str], ...] = ()
    #: (measure, wider measure) a sentence may state under the narrower words (``text_wider``)
    text_wider: tuple[tuple[str, str], ...] = ()
    #: components that add up to a row's total (``of_which_parts``, extract/table_ofwhich.py)
    of_which_parts: tuple[str, ...] = ()
    #: rows that must show a part column to be an 其中 of the others (``of_which_min_rows``)
    of_which_min_rows: int = 2

    def family(self, name: str) -> Family:
        for f in self.families:
            if f.name == name:
                return f
        raise KeyError(name)

    def family_of_role(self, role: str) -> Optional[Family]:
        for f in self.families:
            if role in dict(f.roles).values():
                return f
        return None

    def role_titles_zh(self) -> dict[str, str]:
        return {role: title for f in self.families for role, title in f.zh}
