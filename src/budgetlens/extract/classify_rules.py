"""Typed, validated view of ``rules/classify.toml``: the knowledge classification runs on.

Why a separate module: the classifier's vocabulary (title phrases, masks, province names, org
endings, entity types, templates) is data, so a new region or a new title wording is one row in the
TOML. This module only turns the file into immutable records and rejects a bad key by name.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any, Optional

FIELDS = ("kind", "level", "year")
VALUES = {"kind": ("budget", "final"), "level": ("department", "unit")}
SCOPES = ("cover", "head", "table", "body", "unit")
#: Signal groups in the order they decide a field (first group with a value wins).
GROUP_OF_SCOPE = {"cover": "title", "head": "title", "table": "table", "body": "body", "unit": "unit"}
DECISION_ORDER = {"kind": ("title", "table", "body"), "year": ("title", "table", "body"),
                  "level": ("unit", "override", "title", "table", "body", "prior")}


class ClassifyRulesError(ValueError):
    """classify.toml is malformed; the message names the key."""


@dataclass(frozen=True)
class Signal:
    """One pattern: each line of ``scopes`` it matches adds ``weight`` to (field, value).
    ``group`` overrides the decision group of its scopes (``override`` for self-descriptions
    that outrank the title, such as 本单位为二级预算单位)."""

    field: str
    value: Optional[str]
    scopes: tuple[str, ...]
    regex: re.Pattern
    weight: float
    group: Optional[str] = None
    masked: bool = True


@dataclass(frozen=True)
class Template:
    key: str
    provinces: tuple[str, ...]
    markers: tuple[str, ...]


@dataclass(frozen=True)
class ClassifyRules:
    settings: dict[str, Any]
    scope_weight: dict[str, float]
    mask: re.Pattern
    keep: frozenset[str]
    fold: dict[int, str]
    provinces: tuple[str, ...]
    region_suffixes: tuple[str, ...]
    region_max_chars: int
    not_regions: frozenset[str]
    not_region_endings: tuple[str, ...]
    region_stop_words: tuple[str, ...]
    org_prefixes: tuple[str, ...]
    body_start_levels: tuple[str, ...]
    region_body_lines: int
    region_line_chars: int
    county_min_chars: int
    short_county_suffixes: tuple[str, ...]
    not_place_words: tuple[str, ...]
    unit_labels: tuple[str, ...]
    strong_labels: tuple[str, ...]
    org_suffixes: tuple[str, ...]
    qualifiers: tuple[str, ...]
    not_name_words: tuple[str, ...]
    #: words a name never ends inside (统计局|部门: 部 ends names, 部门 is a word)
    no_cut_inside: tuple[str, ...]
    strip_prefix: re.Pattern
    unit_max_chars: int
    unit_entity_suffixes: tuple[str, ...]
    unit_entity_weight: float
    prior_unit_suffixes: tuple[str, ...]
    prior_department_suffixes: tuple[str, ...]
    templates: tuple[Template, ...]
    signals: tuple[Signal, ...]
    year_skip_before: tuple[str, ...]
    year_skip_after: re.Pattern
    year_remove: re.Pattern
    disclosure: re.Pattern


def _need(table: dict, key: str, where: str, kind: type) -> Any:
    if key not in table:
        raise ClassifyRulesError(f"classify.toml: [{where}] is missing {key!r}")
    value = table[key]
    if not isinstance(value, kind):
        raise ClassifyRulesError(f"classify.toml: [{where}] {key!r} must be {kind.__name__}")
    return value


def _compile(pattern: str, where: str) -> re.Pattern:
    try:
        return re.compile(pattern)
    except re.error as exc:
        raise ClassifyRulesError(f"classify.toml: {where}: bad regex {pattern!r}: {exc}") from None


def _fold_table(chars: str) -> dict[int, str]:
    pairs = "".join(chars.split())
    if len(pairs) % 2:
        raise ClassifyRulesError("classify.toml: [fold] chars must be traditional/simplified pairs")
    return {ord(pairs[i]): pairs[i + 1] for i in range(0, len(pairs), 2)}


def _signal(raw: dict, i: int) -> Signal:
    where = f"signal #{i + 1}"
    field = _need(raw, "field", where, str)
    if field not in FIELDS:
        raise ClassifyRulesError(f"classify.toml: {where}: unknown field {field!r}")
    value = raw.get("value")
    regex = _compile(_need(raw, "regex", where, str), where)
    if field == "year" and "year" not in regex.groupindex:
        raise ClassifyRulesError(f"classify.toml: {where}: a year signal needs a (?P<year>) group")
    if field != "year" and value not in VALUES[field]:
        raise ClassifyRulesError(f"classify.toml: {where}: bad value {value!r} for {field}")
    scopes = tuple(_need(raw, "scopes", where, list))
    bad = [s for s in scopes if s not in SCOPES]
    if bad:
        raise ClassifyRulesError(f"classify.toml: {where}: unknown scope {bad[0]!r}")
    group = raw.get("group")
    if group is not None and group not in DECISION_ORDER.get(field, ()):
        raise ClassifyRulesError(f"classify.toml: {where}: unknown group {group!r}")
    masked = raw.get("mask", True)
    if not isinstance(masked, bool):
        raise ClassifyRulesError(f"classify.toml: {where}: 'mask' must be true or false")
    return Signal(field, value, scopes, regex, float(_need(raw, "weight", where, (int, float))), group,
                  masked)


def _levels(levels: list) -> tuple[str, ...]:
    bad = [x for x in levels if x not in ("province", "prefecture", "county")]
    if bad:
        raise ClassifyRulesError(f"classify.toml: [region] body_start_levels: unknown level {bad[0]!r}")
    return tuple(levels)


def _alternation(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


def parse_rules(data: dict) -> ClassifyRules:
    """Build the typed rules from a parsed TOML mapping (validation names the bad key)."""
    mask, region, unit = (_need(data, k, "top", dict) for k in ("mask", "region", "unit"))
    level, year = _need(data, "level", "top", dict), _need(data, "year", "top", dict)
    keep = _need(mask, "keep", "mask", list)
    templates = tuple(Template(_need(t, "key", "template", str), tuple(t.get("provinces", [])),
                               tuple(t.get("markers", []))) for t in data.get("template", []))
    weights = {k: float(v) for k, v in _need(data, "scope_weight", "top", dict).items()}
    missing = [s for s in SCOPES if s not in weights]
    if missing:
        raise ClassifyRulesError(f"classify.toml: [scope_weight] is missing {missing[0]!r}")
    return ClassifyRules(
        settings=dict(_need(data, "settings", "top", dict)),
        scope_weight=weights,
        mask=_compile(_alternation(keep + _need(mask, "phrases", "mask", list)), "[mask]"),
        keep=frozenset(keep),
        fold=_fold_table(_need(_need(data, "fold", "top", dict), "chars", "fold", str)),
        provinces=tuple(_need(region, "provinces", "region", list)),
        region_suffixes=tuple(_need(region, "suffixes", "region", list)),
        region_max_chars=int(_need(region, "max_name_chars", "region", int)),
        not_regions=frozenset(_need(region, "not_regions", "region", list)),
        not_region_endings=tuple(_need(region, "not_region_endings", "region", list)),
        region_stop_words=tuple(_need(region, "stop_words", "region", list)),
        org_prefixes=tuple(_need(region, "org_prefixes", "region", list)),
        body_start_levels=_levels(_need(region, "body_start_levels", "region", list)),
        region_body_lines=int(_need(region, "body_lines", "region", int)),
        region_line_chars=int(_need(region, "line_chars", "region", int)),
        county_min_chars=int(_need(region, "county_min_chars", "region", int)),
        short_county_suffixes=tuple(_need(region, "short_county_suffixes", "region", list)),
        not_place_words=tuple(_need(region, "not_place_words", "region", list)),
        unit_labels=tuple(_need(unit, "labels", "unit", list)),
        strong_labels=tuple(_need(unit, "strong_labels", "unit", list)),
        org_suffixes=tuple(sorted(_need(unit, "org_suffixes", "unit", list), key=len, reverse=True)),
        qualifiers=tuple(_need(unit, "qualifiers", "unit", list)),
        not_name_words=tuple(_need(unit, "not_name_words", "unit", list)),
        no_cut_inside=tuple(_need(unit, "no_cut_inside", "unit", list)),
        strip_prefix=_compile(_need(unit, "strip_prefix", "unit", str), "[unit] strip_prefix"),
        unit_max_chars=int(_need(unit, "max_chars", "unit", int)),
        unit_entity_suffixes=tuple(_need(level, "unit_entity_suffixes", "level", list)),
        unit_entity_weight=float(_need(level, "unit_entity_weight", "level", (int, float))),
        prior_unit_suffixes=tuple(_need(level, "prior_unit_suffixes", "level", list)),
        prior_department_suffixes=tuple(_need(level, "prior_department_suffixes", "level", list)),
        templates=templates,
        signals=tuple(_signal(s, i) for i, s in enumerate(_need(data, "signal", "top", list))),
        year_skip_before=tuple(_need(year, "skip_before", "year", list)),
        year_skip_after=_compile("^(?:" + "|".join(_need(year, "skip_after", "year", list)) + ")",
                                 "[year] skip_after"),
        year_remove=_compile("|".join(_need(year, "remove_spans", "year", list)), "[year] remove_spans"),
        disclosure=_compile(_need(_need(data, "disclosure", "top", dict), "regex", "disclosure", str),
                            "[disclosure] regex"),
    )


@lru_cache(maxsize=1)
def load_rules() -> ClassifyRules:
    """The shipped classify.toml, parsed and validated once."""
    text = resources.files("budgetlens.rules").joinpath("classify.toml").read_text(encoding="utf-8")
    return parse_rules(tomllib.loads(text))
