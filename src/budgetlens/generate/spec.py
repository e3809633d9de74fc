"""Load ``rules/generate/*.toml``: the parts, sections and tables of a generated document.

WHY a loader of its own: the generator's knowledge (which columns a table has, which measure
fills each cell, which template writes each section) is data; a bad key must be named when the
file is loaded, not met as a KeyError half-way through writing a document. Every entry is checked
against its declared schema (:mod:`.spec_schema`, the rules kit), errors name file, line and key.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any, Iterator, Mapping, Optional

from ..rules.schema import RuleError, Schema, entry_line, header_lines
from .spec_schema import (DOCUMENT, DOCUMENT_TOP, INPUTS, KIND, KINDS, LEVEL, LEVELS, MONEY_UNITS,
                          PERF_KEYS, PERFORMANCE, SECTION, SOURCE, TABLE, TABLES_TOP, TERM,
                          WORKBOOK)

FALLBACK = "national"
DOCUMENT_FILE, TABLES_FILE = "generate/document.toml", "generate/tables.toml"


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
    #: how a published source's narrative is read (rules/generate/document.toml [source]),
    #: compiled; empty when the file has no such table
    source: Mapping[str, "re.Pattern[str]"] = field(default_factory=dict)

    def document(self, kind: str, template: Optional[str]) -> DocumentSpec:
        """The document of this kind for the template, the national one when it has none."""
        for name in (template, FALLBACK):
            for d in self.documents:
                if d.template == name and d.kind == kind:
                    return d
        raise RuleError(f"rules/generate/document.toml: no document for kind {kind!r}")


class _File:
    """One rules file being parsed: its name and text, to name the line of a bad entry."""

    def __init__(self, name: str, text: str = ""):
        self.name, self.text = name, text

    def check(self, entry: Any, schema: Schema, header: str, i: int = 0, label: str = "") -> None:
        line = entry_line(header_lines(self.text, header), i) if self.text else 0
        schema.check(entry, self.name, line, self.text, label or f"{header}[{i}]", header=header)

    def entries(self, data: Mapping[str, Any], key: str, schema: Schema
                ) -> Iterator[tuple[int, Any]]:
        for i, entry in enumerate(data.get(key, ())):
            self.check(entry, schema, key, i)
            yield i, entry

    def error(self, message: str, key: str = "") -> RuleError:
        return RuleError(f"{self.name}: {message}", key=key)


def _side(entry: Mapping[str, Any], where: str, f: _File) -> Side:
    keys = tuple(tuple(p) for p in entry["keys"])
    if len(keys) > 2:
        raise f.error(f"{where}: at most two key columns (code, name)", "keys")
    columns = []
    for i, c in enumerate(entry["columns"]):
        kinds = tuple(c.get("kinds", ()))
        if any(k not in KINDS for k in kinds):
            raise f.error(f"{where}.columns[{i}]: unknown kind in {list(kinds)!r}", "kinds")
        columns.append(Column(tuple(c["path"]), c.get("suffix", ""), c.get("prefix", ""),
                              c.get("basis", "current"), kinds))
    rows = []
    for i, r in enumerate(entry["rows"]):
        if "codes" in r:
            if "digits" not in r:
                raise f.error(f"{where}.rows[{i}]: missing key 'digits'", "digits")
            rows.append(RowSpec(codes=r["codes"], digits=tuple(r["digits"])))
        elif "items" in r:
            rows.append(RowSpec(items=r["items"]))
        elif "cells" not in r:
            raise f.error(f"{where}.rows[{i}]: missing key 'cells'", "cells")
        elif len(r["cells"]) != len(columns):
            raise f.error(f"{where}.rows[{i}]: {len(r['cells'])} cells for {len(columns)} columns",
                          "cells")
        else:
            rows.append(RowSpec(label=r.get("label", ""), cells=tuple(r["cells"])))
    return Side(keys, tuple(columns), tuple(rows), bool(entry.get("parts", False)))


def _per_kind(entry: Mapping[str, Any], key: str, where: str, f: _File) -> dict[str, str]:
    missing = [k for k in KINDS if not isinstance(entry[key].get(k), str)]
    if missing:
        raise f.error(f"{where}: {key!r} lacks a text for {', '.join(missing)}", key)
    return dict(entry[key])


def _table(entry: Mapping[str, Any], where: str, f: _File) -> TableSpec:
    family = entry["family"]
    sides = tuple(_side(s, f"{where}({family}).side[{i}]", f) for i, s in enumerate(entry["side"]))
    return TableSpec(family, _per_kind(entry, "title", where, f),
                     _per_kind(entry, "empty_note", where, f), sides, entry.get("unit_line", ""))


def _document(entry: Mapping[str, Any], where: str, sections: Mapping[str, SectionSpec],
              f: _File) -> DocumentSpec:
    parts = []
    for i, p in enumerate(entry["parts"]):
        keys = tuple(p.get("sections", ()))
        unknown = [k for k in keys if k not in sections]
        if unknown:
            raise f.error(f"{where}.parts[{i}]: unknown section {unknown[0]!r}", "sections")
        parts.append(Part(p["title"], keys, bool(p.get("tables", False))))
    units = dict(entry.get("units", {}))
    bad = [u for u in units.values() if u not in MONEY_UNITS]
    if bad:
        raise f.error(f"{where}: unknown money unit {bad[0]!r} (one of {', '.join(MONEY_UNITS)})",
                      "units")
    return DocumentSpec(entry["template"], entry["kind"], tuple(parts),
                        tuple(entry.get("tables", ())), units)


def _named(data: Mapping[str, Any], key: str, names: tuple[str, ...], schema: Schema,
           f: _File) -> dict[str, Mapping[str, Any]]:
    """``[kind.budget]``, ``[kind.final]`` …: one checked table per declared name."""
    out = {}
    for name in names:
        if name not in data[key]:
            raise f.error(f"[{key}.{name}] missing", key)
        f.check(data[key][name], schema, f"{key}.{name}", label=f"[{key}.{name}]")
        out[name] = data[key][name]
    return out


def parse_spec(document: Mapping[str, Any], tables: Mapping[str, Any], document_text: str = "",
               tables_text: str = "") -> Spec:
    """Validate both files into a :class:`Spec` (every bad key named; with the files' texts, its
    line too)."""
    d, t = _File(DOCUMENT_FILE, document_text), _File(TABLES_FILE, tables_text)
    DOCUMENT_TOP.check(document, d.name, 1 if d.text else 0, d.text)
    TABLES_TOP.check(tables, t.name, 1 if t.text else 0, t.text)
    sections = {s["key"]: SectionSpec(s["key"], s["title"], s["template"], s.get("section", ""))
                for _, s in d.entries(document, "section", SECTION)}
    docs = tuple(_document(e, f"document[{i}]", sections, d)
                 for i, e in d.entries(document, "document", DOCUMENT))
    kinds = _named(document, "kind", KINDS, KIND, d)
    levels = _named(document, "level", LEVELS, LEVEL, d)
    specs = {}
    for i, e in t.entries(tables, "table", TABLE):
        spec = _table(e, f"table[{i}]", t)
        specs[spec.family] = spec
    for doc in docs:
        unknown = [fam for fam in doc.tables if fam not in specs]
        if unknown:
            raise d.error(f"document {doc.template}/{doc.kind}: table {unknown[0]!r} is not "
                          f"declared in {TABLES_FILE}", "tables")
    t.check(tables["performance"], PERFORMANCE, "performance", label="[performance]")
    terms = tuple((e["name"], e["text"]) for _, e in d.entries(document, "term", TERM))
    claims, book = document.get("inputs", {}), document.get("workbook", {})
    d.check(claims, INPUTS, "inputs", label="[inputs]")
    d.check(book, WORKBOOK, "workbook", label="[workbook]")
    source = document.get("source", {})
    if source:
        d.check(source, SOURCE, "source", label="[source]")
    return Spec(specs, docs, sections, {k: kinds[k]["phase"] for k in KINDS},
                {k: kinds[k]["amount"] for k in KINDS}, {k: levels[k]["name"] for k in LEVELS},
                terms, tuple(claims.get("zero_claims", ())), tuple(claims.get("zero_measures", ())),
                tuple(claims.get("carried_claims", ())), tuple(book.get("changes", ())),
                tuple(book.get("others", ())), tuple(book.get("assets", ())),
                tuple(book.get("staff", ())),
                {k: str(tables["performance"][k]) for k in PERF_KEYS},
                {k: re.compile(v) for k, v in source.items()})


def _read(name: str) -> tuple[Mapping[str, Any], str]:
    text = resources.files("budgetlens.rules").joinpath("generate", name).read_text(encoding="utf-8")
    try:
        return tomllib.loads(text), text
    except tomllib.TOMLDecodeError as exc:
        raise RuleError(f"rules/generate/{name}: {exc}") from exc


@lru_cache(maxsize=1)
def load_spec() -> Spec:
    """The package's generator spec, validated once."""
    (document, document_text), (tables, tables_text) = _read("document.toml"), _read("tables.toml")
    return parse_spec(document, tables, document_text, tables_text)
