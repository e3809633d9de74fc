"""Typed loader for ``rules/table_terms.toml``: the term vocabulary of table titles and headers.

Why terms and not more aliases: a template neither corpus holds words its tables its own way
(部门预算支出汇总表, 公车购置及运维费); listing each wording it prints only ever follows the last
template seen. The vocabulary (收入/支出/收支, 一般公共预算 and its older name 公共财政, 基本/项目,
人员/公用, 购置/运行 …) is what every wording is made of, so families and columns are declared as
the terms they need and the terms that rule them out (extract/table_terms.py scores them).
Every entry's shape is declared as a :class:`~.schema.Schema` of the rules kit (unknown keys
refused); loading also checks that each term named exists and each family is one of tables.toml,
and names the file, line and bad key in a :class:`~.schema.RuleError` (``TableTermsError`` is the
same class): a broken declaration is a bug in the package data.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable, Mapping

from .schema import Field as F, RuleError, Schema, entry_line, header_lines, key_line
from .table_layouts import load_table_layouts

_HERE = Path(__file__).resolve().parent
_COMPONENT_RE = re.compile(r"^([a-z_]+(\.[a-z_]+)*)?$")
FILE = "table_terms.toml"

#: The one error class of the rules kit, under the name this loader has always raised.
TableTermsError = RuleError

_TERMS: dict[str, Any] = dict(type=list, items=str, format="non-empty")
FIT = Schema("fit", "Terms a title or label must hold (all of them) and must not hold (none).", (
    F("all", required=True, doc="terms every one of which it holds (at least one)", **_TERMS),
    F("none", doc="terms it never holds", **_TERMS)))
COLUMN = Schema("[[family.column]]", "A column of the family by the terms of its label (either "
                "component or measure).", (
    F("component", str, doc="measure component as in tables.toml (\"\" the total column)"),
    F("measure", str, doc="a whole measure (horizontal tables)", format="measure"),
    F("all", required=True, doc="terms the label holds", **_TERMS),
    F("none", doc="terms the label (or a group above it) never holds", **_TERMS)))
FAMILY = Schema("[[family]]", "A family of tables.toml recognised by the terms of its title.", (
    F("name", str, True, "a family name of tables.toml"),
    F("fit", list, True, "alternatives; the fit with most `all` terms wins", schema=FIT),
    F("column", list, doc="columns by their terms", schema=COLUMN),
    F("header", list, doc="alternatives the header as a whole may hold in place of the family's "
      "header_hints (recognition by content)", schema=FIT)))
MATCH = Schema("[match]", "How strict a match by terms is.", (
    F("veto", doc="terms of tables of another kind: a title holding one is never taken", **_TERMS),
    F("max_residue", int, doc="characters of a title no term explains, at most (default 1)"),
    F("max_column_residue", int, doc="the same for a column label (default 1)")))
TOP = Schema("table_terms.toml", "The file's top level.", (
    F("schema", int, True, "format version", allowed=(1,)),
    F("terms", dict, True, "canonical term → its surface forms (a form belongs to one term; "
      "the forms of the term \"\" are neutral words)"),
    F("match", dict, doc="see [match]"),
    F("family", list, doc="see [[family]]")))
SCHEMAS = (TOP, MATCH, FAMILY, FIT, COLUMN)


@dataclass(frozen=True)
class TermFit:
    """Terms a title or label must hold (``all``) and must not hold (``none``)."""

    all: frozenset[str]
    none: frozenset[str]

    def holds(self, terms: frozenset[str]) -> bool:
        return self.all <= terms and not self.none & terms


@dataclass(frozen=True)
class TermColumn:
    """A column declared by its terms: ``component`` ("" the total) or a whole ``measure``."""

    fit: TermFit
    component: str = ""
    measure: str = ""


@dataclass(frozen=True)
class TermFamily:
    """A family of tables.toml by the terms of its title, and its columns by their terms."""

    name: str
    fits: tuple[TermFit, ...]
    columns: tuple[TermColumn, ...]
    #: terms the header as a whole may hold instead of the family's header hints, when the table
    #: is recognised by its content (extract/table_content.py): 基本经费 | 项目经费 as well as
    #: 基本支出 | 项目支出
    header: tuple[TermFit, ...] = ()


@dataclass(frozen=True)
class TableTerms:
    """The vocabulary (surface form → term, "" for neutral words) and the declarations."""

    forms: tuple[tuple[str, str], ...]
    veto: frozenset[str]
    max_residue: int
    max_column_residue: int
    families: tuple[TermFamily, ...]

    @property
    def pattern(self) -> re.Pattern:
        """Every surface form, longest first: a leftmost match at each place is the longest."""
        return _forms_pattern(self.forms)

    def family(self, name: str) -> TermFamily | None:
        return next((f for f in self.families if f.name == name), None)


@lru_cache(maxsize=8)
def _forms_pattern(forms: tuple[tuple[str, str], ...]) -> re.Pattern:
    surfaces = sorted((s for s, _ in forms), key=len, reverse=True)
    return re.compile("|".join(re.escape(s) for s in surfaces))


def _terms_of(value: Any, where: str, known: set[str], line: int = 0) -> frozenset[str]:
    bad = [t for t in value or () if t not in known]
    if bad:
        raise RuleError(f"{where}: unknown term(s) {', '.join(bad)}", file=FILE, line=line,
                        key=where)
    return frozenset(value or ())


def _fit(raw: Mapping, where: str, known: set[str], line: int = 0) -> TermFit:
    fit = TermFit(_terms_of(raw.get("all"), f"{where}.all", known, line),
                  _terms_of(raw.get("none", []), f"{where}.none", known, line))
    if not fit.all:
        raise RuleError(f"{where}.all: at least one term is required", file=FILE, line=line,
                        key=f"{where}.all")
    return fit


def _column(raw: Mapping, where: str, known: set[str], line: int = 0) -> TermColumn:
    component, measure = raw.get("component", ""), raw.get("measure", "")
    if ("component" in raw) == ("measure" in raw):
        raise RuleError(f"{where}: give either component or measure", file=FILE, line=line,
                        key=where)
    if not _COMPONENT_RE.match(component):
        raise RuleError(f"{where}.component: bad component {component!r}", file=FILE, line=line,
                        key=f"{where}.component")
    return TermColumn(_fit(raw, where, known, line), component, measure)


def _family(raw: Any, where: str, known: set[str], names: Iterable[str], text: str,
            line: int) -> TermFamily:
    FAMILY.check(raw, FILE, line, text, where, header="family")
    name = raw["name"]
    if names and name not in names:
        raise RuleError(f"{where}.name: {name!r} is no family of tables.toml", file=FILE,
                        line=key_line(text, line, "name") if text else line, key="name")
    where = f"{where}({name})"
    columns = header_lines(text, "family.column") if text else []
    end = next((n for n in header_lines(text, "family") if n > line), 10 ** 9) if text else 0
    columns = [n for n in columns if line < n < end]
    return TermFamily(name, tuple(_fit(f, f"{where}.fit[{i}]", known, line)
                                  for i, f in enumerate(raw["fit"])),
                      tuple(_column(c, f"{where}.column[{i}]", known, entry_line(columns, i))
                            for i, c in enumerate(raw.get("column", []))),
                      tuple(_fit(f, f"{where}.header[{i}]", known, line)
                            for i, f in enumerate(raw.get("header", []))))


def _forms(raw: Mapping, text: str) -> tuple[tuple[str, str], ...]:
    start = entry_line(header_lines(text, "terms"), 0) if text else 0
    seen: dict[str, str] = {}
    for term, forms in raw.items():
        where = f"terms.{term or '(neutral)'}"
        line = key_line(text, start, term) if start else 0
        if not isinstance(forms, list) or not forms \
                or not all(isinstance(f, str) and f for f in forms):
            raise RuleError(f"{where}: expected a list of non-empty strings", file=FILE,
                            line=line, key=where)
        for form in forms:
            if form in seen:
                raise RuleError(f"{where}: form {form!r} already belongs to "
                                f"{seen[form] or '(neutral)'}", file=FILE, line=line, key=where)
            seen[form] = term
    return tuple(seen.items())


def parse_terms(data: dict, family_names: Iterable[str] = (), text: str = "") -> TableTerms:
    """Validate a parsed ``table_terms.toml`` (family names checked against ``family_names``;
    ``text``, the file's text when given, lets errors name the line)."""
    TOP.check(data, FILE, 1 if text else 0, text)
    if not data["terms"]:
        raise RuleError("terms: required table of term = [forms]", file=FILE, key="terms")
    forms = _forms(data["terms"], text)
    known = {t for _, t in forms if t}
    match = data.get("match", {})
    match_line = entry_line(header_lines(text, "match"), 0) if text else 0
    MATCH.check(match, FILE, match_line, text, "match")
    residues = [match.get(k, 1) for k in ("max_residue", "max_column_residue")]
    for key, value in zip(("max_residue", "max_column_residue"), residues):
        if value < 0:
            raise RuleError(f"match.{key}: expected a non-negative integer", file=FILE,
                            line=key_line(text, match_line, key) if match_line else 0, key=key)
    names = set(family_names)
    lines = header_lines(text, "family") if text else []
    families = tuple(_family(f, f"family[{i}]", known, names, text, entry_line(lines, i))
                     for i, f in enumerate(data.get("family", [])))
    dup = sorted({f.name for f in families if [g.name for g in families].count(f.name) > 1})
    if dup:
        raise RuleError(f"family: duplicate name(s) {', '.join(dup)}", file=FILE, key="name")
    return TableTerms(forms, _terms_of(match.get("veto", []), "match.veto", known, match_line),
                      residues[0], residues[1], families)


@lru_cache(maxsize=1)
def load_table_terms() -> TableTerms:
    """The package's table terms (parsed once, family names checked against tables.toml)."""
    text = (_HERE / FILE).read_text(encoding="utf-8")
    return parse_terms(tomllib.loads(text), [f.name for f in load_table_layouts().families], text)


__all__ = ["SCHEMAS", "TableTermsError", "TableTerms", "TermFamily", "TermColumn", "TermFit",
           "load_table_terms", "parse_terms"]
