"""Causes of reading doubt (``reading.toml``), loaded into typed records and validated.

Why data: what counts as a reading that fails, what it says to a reviewer (zh/en) and which
findings it demotes is knowledge a reviewer may tune without touching the extractor or the
engine; the code only computes the checks (extract/table_quality.py) and applies the demotion
(reconcile/confidence.py). Each ``[[cause]]`` is declared as a schema of the rules kit; a bad
entry raises :class:`~.schema.RuleError` naming file, line and key.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any, Mapping

from .schema import Field as F, RuleError, Schema, entry_line, header_lines

_CODE = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")
_DOUBTS = ("values", "completeness")
_SEVERITIES = ("warning", "info")
CAUSE = Schema("[[cause]]", "One failing check of a table's reading.", (
    F("code", str, True, "kebab-case code the extractor reports"),
    F("zh", str, True, "what it says to a reviewer, zh", format="non-empty"),
    F("en", str, True, "the same, en", format="non-empty"),
    F("doubt", str, True, "what is in doubt", allowed=_DOUBTS),
    F("demotes", list, True, "rule kinds whose findings it demotes ('*': all)", items=str,
      format="non-empty"),
    F("severity", str, doc="severity of the demoted finding (default warning)",
      allowed=_SEVERITIES)))
TOP = Schema("reading.toml", "The file's top level.", (F("cause", list, doc="see [[cause]]"),))
SCHEMAS = (TOP, CAUSE)

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


def _cause(entry: Any, i: int, origin: str, text: str, line: int) -> Cause:
    where = f"cause[{i}] ({entry.get('code', '?')})" if isinstance(entry, Mapping) else f"cause[{i}]"
    CAUSE.check(entry, origin, line, text, where)
    for key in ("code", "zh", "en"):
        if not entry[key].strip():
            raise RuleError(f"{where}: '{key}' must be a non-empty string", file=origin,
                            line=line, key=key)
    if not _CODE.match(entry["code"]):
        raise RuleError(f"{where}: 'code' must be kebab-case", file=origin, line=line, key="code")
    if not entry["demotes"]:
        raise RuleError(f"{where}: 'demotes' must be a non-empty list of rule kinds", file=origin,
                        line=line, key="demotes")
    return Cause(entry["code"], entry["zh"].strip(), entry["en"].strip(), entry["doubt"],
                 tuple(entry["demotes"]), entry.get("severity", "warning"))


def parse_causes(data: Mapping[str, Any], origin: str = "reading.toml",
                 text: str = "") -> dict[str, Cause]:
    """Validate the parsed TOML: ``[[cause]]`` entries only, each code once (with ``text``,
    errors name the line)."""
    TOP.check(data, origin, 1 if text else 0, text)
    lines = header_lines(text, "cause") if text else []
    out: dict[str, Cause] = {}
    for i, entry in enumerate(data.get("cause", [])):
        cause = _cause(entry, i, origin, text, entry_line(lines, i))
        if cause.code in out:
            raise RuleError(f"cause[{i}]: code '{cause.code}' declared twice", file=origin,
                            line=entry_line(lines, i), key="code")
        out[cause.code] = cause
    return out


@lru_cache(maxsize=1)
def load_causes() -> dict[str, Cause]:
    """The package's causes, by code."""
    text = resources.files("budgetlens.rules").joinpath("reading.toml").read_text(encoding="utf-8")
    return parse_causes(tomllib.loads(text), "reading.toml", text)


__all__ = ["CATEGORY", "Cause", "ReadingRulesError", "load_causes", "parse_causes"]
