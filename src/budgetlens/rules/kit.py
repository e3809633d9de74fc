"""Every rules file of the package, loaded and validated at once: the start of a run.

Why: each loader validates its file when first called, which inside a run is in the middle of the
first document (or of every document, in worker processes), where a bad file can only become a
per-document error. A command loads them all here once before it reads anything
(:func:`budgetlens.reconcile.preflight.check_rules`), so a bad file stops the run with one message
naming file, line and key. The loaders are cached, so the run then uses what was loaded here.

Why errors are located here too: a loader knows which entry is wrong and often only that entry's
header line (a ``[[rule]]``'s evaluator parameters are checked later, against the evaluator; a
loader's own cross-field checks name the key but not its line), and some let a TOML syntax error
through without its file. :func:`located` gives every error the file, the line of the bad key
itself (found in the file's text from the entry's line) and the key, so a user fixing a rules file
is sent to the very line — whichever loader found the problem.
"""

from __future__ import annotations

import re
import tomllib
from importlib import resources
from pathlib import Path
from typing import Any, Callable

from . import (advice, catalogue, classify, cross_document, derivations, extract_words,
               form_words, generate_words, glossary, lexicon, measures, ocr, projects, read_words, reading,
               table_layouts, table_terms, templates, units)
from .schema import RuleError, path_line, toml_line

#: (file or files, loader): every loader of the rules kit, in the order a run needs them.
LOADERS: tuple[tuple[str, Callable[[], Any]], ...] = (
    ("measures.csv", measures.load_measures),
    ("lexicon.toml", lexicon.load_lexicon),
    ("read_words.toml", read_words.load_read_words),
    ("extract_words.toml", extract_words.load_extract_words),
    ("tables.toml", table_layouts.load_table_layouts),
    ("table_terms.toml", table_terms.load_table_terms),
    ("classify.toml", classify.load_rules),
    ("projects.toml", projects.load_project_rows),
    ("derivations.toml", derivations.load_derivations),
    ("templates.toml", templates.load_templates),
    ("form_words.toml", form_words.load_form_words),
    ("reading.toml", reading.load_causes),
    ("ocr_confusions.csv", ocr.load_confusions),
    ("glossary.csv", glossary.load_glossary),
    ("advice.toml", advice.load_advice),
    ("units.toml", units.load_unit_rules),
    ("[[rule]] of rules/*.toml and $" + catalogue.RULES_ENV, catalogue.load_rules),
    ("cross_document.toml", cross_document.load_cross_checks),
    (generate_words.FILE, generate_words.load_generate_words),
)


def load_all() -> None:
    """Load every rules file (each loader caches its result); the first bad one raises
    :class:`~budgetlens.rules.schema.RuleError` naming file, line and key (:func:`located`)."""
    for name, load in LOADERS:
        try:
            load()
        except tomllib.TOMLDecodeError as exc:  # a loader that lets the parser's error through
            raise located(RuleError(f"not valid TOML: {exc}", line=toml_line(exc)), name) from exc
        except RuleError as exc:
            raise located(exc, name) from exc


def source_text(file: str) -> str:
    """The text of a rules file named as errors name it: a file of the package by its name, a
    user's file by its path ("" when it cannot be read: the error is then left as it is)."""
    try:
        if "/" in file or "\\" in file:
            return Path(file).read_text(encoding="utf-8")
        item = resources.files("budgetlens.rules").joinpath(file)
        return item.read_text(encoding="utf-8") if item.is_file() else ""
    except (OSError, UnicodeDecodeError, ValueError):
        return ""


def located(error: RuleError, file: str = "") -> RuleError:
    """``error`` at the line of its key: from the line of the entry it names (the key's first
    path segment, ``checked`` of ``checked.kind``), or, with no line, the one line of the file
    that sets the key. A TOML syntax error gets its file and line. ``file``: the file the loader
    reads, for an error that does not name it."""
    name = error.file or (file if re.fullmatch(r"[\w.-]+\.(toml|csv)", file) else "")
    cause = error.__cause__
    line = error.line or (toml_line(cause) if isinstance(cause, tomllib.TOMLDecodeError) else 0)
    text = source_text(name) if name and error.key else ""
    if text and line:
        line = path_line(text, line, error.key)
    elif text:
        line = _only_line(text, error.key.partition(".")[0].partition("[")[0]) or line
    if (name, line) == (error.file, error.line):
        return error
    detail = str(error)
    for at in (f"{error.file}:{error.line}", error.file, name):
        if at:
            detail = detail.removeprefix(f"{at}: ")
    return RuleError(detail, file=name, line=line, key=error.key)


def _only_line(text: str, key: str) -> int:
    """The line setting ``key`` when exactly one line of the file does (0 otherwise)."""
    pattern = re.compile(r"^\s*(" + re.escape(key) + r'|"' + re.escape(key) + r'")\s*=')
    hits = [n for n, line in enumerate(text.splitlines(), 1) if pattern.match(line)]
    return hits[0] if len(hits) == 1 else 0
