"""Typed loader for ``rules/tables.toml``: how tables are recognised by role and read into facts.

Why a separate, validated file: title variants differ by region and year (上海 9 张表 in 元, 江苏
公开表, 重庆 财政拨款收支总表 …), and each new variant must be a string added to data, not code.
Loading compiles every regex and checks every key, and names the bad key in a
:class:`TableLayoutError`: a broken layout is a bug in the package data, caught at load time.
"""

from __future__ import annotations

import csv
import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Optional

LAYOUTS = ("classified", "summary", "horizontal", "label", "performance_targets", "self_eval")
ROW_KEYS = ("function", "economic", "label", "none")
KINDS = ("budget", "final")
BASES = ("current", "prior", "initial_budget", "adjusted_budget", "change_prior",
         "pct_change_prior", "change_initial_budget", "change_adjusted_budget",
         "pct_change_initial_budget", "pct_change_adjusted_budget")
SIDES = ("income", "expense", "")
MONEY_UNITS = ("元", "万元", "千元", "亿元")
_MEASURE_RE = re.compile(r"^[a-z_]+(\.[a-z0-9_]+)*$")
_COMPONENT_RE = re.compile(r"^([a-z_]+(\.[a-z_]+)*|-)?$")
_HERE = Path(__file__).resolve().parent


class TableLayoutError(ValueError):
    """``tables.toml`` is malformed; the message names the key."""


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


@dataclass(frozen=True)
class TableLayouts:
    """Everything in ``tables.toml``, typed. ``lei_names`` maps function 类 names to codes."""

    default_money_unit: str
    recognition: Recognition
    basis: tuple[BasisRule, ...]
    families: tuple[Family, ...]
    performance: Performance
    lei_names: tuple[tuple[str, str], ...] = ()

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


def _compile(value: Any, where: str) -> re.Pattern:
    if not isinstance(value, str) or not value:
        raise TableLayoutError(f"{where}: expected a non-empty regex string, got {value!r}")
    try:
        return re.compile(value)
    except re.error as exc:
        raise TableLayoutError(f"{where}: bad regex {value!r}: {exc}") from None


def _strings(table: dict, key: str, where: str, required: bool = True) -> list:
    value = table.get(key, [] if not required else None)
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise TableLayoutError(f"{where}.{key}: expected a list of strings")
    return value


def _check_keys(table: dict, allowed: set[str], where: str) -> None:
    unknown = sorted(set(table) - allowed)
    if unknown:
        raise TableLayoutError(f"{where}: unknown key(s) {', '.join(unknown)}")


def _measure(value: Any, where: str, allow_empty: bool = False) -> str:
    if allow_empty and value == "":
        return ""
    if not isinstance(value, str) or not _MEASURE_RE.match(value):
        raise TableLayoutError(f"{where}: bad measure key {value!r}")
    return value


def _column(raw: dict, where: str) -> ColumnAlias:
    _check_keys(raw, {"pattern", "component", "measure", "unless"}, where)
    component = raw.get("component", "")
    if not isinstance(component, str) or not _COMPONENT_RE.match(component):
        raise TableLayoutError(f"{where}.component: bad component {component!r}")
    measure = _measure(raw.get("measure", ""), f"{where}.measure", allow_empty=True)
    unless = raw.get("unless")
    return ColumnAlias(_compile(raw.get("pattern"), f"{where}.pattern"), component, measure,
                       _compile(unless, f"{where}.unless") if unless is not None else None)


def _label(raw: dict, where: str) -> LabelAlias:
    _check_keys(raw, {"pattern", "measure", "side", "section", "sets_section", "unless",
                      "by_component", "alone"}, where)
    if not isinstance(raw.get("alone", False), bool):
        raise TableLayoutError(f"{where}.alone: expected true or false")
    side = raw.get("side", "")
    if side not in SIDES:
        raise TableLayoutError(f"{where}.side: must be one of income, expense (got {side!r})")
    by_component = raw.get("by_component", {})
    if not isinstance(by_component, dict):
        raise TableLayoutError(f"{where}.by_component: expected a table")
    pairs = tuple((k, _measure(v, f"{where}.by_component.{k}")) for k, v in by_component.items())
    unless = raw.get("unless")
    return LabelAlias(
        pattern=_compile(raw.get("pattern"), f"{where}.pattern"),
        measure=_measure(raw.get("measure"), f"{where}.measure"), side=side,
        section=raw.get("section"), sets_section=raw.get("sets_section"),
        unless=_compile(unless, f"{where}.unless") if unless is not None else None,
        by_component=pairs, alone=raw.get("alone", False))


_FAMILY_KEYS = {"name", "roles", "role", "zh", "aliases", "exclude", "header_hints", "layout",
                "row_key", "prefix", "total", "total_prefix", "blank_is_zero", "money_unit",
                "column", "label", "totals", "component_prefix", "grand_total",
                "fund_level", "content_title"}


def _roles(raw: dict, where: str) -> tuple[tuple[str, str], ...]:
    if "role" in raw:
        if not isinstance(raw["role"], str):
            raise TableLayoutError(f"{where}.role: expected a string")
        return (("", raw["role"]),)
    roles = raw.get("roles")
    if not isinstance(roles, dict) or not roles or set(roles) - set(KINDS):
        raise TableLayoutError(f"{where}.roles: expected a table with keys budget/final")
    return tuple(roles.items())


def _family(raw: dict, where: str, default_unit: str) -> Family:
    _check_keys(raw, _FAMILY_KEYS, where)
    name = raw.get("name")
    if not isinstance(name, str) or not name:
        raise TableLayoutError(f"{where}.name: required")
    where = f"{where}({name})"
    layout, row_key = raw.get("layout"), raw.get("row_key")
    if layout not in LAYOUTS:
        raise TableLayoutError(f"{where}.layout: must be one of {', '.join(LAYOUTS)}")
    if row_key not in ROW_KEYS:
        raise TableLayoutError(f"{where}.row_key: must be one of {', '.join(ROW_KEYS)}")
    unit = raw.get("money_unit", default_unit)
    if unit not in MONEY_UNITS:
        raise TableLayoutError(f"{where}.money_unit: bad unit {unit!r}")
    roles = _roles(raw, where)
    zh = raw.get("zh", {})
    if not isinstance(zh, dict) or set(zh) != {r for _, r in roles}:
        raise TableLayoutError(f"{where}.zh: needs a title for each role")
    for key in ("totals", "component_prefix"):
        if not isinstance(raw.get(key, {}), dict):
            raise TableLayoutError(f"{where}.{key}: expected a table")
    return Family(
        name=name, roles=roles, zh=tuple(zh.items()),
        aliases=tuple(_compile(a, f"{where}.aliases") for a in _strings(raw, "aliases", where)),
        exclude=tuple(_compile(a, f"{where}.exclude")
                      for a in _strings(raw, "exclude", where, required=False)),
        header_hints=tuple(_compile(a, f"{where}.header_hints")
                           for a in _strings(raw, "header_hints", where, required=False)),
        layout=layout, row_key=row_key,
        prefix=_measure(raw.get("prefix"), f"{where}.prefix"),
        total=_measure(raw.get("total", ""), f"{where}.total", allow_empty=True),
        total_prefix=_measure(raw.get("total_prefix", raw.get("prefix")),
                              f"{where}.total_prefix"),
        blank_is_zero=bool(raw.get("blank_is_zero", False)), money_unit=unit,
        columns=tuple(_column(c, f"{where}.column[{i}]")
                      for i, c in enumerate(raw.get("column", []))),
        labels=tuple(_label(c, f"{where}.label[{i}]") for i, c in enumerate(raw.get("label", []))),
        totals=tuple((k, _measure(v, f"{where}.totals.{k}"))
                     for k, v in raw.get("totals", {}).items()),
        component_prefix=tuple((k, _measure(v, f"{where}.component_prefix.{k}"))
                               for k, v in raw.get("component_prefix", {}).items()),
        grand_total=_grand_total(raw.get("grand_total"), f"{where}.grand_total"),
        fund_levels=tuple(_fund_level(c, f"{where}.fund_level[{i}]")
                          for i, c in enumerate(raw.get("fund_level", []))),
        content_title=(_compile(raw["content_title"], f"{where}.content_title")
                       if "content_title" in raw else None))


def _fund_level(raw: Any, where: str) -> tuple[re.Pattern, bool]:
    if not isinstance(raw, dict) or set(raw) != {"pattern", "keep"} or \
            not isinstance(raw["keep"], bool):
        raise TableLayoutError(f"{where}: expected {{ pattern = '…', keep = true|false }}")
    return _compile(raw["pattern"], f"{where}.pattern"), raw["keep"]


def _grand_total(raw: Any, where: str) -> Optional[tuple[re.Pattern, str]]:
    if raw is None:
        return None
    if not isinstance(raw, dict) or set(raw) != {"pattern", "measure"}:
        raise TableLayoutError(f"{where}: expected {{ pattern = '…', measure = '…' }}")
    return _compile(raw["pattern"], f"{where}.pattern"), _measure(raw["measure"], f"{where}.measure")


def _recognition(raw: Any) -> Recognition:
    where = "recognition"
    if not isinstance(raw, dict):
        raise TableLayoutError("recognition: required table")
    keys = {"final_words", "budget_words", "neutral_words", "numbering", "unit_pattern",
            "note_pattern", "key_header", "ignore_header", "percent_header", "count_header", "neutral_parent", "unit_header", "ignore_group", "basis_strip", "basis_only",
            "unit_row", "total_header"}
    _check_keys(raw, keys, where)
    return Recognition(
        final_words=tuple(_strings(raw, "final_words", where)),
        budget_words=tuple(_strings(raw, "budget_words", where)),
        neutral_words=tuple(sorted(_strings(raw, "neutral_words", where), key=len, reverse=True)),
        numbering=tuple(_compile(p, f"{where}.numbering") for p in _strings(raw, "numbering", where)),
        **{k: _compile(raw.get(k), f"{where}.{k}") for k in
           ("unit_pattern", "note_pattern", "key_header", "ignore_header", "percent_header",
            "count_header", "neutral_parent", "unit_header", "ignore_group", "basis_strip", "basis_only",
            "unit_row", "total_header")})


def _basis(raw: Any) -> tuple[BasisRule, ...]:
    out = []
    for i, b in enumerate(raw or []):
        where = f"basis[{i}]"
        _check_keys(b, {"pattern", "basis", "kind"}, where)
        if b.get("basis") not in BASES:
            raise TableLayoutError(f"{where}.basis: unknown basis {b.get('basis')!r}")
        if b.get("kind", "") not in KINDS + ("",):
            raise TableLayoutError(f"{where}.kind: must be budget or final")
        out.append(BasisRule(_compile(b.get("pattern"), f"{where}.pattern"), b["basis"],
                             b.get("kind", "")))
    return tuple(out)


_PERF_PATTERNS = ("project_name", "project_budget", "overall_marker", "overall_budget",
                  "weight_header", "self_eval_score", "self_eval_funds_row", "self_eval_total_row", "indicator_name",
                  "indicator_unit", "comparator")


def _perf_columns(raw: Any, where: str) -> tuple[PerfColumn, ...]:
    if not isinstance(raw, list):
        raise TableLayoutError(f"{where}: expected an array of tables")
    out = []
    for i, c in enumerate(raw):
        w = f"{where}[{i}]"
        _check_keys(c, {"pattern", "measure", "basis", "kind"}, w)
        if c.get("basis") not in BASES:
            raise TableLayoutError(f"{w}.basis: unknown basis {c.get('basis')!r}")
        if c.get("kind") not in ("money", "percent", "count", "unit"):
            raise TableLayoutError(f"{w}.kind: must be money, percent, count or unit (by the printed unit)")
        out.append(PerfColumn(_compile(c.get("pattern"), f"{w}.pattern"),
                              _measure(c.get("measure"), f"{w}.measure"), c["basis"], c["kind"]))
    return tuple(out)


def _performance(raw: Any) -> Performance:
    where = "performance"
    if not isinstance(raw, dict):
        raise TableLayoutError("performance: required table")
    _check_keys(raw, set(_PERF_PATTERNS) | {"self_eval_columns", "indicator_columns"}, where)
    return Performance(
        **{k: _compile(raw.get(k), f"{where}.{k}") for k in _PERF_PATTERNS},
        self_eval_columns=_perf_columns(raw.get("self_eval_columns"), f"{where}.self_eval_columns"),
        indicator_columns=_perf_columns(raw.get("indicator_columns"), f"{where}.indicator_columns"))


def parse_layouts(data: dict, lei_names: tuple[tuple[str, str], ...] = ()) -> TableLayouts:
    """Validate a parsed ``tables.toml`` document into :class:`TableLayouts`."""
    _check_keys(data, {"schema", "default_money_unit", "recognition", "basis", "family",
                       "performance"}, "tables")
    if data.get("schema") != 1:
        raise TableLayoutError("schema: expected 1")
    unit = data.get("default_money_unit", "万元")
    if unit not in MONEY_UNITS:
        raise TableLayoutError(f"default_money_unit: bad unit {unit!r}")
    families = tuple(_family(f, f"family[{i}]", unit) for i, f in enumerate(data.get("family", [])))
    names = [f.name for f in families]
    roles = [r for f in families for _, r in f.roles]
    for label, items in (("family name", names), ("role", roles)):
        dup = {x for x in items if items.count(x) > 1}
        if dup:
            raise TableLayoutError(f"family: duplicate {label} {sorted(dup)}")
    return TableLayouts(unit, _recognition(data.get("recognition")), _basis(data.get("basis")),
                        families, _performance(data.get("performance")), lei_names)


def read_lei_names(path: Path) -> tuple[tuple[str, str], ...]:
    """(name, code) pairs of function 类 from a reference CSV (code,level,name,…)."""
    if not path.exists():
        return ()
    with path.open(encoding="utf-8") as fh:
        return tuple((row["name"].strip(), row["code"].strip()) for row in csv.DictReader(fh)
                     if row.get("level") == "类" and row.get("name") and row.get("code"))


def _lei_names() -> tuple[tuple[str, str], ...]:
    """类 names of every reference year available (newest last wins), plus renamed old names."""
    pairs: list[tuple[str, str]] = []
    for path in sorted((_HERE / "reference").glob("func_lei_*.csv")):
        pairs.extend(read_lei_names(path))
    history = _HERE / "reference" / "func_names_history.csv"
    if history.exists():
        with history.open(encoding="utf-8") as fh:
            for row in csv.DictReader(fh):
                code, name = (row.get("code") or "").strip(), (row.get("name") or "").strip()
                if len(code) == 3 and name:
                    pairs.append((name, code))
    return tuple(dict(pairs).items())


@lru_cache(maxsize=1)
def load_table_layouts() -> TableLayouts:
    """The package's table layouts (parsed once)."""
    with (_HERE / "tables.toml").open("rb") as fh:
        data = tomllib.load(fh)
    return parse_layouts(data, _lei_names())


__all__ = ["TableLayoutError", "TableLayouts", "Family", "ColumnAlias", "LabelAlias",
           "BasisRule", "Recognition", "Performance", "PerfColumn", "load_table_layouts", "parse_layouts", "read_lei_names"]
