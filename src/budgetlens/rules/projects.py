"""How project rows of 项目支出表 are recognised (``projects.toml``), loaded and validated.

Why data: which table families list projects, which header names the project column and which
rows are totals or group rows rather than projects differ between templates; a new template's
wording is a line of TOML, not code. A bad entry raises :class:`ProjectRulesError` naming the key.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any, Optional

from .schema import RuleError

_KEYS = {"families", "name_header", "skip", "classification_code", "project_code",
         "min_name_chars"}


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
        return len(name) >= self.min_name_chars and not self.classification_code.match(name) \
            and not any(p.search(name) for p in self.skip)

    def label_unit(self, text: str) -> Optional[str]:
        """The money unit a label cell prints in brackets (资金金额（万元） → 万元), else None."""
        m = self.amount_unit.search(text)
        return m.group(1) if m else None

    def key(self, name: str) -> str:
        """The comparison key of a printed project name: spaces squashed, a project code off."""
        squashed = "".join(name.split())
        return self.project_code.sub("", squashed, count=1) or squashed


def _compile(value: Any, key: str) -> re.Pattern:
    if not isinstance(value, str):
        raise ProjectRulesError(f"projects.toml [rows].{key}: expected a regex string")
    try:
        return re.compile(value)
    except re.error as exc:
        raise ProjectRulesError(f"projects.toml [rows].{key}: bad regex: {exc}") from exc


def parse_project_rows(raw: dict) -> ProjectRows:
    """Validate the ``[rows]`` table of projects.toml into :class:`ProjectRows`."""
    rows = raw.get("rows")
    if not isinstance(rows, dict):
        raise ProjectRulesError("projects.toml: missing table [rows]")
    unknown = set(rows) - _KEYS
    if unknown:
        raise ProjectRulesError(f"projects.toml [rows]: unknown key {sorted(unknown)[0]!r}")
    missing = _KEYS - set(rows)
    if missing:
        raise ProjectRulesError(f"projects.toml [rows]: missing key {sorted(missing)[0]!r}")
    families, skip = rows["families"], rows["skip"]
    if not isinstance(families, list) or not all(isinstance(f, str) for f in families):
        raise ProjectRulesError("projects.toml [rows].families: expected a list of family names")
    if not isinstance(skip, list):
        raise ProjectRulesError("projects.toml [rows].skip: expected a list of regexes")
    if not isinstance(rows["min_name_chars"], int) or rows["min_name_chars"] < 1:
        raise ProjectRulesError("projects.toml [rows].min_name_chars: expected a positive integer")
    return ProjectRows(families=frozenset(families),
                       name_header=_compile(rows["name_header"], "name_header"),
                       skip=tuple(_compile(p, "skip") for p in skip),
                       classification_code=_compile(rows["classification_code"], "classification_code"),
                       project_code=_compile(rows["project_code"], "project_code"),
                       min_name_chars=rows["min_name_chars"],
                       amount_unit=_amount_unit(raw.get("amounts")))


def _amount_unit(amounts: Any) -> re.Pattern:
    if not isinstance(amounts, dict) or set(amounts) != {"label_unit"}:
        raise ProjectRulesError("projects.toml [amounts]: expected exactly the key 'label_unit'")
    pattern = _compile(amounts["label_unit"], "label_unit")
    if pattern.groups < 1:
        raise ProjectRulesError("projects.toml [amounts].label_unit: needs a group for the unit")
    return pattern


@lru_cache(maxsize=1)
def load_project_rows() -> ProjectRows:
    """The package's projects.toml (frozen records: safe to share between documents)."""
    text = resources.files("budgetlens.rules").joinpath("projects.toml").read_text(encoding="utf-8")
    return parse_project_rows(tomllib.loads(text))


__all__ = ["ProjectRows", "ProjectRulesError", "load_project_rows", "parse_project_rows"]
