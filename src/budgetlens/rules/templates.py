"""Load ``rules/templates.toml``: which tables and narrative sections a disclosure must contain.

Why a loader of its own: the completeness checks are generic (``required-tables``,
``required-sections``) and take everything regional from this file, so that a new region is a new
``[[template]]`` row. Each entry's shape is declared below as a schema of the rules kit
(:mod:`.schema`); the file is package data, so a malformed entry is a bug in that data and raises
:class:`~.schema.RuleError` naming file, line and key, at load time. (It lived in ``reconcile/``;
extraction and generation read it too, so it belongs with the other rules.)
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any, Iterator, Mapping, Optional

from ..model import DocKind, Level
from .schema import Field as F, RuleError, Schema, entry_line, header_lines, toml_error

TEMPLATES_FILE = "templates.toml"
FALLBACK = "national"
KINDS = tuple(k.value for k in DocKind)
LEVELS = tuple(v.value for v in Level)
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


_WORDS: dict[str, Any] = dict(type=list, items=str, format="non-empty")
SECTION = Schema("[[section]]", "A narrative section a disclosure should have.", (
    F("key", str, True, "the key templates name it by", format="non-empty"),
    F("name", str, True, "zh name, as messages show it", format="non-empty"),
    F("name_en", str, doc="en name"),
    F("keywords", required=True, doc="any of them in a heading or sentence marks the section",
      **_WORDS)))
TABLE_ROLE = Schema("[[table_role]]", "How messages name a table family, and title hints.", (
    F("family", str, True, "family of rules/tables.toml", format="non-empty"),
    F("name", str, True, "zh name", format="non-empty"), F("name_en", str, doc="en name"),
    F("hints", list, doc="title hints: lists of words that must all occur", items=list),
    F("any_role", bool, doc="any phase's role of the family counts"),
    F("satisfied_by", doc="roles that stand in for this one", **_WORDS)))
TEMPLATE = Schema("[[template]]", "The expected content of one kind of document in one region; a "
                  "key it does not list is inherited from the national template of its kind.", (
    F("name", str, True, "template key (national, shanghai …)"),
    F("kind", str, True, "document phase", allowed=KINDS),
    F("levels", doc=f"levels it applies to (within {list(LEVELS)}; default both)", **_WORDS),
    F("required_tables", doc="table roles whose absence is a warning", **_WORDS),
    F("recommended_tables", doc="table roles whose absence is an info", **_WORDS),
    F("required_sections", doc="[[section]] keys whose absence is a warning", **_WORDS),
    F("recommended_sections", doc="[[section]] keys whose absence is an info", **_WORDS)))
TABLES_PART = Schema("[tables_part]", "When a document evidently contains its tables.", (
    F("min_recognised", int, True, "tables recognised by role (≥ 1)"),
    F("heading_keywords", doc="words of a heading over the tables part", **_WORDS),
    F("detached_keywords", doc="words saying the tables are published apart", **_WORDS)))
NARRATIVE = Schema("[narrative]", "When a document evidently has its narrative.", (
    F("min_headings", int, True, "headings (≥ 1)"), F("min_passages", int, True, "passages (≥ 1)"),
    F("min_share_found", float, doc="share of sections found (0..1)"),
    F("truncated_share", float, doc="share below which the narrative is cut (0..1)")))
TOP = Schema("templates.toml", "The file's top level.", (
    F("section", list, doc="see [[section]]"), F("table_role", list, doc="see [[table_role]]"),
    F("template", list, doc="see [[template]]"), F("tables_part", dict, True, "see [tables_part]"),
    F("narrative", dict, True, "see [narrative]")))
SCHEMAS = (TOP, TEMPLATE, SECTION, TABLE_ROLE, TABLES_PART, NARRATIVE)


def _entries(data: Mapping[str, Any], name: str, schema: Schema,
             text: str) -> Iterator[tuple[Mapping[str, Any], str, int]]:
    """Each ``[[name]]`` entry checked against its schema, with its label and line."""
    lines = header_lines(text, name) if text else []
    for i, entry in enumerate(data.get(name, [])):
        line = entry_line(lines, i)
        label = f"{name} #{i + 1}"
        schema.check(entry, TEMPLATES_FILE, line, text, label)
        yield entry, label, line


def _sections(data: Mapping[str, Any], text: str) -> dict[str, Section]:
    sections: dict[str, Section] = {}
    for e, label, line in _entries(data, "section", SECTION, text):
        if not e["keywords"]:
            raise RuleError(f"{label} ({e['key']}): 'keywords' is empty", file=TEMPLATES_FILE,
                            line=line, key="keywords")
        if e["key"] in sections:
            raise RuleError(f"duplicate section '{e['key']}'", file=TEMPLATES_FILE, line=line)
        sections[e["key"]] = Section(e["key"], e["name"], e.get("name_en", ""),
                                     tuple(e["keywords"]))
    return sections


def _roles(data: Mapping[str, Any], text: str) -> dict[str, TableRole]:
    roles: dict[str, TableRole] = {}
    for e, label, line in _entries(data, "table_role", TABLE_ROLE, text):
        hints = e.get("hints", [])
        if not all(h and all(isinstance(w, str) and w for w in h) for h in hints):
            raise RuleError(f"{label} ({e['family']}): 'hints' must be a list of word lists",
                            file=TEMPLATES_FILE, line=line, key="hints")
        roles[e["family"]] = TableRole(e["family"], e["name"], e.get("name_en", ""),
                                       tuple(tuple(h) for h in hints), e.get("any_role", False),
                                       tuple(e.get("satisfied_by", ())))
    return roles


def _templates(data: Mapping[str, Any], sections: Mapping[str, Section],
               text: str) -> tuple[Template, ...]:
    raw: list[Mapping[str, Any]] = []
    for e, label, line in _entries(data, "template", TEMPLATE, text):
        levels = tuple(e.get("levels", ())) or LEVELS
        if set(levels) - set(LEVELS):
            raise RuleError(f"{label}: 'levels' must be within {LEVELS}", file=TEMPLATES_FILE,
                            line=line, key="levels")
        for key in ("required_sections", "recommended_sections"):
            unknown = [v for v in e.get(key, ()) if v not in sections]
            if unknown:
                raise RuleError(f"{label}: '{key}' names unknown sections {unknown}",
                                file=TEMPLATES_FILE, line=line, key=key)
        raw.append({**e, "levels": levels})
    base = {e["kind"]: e for e in raw if e["name"] == FALLBACK}
    if set(base) != set(KINDS):
        raise RuleError(f"{TEMPLATES_FILE}: needs a '{FALLBACK}' template for each of {KINDS}")
    return tuple(Template(name=e["name"], kind=e["kind"], levels=tuple(e["levels"]),
                          **{k: tuple(e.get(k, base[e["kind"]].get(k, []))) for k in _LISTS})
                 for e in raw)


def _settings(data: Mapping[str, Any], text: str) -> tuple[Mapping, Mapping]:
    """``[tables_part]`` and ``[narrative]``, checked (counts ≥ 1, shares within 0..1)."""
    TOP.check(data, TEMPLATES_FILE, 1 if text else 0, text)
    part, narrative = data["tables_part"], data["narrative"]
    for name, table, schema in (("tables_part", part, TABLES_PART),
                                ("narrative", narrative, NARRATIVE)):
        line = entry_line(header_lines(text, name), 0) if text else 0
        schema.check(table, TEMPLATES_FILE, line, text, f"[{name}]")
        for key in ("min_recognised", "min_headings", "min_passages"):
            if key in table and table[key] < 1:
                raise RuleError(f"[{name}] '{key}' must be a positive integer",
                                file=TEMPLATES_FILE, line=line, key=key)
        for key in ("min_share_found", "truncated_share"):
            if not 0 <= table.get(key, 0) <= 1:
                raise RuleError(f"[{name}] '{key}' must be within 0..1", file=TEMPLATES_FILE,
                                line=line, key=key)
    return part, narrative


def parse_templates(data: Mapping[str, Any], text: str = "") -> Templates:
    """Validate a parsed templates file (separate from loading, so tests can feed variants;
    ``text``, the file's text when given, lets errors name the line)."""
    part, narrative = _settings(data, text)
    sections = _sections(data, text)
    return Templates(
        templates=_templates(data, sections, text),
        sections=sections,
        roles=_roles(data, text),
        min_recognised_tables=part["min_recognised"],
        tables_heading_keywords=tuple(part.get("heading_keywords", ())),
        detached_keywords=tuple(part.get("detached_keywords", ())),
        min_headings=narrative["min_headings"],
        min_passages=narrative["min_passages"],
        min_share_found=float(narrative.get("min_share_found", 0.0)),
        truncated_share=float(narrative.get("truncated_share", 0.0)),
    )


@lru_cache(maxsize=1)
def load_templates() -> Templates:
    """The package's templates, validated once (immutable records)."""
    text = resources.files("budgetlens.rules").joinpath(TEMPLATES_FILE).read_text(encoding="utf-8")
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise toml_error(exc, TEMPLATES_FILE) from exc
    return parse_templates(data, text)
