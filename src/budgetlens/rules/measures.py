"""The measure registry: every measure key of docs/measures.md as a typed record, and names for
any concrete key, templated ones included.

Why a registry: extractors and the auditor must agree on one vocabulary, and reports must name a
fact the way a reader of the disclosure would (``expense.general.function.2010301.basic`` →
"一般公共预算财政拨款支出 2010301 行政运行 · 基本支出"). The data is ``measures.csv`` (key, zh,
en, kind, pattern); templated families (``<code>``, ``<n>``, ``<k>``, ``<category>``) carry a
name template, and codes are named from the year-versioned reference tables.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Optional

from ..model import FactKind
from . import reference
from .reference.english import name_en
from .memo import OwnedMemo
from .schema import Field as F, RuleError, Schema, csv_rows

KINDS = tuple(k.value for k in FactKind)
FILE = "measures.csv"
MEASURE = Schema("measures.csv (one row per measure)", "A measure key, or a family of keys "
                 "(<code>, <n>, <k>, <category> placeholders), with its names and kind.", (
    F("key", str, True, "the measure key (dot-separated, lower case)"),
    F("zh", str, True, "zh name"), F("en", str, True, "en name"),
    F("kind", str, True, "what its values are", allowed=KINDS),
    F("pattern", str, True, "yes when the key holds a placeholder", allowed=("yes", "no"))))
SCHEMAS = (MEASURE,)
_KEY_RE = re.compile(r"^[a-z_]+(?:\.(?:[a-z0-9_]+|<code>|<n>|<k>|<category>))*$")
_PLACEHOLDER = {"<code>": r"(?P<code>\d{3,7})", "<n>": r"(?P<n>\d+)", "<k>": r"(?P<k>\d+)",
                "<category>": r"(?P<category>[a-z_]+)"}
#: Where a column component suffix takes its name from, tried in order (docs/measures.md: column
#: components are suffixes named like the total measures: .basic → expense.basic).
_COMPONENT_FAMILIES = {"income": ("income.{s}", "expense.{s}", "expense.general.basic.{s}"),
                       "": ("expense.{s}", "expense.general.basic.{s}", "income.{s}")}


#: The rules kit's one error class (:class:`.schema.RuleError`), under this loader's name:
#: measures.csv has a bad row; the message names the line and field.
MeasureError = RuleError


@dataclass(frozen=True)
class Measure:
    """One measure key (or templated family when ``pattern``) with its names and kind."""

    key: str
    zh: str
    en: str
    kind: str
    pattern: bool = False


@dataclass(frozen=True)
class Registry:
    measures: dict[str, Measure]
    patterns: tuple[tuple[re.Pattern, Measure], ...]


def _row_to_measure(line: int, row: dict[str, str]) -> Measure:
    """A row :data:`MEASURE` accepted, checked for what spans its cells."""
    key, flag = row["key"], row["pattern"]
    if not _KEY_RE.match(key):
        raise MeasureError(f"field 'key': bad key {key!r}", file=FILE, line=line, key="key")
    if (flag == "yes") != ("<" in key):
        raise MeasureError(f"field 'pattern': {flag} does not fit key {key!r}", file=FILE,
                           line=line, key="pattern")
    return Measure(key, row["zh"], row["en"], row["kind"], flag == "yes")


def _pattern_regex(key: str) -> re.Pattern:
    parts = [_PLACEHOLDER.get(p, re.escape(p)) for p in key.split(".")]
    return re.compile(r"^" + r"\.".join(parts) + r"(?P<rest>(?:\.[a-z0-9_.]+)?)$")


def parse_measures(text: str) -> Registry:
    """Build the registry from CSV text, rejecting bad or duplicate rows by line."""
    measures: dict[str, Measure] = {}
    for line, row in csv_rows(text, MEASURE, FILE):
        m = _row_to_measure(line, row)
        if m.key in measures:
            raise MeasureError(f"duplicate key {m.key!r}", file=FILE, line=line, key="key")
        measures[m.key] = m
    # The longest literal family first: expense.general.basic.economic.<code> before others.
    patterns = sorted((m for m in measures.values() if m.pattern),
                      key=lambda m: len(m.key.split("<")[0]), reverse=True)
    return Registry(measures, tuple((_pattern_regex(m.key), m) for m in patterns))


@lru_cache(maxsize=1)
def load_measures() -> Registry:
    """The shipped measures.csv, parsed and validated once."""
    return parse_measures(resources.files(__package__).joinpath("measures.csv").read_text("utf-8"))


def all_measures() -> tuple[Measure, ...]:
    return tuple(load_measures().measures.values())


def get(key: str) -> Optional[Measure]:
    """The record of a concrete key or of the family it belongs to (None if unknown)."""
    reg = load_measures()
    if key in reg.measures:
        return reg.measures[key]
    match = _match_family(key, reg)
    return match[1] if match else None


def kind_of(key: str) -> Optional[str]:
    """money | percent | count for any concrete key (component suffixes keep the family's kind)."""
    m = get(key)
    if m is not None:
        return m.kind
    base = _split_component(key, load_measures())
    return base[0].kind if base else None


def _match_family(key: str, reg: Registry) -> Optional[tuple[re.Match[str], Measure]]:
    for regex, measure in reg.patterns:
        m = regex.match(key)
        if m:
            return m, measure
    return None


def _code_name(family: Measure, code: str, year: Optional[int], lang: str = "zh") -> str:
    """The code's name of that year; in English where reference/names_en.csv has it."""
    scheme = "economic" if ".economic." in family.key else "function"
    name = (reference.economic_name if scheme == "economic" else reference.function_name)(code, year)
    return (lang == "en" and name_en(scheme, code, name)) or name or ""


def _component_name(suffix: str, family_key: str, lang: str, reg: Registry) -> Optional[str]:
    """Name of a column component suffix (``basic``, ``fiscal.general`` ...), from the measure
    that totals it, preferring income names for income families."""
    order = _COMPONENT_FAMILIES["income" if family_key.startswith("income.") else ""]
    for template in order:
        m = reg.measures.get(template.format(s=suffix))
        if m is not None:
            return m.zh if lang == "zh" else m.en
    return None


def _split_component(key: str, reg: Registry) -> Optional[tuple[Measure, str]]:
    """(base measure, component suffix) for keys like ``expense.function.201.basic``."""
    parts = key.split(".")
    for cut in range(len(parts) - 1, 0, -1):
        base = ".".join(parts[:cut])
        if base in reg.measures:
            return reg.measures[base], ".".join(parts[cut:])
    return None


# Names already worked out, per (key, lang, year), for the registry they came from. Why: every
# sum the audit checks names its parts in its message (35k names over the corpus, a few
# thousand distinct), and a family key is named by regex matching and formatting. Cleared
# when full, so a long batch stays bounded.
_DESCRIBED: OwnedMemo[str] = OwnedMemo(1 << 16)


def describe(measure_key: str, lang: str = "zh", year: Optional[int] = None) -> str:
    """A human name for any concrete key; the raw key when nothing is known about it."""
    reg = load_measures()
    return _DESCRIBED.get(reg, (measure_key, lang, year),
                          lambda: _describe(reg, measure_key, lang, year))


def _describe(reg: Registry, measure_key: str, lang: str, year: Optional[int]) -> str:
    if measure_key in reg.measures:
        m = reg.measures[measure_key]
        return m.zh if lang == "zh" else m.en
    found = _match_family(measure_key, reg)
    if found is not None:
        match, family = found
        values = {k: v for k, v in match.groupdict().items() if v is not None and k != "rest"}
        if "code" in values:
            values["name"] = _code_name(family, values["code"], year, lang)
        if "category" in values:
            cat = reg.measures.get(f"assets.vehicles.{values['category']}")
            values["name"] = (cat.zh if lang == "zh" else cat.en) if cat else values["category"]
        text = re.sub(r"\s+", " ", (family.zh if lang == "zh" else family.en).format(**values)).strip()
        text = text.rstrip(", ")
        rest = match["rest"].lstrip(".")
        return _with_component(text, rest, family.key, lang, reg, measure_key)
    split = _split_component(measure_key, reg)
    if split is not None:
        base, suffix = split
        return _with_component(base.zh if lang == "zh" else base.en, suffix, base.key, lang, reg,
                               measure_key)
    return measure_key


def _with_component(text: str, suffix: str, family_key: str, lang: str, reg: Registry,
                    raw: str) -> str:
    if not suffix:
        return text
    name = _component_name(suffix, family_key, lang, reg)
    return f"{text} · {name}" if name else raw


__all__ = ["KINDS", "Measure", "MeasureError", "Registry", "parse_measures", "load_measures",
           "all_measures", "get", "kind_of", "describe"]
