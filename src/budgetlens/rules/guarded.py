"""A regex that runs only near the literals it cannot match without (a literal pre-check).

Why: the 类/款/项 chain and the coded-name patterns start with a lazy run of up to 30 name
characters (``[^,;:。!?、]{2,30}?\\(项\\)``), so the engine tries up to ~100 extensions at every
position of a paragraph before it fails. On prose that is cheap; on a paragraph of two million
characters without punctuation (a one-line dump, fuzz cases of issue #13) that one pattern took
5 s of CPU. Every such pattern ends in a marker it cannot match without ("(项)", "(款)", "科目",
"(2"…), declared beside it in the lexicon (``*_requires``). The pattern then runs only in the
windows around those literals that a match could reach, so its cost follows the number of markers
rather than the length of the text.

The matches are the same as ``regex.finditer(text)``: the loader requires the pattern's width to
be bounded (:func:`reach`, from the parsed pattern: the longest match plus the longest look-ahead),
every match contains one of the literals, so it starts and ends within ``reach`` of one; the scan
goes left to right through merged windows, resuming after the previous match as ``finditer``
does, and look-behinds still see the text before a window (``pos`` does not cut the string).
"""

from __future__ import annotations

import re
from typing import Any, Iterator, Optional, Sequence  # Any: the regex parser's own items

try:  # the parser behind re.compile; only used to bound a pattern's width when rules load
    from re import _parser as _sre_parse  # type: ignore[attr-defined]  # Python ≥ 3.11 (private: no stub)
except ImportError:  # pragma: no cover - Python 3.10
    import sre_parse as _sre_parse

_ASSERTS = (_sre_parse.ASSERT, _sre_parse.ASSERT_NOT)
_C = _sre_parse  # the opcode constants (LITERAL, IN, BRANCH ...) live beside the parser
_ZERO_WIDTH = (_C.AT, _C.ASSERT, _C.ASSERT_NOT)
_REPEATS = tuple(getattr(_C, n) for n in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT")
                 if hasattr(_C, n))
# A character class wider than this is not worth listing: the pattern is run without a check.
_WIDE_CLASS = 512


def _look_ahead(items: Any) -> int:
    """The longest look-ahead anywhere in a parsed pattern (0 when it has none)."""
    longest = 0
    for op, av in items:
        if op in _ASSERTS and av[0] == 1:  # (direction, subpattern); 1 = ahead
            longest = max(longest, av[1].getwidth()[1])
        for part in (av if isinstance(av, (tuple, list)) else (av,)):
            subs = part if isinstance(part, list) else [part]
            for sub in subs:
                if isinstance(sub, _sre_parse.SubPattern):
                    longest = max(longest, _look_ahead(sub))
    return longest


def reach(pattern: str) -> Optional[int]:
    """How far from a literal inside it a match can look: its longest match plus its longest
    look-ahead; None when a repeat is unbounded (then no window can be drawn)."""
    parsed = _sre_parse.parse(pattern)
    width = parsed.getwidth()[1] + _look_ahead(parsed)
    return None if width >= _sre_parse.MAXREPEAT else width


def first_chars(regex: re.Pattern) -> Optional[frozenset[str]]:
    """The characters a match of ``regex`` can start with, or None when that set is not small
    and exact (the pattern can match empty, starts with ``.``, a category such as ``\\d``, a
    negated or very wide class, a back-reference, or ignores case).

    Why: the narrative tokenizer runs ~190 lexicon patterns over every paragraph, and most of
    them cannot match it at all; a pattern none of whose first characters occurs in the text is
    skipped (a set test instead of a scan). Look-arounds and anchors are zero-width: the first
    character is what follows them, and a look-behind still sees the text before it."""
    if regex.flags & re.IGNORECASE:
        return None
    try:
        found, empty = _firsts(_sre_parse.parse(regex.pattern, regex.flags))
    except (re.error, TypeError, ValueError):  # pragma: no cover - a pattern re compiled
        return None
    return None if found is None or empty else frozenset(found)


def _firsts(items: Any) -> tuple[Optional[set], bool]:
    """(first characters of a sequence, can it match empty); (None, _) for "any"."""
    out: set = set()
    for op, av in items:
        got, empty = _first_of(op, av)
        if got is None:
            return None, False
        out |= got
        if not empty:
            return out, False
    return out, True


def _first_of(op: Any, av: Any) -> tuple[Optional[set], bool]:
    """(first characters, can match empty) of one parsed node."""
    if op is _C.LITERAL:
        return {chr(av)}, False
    if op is _C.IN:
        return _class_chars(av), False
    if op in _ZERO_WIDTH:
        return set(), True
    if op is _C.SUBPATTERN:
        group, add_flags, del_flags, sub = av
        return (None, False) if add_flags & _sre_parse.SRE_FLAG_IGNORECASE else _firsts(sub)
    if op is _C.BRANCH:
        out: set = set()
        any_empty = False
        for branch in av[1]:
            got, empty = _firsts(branch)
            if got is None:
                return None, False
            out |= got
            any_empty = any_empty or empty
        return out, any_empty
    if op in _REPEATS:
        low, _, sub = av
        got, empty = _firsts(sub)
        return got, empty or low == 0
    if op is getattr(_C, "ATOMIC_GROUP", None):
        return _firsts(av)
    return None, False


def _class_chars(av: Any) -> Optional[set]:
    out: set = set()
    for op, arg in av:
        if op is _C.LITERAL:
            out.add(chr(arg))
        elif op is _C.RANGE and arg[1] - arg[0] < _WIDE_CLASS:
            out.update(chr(c) for c in range(arg[0], arg[1] + 1))
        else:  # NEGATE, CATEGORY, a wide RANGE
            return None
    return out


class Guarded:
    """``regex`` run only within ``reach`` of an occurrence of one of ``requires``."""

    def __init__(self, regex: re.Pattern, requires: Sequence[str], span: int) -> None:
        self.regex = regex
        self.pattern = regex.pattern
        self.groupindex = regex.groupindex
        self.requires = tuple(requires)
        self.span = span

    def windows(self, text: str) -> list[tuple[int, int]]:
        """Merged ``[start, end)`` ranges: ``span`` around every occurrence of a required
        literal. A window grows by jumping to the last occurrence it already reaches
        (``rfind``), so a text dense with a literal ("-" in a dump) costs one step per window
        length, not one per occurrence."""
        span, lits = self.span, self.requires
        merged: list[tuple[int, int]] = []
        nxt = [(text.find(lit), lit) for lit in lits]
        while True:
            found = [(at, lit) for at, lit in nxt if at >= 0]
            if not found:
                return merged
            first, lit = min(found)
            last, hi = first, first + len(lit) + span
            while True:  # the last occurrence whose window touches [.., hi)
                ahead = [(text.rfind(x, last + 1, hi + span + len(x)), x) for x in lits]
                ahead = [(at, x) for at, x in ahead if at >= 0]
                if not ahead:
                    break
                last = max(at for at, _ in ahead)
                hi = max(hi, *(at + len(x) + span for at, x in ahead))
            merged.append((max(first - span, 0), hi))
            nxt = [(text.find(x, last + 1), x) for x in lits]

    def finditer(self, text: str) -> Iterator[re.Match]:
        last = 0
        for lo, hi in self.windows(text):
            for m in self.regex.finditer(text, max(lo, last), hi):
                yield m
                last = m.end()


def guard(regex: re.Pattern, requires: Sequence[str], where: str,
          error: type[Exception]) -> "Guarded | re.Pattern":
    """``regex`` behind its literal pre-check, or as it is when nothing is declared. Raises
    ``error`` naming ``where`` when literals are declared for a pattern of unbounded width."""
    if not requires:
        return regex
    span = reach(regex.pattern)
    if span is None:
        raise error(f"{where}: a pattern with required literals must have a bounded width "
                    f"(no * or +): {regex.pattern!r}")
    return Guarded(regex, requires, span)
