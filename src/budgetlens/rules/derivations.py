"""The derivation catalogue: how implied values follow from stated ones (``derivations.toml``).

Why data: "上年数 = 本年数 − 增减额" and "合计 = Σ 组成项" are the same arithmetic for every measure,
and a new way to imply a value (a new comparison basis) should be one row, evaluated by the one
small engine of :mod:`budgetlens.imply`. Loading validates every row and names the bad key; a
broken row is a bug in the package data and raises :class:`DerivationError` at load time.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any, Mapping, Optional

from .schema import RuleError

PHASES = ("levels", "totals", "parts")
#: the identity kind each phase's derivations are licensed by
IDENTITY_OF_PHASE = {"levels": "change", "totals": "sum", "parts": "sum"}
_OVER = {"change": "bases", "sum": "parts"}
_ROLES = ("total", "parts")
_TARGET_ROLES = {"totals": "total", "parts": "part"}
_ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_KEYS = {"id", "phase", "identity", "over", "base", "target", "plus", "minus", "when_zero",
         "description", "description_en"}


#: The rules kit's one error class (:class:`.schema.RuleError`), under this loader's name: a
#: derivation row is malformed (names the row and the key).
DerivationError = RuleError


@dataclass(frozen=True)
class DerivationRule:
    """One way to imply a value: ``target`` = Σ ``plus`` − Σ ``minus``.

    For ``over == "bases"`` the terms are bases of one measure (``current``, ``change_prior`` ...)
    and ``base`` names the comparison (the identity instance is ``(identity, measure, base)``);
    for ``over == "parts"`` they are the roles ``total`` / ``parts`` of a sum identity (its
    instance is ``(identity, total, basis)``)."""

    id: str
    phase: str
    identity: str
    over: str
    target: str
    plus: tuple[str, ...]
    minus: tuple[str, ...] = ()
    base: str = ""
    when_zero: str = ""
    description: str = ""
    description_en: str = ""

    @property
    def inputs(self) -> tuple[str, ...]:
        return self.plus + self.minus


def parse_derivations(data: Mapping[str, Any], origin: str) -> tuple[DerivationRule, ...]:
    """Validate the ``[[derivation]]`` rows of one parsed TOML document."""
    out: list[DerivationRule] = []
    seen: set[str] = set()
    for i, row in enumerate(data.get("derivation", [])):
        name = row.get("id", "?") if isinstance(row, Mapping) else "?"
        where = f"{origin}: derivation #{i + 1} ({name})"
        rule = _parse_row(row, where)
        if rule.id in seen:
            raise DerivationError(f"{where}: duplicate id '{rule.id}'")
        seen.add(rule.id)
        out.append(rule)
    return tuple(out)


def _parse_row(row: Any, where: str) -> DerivationRule:
    if not isinstance(row, Mapping):
        raise DerivationError(f"{where}: must be a table")
    unknown = sorted(set(row) - _KEYS)
    if unknown:
        raise DerivationError(f"{where}: unknown key(s) {unknown}")
    for key in ("id", "phase", "identity", "over", "target", "description"):
        if not isinstance(row.get(key), str) or not row[key]:
            raise DerivationError(f"{where}: missing or empty '{key}'")
    if not _ID_RE.match(row["id"]):
        raise DerivationError(f"{where}: id '{row['id']}' is not kebab-case")
    phase = row["phase"]
    if phase not in PHASES:
        raise DerivationError(f"{where}: 'phase' must be one of {PHASES}")
    if row["identity"] != IDENTITY_OF_PHASE[phase]:
        raise DerivationError(f"{where}: 'identity' of phase {phase} must be "
                              f"'{IDENTITY_OF_PHASE[phase]}'")
    if row["over"] != _OVER[row["identity"]]:
        raise DerivationError(f"{where}: 'over' must be '{_OVER[row['identity']]}'")
    plus, minus = _terms(row, "plus", where), _terms(row, "minus", where, optional=True)
    _check_terms(row, phase, plus + minus, where)
    return DerivationRule(id=row["id"], phase=phase, identity=row["identity"], over=row["over"],
                          target=row["target"], plus=plus, minus=minus, base=row.get("base", ""),
                          when_zero=row.get("when_zero", ""), description=row["description"],
                          description_en=row.get("description_en", ""))


def _terms(row: Mapping, key: str, where: str, optional: bool = False) -> tuple[str, ...]:
    value = row.get(key, [] if optional else None)
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value) \
            or (not optional and not value):
        raise DerivationError(f"{where}: '{key}' must be a list of names")
    return tuple(value)


def _check_terms(row: Mapping, phase: str, terms: tuple[str, ...], where: str) -> None:
    """Levels name bases of one comparison; sums name the identity's roles."""
    target = row["target"]
    if phase == "levels":
        base = row.get("base")
        if not isinstance(base, str) or not base:
            raise DerivationError(f"{where}: a levels derivation needs 'base'")
        allowed = {"current", base, f"change_{base}"}
        bad = sorted(({target, *terms} | ({row["when_zero"]} if row.get("when_zero") else set()))
                     - allowed)
        if bad:
            raise DerivationError(f"{where}: bases {bad} are not current, {base} or change_{base}")
        if target in terms:
            raise DerivationError(f"{where}: 'target' {target} is also an input")
        return
    if target != _TARGET_ROLES[phase] or any(t not in _ROLES for t in terms):
        raise DerivationError(f"{where}: a {phase} derivation implies '{_TARGET_ROLES[phase]}' "
                              f"from the roles {_ROLES}")


@lru_cache(maxsize=1)
def load_derivations() -> tuple[DerivationRule, ...]:
    """The package's derivations (``derivations.toml``), validated. Cached: immutable."""
    text = resources.files("budgetlens.rules").joinpath("derivations.toml").read_text(
        encoding="utf-8")
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise DerivationError(f"derivations.toml: {exc}") from exc
    return parse_derivations(data, "derivations.toml")


def derivation_by_id(rule_id: str) -> Optional[DerivationRule]:
    return next((d for d in load_derivations() if d.id == rule_id), None)
