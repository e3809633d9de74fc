"""Load ``rules/templates.toml``: which tables and narrative sections a disclosure must contain.

Why a loader of its own: the completeness checks are generic (``required-tables``,
``required-sections``) and take everything regional from this file, so that a new region is a new
``[[template]]`` row. The file is package data; a malformed entry is a bug in that data, so it raises
:class:`~budgetlens.rules.catalogue.RuleError` naming the key, at load time.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any, Mapping, Optional

from budgetlens.rules.catalogue import RuleError

TEMPLATES_FILE = "templates.toml"
FALLBACK = "national"
KINDS = ("budget", "final")
LEVELS = ("department", "unit")
_LISTS = ("required_tables", "recommended_tables", "required_sections", "recommended_sections")


@dataclass(frozen=True)
class Section:
    """A narrative section a disclosure should have, found by any of its keywords."""

    key: str
    name: str
    name_en: str
    keywords: tuple[str, ...]


@dataclass(frozen=True)
class TableRole:
    """How messages name a table family, and the title hints that suggest it is present though
    unrecognised (each hint is a tuple of words that must all occur in the title)."""

    family: str
    name: str
    name_en: str
    hints: tuple[tuple[str, ...], ...]
    any_role: bool = False
    satisfied_by: tuple[str, ...] = ()


def role_family(role: str) -> str:
    """``budget_gov_fund`` → ``gov_fund``."""
    kind, _, family = role.partition("_")
    return family if kind in KINDS else role


@dataclass(frozen=True)
class Template:
    """The expected content of one kind of document in one template (region)."""

    name: str
    kind: str
    levels: tuple[str, ...]
    required_tables: tuple[str, ...]
    recommended_tables: tuple[str, ...]
    required_sections: tuple[str, ...]
    recommended_sections: tuple[str, ...]

    def items(self, what: str, tier: str) -> tuple[str, ...]:
        """``what`` is ``tables`` or ``sections``; ``tier`` ``required`` or ``recommended``."""
        return getattr(self, f"{tier}_{what}")


@dataclass(frozen=True)
class Templates:
    templates: tuple[Template, ...]
    sections: Mapping[str, Section]
    roles: Mapping[str, TableRole]
    min_recognised_tables: int
    tables_heading_keywords: tuple[str, ...]
    detached_keywords: tuple[str, ...]
    min_headings: int
    min_passages: int
    min_share_found: float
    truncated_share: float = 0.3

    def select(self, kind: Optional[str], level: Optional[str],
               template: Optional[str]) -> Optional[Template]:
        """The template for a document; the national one when its region has none. None when the
        kind is unknown (nothing can be required of a document we cannot classify)."""
        if kind not in KINDS:
            return None
        for name in (template, FALLBACK):
            for t in self.templates:
                if t.name == name and t.kind == kind and (level is None or level in t.levels):
                    return t
        return None


def _strings(entry: Mapping[str, Any], key: str, where: str) -> tuple[str, ...]:
    value = entry.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise RuleError(f"{where}: '{key}' must be a list of non-empty strings")
    return tuple(value)


def _parse_section(entry: Mapping[str, Any], where: str) -> Section:
    for key in ("key", "name"):
        if not isinstance(entry.get(key), str) or not entry[key]:
            raise RuleError(f"{where}: missing or empty '{key}'")
    keywords = _strings(entry, "keywords", where)
    if not keywords:
        raise RuleError(f"{where} ({entry['key']}): 'keywords' is empty")
    return Section(entry["key"], entry["name"], str(entry.get("name_en", "")), keywords)


def _parse_role(entry: Mapping[str, Any], where: str) -> TableRole:
    for key in ("family", "name"):
        if not isinstance(entry.get(key), str) or not entry[key]:
            raise RuleError(f"{where}: missing or empty '{key}'")
    hints = entry.get("hints", [])
    if not isinstance(hints, list) or not all(
            isinstance(h, list) and h and all(isinstance(w, str) and w for w in h) for h in hints):
        raise RuleError(f"{where} ({entry['family']}): 'hints' must be a list of word lists")
    if not isinstance(entry.get("any_role", False), bool):
        raise RuleError(f"{where} ({entry['family']}): 'any_role' must be true or false")
    return TableRole(entry["family"], entry["name"], str(entry.get("name_en", "")),
                     tuple(tuple(h) for h in hints), entry.get("any_role", False),
                     _strings(entry, "satisfied_by", where))


def _parse_templates(entries: list, sections: Mapping[str, Section]) -> tuple[Template, ...]:
    raw: list[tuple[str, Mapping[str, Any]]] = []
    for i, entry in enumerate(entries):
        where = f"{TEMPLATES_FILE}: template #{i + 1}"
        if entry.get("kind") not in KINDS or not isinstance(entry.get("name"), str):
            raise RuleError(f"{where}: needs 'name' and 'kind' in {KINDS}")
        levels = _strings(entry, "levels", where) or LEVELS
        if set(levels) - set(LEVELS):
            raise RuleError(f"{where}: 'levels' must be within {LEVELS}")
        for key in _LISTS:
            if key in entry:
                values = _strings(entry, key, where)
                unknown = [v for v in values if key.endswith("sections") and v not in sections]
                if unknown:
                    raise RuleError(f"{where}: '{key}' names unknown sections {unknown}")
        raw.append((where, {**entry, "levels": levels}))
    base = {e["kind"]: e for _, e in raw if e["name"] == FALLBACK}
    if set(base) != set(KINDS):
        raise RuleError(f"{TEMPLATES_FILE}: needs a '{FALLBACK}' template for each of {KINDS}")
    return tuple(Template(name=e["name"], kind=e["kind"], levels=tuple(e["levels"]),
                          **{k: tuple(e.get(k, base[e["kind"]].get(k, []))) for k in _LISTS})
                 for _, e in raw)


def _share(narrative: Mapping[str, Any], key: str) -> float:
    value = narrative.get(key, 0.0)
    if not isinstance(value, (int, float)) or not 0 <= value <= 1:
        raise RuleError(f"{TEMPLATES_FILE}: [narrative] '{key}' must be within 0..1")
    return float(value)


def parse_templates(data: Mapping[str, Any]) -> Templates:
    """Validate a parsed templates file (separate from loading, so tests can feed variants)."""
    sections: dict[str, Section] = {}
    for i, entry in enumerate(data.get("section", [])):
        section = _parse_section(entry, f"{TEMPLATES_FILE}: section #{i + 1}")
        if section.key in sections:
            raise RuleError(f"{TEMPLATES_FILE}: duplicate section '{section.key}'")
        sections[section.key] = section
    roles: dict[str, TableRole] = {}
    for i, entry in enumerate(data.get("table_role", [])):
        role = _parse_role(entry, f"{TEMPLATES_FILE}: table_role #{i + 1}")
        roles[role.family] = role
    part = data.get("tables_part", {})
    narrative = data.get("narrative", {})
    for where, table, key in (("tables_part", part, "min_recognised"),
                              ("narrative", narrative, "min_headings"),
                              ("narrative", narrative, "min_passages")):
        if not isinstance(table.get(key), int) or table[key] < 1:
            raise RuleError(f"{TEMPLATES_FILE}: [{where}] '{key}' must be a positive integer")
    return Templates(
        templates=_parse_templates(data.get("template", []), sections),
        sections=sections,
        roles=roles,
        min_recognised_tables=part["min_recognised"],
        tables_heading_keywords=_strings(part, "heading_keywords", "[tables_part]"),
        detached_keywords=_strings(part, "detached_keywords", "[tables_part]"),
        min_headings=narrative["min_headings"],
        min_passages=narrative["min_passages"],
        min_share_found=_share(narrative, "min_share_found"),
        truncated_share=_share(narrative, "truncated_share"),
    )


@lru_cache(maxsize=1)
def load_templates() -> Templates:
    """The package's templates, validated once (immutable records)."""
    text = resources.files("budgetlens.rules").joinpath(TEMPLATES_FILE).read_text(encoding="utf-8")
    try:
        return parse_templates(tomllib.loads(text))
    except tomllib.TOMLDecodeError as exc:
        raise RuleError(f"{TEMPLATES_FILE}: {exc}") from exc
