"""The literals a lexicon pattern cannot match without, read from the parsed pattern.

Why: the narrative tokenizer runs every lexicon pattern whose first characters occur in a
paragraph (:func:`budgetlens.rules.guarded.first_chars`), and most of them still find nothing:
a pattern opening with optional words ("(?:项目(?:支出)?)?(?:预算)?…绩效目标管理") starts at
many characters and the engine tries each. Every match of such a pattern contains one of a few
literal strings (here 绩效目标管理), and a paragraph holding none of them cannot match: one
substring test (``in``, in C) replaces the scan. The matches of the patterns that do run are
unchanged; the test only skips patterns that would have found nothing.

What counts as required, conservatively (anything unsure gives no requirement, never a wrong
one): a run of literal characters; a group or a repeat of at least one whose content has a
requirement; an alternation when every branch has one (their union); a positive look-around
(the text around the match must hold it too). Case-insensitive patterns give none.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from typing import Any, Iterable, Optional, Sequence

try:  # the parser behind re.compile (as rules.guarded reads it)
    # Python ≥ 3.11; a private module typeshed has no stub for
    from re import _parser as _sre_parse  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - Python 3.10
    import sre_parse as _sre_parse

_C = _sre_parse
_REPEATS = tuple(getattr(_C, n) for n in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT")
                 if hasattr(_C, n))
#: More alternatives than this are not worth testing one by one (the first-character filter
#: already covers such lists of names).
MAX_ALTERNATIVES = 8

Required = Optional[frozenset[str]]  # any match holds one of these strings; None: unknown
#: The parser's argument of an opcode: its shape depends on the opcode (a code point for LITERAL,
#: (group, add flags, del flags, items) for SUBPATTERN, (low, high, items) for a repeat …), which
#: :func:`_node` tells apart by the opcode; the private parser has no stub to type it by.
Argument = Any


def required_literals(regex: re.Pattern) -> Required:
    """Strings one of which every text ``regex`` matches in holds, or None when unknown."""
    if regex.flags & re.IGNORECASE:
        return None
    try:
        found = _sequence(_sre_parse.parse(regex.pattern, regex.flags))
    except (re.error, TypeError, ValueError):  # pragma: no cover - a pattern re compiled
        return None
    if found is None or len(found) > MAX_ALTERNATIVES or not all(found):
        return None
    return found


#: What a text is tested for: one string (one ``in``), several (any of them), None (no test).
Test = Optional[str | tuple[str, ...]]


def substring_test(need: Required) -> Test:
    """The fewest strings that test for ``need``: a string holding another one of the set is
    dropped (a text holding it holds the other), and a single string is returned alone. Why:
    the tokenizer tests ~40 patterns' requirements per paragraph, and a generator over several
    strings cost more than the patterns it skipped (session 16); "一般公共财政拨款" beside
    "公共财政拨款" adds nothing to the test, and most requirements come down to one string."""
    if need is None:
        return None
    kept = sorted(s for s in need if not any(o != s and o in s for o in need))
    return kept[0] if len(kept) == 1 else tuple(kept)


def _better(a: Required, b: Required) -> Required:
    """The stronger of two requirements: the longer shortest string (a rarer one), then fewer
    alternatives."""
    if a is None:
        return b
    if b is None:
        return a
    return min(a, b, key=lambda s: (-min(map(len, s)), len(s)))


def _sequence(items: Iterable[tuple[object, Argument]]) -> Required:
    """A requirement of a sequence: its best literal run or best required part."""
    best: Required = None
    run: list[str] = []
    for op, av in items:
        if op is _C.LITERAL:
            run.append(chr(av))
            continue
        if run:
            best = _better(best, frozenset(["".join(run)]))
            run = []
        best = _better(best, _node(op, av))
    if run:
        best = _better(best, frozenset(["".join(run)]))
    return best


def _node(op: object, av: Argument) -> Required:
    if op is _C.SUBPATTERN:
        _group, add_flags, _del_flags, sub = av
        return None if add_flags & _sre_parse.SRE_FLAG_IGNORECASE else _sequence(sub)
    if op is _C.BRANCH:
        out: set[str] = set()
        for branch in av[1]:
            got = _sequence(branch)
            if got is None:
                return None
            out |= got
        return frozenset(out)
    if op in _REPEATS:
        low, _high, sub = av
        return _sequence(sub) if low >= 1 else None
    if op is _C.ASSERT:  # a positive look-ahead or look-behind: (direction, subpattern)
        return _sequence(av[1])
    if op is getattr(_C, "ATOMIC_GROUP", None):
        return _sequence(av)
    return None  # a class, any character, an anchor, a negative look-around, a back-reference


#: pattern id → (the pattern, its literal): keyed by id, the pattern kept beside it (so an id is
#: never another pattern's), because hashing a compiled pattern hashes its code on every lookup
_ONE: dict[int, tuple[re.Pattern, Optional[str]]] = {}
_MAX_KEPT = 4096  # patterns are the rules' (a few hundred); emptied past this, never wrong


def one_literal(regex: re.Pattern) -> Optional[str]:
    """The one string every match of ``regex`` holds, or None (none known, or only one of
    several: a test of several strings, a loop of bytecode, costs more than the search it
    would spare — session 16, and session 19's first form of this). Why: most texts a rule's
    pattern is searched in (every cell of a row, every line of a document) hold none of its
    words, and ``literal in text`` (in C, no engine state) answers that for less than the
    search that finds nothing; a text holding it is searched as before, so every match is the
    same. Callers test inline (``lit is None or lit in text``) with the literal taken once
    outside their loop."""
    got = _ONE.get(id(regex))
    if got is not None and got[0] is regex:
        return got[1]
    if len(_ONE) >= _MAX_KEPT:
        _ONE.clear()
    test = substring_test(required_literals(regex))
    literal = test if isinstance(test, str) and test else None
    _ONE[id(regex)] = (regex, literal)
    return literal


class LineIndex:
    """Many lines joined once, to name the lines holding one of a few strings without a test per
    line. Why: classification runs each of its ~100 signals over every line of a scope (the
    body is thousands of lines), and for most signals no line holds a required literal; one
    ``find`` over the joined text answers for all lines at once."""

    __slots__ = ("text", "ends")

    def __init__(self, lines: Sequence[str]) -> None:
        self.text = "\n".join(lines)
        ends: list[int] = []  # where each line ends in ``text`` (its separator, or the end)
        pos = -1
        for line in lines:
            pos += 1 + len(line)
            ends.append(pos)
        self.ends = ends

    def holding(self, need: frozenset[str]) -> list[int]:
        """The indices, ascending, of every line holding one of ``need`` (and possibly a line
        where a string only runs across a separator: callers test those lines as before, so
        an extra one changes nothing; a line holding one is never missed)."""
        text, ends = self.text, self.ends
        if "" in need:
            return list(range(len(ends)))
        found: set[int] = set()
        for lit in need:
            i = text.find(lit)
            while i >= 0:
                k = bisect_right(ends, i - 1)  # the line whose span [start, end] holds i
                found.add(k)
                i = text.find(lit, ends[k] + 1)  # the next line on: this one is taken
        return sorted(found)


__all__ = ["MAX_ALTERNATIVES", "LineIndex", "one_literal", "required_literals"]
