"""How project rows of 项目支出表 are recognised (``projects.toml``), loaded and validated.

Why data: which table families list projects, which header names the project column and which
rows are totals or group rows rather than projects differ between templates; a new template's
wording is a line of TOML, not code. Both tables are declared as schemas of the rules kit; a bad
entry raises :class:`~.schema.RuleError` naming file, line and key.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Optional

from .schema import Field as F, RuleError, Schema, entry_line, header_lines

FILE = "projects.toml"
ROWS = Schema("[rows]", "How project rows of 项目支出表 are recognised.", (
    F("families", list, True, "table families that list projects", items=str),
    F("name_header", str, True, "regex of the project column's header", format="regex"),
    F("skip", list, True, "regexes of rows that are totals or groups, not projects",
      items=str, format="regex"),
    F("classification_code", str, True, "regex of a classification row", format="regex"),
    F("project_code", str, True, "regex of a project code printed before its name",
      format="regex"),
    F("min_name_chars", int, True, "shortest project name (≥ 1)")))
AMOUNTS = Schema("[amounts]", "How amounts of project tables are read.", (
    F("label_unit", str, True, "regex of the money unit a label prints in brackets (one group)",
      format="regex"),))
TOP = Schema("projects.toml", "The file's top level.", (
    F("rows", dict, True, "see [rows]"), F("amounts", dict, True, "see [amounts]")))
SCHEMAS = (TOP, ROWS, AMOUNTS)


#: The rules kit's one error class (:class:`.schema.RuleError`), under this loader's name:
#: projects.toml is malformed; the message names the key.
ProjectRulesError = RuleError


@dataclass(frozen=True)
class ProjectRows:
    """The declared recognition of project rows (see projects.toml for each field's meaning)."""

    families: frozenset[str]
    name_header: re.Pattern
    skip: tuple[re.Pattern, ...]
    classification_code: re.Pattern
    project_code: re.Pattern
    min_name_chars: int
    amount_unit: re.Pattern

    def is_project(self, name: str) -> bool:
        """A squashed row name that names a project (not a total, group or classification row)."""
        return len(name) >= self.min_name_chars and self.is_row(name)

    def is_row(self, name: str) -> bool:
        """A squashed, printed row name of a project row, however short: a row named "无" (广州
        宣传部 表12: 无 | 40.00) is too weak a key to be read as a named project, yet its figure is
        part of its unit's subtotal and of the table's total."""
        return bool(name) and not self.classification_code.match(name) \
            and not any(p.search(name) for p in self.skip)

    def label_unit(self, text: str) -> Optional[str]:
        """The money unit a label cell prints in brackets (资金金额（万元） → 万元), else None."""
        m = self.amount_unit.search(text)
        return m.group(1) if m else None

    def key(self, name: str) -> str:
        """The comparison key of a printed project name: spaces squashed, a project code off."""
        squashed = "".join(name.split())
        return self.project_code.sub("", squashed, count=1) or squashed


def parse_project_rows(raw: dict, text: str = "") -> ProjectRows:
    """Validate projects.toml into :class:`ProjectRows` (with ``text``, errors name the line)."""
    TOP.check(raw, FILE, 1 if text else 0, text)
    for name, schema in (("rows", ROWS), ("amounts", AMOUNTS)):
        line = entry_line(header_lines(text, name), 0) if text else 0
        schema.check(raw[name], FILE, line, text, f"[{name}]")
    rows = raw["rows"]
    if rows["min_name_chars"] < 1:
        raise RuleError("[rows].min_name_chars: expected a positive integer", file=FILE,
                        key="min_name_chars")
    amount_unit = re.compile(raw["amounts"]["label_unit"])
    if amount_unit.groups < 1:
        raise RuleError("[amounts].label_unit: needs a group for the unit", file=FILE,
                        key="label_unit")
    return ProjectRows(families=frozenset(rows["families"]),
                       name_header=re.compile(rows["name_header"]),
                       skip=tuple(re.compile(p) for p in rows["skip"]),
                       classification_code=re.compile(rows["classification_code"]),
                       project_code=re.compile(rows["project_code"]),
                       min_name_chars=rows["min_name_chars"], amount_unit=amount_unit)


@lru_cache(maxsize=1)
def load_project_rows() -> ProjectRows:
    """The package's projects.toml (frozen records: safe to share between documents)."""
    text = resources.files("budgetlens.rules").joinpath("projects.toml").read_text(encoding="utf-8")
    return parse_project_rows(tomllib.loads(text), text)


__all__ = ["ProjectRows", "ProjectRulesError", "load_project_rows", "parse_project_rows"]
