"""Indexes the form checks build once per document, so that a question about one item never scans
the whole page (issue #13: no input makes the audit quadratic).

Why: an HTML file or a text file is one page, so "the passages of this page within four lines
after the change" was a scan of every passage of the document, asked once per change: a page of
duplicated bytes (fuzz case html-2026-020096: 6,844 lines, 9,227 facts) ran past the 20 CPU-s
limit in such scans. Each index here answers its question exactly as the scan did — the same items
in the same order — from sorted positions (``bisect``) or from texts keyed by their first
characters, built in one pass.
"""

from __future__ import annotations

import bisect
from collections import defaultdict
from typing import Callable, Generic, Iterable, Iterator, Optional, Sequence, TypeVar

from budgetlens.model import Line, Source

T = TypeVar("T")

#: Characters a text is keyed by in :func:`unquoted_remainders` (shorter texts are looked up whole).
KEY_CHARS = 4


class ByPosition(Generic[T]):
    """Items sorted by their source's ``(page or 0, line or 0)`` — a stable sort, so items of one
    line keep the order they were given in — with the spans the form checks ask for."""

    def __init__(self, items: Iterable[T], source: Callable[[T], Source]):
        def key(item: T) -> tuple[int, int]:
            s = source(item)
            return (s.page or 0, s.line or 0)

        given = list(items)
        order = sorted(range(len(given)), key=lambda k: key(given[k]))
        self.items: list[T] = [given[k] for k in order]
        self.keys: list[tuple[int, int]] = [key(item) for item in self.items]
        self._given = order  # each sorted item's place in the given order

    def span_as_given(self, page: int, first: int, last: int) -> list[T]:
        """:meth:`span` in the order the items were given (a check that keeps the first item of
        each kind it meets depends on that order)."""
        lo = bisect.bisect_left(self.keys, (page, first))
        hi = bisect.bisect_right(self.keys, (page, last), lo)
        return [self.items[k] for k in sorted(range(lo, hi), key=self._given.__getitem__)]

    def span(self, page: int, first: float, last: float) -> Sequence[T]:
        """Items of ``page`` whose line is from ``first`` to ``last``, both included."""
        lo = bisect.bisect_left(self.keys, (page, first))
        return self.items[lo:bisect.bisect_right(self.keys, (page, last), lo)]

    def soon_after(self, first: Source, window: int) -> list[T]:
        """Items starting on ``first``'s line or within ``window`` lines after it, or on the next
        page's first ``window`` lines: the items the reason check's "soon after" test accepted (form_reasons)."""
        page, line = first.page or 0, first.line or 0
        return [*self.span(page, line, line + window), *self.span(page + 1, float("-inf"), window)]

    def after(self, page: int, line: int) -> Iterator[T]:
        """Items strictly after ``(page, line)``, in order (read lazily: the caller stops at the
        first it wants, and a slice would copy the rest of the page)."""
        items = self.items
        return (items[k] for k in range(bisect.bisect_right(self.keys, (page, line)), len(items)))


class LinePairs:
    """The running-text lines of each page by number, spaces dropped (``form_reasons._line_pairs``
    looked them up by a scan of the whole narrative per change)."""

    def __init__(self, narrative: Iterable[Line]):
        pages: dict[Optional[int], list[tuple[int, str]]] = defaultdict(list)
        for ln in narrative:
            pages[ln.page].append((ln.number, "".join(ln.text.split())))
        self._pages = {page: sorted(lines) for page, lines in pages.items()}
        self._numbers = {page: [n for n, _ in lines] for page, lines in self._pages.items()}

    def between(self, page: Optional[int], first: int, last: int) -> list[tuple[int, str]]:
        """``(number, text)`` of the lines of ``page`` numbered ``first`` to ``last``, sorted."""
        numbers = self._numbers.get(page)
        if numbers is None:
            return []
        lo = bisect.bisect_left(numbers, first)
        return self._pages[page][lo:bisect.bisect_right(numbers, last, lo)]


#: texts keyed by their first :data:`KEY_CHARS` characters, then by length: text → index
Keyed = dict[str, dict[int, dict[str, int]]]


def _keyed(texts: Sequence[str]) -> tuple[Keyed, dict[str, int]]:
    """Texts of at least :data:`KEY_CHARS` characters by their first ones and their length (many
    texts share a beginning — "一般公共预算…", wrapped lines of one template — but few lengths
    among them), and the shorter texts whole."""
    prefixed: Keyed = defaultdict(lambda: defaultdict(dict))
    short: dict[str, int] = {}
    for i, text in enumerate(texts):
        if len(text) >= KEY_CHARS:
            prefixed[text[:KEY_CHARS]][len(text)].setdefault(text, i)
        else:
            short.setdefault(text, i)
    return prefixed, short


def _held_by(text: str, prefixed: Keyed, short: dict[str, int]) -> list[int]:
    """Indexes of the keyed texts ``text`` holds, each time it holds one (in the order met): at
    each character, one lookup per length of the texts that begin as ``text`` does there."""
    out: list[int] = []
    get, size = prefixed.get, len(text)
    for j in range(size - KEY_CHARS + 1):
        bucket = get(text[j:j + KEY_CHARS])
        if bucket:
            for length, texts in bucket.items():
                i = texts.get(text[j:j + length]) if j + length <= size else None
                if i is not None:
                    out.append(i)
    if short:  # texts under KEY_CHARS are rare (a lone 无): most pages have none
        out += [short[text[j:j + n]] for j in range(size) for n in range(1, KEY_CHARS)
                if j + n <= size and text[j:j + n] in short]
    return out


def _first_holders(quotes: Sequence[str], lines: Sequence[str]) -> dict[str, int]:
    """For each line, the first quote (by index) that holds it: one pass over the quotes, looking
    up the lines that start at each of their characters."""
    prefixed, short = _keyed(lines)
    first: dict[str, int] = {}
    for q, quote in enumerate(quotes):
        for i in _held_by(quote, prefixed, short):
            first.setdefault(lines[i], q)
    return first


#: Pages with at most this many (distinct quote, distinct line) pairs are scanned as before:
#: asking each quote in turn is C string search, the lookups are Python steps per character, and
#: they cost the same near a million pairs (measured on the page of tests/reconcile/
#: test_form_reasons.py: 60,000 pairs 3 ms scanned, 10 ms looked up). Both give the same
#: remainders; above it the scan would grow with the square of the page.
SCAN_PAIRS = 500_000


def _in_turn(quotes: Sequence[str], line: str) -> str:
    """The remainder of ``line`` asking every quote in turn (the scan, for small pages)."""
    rest = line
    for quoted in quotes:
        if rest in quoted:
            return ""
        rest = rest.replace(quoted, "\n")
    return rest


def unquoted_remainders(quotes: Iterable[str], lines: Iterable[str],
                        scan_pairs: Optional[int] = None) -> dict[str, str]:
    """What is left of each printed line of one page once the page's quotes are taken out, as
    ``FormContext.lines`` computed it by asking every quote in turn: the line is left empty when a
    quote holds it before any quote it holds comes up; otherwise each quote it holds, in order, is
    replaced by a line break. Only quotes a line holds (or that hold it) change it, so they are
    looked up by position instead of asked one by one. Lines and quotes have no whitespace
    (squashed): after one replacement the line holds a break, which no quote holds."""
    order = list(dict.fromkeys(q for q in quotes if q))
    distinct = list(dict.fromkeys(ln for ln in lines if ln))
    if len(order) * len(distinct) <= (SCAN_PAIRS if scan_pairs is None else scan_pairs):
        return {line: _in_turn(order, line) for line in distinct}
    holders = _first_holders(order, distinct)
    prefixed, short = _keyed(order)
    out: dict[str, str] = {}
    for line in distinct:
        held = sorted(set(_held_by(line, prefixed, short)))
        holder = holders.get(line)
        if holder is not None and (not held or holder <= held[0]):
            out[line] = ""
            continue
        rest = line
        for i in held:
            rest = rest.replace(order[i], "\n")
        out[line] = rest
    return out


__all__ = ["ByPosition", "KEY_CHARS", "LinePairs", "SCAN_PAIRS", "unquoted_remainders"]
