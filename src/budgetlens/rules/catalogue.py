"""The rule catalogue: every audit check is one declaration in a TOML file of this package.

Why a catalogue: reviewers must be able to list every check (``budgetlens rules``), each finding must
name a stable rule id, and adding a check should be one row of data. Every ``rules/*.toml`` file may
hold ``[[rule]]`` entries; each needs ``id`` (kebab-case, unique across files), ``kind`` (the name of
the evaluator that runs it; evaluators are registered in ``reconcile``), ``category``, ``severity``
(``error`` | ``warning`` | ``info``), ``message_zh`` and ``message_en`` (``str.format`` templates whose
fields the evaluator fills: see each evaluator's docstring) and ``description`` (one sentence, zh, and
optionally ``description_en``). Any other keys are the evaluator's parameters, kept in ``params``.

Loading validates the declarations and names the file and the bad key; a broken declaration is a
bug in the package data, so it raises :class:`RuleError` (at load time, never during an audit).
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from types import MappingProxyType
from typing import Any, Iterable, Mapping

SEVERITIES = ("info", "warning", "error")
CATEGORIES = ("arithmetic", "consistency", "text-table", "percentage", "completeness",
              "form", "classification", "performance", "procurement", "metadata")
_ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_REQUIRED = ("id", "kind", "category", "severity", "message_zh", "message_en", "description")


class RuleError(ValueError):
    """A rule declaration is malformed (names the file and key)."""


@dataclass(frozen=True)
class Rule:
    """One declared check. ``params`` holds the evaluator-specific keys, read-only."""

    id: str
    kind: str
    category: str
    severity: str
    message_zh: str
    message_en: str
    description: str
    description_en: str = ""
    origin: str = ""
    params: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))

    def message(self, lang: str = "zh", **fields: Any) -> str:
        """Fill the message template; a missing field is left visible rather than raising."""
        template = self.message_zh if lang == "zh" else self.message_en
        return template.format_map(_KeepMissing(fields))


class _KeepMissing(dict):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def parse_rules(data: Mapping[str, Any], origin: str) -> tuple[Rule, ...]:
    """Validate the ``[[rule]]`` entries of one parsed TOML document."""
    rules = []
    for i, entry in enumerate(data.get("rule", [])):
        where = f"{origin}: rule #{i + 1}"
        if not isinstance(entry, Mapping):
            raise RuleError(f"{where}: must be a table")
        for key in _REQUIRED:
            if not isinstance(entry.get(key), str) or not entry.get(key):
                raise RuleError(f"{where} ({entry.get('id', '?')}): missing or empty '{key}'")
        if not _ID_RE.match(entry["id"]):
            raise RuleError(f"{where}: id '{entry['id']}' is not kebab-case")
        if entry["severity"] not in SEVERITIES:
            raise RuleError(f"{where} ({entry['id']}): severity '{entry['severity']}' not in {SEVERITIES}")
        if entry["category"] not in CATEGORIES:
            raise RuleError(f"{where} ({entry['id']}): category '{entry['category']}' not in {CATEGORIES}")
        params = {k: v for k, v in entry.items() if k not in _REQUIRED and k != "description_en"}
        rules.append(Rule(id=entry["id"], kind=entry["kind"], category=entry["category"],
                          severity=entry["severity"], message_zh=entry["message_zh"],
                          message_en=entry["message_en"], description=entry["description"],
                          description_en=entry.get("description_en", ""), origin=origin,
                          params=MappingProxyType(params)))
    return tuple(rules)


def _package_toml_files() -> Iterable[tuple[str, str]]:
    for item in sorted(resources.files("budgetlens.rules").iterdir(), key=lambda p: p.name):
        if item.name.endswith(".toml"):
            yield item.name, item.read_text(encoding="utf-8")


@lru_cache(maxsize=1)
def load_rules() -> tuple[Rule, ...]:
    """All rules declared in the package's TOML files, validated, ids unique. Cached: immutable."""
    rules: list[Rule] = []
    seen: dict[str, str] = {}
    for name, text in _package_toml_files():
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            raise RuleError(f"{name}: {exc}") from exc
        for rule in parse_rules(data, name):
            if rule.id in seen:
                raise RuleError(f"{name}: duplicate rule id '{rule.id}' (also in {seen[rule.id]})")
            seen[rule.id] = name
            rules.append(rule)
    return tuple(rules)


def rules_by_id() -> Mapping[str, Rule]:
    return MappingProxyType({r.id: r for r in load_rules()})
