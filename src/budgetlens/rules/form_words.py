"""The domain wording the form checks match by (``form_words.toml``), loaded into a typed record.

Why data: which marks continue a title (续表), which words make a line a reference to a table
rather than its title (详见, 如下), which words put a "无…" statement on the income or the expense
side — these are how disclosures are worded, and a region that words them its own way needs a
word added, not a check changed. The checks (``reconcile/form_*.py``) keep the mechanism. Each
table is declared as a :class:`~.schema.Schema` of the rules kit: an unknown key, a wrong type or
a regex that does not compile is named with its file, line and key (:class:`~.schema.RuleError`).
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any, Mapping

from .schema import Field as F, RuleError, Schema, header_lines, key_line

FILE = "form_words.toml"
_RX: dict[str, Any] = dict(type=str, format="regex")
_WORDS: dict[str, Any] = dict(type=list, items=str, format="non-empty")

TITLES = Schema("[titles]", "Table titles as printed (reconcile/form_titles.py).", (
    F("continued", required=True, doc="a continuation mark after a title (续表)", **_RX),
    F("not_title", required=True, doc="a sentence or a reference to a table, not its title",
      **_RX),
    F("toc_head", required=True, doc="the head of a table of contents (without case)", **_RX),
    F("ends", required=True, doc="the words a table's title ends with (表): a title or a "
      "heading ending so names a table, not a section of the narrative", **_WORDS),
    F("contents", required=True, doc="a line that is only these words (spaces aside) is the head "
      "of a table of contents, in either script (目录, 目錄)", **_WORDS),
    F("max_chars", int, True, "a title line is at most this many characters"),
    F("wrap_chars", int, True, "a title wrapped over two lines leaves at most this many "
      "characters on the second …"),
    F("wrap_head", int, True, "… after a first line of at least this many (it reached the margin)"),
    F("run_gap", int, True, "titles at most this many lines apart are one run"),
    F("toc_families", int, True, "a run naming this many families or more is a 目录"),
    F("toc_reach", int, True, "a run opening at most this many lines below a 目录 head is one")))
CODES = Schema("[codes]", "Classification codes and names in rows (reconcile/form_codes.py).", (
    F("code_prefix", required=True, doc="a code or numbering before a row's name", **_RX),
    F("leading", required=True, doc="what a name key drops from its start", **_RX),
    F("markers", required=True, doc="level markers and spaces inside a name", **_RX),
    F("fold", list, True, "[from, to] printing variants folded before names are compared",
      items=list),
    F("common_chars", str, True, "characters too common in names to show two names are one"),
    F("optional_suffix", str, True, "an ending a name is the same without", format="non-empty"),
    F("min_truncated", int, True, "a name cut short in a narrow cell keeps at least this many "
      "characters")))
NAMES = Schema("[names]", "类/款/项 names in sentences (reconcile/form_names.py).", (
    F("residual", required=True, doc="words before a residual item's name (其他…)", **_WORDS),))
STATEMENTS = Schema("[statements]", "\"无…\" statements (reconcile/form_statements.py).", (
    F("income", required=True, doc="words of a statement about income", **_WORDS),
    F("expense", required=True, doc="words of a statement about expense", **_WORDS),
    F("prior_year", required=True, doc="words dating a clause to the year before", **_WORDS)))
RELATIONS = Schema("[relations]", "决算数大于/小于预算数 (reconcile/form_relations.py).", (
    F("subject_noise", required=True, doc="dropped from a subject and a row label before they "
      "are compared", **_RX),))
_TABLES = {"titles": TITLES, "codes": CODES, "names": NAMES, "statements": STATEMENTS,
           "relations": RELATIONS}
TOP = Schema(FILE, "The file's top level.", (
    F("schema", int, True, "format version", allowed=(1,)),
    *(F(name, dict, True, f"see {schema.name}") for name, schema in _TABLES.items())))
SCHEMAS = (TOP, *_TABLES.values())
_SHAPE_TITLES = ("max_chars", "wrap_chars", "wrap_head", "run_gap", "toc_families", "toc_reach")


@dataclass(frozen=True)
class FormWords:
    """``form_words.toml``, compiled (see the file for what each holds)."""

    continued: re.Pattern
    not_title: re.Pattern
    toc_head: re.Pattern
    #: ``[titles] ends``: the endings of a table's title (``str.endswith`` takes the tuple)
    title_ends: tuple[str, ...]
    #: ``[titles] contents``: a 目录 line's whole text
    contents: frozenset[str]
    code_prefix: re.Pattern
    leading: re.Pattern
    markers: re.Pattern
    fold: Mapping[int, str]
    common_chars: frozenset[str]
    optional_suffix: str
    residual: tuple[str, ...]
    income: tuple[str, ...]
    expense: tuple[str, ...]
    prior_year: tuple[str, ...]
    subject_noise: re.Pattern
    #: how titles and names are printed (``[titles]``, ``[codes]``): lengths and line counts
    shape: "FormShape"


@dataclass(frozen=True)
class FormShape:
    """The printing shapes of ``[titles]`` and ``[codes]`` (characters and lines; see the file)."""

    max_chars: int
    wrap_chars: int
    wrap_head: int
    run_gap: int
    toc_families: int
    toc_reach: int
    min_truncated: int


def parse_form_words(data: Mapping[str, Any], text: str = "") -> FormWords:
    """Check a parsed ``form_words.toml`` against its schemas (``text``, the file's text when
    given, lets errors name the line) and compile it."""
    TOP.check(data, FILE, 1 if text else 0, text)
    for name, schema in _TABLES.items():
        lines = header_lines(text, name) if text else []
        schema.check(data[name], FILE, lines[0] if lines else 0, text, name)
    titles, codes = data["titles"], data["codes"]
    fold = codes["fold"]
    if not all(isinstance(p, list) and len(p) == 2 and all(isinstance(s, str) for s in p)
               and len(p[0]) == 1 for p in fold):
        raise RuleError("codes.fold: expected [from, to] pairs, from one character", file=FILE,
                        key="fold")
    statements = data["statements"]
    for section, key in [*(("titles", k) for k in _SHAPE_TITLES), ("codes", "min_truncated")]:
        if data[section][key] < 1:
            start = header_lines(text, section) if text else []
            raise RuleError(f"{section}.{key}: expected a count of at least 1", file=FILE,
                            line=key_line(text, start[0], key) if start else 0, key=key)
    return FormWords(
        continued=re.compile(titles["continued"]), not_title=re.compile(titles["not_title"]),
        toc_head=re.compile(titles["toc_head"], re.I), title_ends=tuple(titles["ends"]),
        contents=frozenset(titles["contents"]),
        code_prefix=re.compile(codes["code_prefix"]), leading=re.compile(codes["leading"]),
        markers=re.compile(codes["markers"]), fold=str.maketrans(dict(fold)),
        common_chars=frozenset(codes["common_chars"]), optional_suffix=codes["optional_suffix"],
        residual=tuple(data["names"]["residual"]), income=tuple(statements["income"]),
        expense=tuple(statements["expense"]), prior_year=tuple(statements["prior_year"]),
        subject_noise=re.compile(data["relations"]["subject_noise"]),
        shape=FormShape(**{k: titles[k] for k in _SHAPE_TITLES},
                        min_truncated=codes["min_truncated"]))


@lru_cache(maxsize=1)
def load_form_words() -> FormWords:
    """The package's form words (parsed once)."""
    text = resources.files("budgetlens.rules").joinpath(FILE).read_text(encoding="utf-8")
    return parse_form_words(tomllib.loads(text), text)


__all__ = ["FormShape", "FormWords", "SCHEMAS", "load_form_words", "parse_form_words"]
