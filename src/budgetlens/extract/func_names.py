"""Function names → codes: the document's own tables first, then ``rules.reference``.

Why a document-local dictionary: narrative sentences name spending by classification name without
its code ("“一般公共服务支出（类）统计信息事务（款）专项普查活动（项）”43.83万元"), and the reference
only knows the names it was built from (29 类, observed pairs). The same document's classified
tables print every row with code and name, so a name the reference does not know (气象事务) is
still the code of the row that prints it. Precision first: a name resolves only to one code of the
level asked for, under the parent its chain names (行政运行 exists under almost every 款); a name
two rows carry with different codes resolves to nothing, and the reference is not asked then
(the document itself says the name is ambiguous).

Names are compared after the [function_names] folds of ``rules/lexicon.toml`` (其它/其他,
brackets, （类）（款）（项） markers, numbering, dashes, spaces, trailing 支出).
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Iterable, Optional, Sequence

from budgetlens.model import Fact
from budgetlens.rules.lexicon import NameFold, load_lexicon
from budgetlens.rules.reference import function_name_pairs

from .token_literals import one_literal

_FUNCTION_CODE = re.compile(r"(?:^|\.)function\.(?P<code>2\d{2}(?:\d{2}){0,2})(?:\.|$)")
_LEADING_CODE = re.compile(r"^\s*2\d{2}(?:\d{2}){0,2}(?!\d)\s*")


def fold_name(name: str, rules: Optional[NameFold] = None) -> str:
    """The comparison form of a printed function name ("" when nothing is left)."""
    rules = rules or load_lexicon().name_fold
    if rules is None:
        return name.strip()
    for src, dst in rules.fold:
        name = name.replace(src, dst)
    name = rules.drop.sub("", name)
    return rules.numbering.sub("", name)


def _keys(name: str, rules: Optional[NameFold]) -> set[str]:
    """The folded name, and without its optional suffix (科学技术支出 = 科学技术)."""
    key = fold_name(name, rules)
    suffix = rules.optional_suffix if rules is not None else ""
    if suffix and key.endswith(suffix) and len(key) > len(suffix) + 2:
        return {key, key[:-len(suffix)]}
    return {key} if key else set()


class NameBook:
    """key → codes of one source of (code, printed name) pairs."""

    def __init__(self, pairs: Iterable[tuple[str, str]], rules: Optional[NameFold] = None):
        self.rules = rules
        self.codes: dict[str, set[str]] = {}
        for code, name in pairs:
            for key in _keys(name, rules):
                self.codes.setdefault(key, set()).add(code)

    def candidates(self, name: str, size: int, parent: str = "") -> set[str]:
        """Codes of ``size`` digits under ``parent`` that carry ``name``."""
        found: set[str] = set()
        for key in _keys(name, self.rules):
            found |= self.codes.get(key, set())
        return {c for c in found if len(c) == size and c.startswith(parent)}

    def __len__(self) -> int:
        return len(self.codes)


def table_pairs(facts: Sequence[Fact]) -> list[tuple[str, str]]:
    """(code, printed name) of every table fact of a function row ("20105 统计信息事务 / 合计"
    → 20105, 统计信息事务): the label up to the column part, its leading code and numbering off."""
    pairs: set[tuple[str, str]] = set()
    need = one_literal(_FUNCTION_CODE) or ""  # most measures name no function code
    for fact in facts:
        if fact.origin != "table" or not fact.label or need not in fact.measure:
            continue
        m = _FUNCTION_CODE.search(fact.measure)
        if m is None:
            continue
        row = _LEADING_CODE.sub("", fact.label.split(" / ", 1)[0])
        if row:
            pairs.add((m.group("code"), row))
    return sorted(pairs)


@lru_cache(maxsize=16)
def reference_book(year: Optional[int]) -> NameBook:
    """The reference's (code, name) pairs known for ``year``: dictionaries, mined observations,
    recorded former names (built once per year)."""
    return NameBook(function_name_pairs(year), load_lexicon().name_fold)


class FunctionNames:
    """Resolve a name at one level: the document's book, else the reference's."""

    def __init__(self, year: Optional[int], facts: Sequence[Fact] = ()):
        self.year = year
        self.document = NameBook(table_pairs(facts), load_lexicon().name_fold)

    def lookup(self, name: str, size: int, parent: str = "") -> str:
        """The one code of ``size`` digits under ``parent`` named ``name``, or "" (unknown, or
        two codes carry it)."""
        local = self.document.candidates(name, size, parent)
        if local:
            return next(iter(local)) if len(local) == 1 else ""
        found = reference_book(self.year).candidates(name, size, parent)
        return next(iter(found)) if len(found) == 1 else ""


__all__ = ["FunctionNames", "NameBook", "fold_name", "reference_book", "table_pairs"]
