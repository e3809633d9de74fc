"""The rule catalogue: every audit check is one declaration in a TOML file of this package.

Why a catalogue: reviewers must be able to list every check (``budgetlens rules``), each finding must
name a stable rule id, and adding a check should be one row of data. Every ``rules/*.toml`` file may
hold ``[[rule]]`` entries; each needs ``id`` (kebab-case, unique across files), ``kind`` (the name of
the evaluator that runs it; evaluators are registered in ``reconcile``), ``category``, ``severity``
(``error`` | ``warning`` | ``info``), ``message_zh`` and ``message_en`` (``str.format`` templates whose
fields the evaluator fills: see each evaluator's docstring) and ``description`` (one sentence, zh, and
optionally ``description_en``). Any other keys are the evaluator's parameters, kept in ``params``.

Loading validates the declarations and names the file and the bad key; a broken declaration is a
bug in the package data, so it raises :class:`RuleError` (at load time, never during an audit).

A user's own checks are data too: the environment variable :data:`RULES_ENV` names a folder whose
``*.toml`` files' ``[[rule]]`` entries are read after the package's, with the same validation (ids
stay unique across both). The command line loads and checks the whole catalogue once before a run
(:mod:`budgetlens.reconcile.preflight`), so a bad file there stops the run with one message.
"""

from __future__ import annotations

import os
import re
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from types import MappingProxyType
from typing import Any, Iterable, Mapping

from ..model import Severity
from .schema import Field, RuleError, Schema, entry_line, header_lines, toml_error

SEVERITIES = tuple(s.value for s in Severity)
CATEGORIES = ("arithmetic", "consistency", "text-table", "percentage", "completeness",
              "form", "classification", "performance", "procurement", "metadata")
_ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
#: a TOML file that declares rules (an array of tables ``[[rule]]``, or ``rule = [...]``)
_DECLARES_RULES = re.compile(r"^[ \t]*(?:\[\[[ \t]*rule[ \t]*\]\]|rule[ \t]*=)", re.M)
#: The environment variable naming a folder of the user's own rule files (read after the package's).
RULES_ENV = "BUDGETLENS_RULES"
_REQUIRED = ("id", "kind", "category", "severity", "message_zh", "message_en", "description")

#: A ``[[rule]]`` entry. Open: the other keys are the evaluator's parameters, declared by the
#: evaluator of its ``kind`` (``reconcile.registry``) and checked against it.
RULE_SCHEMA = Schema("[[rule]] (any rules/*.toml)",
                     "One audit check. Keys other than these are the parameters of the evaluator "
                     "its `kind` names (see the parameters of each kind below).", (
    Field("id", str, True, "stable kebab-case id, unique across files"),
    Field("kind", str, True, "the evaluator that runs it"),
    Field("category", str, True, "what the check is about", allowed=CATEGORIES),
    Field("severity", str, True, "how grave a finding is", allowed=SEVERITIES),
    Field("message_zh", str, True, "zh message template (str.format fields the evaluator fills)"),
    Field("message_en", str, True, "en message template"),
    Field("description", str, True, "one sentence, zh"),
    Field("description_en", str, False, "one sentence, en"),
), open=True)


@dataclass(frozen=True)
class Rule:
    """One declared check. ``params`` holds the evaluator-specific keys, read-only; ``line`` is
    where its ``[[rule]]`` header stands in ``origin`` (0 when not parsed from a file's text)."""

    id: str
    kind: str
    category: str
    severity: Severity
    message_zh: str
    message_en: str
    description: str
    description_en: str = ""
    origin: str = ""
    params: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))
    line: int = 0

    def message(self, lang: str = "zh", **fields: Any) -> str:
        """Fill the message template; a missing field is left visible rather than raising."""
        template = self.message_zh if lang == "zh" else self.message_en
        return template.format_map(_KeepMissing(fields))

    def __getstate__(self) -> dict[str, Any]:
        """Picklable (a run hands its rules to worker processes): ``params`` as a plain dict."""
        return dict(self.__dict__, params=dict(self.params))

    def __setstate__(self, state: dict[str, Any]) -> None:
        for key, value in state.items():
            object.__setattr__(self, key, MappingProxyType(value) if key == "params" else value)

    @property
    def where(self) -> str:
        """``file:line (id)``: how an error about this rule names it."""
        at = f"{self.origin}:{self.line}" if self.line else self.origin
        return f"{at} ({self.id})"


class _KeepMissing(dict):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def parse_rules(data: Mapping[str, Any], origin: str, text: str = "",
                array: str = "rule") -> tuple[Rule, ...]:
    """Validate the ``[[rule]]`` entries of one parsed TOML document (``text``, when given, lets
    errors name the line)."""
    rules = []
    lines = header_lines(text, array) if text else []
    for i, entry in enumerate(data.get(array, [])):
        line = entry_line(lines, i)
        label = f"rule #{i + 1}" + (f" ({entry.get('id', '?')})" if isinstance(entry, Mapping) else "")
        RULE_SCHEMA.check(entry, origin, line, text, label)
        if not _ID_RE.match(entry["id"]):
            raise RuleError(f"{label}: id '{entry['id']}' is not kebab-case", file=origin,
                            line=line, key="id")
        params = {k: v for k, v in entry.items() if k not in _REQUIRED and k != "description_en"}
        rules.append(Rule(id=entry["id"], kind=entry["kind"], category=entry["category"],
                          severity=Severity(entry["severity"]), message_zh=entry["message_zh"],
                          message_en=entry["message_en"], description=entry["description"],
                          description_en=entry.get("description_en", ""), origin=origin,
                          params=MappingProxyType(params), line=line))
    return tuple(rules)


def _package_toml_files() -> Iterable[tuple[str, str]]:
    """The package's TOML files that declare rules. Why the others are skipped: they are the
    data of their own loaders (tables, lexicon, templates…), which parse them; parsing each again
    here only to find no ``[[rule]]`` cost every fresh process ~20 ms of CPU."""
    for item in sorted(resources.files("budgetlens.rules").iterdir(), key=lambda p: p.name):
        if item.name.endswith(".toml"):
            text = item.read_text(encoding="utf-8")
            if _DECLARES_RULES.search(text):
                yield item.name, text


def _folder_toml_files(folder: str) -> Iterable[tuple[str, str]]:
    """The ``*.toml`` files of the user's rules folder (every one is read: a file there that
    declares nothing is simply empty), each named by its path so that an error points at it."""
    path = Path(folder)
    if not path.is_dir():
        raise RuleError(f"{RULES_ENV}={folder}: not a folder of rule files")
    for item in sorted(path.glob("*.toml")):
        try:
            yield str(item), item.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise RuleError(f"cannot be read as UTF-8 text: {exc}", file=str(item)) from exc


def load_rules() -> tuple[Rule, ...]:
    """All rules declared in the package's TOML files and in the folder :data:`RULES_ENV` names,
    validated, ids unique. Cached per folder: immutable."""
    return _load_rules(os.environ.get(RULES_ENV, ""))


@lru_cache(maxsize=4)
def _load_rules(folder: str) -> tuple[Rule, ...]:
    rules: list[Rule] = []
    seen: dict[str, str] = {}
    files = list(_package_toml_files())
    if folder:
        files += list(_folder_toml_files(folder))
    for name, text in files:
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            raise toml_error(exc, name) from exc
        for rule in parse_rules(data, name, text):
            if rule.id in seen:
                raise RuleError(f"duplicate rule id '{rule.id}' (also in {seen[rule.id]})",
                                file=name, line=rule.line, key="id")
            seen[rule.id] = name
            rules.append(rule)
    return tuple(rules)


def rules_by_id() -> Mapping[str, Rule]:
    return MappingProxyType({r.id: r for r in load_rules()})
