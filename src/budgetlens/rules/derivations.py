"""The derivation catalogue: how implied values follow from stated ones (``derivations.toml``).

Why data: "上年数 = 本年数 − 增减额" and "合计 = Σ 组成项" are the same arithmetic for every measure,
and a new way to imply a value (a new comparison basis) should be one row, evaluated by the one
small engine of :mod:`budgetlens.imply`. Each row's shape is declared (:data:`DERIVATION`, a
schema of the rules kit); loading checks it and what spans its keys (phase ↔ identity ↔ over,
the bases a levels row may name), naming file, line and key: a broken row is a bug in the package
data and raises :class:`~.schema.RuleError` at load time.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any, Mapping, Optional

from .schema import Field as F, RuleError, Schema, entry_line, header_lines, toml_line

PHASES = ("levels", "totals", "parts")
#: the identity kind each phase's derivations are licensed by
IDENTITY_OF_PHASE = {"levels": "change", "totals": "sum", "parts": "sum"}
_OVER = {"change": "bases", "sum": "parts"}
_ROLES = ("total", "parts")
_TARGET_ROLES = {"totals": "total", "parts": "part"}
_ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_NAMES: dict[str, Any] = dict(type=list, items=str, format="non-empty")
DERIVATION = Schema("[[derivation]]", "One way to imply a value: target = Σ plus − Σ minus.", (
    F("id", str, True, "stable kebab-case id"),
    F("phase", str, True, "when it applies", allowed=PHASES),
    F("identity", str, True, "the identity kind that licenses it (levels: change; totals, "
      "parts: sum)", allowed=tuple(sorted(set(IDENTITY_OF_PHASE.values())))),
    F("over", str, True, "bases of one measure, or the parts of a sum",
      allowed=tuple(sorted(set(_OVER.values())))),
    F("base", str, doc="the comparison (levels rows)"),
    F("target", str, True, "what it implies (a basis, or total | part)"),
    F("plus", required=True, doc="terms added", **_NAMES),
    F("minus", doc="terms subtracted", **_NAMES),
    F("when_zero", str, doc="only when this basis is zero"),
    F("description", str, True, "one sentence, zh"),
    F("description_en", str, doc="one sentence, en")))
SCHEMAS = (DERIVATION,)


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


def parse_derivations(data: Mapping[str, Any], origin: str,
                      text: str = "") -> tuple[DerivationRule, ...]:
    """Validate the ``[[derivation]]`` rows of one parsed TOML document (``text``, when given,
    lets errors name the line)."""
    out: list[DerivationRule] = []
    seen: set[str] = set()
    lines = header_lines(text, "derivation") if text else []
    for i, row in enumerate(data.get("derivation", [])):
        name = row.get("id", "?") if isinstance(row, Mapping) else "?"
        where, line = f"derivation #{i + 1} ({name})", entry_line(lines, i)
        DERIVATION.check(row, origin, line, text, where)
        rule = _parse_row(row, f"{origin}: {where}")
        if rule.id in seen:
            raise DerivationError(f"{where}: duplicate id '{rule.id}'", file=origin, line=line)
        seen.add(rule.id)
        out.append(rule)
    return tuple(out)


def _parse_row(row: Mapping, where: str) -> DerivationRule:
    """A row the schema accepted, checked for what spans its keys."""
    if not _ID_RE.match(row["id"]):
        raise DerivationError(f"{where}: id '{row['id']}' is not kebab-case", key="id")
    if not row["plus"]:
        raise DerivationError(f"{where}: 'plus' must be a list of names", key="plus")
    phase = row["phase"]
    if row["identity"] != IDENTITY_OF_PHASE[phase]:
        raise DerivationError(f"{where}: 'identity' of phase {phase} must be "
                              f"'{IDENTITY_OF_PHASE[phase]}'", key="identity")
    if row["over"] != _OVER[row["identity"]]:
        raise DerivationError(f"{where}: 'over' must be '{_OVER[row['identity']]}'", key="over")
    plus, minus = tuple(row["plus"]), tuple(row.get("minus", ()))
    _check_terms(row, phase, plus + minus, where)
    return DerivationRule(id=row["id"], phase=phase, identity=row["identity"], over=row["over"],
                          target=row["target"], plus=plus, minus=minus, base=row.get("base", ""),
                          when_zero=row.get("when_zero", ""), description=row["description"],
                          description_en=row.get("description_en", ""))


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
        raise DerivationError(f"not valid TOML: {exc}", file="derivations.toml",
                              line=toml_line(exc)) from exc
    return parse_derivations(data, "derivations.toml", text)


def derivation_by_id(rule_id: str) -> Optional[DerivationRule]:
    return next((d for d in load_derivations() if d.id == rule_id), None)
