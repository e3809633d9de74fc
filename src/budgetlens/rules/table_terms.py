"""Typed loader for ``rules/table_terms.toml``: the term vocabulary of table titles and headers.

Why terms and not more aliases: a template neither corpus holds words its tables its own way
(部门预算支出汇总表, 公车购置及运维费); listing each wording it prints only ever follows the last
template seen. The vocabulary (收入/支出/收支, 一般公共预算 and its older name 公共财政, 基本/项目,
人员/公用, 购置/运行 …) is what every wording is made of, so families and columns are declared as
the terms they need and the terms that rule them out (extract/table_terms.py scores them).
Loading checks every key and that each declared term exists, and names the bad key in a
:class:`TableTermsError`: a broken declaration is a bug in the package data.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable

from .table_layouts import load_table_layouts

_HERE = Path(__file__).resolve().parent
_COMPONENT_RE = re.compile(r"^([a-z_]+(\.[a-z_]+)*)?$")
_MEASURE_RE = re.compile(r"^[a-z_]+(\.[a-z0-9_]+)*$")


class TableTermsError(ValueError):
    """``table_terms.toml`` is malformed; the message names the key."""


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


def _strings(value: Any, where: str) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise TableTermsError(f"{where}: expected a list of non-empty strings")
    return value


def _check_keys(table: Any, allowed: set[str], where: str) -> None:
    if not isinstance(table, dict):
        raise TableTermsError(f"{where}: expected a table")
    unknown = sorted(set(table) - allowed)
    if unknown:
        raise TableTermsError(f"{where}: unknown key(s) {', '.join(unknown)}")


def _terms_of(value: Any, where: str, known: set[str]) -> frozenset[str]:
    terms = _strings(value, where) if value else []
    bad = [t for t in terms if t not in known]
    if bad:
        raise TableTermsError(f"{where}: unknown term(s) {', '.join(bad)}")
    return frozenset(terms)


def _fit(raw: Any, where: str, known: set[str]) -> TermFit:
    _check_keys(raw, {"all", "none"}, where)
    fit = TermFit(_terms_of(raw.get("all"), f"{where}.all", known),
                  _terms_of(raw.get("none", []), f"{where}.none", known))
    if not fit.all:
        raise TableTermsError(f"{where}.all: at least one term is required")
    return fit


def _column(raw: Any, where: str, known: set[str]) -> TermColumn:
    _check_keys(raw, {"component", "measure", "all", "none"}, where)
    component, measure = raw.get("component", ""), raw.get("measure", "")
    if ("component" in raw) == ("measure" in raw):
        raise TableTermsError(f"{where}: give either component or measure")
    if not isinstance(component, str) or not _COMPONENT_RE.match(component):
        raise TableTermsError(f"{where}.component: bad component {component!r}")
    if measure and (not isinstance(measure, str) or not _MEASURE_RE.match(measure)):
        raise TableTermsError(f"{where}.measure: bad measure key {measure!r}")
    return TermColumn(_fit({k: raw[k] for k in ("all", "none") if k in raw}, where, known),
                      component, measure)


def _family(raw: Any, where: str, known: set[str], names: Iterable[str]) -> TermFamily:
    _check_keys(raw, {"name", "fit", "column", "header"}, where)
    name = raw.get("name")
    if not isinstance(name, str) or (names and name not in names):
        raise TableTermsError(f"{where}.name: {name!r} is no family of tables.toml")
    fits = raw.get("fit")
    if not isinstance(fits, list) or not fits:
        raise TableTermsError(f"{where}({name}).fit: expected a list of {{ all, none }}")
    return TermFamily(name, tuple(_fit(f, f"{where}({name}).fit[{i}]", known)
                                  for i, f in enumerate(fits)),
                      tuple(_column(c, f"{where}({name}).column[{i}]", known)
                            for i, c in enumerate(raw.get("column", []))),
                      tuple(_fit(f, f"{where}({name}).header[{i}]", known)
                            for i, f in enumerate(raw.get("header", []))))


def _forms(raw: Any) -> tuple[tuple[str, str], ...]:
    if not isinstance(raw, dict) or not raw:
        raise TableTermsError("terms: required table of term = [forms]")
    seen: dict[str, str] = {}
    for term, forms in raw.items():
        for form in _strings(forms, f"terms.{term or '(neutral)'}"):
            if form in seen:
                raise TableTermsError(f"terms.{term or '(neutral)'}: form {form!r} "
                                      f"already belongs to {seen[form] or '(neutral)'}")
            seen[form] = term
    return tuple(seen.items())


def parse_terms(data: dict, family_names: Iterable[str] = ()) -> TableTerms:
    """Validate a parsed ``table_terms.toml`` (family names checked against ``family_names``)."""
    _check_keys(data, {"schema", "terms", "match", "family"}, "table_terms")
    if data.get("schema") != 1:
        raise TableTermsError("schema: expected 1")
    forms = _forms(data.get("terms"))
    known = {t for _, t in forms if t}
    match = data.get("match", {})
    _check_keys(match, {"veto", "max_residue", "max_column_residue"}, "match")
    residues = [match.get(k, 1) for k in ("max_residue", "max_column_residue")]
    for key, value in zip(("max_residue", "max_column_residue"), residues):
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            raise TableTermsError(f"match.{key}: expected a non-negative integer")
    names = set(family_names)
    families = tuple(_family(f, f"family[{i}]", known, names)
                     for i, f in enumerate(data.get("family", [])))
    dup = sorted({f.name for f in families if [g.name for g in families].count(f.name) > 1})
    if dup:
        raise TableTermsError(f"family: duplicate name(s) {', '.join(dup)}")
    return TableTerms(forms, _terms_of(match.get("veto", []), "match.veto", known), residues[0],
                      residues[1], families)


@lru_cache(maxsize=1)
def load_table_terms() -> TableTerms:
    """The package's table terms (parsed once, family names checked against tables.toml)."""
    with (_HERE / "table_terms.toml").open("rb") as fh:
        data = tomllib.load(fh)
    return parse_terms(data, [f.name for f in load_table_layouts().families])


__all__ = ["TableTermsError", "TableTerms", "TermFamily", "TermColumn", "TermFit",
           "load_table_terms", "parse_terms"]
