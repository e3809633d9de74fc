"""整改建议 (rectification advice) per rule, as data: ``advice.toml`` → validated, typed records.

Why a table of its own rather than an ``advice_zh`` key in each ``[[rule]]``: the evaluators keep
every unknown rule key as a parameter (and the cross-document loader rejects unknown ones), and
one table lets a reviewer read and edit every piece of advice together, the way a 台账 is written.

Policy (decided here, documented in advice.toml and docs/review.md): every category of
:data:`~budgetlens.rules.catalogue.CATEGORIES` must have advice (a missing one is a load error); a
rule may have its own; a rule without its own takes its category's, and the resolved
:class:`Advice` says which (``origin`` = ``rule`` or ``category``) so no fallback is silent. Advice
for an id no rule declares is a load error: a renamed rule must not lose its advice unnoticed.
"""

from __future__ import annotations

import tomllib
from string import Formatter
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from types import MappingProxyType
from typing import Any, Mapping

from .catalogue import CATEGORIES, load_rules
from .cross_document import load_cross_checks
from .schema import Field as F, RuleError, Schema, entry_line, header_lines, toml_error

#: The fields a finding fills in an advice template (see advice.toml); any other is a load error.
FIELDS = frozenset({"where", "places", "stated", "expected", "difference", "measure"})
FILE = "advice.toml"
ADVICE = Schema("[by_category.<category>] / [by_rule.<rule id>]",
                "One piece of advice (str.format templates; fields: "
                + ", ".join(f"`{f}`" for f in sorted(FIELDS)) + ").", (
    F("zh", str, True, "the advice, zh", format="non-empty"),
    F("en", str, True, "the advice, en", format="non-empty")))
TOP = Schema("advice.toml", "The file's top level: every category needs advice, a rule may have "
             "its own.", (F("by_category", dict, doc="category → advice"),
                          F("by_rule", dict, doc="rule id → advice")))
SCHEMAS = (TOP, ADVICE)


@dataclass(frozen=True)
class Advice:
    """One piece of advice: zh/en ``str.format`` templates and where it came from (``rule`` or
    ``category``) and the key it was declared under."""

    zh: str
    en: str
    origin: str
    key: str

    def text(self, lang: str = "zh", **fields: Any) -> str:
        """The advice filled with a finding's fields; a field not given stays as written."""
        template = self.en if lang == "en" else self.zh
        return template.format_map(_Keep(fields))


class _Keep(dict):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


@dataclass(frozen=True)
class AdviceTable:
    """Advice by rule id and by category; :meth:`for_rule` resolves a rule to one of them."""

    by_rule: Mapping[str, Advice]
    by_category: Mapping[str, Advice]

    def for_rule(self, rule_id: str, category: str) -> Advice:
        """The rule's own advice, else its category's. A category nobody declared cannot happen
        for package rules (validated at load); for a finding from elsewhere it is a bug."""
        own = self.by_rule.get(rule_id)
        if own is not None:
            return own
        try:
            return self.by_category[category]
        except KeyError:
            raise RuleError(f"advice.toml: no advice for rule '{rule_id}' nor its category "
                            f"'{category}'") from None


def _entry(section: str, key: str, value: Any, text: str) -> Advice:
    where = f"[{section}.{key}]"
    line = entry_line(header_lines(text, f"{section}.{key}"), 0) if text else 0
    ADVICE.check(value, FILE, line, text, where)
    for lang in ("zh", "en"):
        if not value[lang].strip():
            raise RuleError(f"{where}: missing or empty '{lang}'", file=FILE, line=line, key=lang)
        try:
            names = {name for _, name, _, _ in Formatter().parse(value[lang]) if name is not None}
        except ValueError as exc:
            raise RuleError(f"{where}: '{lang}' is not a valid template: {exc}", file=FILE,
                            line=line, key=lang) from None
        if names - FIELDS:
            raise RuleError(f"{where}: '{lang}' uses unknown field(s) {sorted(names - FIELDS)} "
                            f"(known: {sorted(FIELDS)})", file=FILE, line=line, key=lang)
    origin = "rule" if section == "by_rule" else "category"
    return Advice(value["zh"].strip(), value["en"].strip(), origin, key)


def parse_advice(data: Mapping[str, Any], rule_ids: frozenset[str],
                 text: str = "") -> AdviceTable:
    """Validate a parsed advice.toml against the declared rule ids (naming the bad key; with
    ``text``, its line)."""
    TOP.check(data, FILE, 1 if text else 0, text)
    tables = {section: {key: _entry(section, key, value, text)
                        for key, value in data.get(section, {}).items()}
              for section in ("by_category", "by_rule")}
    missing = [c for c in CATEGORIES if c not in tables["by_category"]]
    if missing:
        raise RuleError(f"advice.toml: no [by_category.*] advice for {missing}")
    extra = sorted(set(tables["by_category"]) - set(CATEGORIES))
    if extra:
        raise RuleError(f"advice.toml: unknown category {extra} (known: {CATEGORIES})")
    strays = sorted(set(tables["by_rule"]) - rule_ids)
    if strays:
        raise RuleError(f"advice.toml: [by_rule.*] for rule id(s) no rule declares: {strays}")
    return AdviceTable(MappingProxyType(tables["by_rule"]), MappingProxyType(tables["by_category"]))


def declared_rule_ids() -> frozenset[str]:
    """Every id a finding can carry: the audit rules and the cross-document checks."""
    return frozenset({r.id for r in load_rules()} | {c.id for c in load_cross_checks()})


@lru_cache(maxsize=1)
def load_advice() -> AdviceTable:
    """The package's advice table, validated against the package's rules. Cached: immutable."""
    text = resources.files("budgetlens.rules").joinpath("advice.toml").read_text(encoding="utf-8")
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise toml_error(exc, FILE) from exc
    return parse_advice(data, declared_rule_ids(), text)


__all__ = ["FIELDS", "Advice", "AdviceTable", "declared_rule_ids", "load_advice", "parse_advice"]
