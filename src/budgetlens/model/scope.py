"""A fact's scope as fields: the place it was read in (a table, a sentence), the budget unit whose
figures it is, the table row it keys.

Why: ``Fact.scope`` is a string (``table:3``, ``text:12:4``, ``table:3:unit:深圳市考试院:row:7``;
docs/measures.md), part of the JSON contract and of the library's rows, and stages that needed one
of its parts split it apart each in its own way (``split(":unit:")``, ``startswith(base +
":row:")``, ``split(":")``). :meth:`Scope.parse` is the one reading of that string, and ``str()``
writes it back unchanged, so a stage asks for ``.unit`` or ``.table`` instead of cutting text.
"""

from __future__ import annotations

from functools import lru_cache
from typing import NamedTuple, Optional

#: Marks the scope of a fact read from a table broken down by budget unit: ``table:<i>:unit:<name>``
#: (see docs/measures.md). Such a fact is the unit's figure, not the department's.
UNIT_SCOPE = ":unit:"
#: Marks the scope of a fact keyed by its own row (a classification code, a project)
ROW_SCOPE = ":row:"


class Scope(NamedTuple):
    """``base`` the place (``table:3``, ``text:12:4``, "" when none), ``unit`` the budget unit
    ("" the department's), ``row`` the text after ``:row:`` ("" when the scope names no row)."""

    base: str
    unit: str = ""
    row: str = ""

    @staticmethod
    def parse(scope: str) -> "Scope":
        """The fields of a scope string (``str(Scope.parse(s)) == s`` for every scope made)."""
        return _parse(scope)

    def __str__(self) -> str:
        return (self.base + (UNIT_SCOPE + self.unit if self.unit else "")
                + (ROW_SCOPE + self.row if self.row else ""))

    @property
    def kind(self) -> str:
        """``table``, ``text`` or another prefix; "" for a fact without a scope."""
        return self.base.split(":", 1)[0]

    @property
    def table(self) -> Optional[int]:
        """The table's index for a table scope."""
        head, _, index = self.base.partition(":")
        return int(index) if head == "table" and index.isdigit() else None

    @property
    def text_line(self) -> Optional[tuple[int, int]]:
        """(page, line) of a sentence's scope ``text:<page>:<line>``; None for other scopes."""
        parts = self.base.split(":")
        if len(parts) >= 3 and parts[0] == "text" and parts[1].isdigit() and parts[2].isdigit():
            return int(parts[1]), int(parts[2])
        return None

    def of_department(self, base: str) -> bool:
        """The department's figure of the place ``base`` (its own scope or a row of it), not a
        unit's."""
        return self.base == base and not self.unit


@lru_cache(maxsize=8192)
def _parse(scope: str) -> Scope:
    head, unit_mark, rest = scope.partition(UNIT_SCOPE)
    if unit_mark:
        unit, row_mark, row = rest.partition(ROW_SCOPE)
        return Scope(head, unit, row) if row_mark else Scope(head, unit)
    base, _, row = head.partition(ROW_SCOPE)
    return Scope(base, "", row)


__all__ = ["ROW_SCOPE", "Scope", "UNIT_SCOPE"]
