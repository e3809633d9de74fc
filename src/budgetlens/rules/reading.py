"""Causes of reading doubt (``reading.toml``), loaded into typed records and validated.

Why data: what counts as a reading that fails, what it says to a reviewer (zh/en) and which
findings it demotes is knowledge a reviewer may tune without touching the extractor or the
engine; the code only computes the checks (extract/table_quality.py) and applies the demotion
(reconcile/confidence.py). A bad entry raises :class:`ReadingRulesError` naming the key.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any, Mapping

from .schema import RuleError

_CODE = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")
_KEYS = {"code", "zh", "en", "doubt", "demotes", "severity"}
_DOUBTS = ("values", "completeness")
_SEVERITIES = ("warning", "info")

#: the category of a finding whose evidence stands on a reading in doubt (glossary: 读取存疑)
CATEGORY = "unverified_reading"


#: The rules kit's one error class (:class:`.schema.RuleError`), under this loader's name:
#: reading.toml is malformed; the message names the cause and key.
ReadingRulesError = RuleError


@dataclass(frozen=True)
class Cause:
    """One failing check of a table's reading: its code, words, kind of doubt, what it demotes."""

    code: str
    zh: str
    en: str
    doubt: str
    demotes: tuple[str, ...]
    severity: str = "warning"

    def touches(self, kind: str) -> bool:
        """Whether a finding of this rule kind may stand on the doubt."""
        return "*" in self.demotes or kind in self.demotes

    def text(self, lang: str) -> str:
        return self.en if lang == "en" else self.zh


def _cause(entry: Any, i: int, origin: str) -> Cause:
    if not isinstance(entry, Mapping):
        raise ReadingRulesError(f"{origin}: cause[{i}] must be a table")
    where = f"{origin}: cause[{i}] ({entry.get('code', '?')})"
    unknown = set(entry) - _KEYS
    if unknown:
        raise ReadingRulesError(f"{where}: unknown key '{sorted(unknown)[0]}'")
    for key in ("code", "zh", "en", "doubt"):
        if not isinstance(entry.get(key), str) or not entry[key].strip():
            raise ReadingRulesError(f"{where}: '{key}' must be a non-empty string")
    if not _CODE.match(entry["code"]):
        raise ReadingRulesError(f"{where}: 'code' must be kebab-case")
    if entry["doubt"] not in _DOUBTS:
        raise ReadingRulesError(f"{where}: 'doubt' must be one of {', '.join(_DOUBTS)}")
    demotes = entry.get("demotes")
    if not (isinstance(demotes, list) and demotes and all(isinstance(k, str) and k for k in demotes)):
        raise ReadingRulesError(f"{where}: 'demotes' must be a non-empty list of rule kinds")
    severity = entry.get("severity", "warning")
    if severity not in _SEVERITIES:
        raise ReadingRulesError(f"{where}: 'severity' must be one of {', '.join(_SEVERITIES)}")
    return Cause(entry["code"], entry["zh"].strip(), entry["en"].strip(), entry["doubt"],
                 tuple(demotes), severity)


def parse_causes(data: Mapping[str, Any], origin: str = "reading.toml") -> dict[str, Cause]:
    """Validate the parsed TOML: ``[[cause]]`` entries only, each code once."""
    unknown = set(data) - {"cause"}
    if unknown:
        raise ReadingRulesError(f"{origin}: unknown key '{sorted(unknown)[0]}'")
    out: dict[str, Cause] = {}
    for i, entry in enumerate(data.get("cause", [])):
        cause = _cause(entry, i, origin)
        if cause.code in out:
            raise ReadingRulesError(f"{origin}: cause[{i}]: code '{cause.code}' declared twice")
        out[cause.code] = cause
    return out


@lru_cache(maxsize=1)
def load_causes() -> dict[str, Cause]:
    """The package's causes, by code."""
    text = resources.files("budgetlens.rules").joinpath("reading.toml").read_text(encoding="utf-8")
    return parse_causes(tomllib.loads(text))


__all__ = ["CATEGORY", "Cause", "ReadingRulesError", "load_causes", "parse_causes"]
