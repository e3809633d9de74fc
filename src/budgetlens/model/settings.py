"""Tuning settings as documented, frozen records, changeable by name (``group.field=value``).

Why a kit of its own: the stages' tuning constants (how close two rulings must be to be one, how
wide a gap starts a new word, …) used to sit at module level where no user could change them and
no page listed them. Each stage now declares them in frozen dataclasses whose fields say their
unit and why their default is what it is (:func:`setting`); a stage's functions take the settings
object as a parameter with the default. This module gives the one way to list them (for
``budgetlens settings`` and docs/settings.md), to change them by name from the command line
(values parsed and checked, unknown names refused with the list of valid ones) and to say which
differ from the defaults (so a result records how it was read). Pure records: nothing here knows
a stage.
"""

from __future__ import annotations

from dataclasses import MISSING, Field, field, fields, is_dataclass, replace
from typing import Any, Iterator, Mapping, NamedTuple, TypeVar

__all__ = ["SettingError", "SettingInfo", "changed", "describe", "override", "parse_pairs",
           "setting"]

S = TypeVar("S")


def setting(default: float, unit: str, why: str) -> Any:
    """A settings field: its default, its unit and why the default is what it is (the help
    text of ``budgetlens settings`` and docs/settings.md)."""
    return field(default=default, metadata={"unit": unit, "why": why})


class SettingError(ValueError):
    """A setting named on the command line that does not exist or whose value does not fit.
    Carries the message in both languages (``message`` zh-CN, ``message_en``)."""

    def __init__(self, message: str, message_en: str) -> None:
        super().__init__(message_en)
        self.message = message
        self.message_en = message_en


class SettingInfo(NamedTuple):
    """One setting as listed: dotted name, default, unit, why."""

    name: str
    default: Any
    unit: str
    why: str


def _groups(settings: Any) -> Iterator[tuple[str, Any]]:
    """``(group name, group settings)`` of a settings object made of groups."""
    for f in fields(settings):
        yield f.name, getattr(settings, f.name)


def describe(settings: Any) -> list[SettingInfo]:
    """Every setting of ``settings`` (a dataclass of group dataclasses), in declared order."""
    out: list[SettingInfo] = []
    for group, values in _groups(settings):
        for f in fields(values):
            out.append(SettingInfo(f"{group}.{f.name}", _default(f), f.metadata.get("unit", ""),
                                   f.metadata.get("why", "")))
    return out


def _default(f: Field) -> Any:
    if f.default is not MISSING:
        return f.default
    if f.default_factory is not MISSING:
        return f.default_factory()
    raise TypeError(f"setting {f.name} has no default")


def changed(settings: Any) -> tuple[tuple[str, str], ...]:
    """The settings that differ from their defaults, as ``(name, value)`` text pairs in declared
    order: what a result records so that it says how it was read."""
    out = []
    for group, values in _groups(settings):
        for f in fields(values):
            value = getattr(values, f.name)
            if value != _default(f):
                out.append((f"{group}.{f.name}", str(value)))
    return tuple(out)


def parse_pairs(pairs: list[str] | tuple[str, ...]) -> dict[str, str]:
    """``["grid.snap=4", …]`` → ``{"grid.snap": "4"}``; a pair without ``=`` is refused."""
    out: dict[str, str] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip():
            raise SettingError(f"设置应写作 名称=值：{pair!r}",
                               f"a setting is written NAME=VALUE: {pair!r}")
        out[name.strip()] = value.strip()
    return out


def override(settings: S, values: Mapping[str, Any]) -> S:
    """``settings`` with the named fields changed (``{"grid.snap": "4"}``; text values are parsed
    as the field's type). Unknown names and values that do not parse or are negative raise
    :class:`SettingError` naming the valid settings."""
    if not values:
        return settings
    groups = dict(_groups(settings))
    new: dict[str, dict[str, Any]] = {}
    for name, raw in values.items():
        group, _, key = name.partition(".")
        target = groups.get(group)
        kinds = {f.name: f for f in fields(target)} if is_dataclass(target) else {}
        if key not in kinds:
            valid = ", ".join(i.name for i in describe(settings))
            raise SettingError(f"未知的设置：{name}。可用的设置：{valid}",
                               f"unknown setting: {name}. Valid settings: {valid}")
        new.setdefault(group, {})[key] = _parse(name, raw, type(_default(kinds[key])))
    return replace(settings, **{g: replace(groups[g], **v) for g, v in new.items()})  # type: ignore[type-var]


def _parse(name: str, raw: Any, kind: type) -> Any:
    """``raw`` as a value of ``kind`` (int or float), refused when it does not parse or is
    negative (every tuning setting is a size, a share or a count)."""
    try:
        value = kind(raw) if not isinstance(raw, str) or kind is not int else int(raw.strip())
    except (TypeError, ValueError):
        what = "整数" if kind is int else "数字"
        what_en = "an integer" if kind is int else "a number"
        raise SettingError(f"设置 {name} 的值应为{what}：{raw!r}",
                           f"setting {name} takes {what_en}: {raw!r}") from None
    if value < 0 or value != value:
        raise SettingError(f"设置 {name} 的值不能为负数：{raw!r}",
                           f"setting {name} cannot be negative: {raw!r}")
    return value

