"""The lexicon's matchable entries: validation helpers and the parsers of the tables that become
:class:`Item` records (``[[qualifier]]``, ``[[alias]]``, ``[[comparator]]``, ``[[amount_basis]]``,
``[[completion]]``, ``[[share_whole]]``, ``[[statement]]``, ``[direction]``, ``[markers]``).

Why apart from the loader (``lexicon.py``): these are the tables a new wording is added to, and
the helpers every table's parser shares (each names the table, entry and key of a bad value).
"""

from __future__ import annotations

import re
from typing import Any, Mapping

from .lexicon_records import (BASES, BOUNDARY_BEFORE, BOUNDARY_NUMBERING, CONTEXT, KINDS, SIGNED,
                              Alias, Item, LexiconError, Statement)

_MEASURE_RE = re.compile(r"^[a-z][a-z0-9_]*(?:\.(?:[a-z0-9_]+|\{code\}))*$")


def _compile(pattern: str, where: str) -> re.Pattern:
    try:
        return re.compile(pattern)
    except re.error as exc:
        raise LexiconError(f"{where}: bad regex {pattern!r}: {exc}") from None


def _strs(entry: Mapping[str, Any], key: str, where: str) -> list[str]:
    value = entry.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise LexiconError(f"{where}: '{key}' must be a list of non-empty strings")
    return value


def _regex(entry: Mapping[str, Any], where: str) -> re.Pattern:
    """One regex for an entry's ``phrases`` (longest first) and ``patterns``."""
    phrases = sorted(_strs(entry, "phrases", where), key=len, reverse=True)
    patterns = _strs(entry, "patterns", where)
    for p in patterns:
        _compile(p, f"{where}.patterns")
    parts = [re.escape(p) for p in phrases] + [f"(?:{p})" for p in patterns]
    if not parts:
        raise LexiconError(f"{where}: needs 'phrases' or 'patterns'")
    return _compile("|".join(parts), where)


def _measure(value: Any, where: str, allow_empty: bool = False) -> str:
    if value == "" and allow_empty:
        return ""
    if value == CONTEXT and where.startswith("alias") and where.endswith(".measure"):
        return value
    if not isinstance(value, str) or not _MEASURE_RE.match(value):
        raise LexiconError(f"{where}: bad measure key {value!r}")
    return value


def _kinds(entry: Mapping[str, Any], where: str) -> frozenset:
    kinds = _strs(entry, "kinds", where)
    for k in kinds:
        if k not in KINDS:
            raise LexiconError(f"{where}.kinds: unknown document kind {k!r}")
    return frozenset(kinds)


def _basis(value: Any, where: str, extra: tuple[str, ...] = ("",)) -> str:
    if value not in BASES + extra:
        raise LexiconError(f"{where}.basis: unknown basis {value!r}")
    return value


def _parse_alias(entry: Mapping[str, Any], where: str) -> Item:
    # types, flags and kind are checked by the schema (lexicon_schema.ALIAS); measures here
    counts, parts, kind = entry.get("counts", {}), entry.get("parts", {}), entry.get("kind", "money")
    alias = Alias(
        measure=_measure(entry.get("measure"), f"{where}.measure", allow_empty=True),
        general=_measure(entry.get("general", ""), f"{where}.general", allow_empty=True),
        gov_fund=_measure(entry.get("gov_fund", ""), f"{where}.gov_fund", allow_empty=True),
        soe_capital=_measure(entry.get("soe_capital", ""), f"{where}.soe_capital", allow_empty=True),
        relative=entry.get("relative", False), neutral=entry.get("neutral", False),
        boundary=entry.get("boundary", False), fund_parts=entry.get("fund_parts", False),
        also=_measure(entry.get("also", ""), f"{where}.also", allow_empty=True),
        fiscal=_measure(entry.get("fiscal", ""), f"{where}.fiscal", allow_empty=True),
        item=entry.get("item", False), in_reason=entry.get("in_reason", False),
        counts=tuple((str(u), _measure(m, f"{where}.counts.{u}", allow_empty=bool(parts)))
                     for u, m in counts.items()),
        kind=kind,
        parts=tuple((_measure(w, f"{where}.parts"), _measure(m, f"{where}.parts.{w}"))
                    for w, m in parts.items()),
        before=entry.get("before", False))
    regex = _regex(entry, where)
    if alias.boundary:  # only at a clause start or after a year: "…；支出比2023年增加…"
        regex = _compile(f"(?:^|(?<=[{re.escape(BOUNDARY_BEFORE)}])|{BOUNDARY_NUMBERING})"
                         f"(?:{regex.pattern})", where)
    return Item("alias", regex, alias, where=where)


def parse_items(data: Mapping[str, Any]) -> list[Item]:
    items: list[Item] = []
    for i, entry in enumerate(data.get("qualifier", [])):
        where = f"qualifier #{i + 1}"
        alone = _measure(entry.get("alone", ""), f"{where}.alone", allow_empty=True)
        alone_expense = _measure(entry.get("alone_expense", ""), f"{where}.alone_expense",
                                 allow_empty=True)
        items.append(Item("qualifier", _regex(entry, where), (entry["fund"], alone, alone_expense),
                          where=where))
    for i, entry in enumerate(data.get("alias", [])):
        items.append(_parse_alias(entry, f"alias #{i + 1}"))
    for role in ("comparator", "amount_basis", "completion"):
        for i, entry in enumerate(data.get(role, [])):
            where = f"{role} #{i + 1}"
            items.append(Item(role, _regex(entry, where), _basis(entry.get("basis"), where),
                              _kinds(entry, where), where))
    for i, entry in enumerate(data.get("share_whole", [])):
        where = f"share_whole #{i + 1}"
        items.append(Item("share_whole", _regex(entry, where),
                          _measure(entry.get("whole"), f"{where}.whole"), where=where))
    for i, entry in enumerate(data.get("statement", [])):
        where = f"statement #{i + 1}"
        measure = entry.get("measure", "")
        if measure not in ("subject", "table"):
            measure = _measure(measure, f"{where}.measure", allow_empty=True)
        items.append(Item("statement", _regex(entry, where), Statement(entry["kind"], measure),
                          where=where))
    items += _parse_words(data)
    return items


def _parse_words(data: Mapping[str, Any]) -> list[Item]:
    """[direction] and [markers]: each word list becomes one item of its role."""
    items: list[Item] = []
    direction = data.get("direction", {})
    for key, sign in (("up", 1), ("down", -1), ("flat", 0), ("signed", SIGNED)):
        if key == "signed" and not direction.get(key):
            continue
        items.append(Item("direction", _regex({"phrases": _strs(direction, key, f"direction.{key}")},
                                              f"direction.{key}"), sign, where=f"direction.{key}"))
    markers = data.get("markers", {})
    for key in ("share", "of_which", "reason", "purpose", "plan", "list_lead", "each"):
        if key == "plan":  # regex patterns (lookaheads keep 购置车辆 an alias)
            items.append(Item(key, _regex({"patterns": _strs(markers, key, "markers.plan")},
                                          "markers.plan"), key, where="markers.plan"))
            continue
        items.append(Item(key, _regex({"phrases": _strs(markers, key, f"markers.{key}")},
                                      f"markers.{key}"), key, where=f"markers.{key}"))
    if markers.get("of_which_after"):  # "基本支出中…": 中 right after a measure is its 其中
        items.append(Item("of_which", _regex({"patterns": _strs(markers, "of_which_after",
                                                                "markers.of_which_after")},
                                             "markers.of_which_after"), "of_which",
                          where="markers.of_which_after"))
    items.append(Item("not_comparable", _regex({"patterns": _strs(markers, "not_comparable",
                                                                  "markers.not_comparable")},
                                               "markers.not_comparable"), "", where="markers"))
    return items


__all__ = ["parse_items"]
