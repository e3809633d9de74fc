"""Unit identity: the key under which two printed names are one budget unit (issue #9).

Why a key and not the printed name: the same unit is printed 深圳市财政局（本级） in one document and
深圳市财政局 in another, 上海市普陀区人民政府万里街道办事处 in one year and 普陀区万里街道办事处 the
next; across years and between a budget and its final account the library must see one unit.
The steps are declared in ``units.toml`` (knowledge as data); this module loads and validates them
(naming the bad key) and applies them. Region names come from the gazetteer
(:mod:`budgetlens.rules.reference.regions`), so a region prefix is recognised in every printed form.

What the key does not decide: a 本级 document and its department's consolidated (部门) document
share the key but not the ``level``; callers that compare figures pair documents of one level.
"""

from __future__ import annotations

import math
import tomllib
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any, Iterable, Mapping, Optional

from .reference.regions import load_gazetteer
from .schema import Field as F, RuleError, Schema, toml_line

_WORDS: dict[str, Any] = dict(type=list, items=str, format="non-empty")
UNITS = Schema("units.toml", "How two printed names of one unit are given one key (the steps run "
               "in this order; see the file's header).", (
    F("replace", list, doc="[from, to] pairs replaced first", items=list),
    F("suffixes", doc="endings stripped (also in brackets)", **_WORDS),
    F("before_region", doc="words stripped before a region name", **_WORDS),
    F("prefixes", doc="words stripped after the region", **_WORDS),
    F("min_rest", int, doc="characters a stripped name keeps at least (≥ 1, default 2)"),
    F("after_region", list, doc="[from, to] pairs applied after the region", items=list),
    F("level_precedence", doc="a unit's level when its documents disagree: the first listed "
      "that any of them gives (default department, unit)", **_WORDS),
    F("code_digits", list, doc="[fewest, most] digits of a unit code printed glued to the "
      "name (default 3, 12)", items=int),
    F("code_peers", int, doc="codes of one family the same document must confirm before a code "
      "of that family is taken off a name without other evidence (≥ 1, default 2)"),
    F("code_family", float, doc="share of a code's leading digits its family shares (0 < share "
      "≤ 1, default 0.5)")))
SCHEMAS = (UNITS,)


#: The rules kit's one error class (:class:`.schema.RuleError`), under this loader's name:
#: units.toml is malformed; the message names the key.
UnitRulesError = RuleError


@dataclass(frozen=True)
class UnitRules:
    """The normalisation steps of ``units.toml`` (see its header for their order and why)."""

    replace: tuple[tuple[str, str], ...] = ()
    suffixes: tuple[str, ...] = ()
    prefixes: tuple[str, ...] = ()
    min_rest: int = 2
    before_region: tuple[str, ...] = ()
    after_region: tuple[tuple[str, str], ...] = ()
    level_precedence: tuple[str, ...] = ("department", "unit")
    code_digits: tuple[int, int] = (3, 12)
    code_peers: int = 2
    code_family: float = 0.5


def _pairs(origin: str, key: str, items: list) -> tuple[tuple[str, str], ...]:
    pairs = []
    for i, pair in enumerate(items):
        if not (isinstance(pair, list) and len(pair) == 2 and all(isinstance(s, str) for s in pair)
                and pair[0]):
            raise UnitRulesError(f"{origin}: {key}[{i}] must be [from, to] strings")
        pairs.append((_fold(pair[0]), _fold(pair[1])))
    return tuple(pairs)


def parse_unit_rules(data: Mapping[str, Any], origin: str = "units.toml",
                     text: str = "") -> UnitRules:
    """Validate the parsed TOML against :data:`UNITS` (with ``text``, errors name the line), and
    the ``replace`` pairs."""
    UNITS.check(data, origin, 1 if text else 0, text)
    lists = {}
    for key in ("suffixes", "prefixes", "before_region"):
        items = data.get(key, [])
        if not all(s.strip() for s in items):
            raise UnitRulesError(f"{origin}: '{key}' must hold non-empty strings", key=key)
        lists[key] = tuple(sorted({_fold(s) for s in items}, key=lambda s: (-len(s), s)))
    min_rest = data.get("min_rest", 2)
    if min_rest < 1:
        raise UnitRulesError(f"{origin}: 'min_rest' must be >= 1")
    levels = tuple(s.strip() for s in data.get("level_precedence", ["department", "unit"]))
    if not levels or not all(levels) or len(set(levels)) != len(levels):
        raise UnitRulesError(f"{origin}: 'level_precedence' must list distinct non-empty levels",
                             key="level_precedence")
    digits = data.get("code_digits", [3, 12])
    if len(digits) != 2 or not 1 <= digits[0] <= digits[1]:
        raise UnitRulesError(f"{origin}: 'code_digits' must be [fewest, most] with "
                             "1 <= fewest <= most", key="code_digits")
    peers, family = data.get("code_peers", 2), float(data.get("code_family", 0.5))
    if peers < 1 or not 0 < family <= 1:
        raise UnitRulesError(f"{origin}: 'code_peers' must be >= 1 and 'code_family' in (0, 1]",
                             key="code_peers" if peers < 1 else "code_family")
    return UnitRules(_pairs(origin, "replace", data.get("replace", [])), lists["suffixes"],
                     lists["prefixes"], min_rest, lists["before_region"],
                     _pairs(origin, "after_region", data.get("after_region", [])), levels,
                     (digits[0], digits[1]), peers, family)


@lru_cache(maxsize=1)
def load_unit_rules() -> UnitRules:
    text = resources.files("budgetlens.rules").joinpath("units.toml").read_text(encoding="utf-8")
    try:
        return parse_unit_rules(tomllib.loads(text), "units.toml", text)
    except tomllib.TOMLDecodeError as exc:
        raise UnitRulesError(f"not valid TOML: {exc}", file="units.toml",
                             line=toml_line(exc)) from exc


def _fold(text: str) -> str:
    """NFKC without whitespace: the form every comparison is made in."""
    return "".join(unicodedata.normalize("NFKC", text).split())


@lru_cache(maxsize=4096)
def region_forms(region_code: str) -> tuple[str, ...]:
    """Every printed form of the region ``region_code`` and of the regions above it, longest
    first (310107 → 上海市, 普陀区, 上海, 普陀 …). Empty when unknown."""
    gaz = load_gazetteer()
    if not region_code or gaz is None or region_code not in gaz.regions:
        return ()
    forms: set[str] = set()
    for code in (region_code, *gaz.ancestors(region_code)):
        r = gaz.regions[code]
        forms.update(_fold(n) for n in (r.name, *r.aliases, *r.short) if n)
    return tuple(sorted(forms, key=lambda s: (-len(s), s)))


def _strip_suffixes(key: str, rules: UnitRules) -> str:
    changed = True
    while changed:
        changed = False
        for s in rules.suffixes:
            for form in (f"({s})", s):
                if key.endswith(form) and len(key) - len(form) >= rules.min_rest:
                    key, changed = key[:-len(form)], True
                    break
            if changed:
                break
    return key


def _strip_leading(key: str, forms: tuple[str, ...], min_rest: int, repeat: bool) -> str:
    while True:
        for form in forms:
            if key.startswith(form) and len(key) - len(form) >= min_rest:
                key = key[len(form):]
                break
        else:
            return key
        if not repeat:
            return key


def identity_key(name: str, region_code: Optional[str] = None,
                 rules: Optional[UnitRules] = None) -> str:
    """The key two printed names of one unit share (see the module doc and ``units.toml``)."""
    rules = rules or load_unit_rules()
    key = _fold(name)
    for old, new in rules.replace:
        key = key.replace(old, new)
    key = _strip_suffixes(key, rules)
    forms = region_forms(region_code or "")
    if not forms:
        return key
    bare = _strip_leading(key, rules.before_region, rules.min_rest, repeat=False)
    stripped = _strip_leading(bare, forms, rules.min_rest, repeat=True)
    if stripped == bare:  # no region printed: the name is kept as it is (中共 included)
        return key
    key = _strip_leading(stripped, rules.prefixes, rules.min_rest, repeat=False)
    for old, new in rules.after_region:
        if key.startswith(old) and len(key) - len(old) + len(new) >= rules.min_rest:
            key = new + key[len(old):]
            break
    return key


_ASCII_DIGITS = frozenset("0123456789")


def split_code(name: str, region_code: Optional[str] = None, printed: frozenset[str] = frozenset(),
               rules: Optional[UnitRules] = None) -> tuple[Optional[str], str]:
    """(code, name) of a unit name printed with its code in front (``units.toml``'s
    ``code_digits``): ``125001西安市安全生产监督管理局`` in 610100 → (``125001``,
    ``西安市安全生产监督管理局``); (None, ``name``) when it has none.

    Why only where the rest is a name by itself (it starts with a printed form of the region
    ``region_code`` or above, or its :func:`_fold` is in ``printed``, the folded names the same
    document prints): digits can begin a name (12345热线服务中心, a 12345 hotline), and taking them
    off would make that unit another one's."""
    rules = rules or load_unit_rules()
    lo, hi = rules.code_digits
    code, rest = cut_code(name)
    key = _fold(rest)
    if not lo <= len(code) <= hi or len(key) < rules.min_rest:
        return None, name
    if key in printed or any(key.startswith(form) for form in region_forms(region_code or "")):
        return code, rest
    return None, name


def split_codes(names: Iterable[str], region_code: Optional[str] = None,
                printed: frozenset[str] = frozenset(),
                rules: Optional[UnitRules] = None) -> dict[str, tuple[str, str]]:
    """(code, name) of each of one document's budget unit names printed with a code in front.

    First those :func:`split_code` confirms (the rest is a name by itself); then a name whose
    rest is neither region-prefixed nor printed alone (305002中国企业管理无锡培训中心) when its
    code belongs to the confirmed codes' family: at least ``code_peers`` other codes the same
    document confirmed have its length and its leading ``code_family`` share of digits (305 of
    305001, 305003, …: a department's units numbered in one run, the table's code column).
    Why the family and not any digits beside confirmed codes: a name that begins with digits
    (12345热线服务中心) keeps them unless its digits look like the codes printed around it."""
    rules = rules or load_unit_rules()
    out: dict[str, tuple[str, str]] = {}
    for n in names:
        code, bare = split_code(n, region_code, printed, rules)
        if code is not None:
            out[n] = (code, bare)
    confirmed = sorted({c for c, _ in out.values()})
    lo, hi = rules.code_digits
    for n in names:
        code, rest = cut_code(n)
        if n in out or not lo <= len(code) <= hi or len(_fold(rest)) < rules.min_rest:
            continue
        lead = code[:max(1, math.ceil(len(code) * rules.code_family))]
        peers = [c for c in confirmed if len(c) == len(code) and c != code and c.startswith(lead)]
        if len(peers) >= rules.code_peers:
            out[n] = (code, rest)
    return out


def cut_code(name: str) -> tuple[str, str]:
    """The ASCII digits (after NFKC) ``name`` begins with, and the rest without the whitespace
    around it, as printed where NFKC left it unchanged ("" and ``name`` when it has none): the
    one place that says where a code ends, for the writer (:func:`split_code`) and for
    ``db recompute`` (store/unit_fields.py)."""
    folded = unicodedata.normalize("NFKC", name).lstrip()
    n = 0
    while n < len(folded) and folded[n] in _ASCII_DIGITS:
        n += 1
    if n == 0:
        return "", name
    rest, printed = folded[n:].strip(), name.strip()
    return folded[:n], printed[len(printed) - len(rest):] if printed.endswith(rest) else rest


__all__ = ["UnitRules", "UnitRulesError", "identity_key", "split_code", "split_codes", "cut_code", "load_unit_rules", "parse_unit_rules",
           "region_forms"]
