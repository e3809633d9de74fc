"""The running text as one string with positions: where a phrase sits, and which facts precede it.

Why: the narrative checks of issue #8 (决算数大于预算数, dated statements, wording, text layers)
look for phrases that run over PDF line breaks ("决算数大于年" / "初预算数的主要原因是") and need to
know which printed figures come just before a phrase. :class:`Layout` joins the running-text lines
(``Disclosure.narrative``) without their spacing, keeps the offset of every line, and places each
text fact at the start of the sentence it was read from (its ``scope`` names the sentence's first
line, its ``source.text`` quotes the sentence). Nothing is written back to the disclosure.
"""

from __future__ import annotations

import bisect
import re
from functools import cached_property
from typing import NamedTuple, Optional

from budgetlens.model import Disclosure, Fact, Line, Scope, Source

#: the end of a sentence in the squashed text
SENTENCE_END = re.compile(r"[。！？!?]")
#: how many characters of a sentence's quote are enough to find it again on its first line
_PROBE = 16


def squash(text: str) -> str:
    """Whitespace removed: PDF lines carry layout spaces ("年初预算为 226.25 万元") that the
    sentences the facts quote do not."""
    return "".join(text.split())


class Placed(NamedTuple):
    """A text fact and the offset of the start of its sentence in :attr:`Layout.text`."""

    offset: int
    fact: Fact


class Layout:
    """The narrative lines of a disclosure joined into one string (see module docstring)."""

    def __init__(self, disclosure: Disclosure):
        self.disclosure = disclosure
        parts: list[str] = []
        self.starts: list[int] = []
        self.lines: list[Line] = []
        self._by_line: dict[tuple[int, int], int] = {}
        pos = 0
        for line in disclosure.narrative:
            text = squash(line.text)
            self._by_line.setdefault((line.page, line.number), pos)
            self.starts.append(pos)
            self.lines.append(line)
            parts.append(text)
            pos += len(text)
        self.text = "".join(parts)

    def line_at(self, offset: int) -> Optional[Line]:
        """The line the character at ``offset`` was printed on."""
        k = bisect.bisect_right(self.starts, offset) - 1
        return self.lines[k] if 0 <= k < len(self.lines) else None

    def source(self, start: int, end: int, file: str = "") -> Source:
        """A Source quoting ``text[start:end]`` at the line it starts on."""
        line = self.line_at(start)
        return Source(file=file or self.disclosure.path, page=line.page if line else None,
                      line=line.number if line else None, bbox=line.bbox if line else None,
                      text=self.text[start:end])

    def sentence(self, offset: int) -> tuple[int, int]:
        """``[start, end)`` of the sentence holding ``offset`` (end includes its 。)."""
        start = max(self.text.rfind(c, 0, offset) for c in "。！？!?") + 1
        m = SENTENCE_END.search(self.text, offset)
        return start, (m.end() if m else len(self.text))

    def sentences_back(self, offset: int, count: int) -> int:
        """The start of the sentence ``count`` sentences before the one holding ``offset``."""
        start = self.sentence(offset)[0]
        for _ in range(count):
            if start <= 0:
                break
            start = self.sentence(start - 1)[0]
        return start

    @cached_property
    def placed(self) -> tuple[Placed, ...]:
        """Every text fact at the start of its sentence, in reading order (facts whose sentence
        cannot be found again on its line are left out rather than guessed)."""
        out = []
        for fact in self.disclosure.facts:
            if fact.origin != "text":
                continue
            at = self._sentence_start(fact)
            if at is not None:
                out.append(Placed(at, fact))
        out.sort(key=lambda p: p.offset)
        return tuple(out)

    def _sentence_start(self, fact: Fact) -> Optional[int]:
        page_line = _scope_line(fact.scope) or (fact.source.page or 0, fact.source.line or 0)
        line_start = self._by_line.get(page_line)
        quote = squash(fact.source.text)
        if line_start is None or not quote:
            return None
        k = bisect.bisect_right(self.starts, line_start) - 1
        line_end = self.starts[k + 1] if k + 1 < len(self.starts) else len(self.text)
        at = self.text.find(quote[:_PROBE], line_start, line_end + _PROBE)
        return at if at >= 0 else None

    def facts_between(self, start: int, end: int) -> list[Placed]:
        """Placed facts whose sentence starts in ``[start, end]``, in reading order."""
        offsets = [p.offset for p in self.placed]
        lo = bisect.bisect_left(offsets, start)
        hi = bisect.bisect_right(offsets, end)
        return list(self.placed[lo:hi])


def _scope_line(scope: str) -> Optional[tuple[int, int]]:
    """``text:<page>:<line>`` → (page, line); None for other scopes."""
    return Scope.parse(scope).text_line


__all__ = ["Layout", "Placed", "SENTENCE_END", "squash"]
