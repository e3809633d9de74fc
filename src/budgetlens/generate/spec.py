"""Load ``rules/generate/*.toml``: the parts, sections and tables of a generated document.

WHY a loader of its own: the generator's knowledge (which columns a table has, which measure
fills each cell, which template writes each section) is data; a bad key must be named when the
file is loaded, not met as a KeyError half-way through writing a document.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any, Mapping, Optional

from ..rules.catalogue import RuleError

KINDS = ("budget", "final")
LEVELS = ("department", "unit")
FALLBACK = "national"
#: money units a generated table may print in (万元 = the model's own unit)
MONEY_UNITS = ("万元", "元")
#: lists of the inputs a table may print a row per item of
ITEM_LISTS = ("projects",)
#: keys of [performance] in rules/generate/tables.toml: the forms' labels and titles
PERF_KEYS = ("name", "owner", "budget", "target", "indicators", "score", "targets_title",
             "self_eval_title", "score_unit_line", "level1", "level2", "level3", "indicator_name",
             "target_value", "weight", "year_target_value", "actual_value", "self_weight",
             "indicator_score", "total_row", "level1_options", "targets_layout",
             "targets_project_title", "source_target", "source_self_eval_target")


@dataclass(frozen=True)
class Column:
    """A value column: its header path, and how a code row's measure is formed."""

    path: tuple[str, ...]
    suffix: str = ""
    prefix: str = ""
    basis: str = "current"
    #: the kinds whose tables print this column (empty: every kind); a 决算's 年初预算数 column
    kinds: tuple[str, ...] = ()


@dataclass(frozen=True)
class RowSpec:
    """A fixed row (``label`` + one measure per column), a row per classification code, or a row
    per listed item of the inputs (``items = "projects"``: one per 项目, its amount in the first
    column; no measure our readers know, so the gate checks the rows add up to the table's 合计)."""

    label: str = ""
    cells: tuple[str, ...] = ()
    codes: str = ""
    digits: tuple[int, ...] = ()
    items: str = ""


@dataclass(frozen=True)
class Side:
    keys: tuple[tuple[str, ...], ...]
    columns: tuple[Column, ...]
    rows: tuple[RowSpec, ...]
    parts: bool = False


@dataclass(frozen=True)
class TableSpec:
    family: str
    title: Mapping[str, str]
    empty_note: Mapping[str, str]
    sides: tuple[Side, ...]
    #: the unit line of a table of counts (单位：辆、台（套）); "" = the money unit of the document
    unit_line: str = ""


@dataclass(frozen=True)
class SectionSpec:
    key: str
    title: str
    template: str
    section: str = ""


@dataclass(frozen=True)
class Part:
    title: str
    sections: tuple[str, ...] = ()
    tables: bool = False


@dataclass(frozen=True)
class DocumentSpec:
    """One declared document. ``tables``: table families in print order; the template's own
    tables (rules/templates.toml) not listed follow, and a listed family the template does not
    mandate is printed only when the inputs have figures for it. ``units``: the money unit of the
    tables (``default`` and per family: a Shanghai budget prints 元, its 三公 table 万元)."""

    template: str
    kind: str
    parts: tuple[Part, ...]
    tables: tuple[str, ...] = ()
    units: Mapping[str, str] = field(default_factory=dict)

    def unit_of(self, family: str) -> str:
        return self.units.get(family, self.units.get("default", "万元"))


@dataclass(frozen=True)
class Spec:
    tables: Mapping[str, TableSpec]
    documents: tuple[DocumentSpec, ...]
    sections: Mapping[str, SectionSpec]
    phase: Mapping[str, str]
    amount: Mapping[str, str]
    level_names: Mapping[str, str]
    terms: tuple[tuple[str, str], ...]
    zero_claims: tuple[str, ...] = ()
    zero_measures: tuple[str, ...] = ()
    carried_claims: tuple[str, ...] = ()
    workbook_changes: tuple[str, ...] = ()
    workbook_others: tuple[str, ...] = ()
    workbook_assets: tuple[str, ...] = ()
    workbook_staff: tuple[str, ...] = ()
    #: labels and titles of the performance forms (rules/generate/tables.toml [performance])
    perf: Mapping[str, str] = field(default_factory=dict)

    def document(self, kind: str, template: Optional[str]) -> DocumentSpec:
        """The document of this kind for the template, the national one when it has none."""
        for name in (template, FALLBACK):
            for d in self.documents:
                if d.template == name and d.kind == kind:
                    return d
        raise RuleError(f"rules/generate/document.toml: no document for kind {kind!r}")


def _need(entry: Mapping[str, Any], key: str, where: str, typ: type = str) -> Any:
    if key not in entry:
        raise RuleError(f"{where}: missing key {key!r}")
    if not isinstance(entry[key], typ):
        raise RuleError(f"{where}: {key!r} must be {typ.__name__}")
    return entry[key]


def _per_kind(entry: Mapping[str, Any], key: str, where: str) -> dict[str, str]:
    value = _need(entry, key, where, dict)
    missing = [k for k in KINDS if not isinstance(value.get(k), str)]
    if missing:
        raise RuleError(f"{where}: {key!r} lacks a text for {', '.join(missing)}")
    return dict(value)


def _side(entry: Mapping[str, Any], where: str) -> Side:
    keys = tuple(tuple(p) for p in _need(entry, "keys", where, list))
    if len(keys) > 2:
        raise RuleError(f"{where}: at most two key columns (code, name)")
    columns = []
    for i, c in enumerate(_need(entry, "columns", where, list)):
        cw = f"{where}.columns[{i}]"
        kinds = tuple(c.get("kinds", ()))
        if any(k not in KINDS for k in kinds):
            raise RuleError(f"{cw}: unknown kind in {list(kinds)!r}")
        columns.append(Column(tuple(_need(c, "path", cw, list)), c.get("suffix", ""),
                              c.get("prefix", ""), c.get("basis", "current"), kinds))
    rows = []
    for i, r in enumerate(_need(entry, "rows", where, list)):
        rw = f"{where}.rows[{i}]"
        if "codes" in r:
            rows.append(RowSpec(codes=r["codes"], digits=tuple(_need(r, "digits", rw, list))))
            continue
        if "items" in r:
            if r["items"] not in ITEM_LISTS:
                raise RuleError(f"{rw}: unknown items {r['items']!r} (one of {', '.join(ITEM_LISTS)})")
            rows.append(RowSpec(items=r["items"]))
            continue
        cells = tuple(_need(r, "cells", rw, list))
        if len(cells) != len(columns):
            raise RuleError(f"{rw}: {len(cells)} cells for {len(columns)} columns")
        rows.append(RowSpec(label=r.get("label", ""), cells=cells))
    return Side(keys, tuple(columns), tuple(rows), bool(entry.get("parts", False)))


def _table(entry: Mapping[str, Any], where: str) -> TableSpec:
    family = _need(entry, "family", where)
    sides = tuple(_side(s, f"{where}({family}).side[{i}]")
                  for i, s in enumerate(_need(entry, "side", where, list)))
    return TableSpec(family, _per_kind(entry, "title", where),
                     _per_kind(entry, "empty_note", where), sides, str(entry.get("unit_line", "")))


def _document(entry: Mapping[str, Any], where: str, sections: Mapping[str, SectionSpec]) -> DocumentSpec:
    kind = _need(entry, "kind", where)
    if kind not in KINDS:
        raise RuleError(f"{where}: unknown kind {kind!r}")
    parts = []
    for i, p in enumerate(_need(entry, "parts", where, list)):
        pw = f"{where}.parts[{i}]"
        keys = tuple(p.get("sections", ()))
        unknown = [k for k in keys if k not in sections]
        if unknown:
            raise RuleError(f"{pw}: unknown section {unknown[0]!r}")
        parts.append(Part(_need(p, "title", pw), keys, bool(p.get("tables", False))))
    units = dict(entry.get("units", {}))
    bad = [u for u in units.values() if u not in MONEY_UNITS]
    if bad:
        raise RuleError(f"{where}: unknown money unit {bad[0]!r} (one of {', '.join(MONEY_UNITS)})")
    return DocumentSpec(_need(entry, "template", where), kind, tuple(parts),
                        tuple(entry.get("tables", ())), units)


def parse_spec(document: Mapping[str, Any], tables: Mapping[str, Any]) -> Spec:
    """Validate both files into a :class:`Spec` (every bad key named)."""
    where = "rules/generate/document.toml"
    sections = {}
    for i, s in enumerate(_need(document, "section", where, list)):
        sw = f"{where}: section[{i}]"
        sections[_need(s, "key", sw)] = SectionSpec(_need(s, "key", sw), _need(s, "title", sw),
                                                    _need(s, "template", sw), s.get("section", ""))
    docs = tuple(_document(d, f"{where}: document[{i}]", sections)
                 for i, d in enumerate(_need(document, "document", where, list)))
    kinds = _need(document, "kind", where, dict)
    levels = _need(document, "level", where, dict)
    for k in KINDS:
        if k not in kinds:
            raise RuleError(f"{where}: [kind.{k}] missing")
    tw = "rules/generate/tables.toml"
    specs = {}
    for i, t in enumerate(_need(tables, "table", tw, list)):
        spec = _table(t, f"{tw}: table[{i}]")
        specs[spec.family] = spec
    for d in docs:
        unknown = [f for f in d.tables if f not in specs]
        if unknown:
            raise RuleError(f"{where}: document {d.template}/{d.kind}: table {unknown[0]!r} is not "
                            f"declared in {tw}")
    perf = _need(tables, "performance", tw, dict)
    for key in PERF_KEYS:
        _need(perf, key, f"{tw}: [performance]")
    terms = tuple((_need(t, "name", f"{where}: term"), _need(t, "text", f"{where}: term"))
                  for t in document.get("term", ()))
    claims = document.get("inputs", {})
    return Spec(specs, docs, sections,
                {k: _need(kinds[k], "phase", f"{where}: kind.{k}") for k in KINDS},
                {k: _need(kinds[k], "amount", f"{where}: kind.{k}") for k in KINDS},
                {k: _need(levels[k], "name", f"{where}: level.{k}") for k in LEVELS}, terms,
                tuple(claims.get("zero_claims", ())), tuple(claims.get("zero_measures", ())),
                tuple(claims.get("carried_claims", ())),
                tuple(document.get("workbook", {}).get("changes", ())),
                tuple(document.get("workbook", {}).get("others", ())),
                tuple(document.get("workbook", {}).get("assets", ())),
                tuple(document.get("workbook", {}).get("staff", ())),
                {k: str(perf[k]) for k in PERF_KEYS})


def _read(name: str) -> Mapping[str, Any]:
    text = resources.files("budgetlens.rules").joinpath("generate", name).read_text(encoding="utf-8")
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise RuleError(f"rules/generate/{name}: {exc}") from exc


@lru_cache(maxsize=1)
def load_spec() -> Spec:
    """The package's generator spec, validated once."""
    return parse_spec(_read("document.toml"), _read("tables.toml"))
