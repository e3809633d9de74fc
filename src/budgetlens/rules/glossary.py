"""The glossary: English identifiers ↔ Chinese terms, for every vocabulary reports show.

Why one glossary: identifiers (``final``, ``adjusted_budget``, ``text-table``, ``budget_gpb_basic``)
are English in code and JSON, while readers of a disclosure think in its Chinese terms (决算,
全年预算数, 文表一致, 一般公共预算基本支出表). Reports, the CLI and the rules page all translate
through here, so one wording is used everywhere. Data: ``glossary.csv`` (group, id, zh, en); table
roles not listed there take their Chinese title from ``tables.toml``.

``zh(term)`` gives the Chinese term of an identifier (or of an English label); ``en(term)`` the
English label of an identifier or of a Chinese term; ``identifier(zh_term)`` goes back to the id.
Unknown terms come back unchanged, so a new identifier never breaks a report.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Optional

from .schema import Field as F, RuleError, Schema, csv_rows

GROUPS = ("kind", "level", "basis", "severity", "category", "measure_kind", "fund", "origin",
          "code_status", "metadata", "table_role", "evidence_role")
_ID_RE = re.compile(r"^[a-z][a-z0-9_-]*$")
FILE = "glossary.csv"
TERM = Schema("glossary.csv (one row per term)", "A controlled term: identifier, zh and en.", (
    F("group", str, True, "the vocabulary it belongs to", allowed=GROUPS),
    F("id", str, True, "identifier (lower case, a-z0-9_-)"),
    F("zh", str, True, "zh term (both zh and en are required)"),
    F("en", str, True, "en term (both zh and en are required)")))
SCHEMAS = (TERM,)


#: The rules kit's one error class (:class:`.schema.RuleError`), under this loader's name:
#: glossary.csv has a bad row; the message names the line and field.
GlossaryError = RuleError


@dataclass(frozen=True)
class Term:
    group: str
    id: str
    zh: str
    en: str


def parse_glossary(text: str) -> tuple[Term, ...]:
    """Rows → terms (each checked against :data:`TERM`), rejecting a bad id or a duplicate."""
    terms, seen = [], set()
    for line, row in csv_rows(text, TERM, FILE):
        group, ident = row["group"], row["id"]
        if not _ID_RE.match(ident):
            raise GlossaryError(f"field 'id': bad identifier {ident!r}", file=FILE, line=line,
                                key="id")
        if (group, ident) in seen:
            raise GlossaryError(f"duplicate {group}/{ident}", file=FILE, line=line, key="id")
        seen.add((group, ident))
        terms.append(Term(group, ident, row["zh"], row["en"]))
    return tuple(terms)


def _table_role_terms(known: set[str]) -> list[Term]:
    """Roles declared in tables.toml but not in glossary.csv, named by their standard title."""
    try:
        from .table_layouts import load_table_layouts
        layouts = load_table_layouts()
    except (ImportError, OSError, ValueError):
        return []
    out = []
    for family in getattr(layouts, "families", ()):
        for role, title in family.zh:
            if role not in known:
                out.append(Term("table_role", role, title, role.replace("_", " ")))
                known.add(role)
    return out


@lru_cache(maxsize=1)
def load_glossary() -> tuple[Term, ...]:
    terms = list(parse_glossary(resources.files(__package__).joinpath("glossary.csv").read_text("utf-8")))
    terms += _table_role_terms({t.id for t in terms if t.group == "table_role"})
    return tuple(terms)


def terms(group: Optional[str] = None) -> tuple[Term, ...]:
    """All terms, or those of one group."""
    return tuple(t for t in load_glossary() if group is None or t.group == group)


def _find(term: str, group: Optional[str], attr: str) -> Optional[Term]:
    return next((t for t in terms(group) if getattr(t, attr) == term), None)


def zh(term: Optional[str], group: Optional[str] = None) -> str:
    """Chinese term for an identifier (or an English label); unchanged when unknown."""
    if term is None:
        return "未识别"
    found = _find(term, group, "id") or _find(term, group, "en")
    return found.zh if found else term


def en(term: Optional[str], group: Optional[str] = None) -> str:
    """English label for an identifier or a Chinese term; unchanged when unknown."""
    if term is None:
        return "unknown"
    found = _find(term, group, "id") or _find(term, group, "zh")
    return found.en if found else term


def identifier(zh_term: str, group: Optional[str] = None) -> Optional[str]:
    """The identifier of a Chinese term (预算 → budget), or None."""
    found = _find(zh_term, group, "zh")
    return found.id if found else None


__all__ = ["GROUPS", "Term", "GlossaryError", "parse_glossary", "load_glossary", "terms", "zh", "en",
           "identifier"]
