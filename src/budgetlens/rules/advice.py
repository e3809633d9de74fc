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

from .catalogue import CATEGORIES, RuleError, load_rules
from .cross_document import load_cross_checks

_SECTIONS = ("by_category", "by_rule")
#: The fields a finding fills in an advice template (see advice.toml); any other is a load error.
FIELDS = frozenset({"where", "places", "stated", "expected", "difference", "measure"})


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


def _entry(section: str, key: str, value: Any) -> Advice:
    where = f"advice.toml [{section}.{key}]"
    if not isinstance(value, Mapping):
        raise RuleError(f"{where}: must be a table with 'zh' and 'en'")
    unknown = set(value) - {"zh", "en"}
    if unknown:
        raise RuleError(f"{where}: unknown key(s) {sorted(unknown)}")
    for lang in ("zh", "en"):
        if not isinstance(value.get(lang), str) or not value[lang].strip():
            raise RuleError(f"{where}: missing or empty '{lang}'")
        try:
            names = {name for _, name, _, _ in Formatter().parse(value[lang]) if name is not None}
        except ValueError as exc:
            raise RuleError(f"{where}: '{lang}' is not a valid template: {exc}") from None
        if names - FIELDS:
            raise RuleError(f"{where}: '{lang}' uses unknown field(s) {sorted(names - FIELDS)} "
                            f"(known: {sorted(FIELDS)})")
    origin = "rule" if section == "by_rule" else "category"
    return Advice(value["zh"].strip(), value["en"].strip(), origin, key)


def parse_advice(data: Mapping[str, Any], rule_ids: frozenset[str]) -> AdviceTable:
    """Validate a parsed advice.toml against the declared rule ids (naming the bad key)."""
    unknown = set(data) - set(_SECTIONS)
    if unknown:
        raise RuleError(f"advice.toml: unknown section(s) {sorted(unknown)} (known: {_SECTIONS})")
    tables: dict[str, dict[str, Advice]] = {}
    for section in _SECTIONS:
        raw = data.get(section, {})
        if not isinstance(raw, Mapping):
            raise RuleError(f"advice.toml: [{section}] must be a table")
        tables[section] = {key: _entry(section, key, value) for key, value in raw.items()}
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
        raise RuleError(f"advice.toml: {exc}") from exc
    return parse_advice(data, declared_rule_ids())


__all__ = ["FIELDS", "Advice", "AdviceTable", "declared_rule_ids", "load_advice", "parse_advice"]
