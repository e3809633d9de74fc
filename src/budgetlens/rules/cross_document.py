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

from ..model import DocKind
from .catalogue import Rule, load_rules, parse_rules
from .schema import Field as F, RuleError, Schema, toml_error

DOC_KINDS = tuple(k.value for k in DocKind)
FILE = "cross_document.toml"
_CHECKED = Schema("checked", "The checked document's side.", (
    F("kind", str, True, "document kind", allowed=DOC_KINDS),
    F("basis", str, True, "the figure read from it")))
_AGAINST = Schema("against", "The other document's side.", _CHECKED.fields + (
    F("year_offset", int, doc="its year relative to the checked document's"),))
_COMMON = (F("checked", dict, True, "the checked document: kind, basis", schema=_CHECKED),
           F("against", dict, True, "the other: kind, basis, year_offset", schema=_AGAINST),
           F("measures", list, True, "measures compared (a key ending in '.' is a prefix; '' all)",
             items=str),
           F("value_kinds", list, doc="fact kinds compared (default money)", items=str))
_REASONS = (F("reason_bases", list, doc="bases whose reasons are looked for", items=str),
            F("reason_lines", int, doc="lines after a figure a reason may stand on (≥ 0)"))
#: The parameters a cross-document kind may take, declared once with their types: the loader
#: checks the type of each one a declaration gives (and that the common ones are there); which kinds
#: exist and which of these each accepts is declared by the kinds' evaluators
#: (:data:`budgetlens.crosscheck.evaluators.EVALUATORS`), where the registry is known, and checked
#: before a run (:func:`budgetlens.crosscheck.check_declarations`). A new kind is one evaluator plus
#: data, with no line here (``rules/`` does not import ``crosscheck/``: the import contract).
COMMON_PARAMS = _COMMON
REASON_PARAMS = _REASONS
VARIANCE_PARAMS = (
    F("min_pct", (int, float), doc="smallest variance, percent of the budget (≥ 0)"),
    F("min_amount", (int, float), doc="smallest variance, amount (≥ 0)"))
#: every parameter above: an undeclared key is left to the kind's evaluator to refuse
_PARAMS = Schema("check", "", COMMON_PARAMS + REASON_PARAMS + VARIANCE_PARAMS, open=True)


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


def _side(value: Mapping[str, Any]) -> Side:
    return Side(value["kind"], value["basis"], value.get("year_offset", 0))


def _at_least_zero(rule: Rule, key: str, default: Any) -> Any:
    value = rule.params.get(key, default)
    if value < 0:
        raise RuleError(f"({rule.id}): '{key}' must be >= 0", file=FILE, line=rule.line, key=key)
    return value


def to_check(rule: Rule, text: str = "") -> CrossCheck:
    """Validate one declaration's parameters against their declared types (naming file, line and
    the bad key) and make its typed record. Its kind, and whether the kind takes each parameter,
    are the registry's to check (:func:`budgetlens.crosscheck.check_declarations`)."""
    _PARAMS.check(rule.params, FILE, rule.line, text, f"({rule.id})", header="check")
    p = rule.params
    return CrossCheck(rule, _side(p["checked"]), _side(p["against"]), tuple(p["measures"]),
                      tuple(p.get("value_kinds", ["money"])), tuple(p.get("reason_bases", ())),
                      _at_least_zero(rule, "reason_lines", 6),
                      Decimal(str(_at_least_zero(rule, "min_pct", 0))),
                      Decimal(str(_at_least_zero(rule, "min_amount", 0))))


def parse_cross_checks(data: Mapping[str, Any], origin: str = FILE, text: str = ""
                       ) -> tuple[CrossCheck, ...]:
    rules = parse_rules(data, origin, text, array="check")
    return tuple(to_check(r, text) for r in rules)


@lru_cache(maxsize=1)
def load_cross_checks() -> tuple[CrossCheck, ...]:
    """The package's cross-document checks, validated; ids unique here and among audit rules."""
    text = resources.files("budgetlens.rules").joinpath("cross_document.toml") \
        .read_text(encoding="utf-8")
    try:
        checks = parse_cross_checks(tomllib.loads(text), FILE, text)
    except tomllib.TOMLDecodeError as exc:
        raise toml_error(exc, FILE) from exc
    taken = {r.id for r in load_rules()}
    seen: set[str] = set()
    for c in checks:
        if c.id in taken or c.id in seen:
            raise RuleError(f"cross_document.toml: duplicate rule id '{c.id}'")
        seen.add(c.id)
    return checks


__all__ = ["COMMON_PARAMS", "CrossCheck", "REASON_PARAMS", "Side", "VARIANCE_PARAMS",
           "load_cross_checks", "parse_cross_checks", "to_check"]
