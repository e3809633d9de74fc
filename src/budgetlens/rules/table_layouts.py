"""Typed loader for ``rules/tables.toml``: how tables are recognised by role and read into facts.

Why a separate, validated file: title variants differ by region and year (上海 9 张表 in 元, 江苏
公开表, 重庆 财政拨款收支总表 …), and each new variant must be a string added to data, not code.
Every entry's shape is declared below as a :class:`~.schema.Schema` (the rules kit): loading checks
every key against it (types, allowed values, regexes that compile, measure keys) and names the
file, line and bad key in a :class:`~.schema.RuleError` (``TableLayoutError`` is the same class):
a broken layout is a bug in the package data, caught at load time. The records are in
:mod:`.table_records`.
"""

from __future__ import annotations

import csv
import re
import tomllib
from functools import lru_cache
from pathlib import Path
from typing import Any, Mapping, Optional

from .schema import Field as F, RuleError, Schema, header_lines
from .table_records import (BasisRule, ColumnAlias, Family, LabelAlias, PerfColumn, Performance,
                            Recognition, TableLayouts)

LAYOUTS = ("classified", "summary", "horizontal", "label", "performance_targets", "self_eval")
ROW_KEYS = ("function", "economic", "label", "none")
KINDS = ("budget", "final")
BASES = ("current", "prior", "initial_budget", "adjusted_budget", "change_prior",
         "pct_change_prior", "change_initial_budget", "change_adjusted_budget",
         "pct_change_initial_budget", "pct_change_adjusted_budget")
SIDES = ("income", "expense", "")
MONEY_UNITS = ("元", "万元", "千元", "亿元")
_COMPONENT_RE = re.compile(r"^([a-z_]+(\.[a-z_]+)*|-)?$")
_HERE = Path(__file__).resolve().parent
FILE = "tables.toml"

#: The one error class of the rules kit, under the name this loader has always raised.
TableLayoutError = RuleError

_RX: dict[str, Any] = dict(type=str, format="regex")
_RXS: dict[str, Any] = dict(type=list, items=str, format="regex")

COLUMN = Schema("[[family.column]]", "A column label pattern and what the column holds.", (
    F("pattern", required=True, doc="regex over the column's label path", **_RX),
    F("component", str, doc="measure component (\"\" the total, \"-\" ignore the column)"),
    F("measure", str, doc="a full measure instead of a component", format="measure or empty"),
    F("unless", doc="regex: not this column when it matches", **_RX)))
LABEL = Schema("[[family.label]]", "A row label pattern of summary/label tables and its measure.", (
    F("pattern", required=True, doc="regex over the row label", **_RX),
    F("measure", str, True, "the measure the row names", format="measure"),
    F("side", str, doc="income or expense side of a two-sided table", allowed=SIDES),
    F("section", str, doc="only under this section (set by a row with sets_section)"),
    F("sets_section", str, doc="rows below belong to this section"),
    F("unless", doc="regex: not this row when it matches", **_RX),
    F("by_component", dict, doc="component → measure, for rows whose columns differ",
      format="measure"),
    F("alone", bool, doc="read in a scope of its own row (no part of the table's sums)")))
FUND_LEVEL = Schema("fund_level", "A header level naming a fund.", (
    F("pattern", required=True, doc="regex over the level", **_RX),
    F("keep", bool, True, "true: the family's own fund (dropped from the path); false: ignored")))
GRAND_TOTAL = Schema("grand_total", "The generic total column that includes a printed column.", (
    F("pattern", required=True, doc="regex over the included column", **_RX),
    F("measure", str, True, "the measure the total then takes", format="measure")))
FAMILY = Schema("[[family]]", "One standard table (both phases) and how its cells become facts.", (
    F("name", str, True, "unique family name"),
    F("roles", dict, doc="phase (budget | final) → role key"),
    F("role", str, doc="the one role of a family without phases"),
    F("zh", dict, doc="role → the table's standard zh title"),
    F("aliases", required=True, doc="title patterns", **_RXS),
    F("exclude", doc="title patterns that are not this family", **_RXS),
    F("header_hints", doc="header patterns that confirm the family", **_RXS),
    F("layout", str, True, "how the table is read", allowed=LAYOUTS),
    F("row_key", str, True, "what keys a row", allowed=ROW_KEYS),
    F("prefix", str, True, "measure prefix of the rows", format="measure"),
    F("total", str, doc="measure of the table total", format="measure or empty"),
    F("total_prefix", str, doc="measure prefix of totals (default: prefix)", format="measure"),
    F("blank_is_zero", bool, doc="a blank cell reads as 0"),
    F("money_unit", str, doc="unit when none is printed", allowed=MONEY_UNITS),
    F("column", list, doc="column aliases", schema=COLUMN),
    F("label", list, doc="row label aliases", schema=LABEL),
    F("totals", dict, doc="column component → total measure", format="measure"),
    F("component_prefix", dict, doc="component → measure prefix", format="measure"),
    F("grand_total", dict, doc="see grand_total", schema=GRAND_TOTAL),
    F("fund_level", list, doc="fund levels of the header", schema=FUND_LEVEL),
    F("content_title", doc="regex a title must match to recognise the family by content",
      **_RX)))
_RECOGNITION_PATTERNS = ("unit_pattern", "note_pattern", "key_header", "ignore_header",
                         "percent_header", "count_header", "neutral_parent", "unit_header",
                         "ignore_group", "basis_strip", "basis_only", "unit_row", "total_header")
RECOGNITION = Schema("[recognition]", "Words and patterns that recognise titles and headers.", (
    F("final_words", list, True, "words of a final account's title", items=str),
    F("budget_words", list, True, "words of a budget's title", items=str),
    F("neutral_words", list, True, "words of either", items=str),
    F("numbering", required=True, doc="table numbering patterns", **_RXS),
    *(F(k, required=True, doc="regex", **_RX) for k in _RECOGNITION_PATTERNS),
    F("adjusted_comparison", doc="regex: a comparison after an adjustment (扣除…后), not read",
      **_RX),
    F("content_min_rows", int, True, "rows keyed by function a table recognised by content "
      "needs; rows keyed otherwise that contradict a function table's title"),
    F("orphan_lines", int, True, "running-text lines above a table searched for a title the "
      "reader left unattached")))
BASIS = Schema("[[basis]]", "A column label pattern and the basis (which figure) it holds.", (
    F("pattern", required=True, doc="regex over the column label", **_RX),
    F("basis", str, True, "the basis", allowed=BASES),
    F("kind", str, doc="only in documents of this phase", allowed=KINDS + ("",)),
    F("by_year", bool, doc="a label naming another year than the document's: prior (the year "
      "before) or none, before this rule")))
PERF_COLUMN = Schema("performance columns", "A performance-table column.", (
    F("pattern", required=True, doc="regex over the column label", **_RX),
    F("measure", str, True, "measure suffix", format="measure"),
    F("basis", str, True, "the basis", allowed=BASES),
    F("kind", str, True, "value kind (unit: by the printed unit)",
      allowed=("money", "percent", "count", "unit"))))
PERF_SOURCE = Schema("performance fund sources", "A self-evaluation's fund-source row.", (
    F("pattern", required=True, doc="regex over the row label", **_RX),
    F("measure", str, True, "measure suffix (its funds columns' bases)", format="measure")))
_PERF_PATTERNS = ("project_name", "project_budget", "overall_marker", "overall_budget",
                  "weight_header", "self_eval_score", "self_eval_funds_row",
                  "self_eval_total_row", "indicator_name", "indicator_unit", "comparator")
PERFORMANCE = Schema("[performance]", "Label patterns of 绩效目标表 / 绩效自评表.", (
    *(F(k, required=True, doc="regex", **_RX) for k in _PERF_PATTERNS),
    F("self_eval_columns", list, True, "self-evaluation columns", schema=PERF_COLUMN),
    F("indicator_columns", list, True, "indicator columns", schema=PERF_COLUMN),
    F("self_eval_sources", list, doc="fund-source rows under a self-evaluation's funds row",
      schema=PERF_SOURCE)))
FOLD = Schema("[[carryover_fold]]", "A fund's income printed with its carry-over folded in.", (
    F("part", str, True, "the fund's income of the year", format="measure"),
    F("carryover", str, True, "the fund's carry-over, printed apart elsewhere", format="measure"),
    F("total", str, True, "the measure of a row holding both", format="measure"),
    F("apart", str, True, "measure prefix of carry-over rows: a table printing one is not folded",
      format="measure")))
TOP = Schema("tables.toml", "The file's top level.", (
    F("schema", int, True, "format version", allowed=(1,)),
    F("default_money_unit", str, doc="unit when none is printed", allowed=MONEY_UNITS),
    F("recognition", dict, True, "see [recognition]"), F("basis", list, doc="see [[basis]]"),
    F("family", list, doc="see [[family]]"), F("performance", dict, True, "see [performance]"),
    F("carryover_fold", list, doc="see [[carryover_fold]]", schema=FOLD),
    F("text_wider", dict, doc="measure → the wider 口径 a text figure may state under its words",
      format="measure"),
    F("of_which_parts", list, doc="components that add up to a row's total", items=str),
    F("of_which_min_rows", int, doc="rows that must show a part column to be an 其中 of the "
      "others (default 2)")))
SCHEMAS = (TOP, FOLD, FAMILY, COLUMN, LABEL, FUND_LEVEL, GRAND_TOTAL, RECOGNITION, BASIS, PERFORMANCE,
           PERF_COLUMN)


def _rx(value: Optional[str]) -> Optional[re.Pattern]:
    return re.compile(value) if value is not None else None


def _column(raw: Mapping, where: str) -> ColumnAlias:
    component = raw.get("component", "")
    if not _COMPONENT_RE.match(component):
        raise RuleError(f"{where}.component: bad component {component!r}", key="component")
    return ColumnAlias(re.compile(raw["pattern"]), component, raw.get("measure", ""),
                       _rx(raw.get("unless")))


def _label(raw: Mapping) -> LabelAlias:
    return LabelAlias(pattern=re.compile(raw["pattern"]), measure=raw["measure"],
                      side=raw.get("side", ""), section=raw.get("section"),
                      sets_section=raw.get("sets_section"), unless=_rx(raw.get("unless")),
                      by_component=tuple(raw.get("by_component", {}).items()),
                      alone=raw.get("alone", False))


def _roles(raw: Mapping, where: str) -> tuple[tuple[str, str], ...]:
    if "role" in raw:
        return (("", raw["role"]),)
    roles = raw.get("roles")
    if not isinstance(roles, dict) or not roles or set(roles) - set(KINDS):
        raise RuleError(f"{where}.roles: expected a table with keys budget/final", key="roles")
    return tuple(roles.items())


def _family(raw: Any, where: str, default_unit: str, text: str, line: int) -> Family:
    if isinstance(raw, Mapping):
        where = f"{where}({raw.get('name', '?')})"
    FAMILY.check(raw, FILE, line, text, where, header="family")
    roles = _roles(raw, where)
    zh = raw.get("zh", {})
    if set(zh) != {r for _, r in roles}:
        raise RuleError(f"{where}.zh: needs a title for each role", file=FILE, line=line, key="zh")
    grand = raw.get("grand_total")
    return Family(
        name=raw["name"], roles=roles, zh=tuple(zh.items()),
        aliases=tuple(re.compile(a) for a in raw["aliases"]),
        exclude=tuple(re.compile(a) for a in raw.get("exclude", [])),
        header_hints=tuple(re.compile(a) for a in raw.get("header_hints", [])),
        layout=raw["layout"], row_key=raw["row_key"], prefix=raw["prefix"],
        total=raw.get("total", ""), total_prefix=raw.get("total_prefix", raw["prefix"]),
        blank_is_zero=bool(raw.get("blank_is_zero", False)),
        money_unit=raw.get("money_unit", default_unit),
        columns=tuple(_column(c, f"{where}.column[{i}]")
                      for i, c in enumerate(raw.get("column", []))),
        labels=tuple(_label(c) for c in raw.get("label", [])),
        totals=tuple(raw.get("totals", {}).items()),
        component_prefix=tuple(raw.get("component_prefix", {}).items()),
        grand_total=(re.compile(grand["pattern"]), grand["measure"]) if grand else None,
        fund_levels=tuple((re.compile(c["pattern"]), c["keep"]) for c in raw.get("fund_level", [])),
        content_title=_rx(raw.get("content_title")))


def _recognition(raw: Mapping, text: str) -> Recognition:
    RECOGNITION.check(raw, FILE, _first(header_lines(text, "recognition")), text, "recognition")
    return Recognition(
        final_words=tuple(raw["final_words"]), budget_words=tuple(raw["budget_words"]),
        neutral_words=tuple(sorted(raw["neutral_words"], key=len, reverse=True)),
        numbering=tuple(re.compile(p) for p in raw["numbering"]),
        **{k: re.compile(raw[k]) for k in _RECOGNITION_PATTERNS},
        content_min_rows=raw["content_min_rows"], orphan_lines=raw["orphan_lines"],
        adjusted_comparison=(re.compile(raw["adjusted_comparison"])
                             if raw.get("adjusted_comparison") else None))


def _basis(raw: list, text: str) -> tuple[BasisRule, ...]:
    lines = header_lines(text, "basis")
    out = []
    for i, b in enumerate(raw):
        BASIS.check(b, FILE, _first(lines[i:]), text, f"basis[{i}]")
        out.append(BasisRule(re.compile(b["pattern"]), b["basis"], b.get("kind", ""),
                             b.get("by_year", False)))
    return tuple(out)


def _performance(raw: Mapping, text: str) -> Performance:
    PERFORMANCE.check(raw, FILE, _first(header_lines(text, "performance")), text, "performance")
    columns: dict[str, Any] = {
        key: tuple(PerfColumn(re.compile(c["pattern"]), c["measure"], c["basis"], c["kind"])
                   for c in raw[key])
        for key in ("self_eval_columns", "indicator_columns")}
    patterns: dict[str, Any] = {k: re.compile(raw[k]) for k in _PERF_PATTERNS}
    sources = tuple(PerfColumn(re.compile(c["pattern"]), c["measure"], "", "money")
                    for c in raw.get("self_eval_sources", ()))
    return Performance(**patterns, **columns, self_eval_sources=sources)


#: ``of_which_min_rows`` when a tables file does not say (the package's file does)
_OF_WHICH_MIN_ROWS = 2


def _first(lines: list[int]) -> int:
    return lines[0] if lines else 0


def parse_layouts(data: dict, lei_names: tuple[tuple[str, str], ...] = (),
                  text: str = "") -> TableLayouts:
    """Validate a parsed ``tables.toml`` document into :class:`TableLayouts` (``text``, the
    file's text when given, lets errors name the line)."""
    TOP.check(data, FILE, 1 if text else 0, text)
    unit = data.get("default_money_unit", "万元")
    lines = header_lines(text, "family")
    families = tuple(_family(f, f"family[{i}]", unit, text, _first(lines[i:]))
                     for i, f in enumerate(data.get("family", [])))
    names = [f.name for f in families]
    roles = [r for f in families for _, r in f.roles]
    for label, items in (("family name", names), ("role", roles)):
        dup = {x for x in items if items.count(x) > 1}
        if dup:
            raise RuleError(f"family: duplicate {label} {sorted(dup)}", file=FILE)
    return TableLayouts(unit, _recognition(data["recognition"], text),
                        _basis(data.get("basis", []), text), families,
                        _performance(data["performance"], text), lei_names,
                        tuple((f["part"], f["carryover"], f["total"], f["apart"])
                              for f in data.get("carryover_fold", [])),
                        tuple(data.get("text_wider", {}).items()),
                        tuple(data.get("of_which_parts", ())),
                        data.get("of_which_min_rows", _OF_WHICH_MIN_ROWS))


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
    text = (_HERE / FILE).read_text(encoding="utf-8")
    return parse_layouts(tomllib.loads(text), _lei_names(), text)


__all__ = ["TableLayoutError", "TableLayouts", "Family", "ColumnAlias", "LabelAlias",
           "BasisRule", "Recognition", "Performance", "PerfColumn", "SCHEMAS",
           "load_table_layouts", "parse_layouts", "read_lei_names"]
