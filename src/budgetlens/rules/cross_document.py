"""Cross-document checks as data: ``cross_document.toml`` → typed, validated declarations.

Why a loader of its own and ``[[check]]`` rather than ``[[rule]]``: these declarations join two
documents of one unit, so the single-document audit (``reconcile``, which hands every ``[[rule]]``
to an evaluator of one disclosure) must not see them; the cross-document stage
(:mod:`budgetlens.crosscheck`) evaluates them over the library. They share the audit rules' fields
and validation (:func:`budgetlens.rules.catalogue.parse_rules`), so ids, severities, categories and
messages mean the same, and ids stay unique across both catalogues.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from importlib import resources
from typing import Any, Mapping

from .catalogue import Rule, RuleError, load_rules, parse_rules

#: Evaluator kinds the cross-document stage knows, and the parameters each accepts.
KINDS: Mapping[str, frozenset[str]] = {
    "same_figure": frozenset({"checked", "against", "measures", "value_kinds"}),
    "execution": frozenset({"checked", "against", "measures", "value_kinds", "reason_bases",
                            "reason_lines"}),
    "variance_reason": frozenset({"checked", "against", "measures", "value_kinds",
                                  "reason_bases", "reason_lines", "min_pct", "min_amount"}),
}
DOC_KINDS = ("budget", "final")


@dataclass(frozen=True)
class Side:
    """One side of a join: the document kind, the figure (basis) read from it, and for the
    ``against`` side the year relative to the checked document."""

    kind: str
    basis: str
    year_offset: int = 0


@dataclass(frozen=True)
class CrossCheck:
    """One cross-document check: the audit-rule fields (``rule``) and its typed parameters."""

    rule: Rule
    checked: Side
    against: Side
    measures: tuple[str, ...]
    value_kinds: tuple[str, ...]
    reason_bases: tuple[str, ...] = ()
    reason_lines: int = 6
    min_pct: Decimal = Decimal(0)
    min_amount: Decimal = Decimal(0)

    @property
    def id(self) -> str:
        return self.rule.id

    def wants(self, measure: str) -> bool:
        """Whether ``measure`` is one of the check's measures (a key ending with "." is a
        prefix; "" is every measure)."""
        return any(measure == m or (m.endswith(".") or not m) and measure.startswith(m)
                   for m in self.measures)


def _side(rule_id: str, name: str, value: Any, *, offset: bool) -> Side:
    if not isinstance(value, Mapping):
        raise RuleError(f"cross_document.toml ({rule_id}): '{name}' must be a table")
    allowed = {"kind", "basis", "year_offset"} if offset else {"kind", "basis"}
    unknown = set(value) - allowed
    if unknown:
        raise RuleError(f"cross_document.toml ({rule_id}): unknown key(s) {sorted(unknown)} "
                        f"in '{name}'")
    if value.get("kind") not in DOC_KINDS or not isinstance(value.get("basis"), str):
        raise RuleError(f"cross_document.toml ({rule_id}): '{name}' needs kind in {DOC_KINDS} "
                        "and a basis")
    year = value.get("year_offset", 0)
    if not isinstance(year, int):
        raise RuleError(f"cross_document.toml ({rule_id}): '{name}.year_offset' must be an integer")
    return Side(value["kind"], value["basis"], year)


def _strings(rule_id: str, params: Mapping[str, Any], key: str, default: tuple) -> tuple[str, ...]:
    value = params.get(key, list(default))
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise RuleError(f"cross_document.toml ({rule_id}): '{key}' must be a list of strings")
    return tuple(value)


def _number(rule_id: str, params: Mapping[str, Any], key: str) -> Decimal:
    value = params.get(key, 0)
    if not isinstance(value, (int, float)) or isinstance(value, bool) or value < 0:
        raise RuleError(f"cross_document.toml ({rule_id}): '{key}' must be a number >= 0")
    return Decimal(str(value))


def to_check(rule: Rule) -> CrossCheck:
    """Validate one declaration's kind and parameters (naming the bad key)."""
    allowed = KINDS.get(rule.kind)
    if allowed is None:
        raise RuleError(f"cross_document.toml ({rule.id}): unknown kind '{rule.kind}' "
                        f"(known: {sorted(KINDS)})")
    unknown = set(rule.params) - allowed
    if unknown:
        raise RuleError(f"cross_document.toml ({rule.id}): unknown parameter(s) {sorted(unknown)}")
    for key in ("checked", "against", "measures"):
        if key not in rule.params:
            raise RuleError(f"cross_document.toml ({rule.id}): missing parameter '{key}'")
    lines = rule.params.get("reason_lines", 6)
    if not isinstance(lines, int) or lines < 0:
        raise RuleError(f"cross_document.toml ({rule.id}): 'reason_lines' must be an integer >= 0")
    p = rule.params
    return CrossCheck(rule, _side(rule.id, "checked", p["checked"], offset=False),
                      _side(rule.id, "against", p["against"], offset=True),
                      _strings(rule.id, p, "measures", ()),
                      _strings(rule.id, p, "value_kinds", ("money",)),
                      _strings(rule.id, p, "reason_bases", ()), lines,
                      _number(rule.id, p, "min_pct"), _number(rule.id, p, "min_amount"))


def parse_cross_checks(data: Mapping[str, Any], origin: str = "cross_document.toml"
                       ) -> tuple[CrossCheck, ...]:
    rules = parse_rules({"rule": data.get("check", [])}, origin)
    return tuple(to_check(r) for r in rules)


@lru_cache(maxsize=1)
def load_cross_checks() -> tuple[CrossCheck, ...]:
    """The package's cross-document checks, validated; ids unique here and among audit rules."""
    text = resources.files("budgetlens.rules").joinpath("cross_document.toml") \
        .read_text(encoding="utf-8")
    try:
        checks = parse_cross_checks(tomllib.loads(text))
    except tomllib.TOMLDecodeError as exc:
        raise RuleError(f"cross_document.toml: {exc}") from exc
    taken = {r.id for r in load_rules()}
    seen: set[str] = set()
    for c in checks:
        if c.id in taken or c.id in seen:
            raise RuleError(f"cross_document.toml: duplicate rule id '{c.id}'")
        seen.add(c.id)
    return checks


__all__ = ["CrossCheck", "Side", "KINDS", "load_cross_checks", "parse_cross_checks", "to_check"]
