"""The words of the generator's own workbook, and the few it matches a published document by
(``generate/words.toml``), declared and loaded once.

Why data, and why one declaration: the template workbook (``budgetlens generate
--template-workbook``) is a format the generator both writes and reads back — a sheet's name, a
field's label in the 单位信息 sheet, the 是/否 of a listed project. Declared twice (once where the
workbook is written, once where it is read) a change of one side would make every filled workbook
unreadable; declared here once, both sides take the same label, and a region that wants its own
labels changes a line of data. The two words the generator matches in a published document (the 数
a measure's name ends on, the 目标 of a self-evaluation label) are knowledge of how disclosures
print, so data too. Labels are checked when loaded: every key required, none empty, the sheets'
names valid in a workbook (≤ 31 characters, none of ``[]:*?/\\``) and distinct, the field labels
distinct (a label read back must say one field).
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any, Mapping

from .schema import Field as F, RuleError, Schema, header_lines, key_line, toml_error

FILE = "generate/words.toml"

#: section → (what it is for, {key: meaning}); every key a required, non-empty string
DECLARED: Mapping[str, tuple[str, Mapping[str, str]]] = {
    "sheets": ("The template workbook's sheets besides the tables' (written and read back).", {
        "info": "the unit's name, year, kind, level, template and profile",
        "changes": "prior-year figures and the reasons of changes",
        "others": "the figures only the narrative states",
        "assets": "state-owned assets (vehicles, equipment)",
        "projects": "one row per 项目 (amount, 绩效目标)",
        "staff": "编制 and staff counts",
        "indicators": "the 绩效 indicators of the projects",
        "supply": "the officer's answer to a refusal (--supply-sheet / --supply)",
    }),
    "info": ("The field labels of the info sheet (column A), each written and looked for.", {
        "unit": "the unit's name", "year": "the year", "kind": "预算 or 决算",
        "level": "部门 or 单位", "template": "the regional template",
        "functions": "a paragraph of the unit's 主要职能 (one row each)",
        "organisation": "a paragraph of its 机构设置 (one row each)",
    }),
    "year": ("How a year is written.", {
        "suffix": "the word after a year (2025年), dropped when a year is read or a heading made"}),
    "listed": ("The 项目 sheet's listed column.", {
        "yes": "the 项目支出表 lists the project", "no": "it does not (blank: it does)"}),
    "narrative": ("Measure names in sentences.", {
        "measure_suffix": "the word a measure's name ends on as a column names it, dropped in a "
                          "sentence"}),
    "self_eval": ("A published 绩效自评表 read as inputs.", {
        "label_word": "a cell right of the target's label holding it is another label"}),
}

_SECTIONS = tuple(Schema(f"[{name}] ({FILE})", doc, tuple(
    F(key, str, True, meaning, format="non-empty") for key, meaning in keys.items()))
    for name, (doc, keys) in DECLARED.items())
_TOP = Schema(FILE, "The file's top level.", (
    F("schema", int, True, "format version", allowed=(1,)),
    *(F(name, dict, True, f"see [{name}]") for name in DECLARED)))
SCHEMAS = (_TOP, *_SECTIONS)
#: characters a workbook's sheet name may not hold, and its longest length (Excel's limits)
_SHEET_FORBIDDEN, _SHEET_MAX = set("[]:*?/\\"), 31


@dataclass(frozen=True)
class GenerateWords:
    """``generate/words.toml``: ``sheets``, ``info``, ``year``, ``listed``, ``narrative`` and
    ``self_eval``, each a mapping of key → word."""

    sheets: Mapping[str, str]
    info: Mapping[str, str]
    year: Mapping[str, str]
    listed: Mapping[str, str]
    narrative: Mapping[str, str]
    self_eval: Mapping[str, str]


def _at(text: str, line: int, key: str) -> int:
    """The line of ``key`` in the section starting at ``line`` (0 without the file's text)."""
    return key_line(text, line, key) if text and line else line


def _distinct(section: Mapping[str, str], name: str, line: int, text: str) -> None:
    seen: dict[str, str] = {}
    for key, word in section.items():
        if word in seen:
            raise RuleError(f"[{name}] {key!r} and {seen[word]!r} are both {word!r}: a label read "
                            "back must name one field", file=FILE, line=_at(text, line, key),
                            key=key)
        seen[word] = key


def _sheet_names(sheets: Mapping[str, str], line: int, text: str) -> None:
    for key, name in sheets.items():
        if len(name) > _SHEET_MAX or set(name) & _SHEET_FORBIDDEN:
            raise RuleError(f"[sheets] {key!r}: {name!r} is no valid sheet name (at most "
                            f"{_SHEET_MAX} characters, none of []:*?/\\)", file=FILE,
                            line=_at(text, line, key), key=key)


def parse_generate_words(data: Mapping[str, Any], text: str = "") -> GenerateWords:
    """Check a parsed ``generate/words.toml`` (``text`` lets errors name the line) and return it."""
    top, *schemas = SCHEMAS
    top.check(data, FILE, 1 if text else 0, text)
    lines = {}
    for name, schema in zip(DECLARED, schemas):
        at = header_lines(text, name) if text else []
        lines[name] = at[0] if at else 0
        schema.check(data[name], FILE, lines[name], text, name)
    _sheet_names(data["sheets"], lines["sheets"], text)
    for name in ("sheets", "info", "listed"):
        _distinct(data[name], name, lines[name], text)
    return GenerateWords(**{name: dict(data[name]) for name in DECLARED})


@lru_cache(maxsize=1)
def load_generate_words() -> GenerateWords:
    """The package's generator words (parsed once per process)."""
    text = resources.files("budgetlens.rules").joinpath(FILE).read_text(encoding="utf-8")
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise toml_error(exc, FILE) from exc
    return parse_generate_words(data, text)


__all__ = ["DECLARED", "FILE", "GenerateWords", "SCHEMAS", "load_generate_words",
           "parse_generate_words"]
