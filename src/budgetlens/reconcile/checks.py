"""What an evaluator hands to the engine: one identity instance, ready to be judged.

Why a record instead of findings: evaluators only say *what must hold* (stated side, expected side,
relation, the facts on each side); the engine alone decides tolerance, severity, de-duplication,
counting and wording, so every identity kind is judged the same way.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import Any, Callable, Iterator, Mapping, NamedTuple, Optional

from ..model import Disclosure, Fact
from ..rules.catalogue import Rule
from ..imply.index import FactIndex
from ..rules.templates import Templates
from .form_text import FormContext
from .tolerance import Interval, ToleranceSettings


class Term(NamedTuple):
    """A fact taking part in a check, with its role (``total``, ``part``, ``change``, ``base`` ...)."""

    role: str
    fact: Fact


class LazyFields(Mapping[str, Any]):
    """Message fields worded on first read. Why: the engine words a check only when it becomes a
    finding, and nearly every check holds; naming every part of every sum (``{terms}``: the
    vocabulary's name of each measure) for checks that are then thrown away cost 2% of the audit."""

    __slots__ = ("_make", "_value")

    def __init__(self, make: Callable[[], Mapping[str, Any]]) -> None:
        self._make = make
        self._value: Optional[dict[str, Any]] = None

    def _fields(self) -> dict[str, Any]:
        if self._value is None:
            self._value = dict(self._make())
        return self._value

    def __getitem__(self, key: str) -> Any:
        return self._fields()[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._fields())

    def __len__(self) -> int:
        return len(self._fields())

    def __repr__(self) -> str:
        return f"LazyFields({self._fields()!r})"


@dataclass(frozen=True)
class Check:
    """One identity instance: ``stated`` (relation) ``expected``.

    ``instance`` identifies the instance independently of scope (``(rule id, measure, basis)`` or
    a richer tuple): evaluations of one instance in several scopes are counted and reported once.
    ``severity`` overrides the rule's (e.g. a possibly partial list in a sentence is a warning).
    ``fields`` are extra message fields. ``undefined`` marks a check whose expected value cannot
    exist (a percentage on a zero base): it fails without a number.
    """

    rule: Rule
    instance: tuple
    measure: str
    basis: str
    stated: Interval
    expected: Optional[Interval]
    terms: tuple[Term, ...]
    relation: str = "eq"
    stated_decimals: Optional[int] = None
    severity: Optional[str] = None
    fields: Mapping[str, Any] = field(default_factory=dict)
    undefined: bool = False


@dataclass(frozen=True)
class Context:
    """What an evaluator may read: the facts (indexed, implied values included), the disclosure
    path and the settings; and, for the checks of the printed document, :attr:`form`."""

    index: FactIndex
    settings: ToleranceSettings
    path: str = ""
    kind: Optional[str] = None
    #: tables whose reading may be a part of the printed table (TableInfo.open_end/open_start)
    open_end: frozenset = frozenset()
    open_start: frozenset = frozenset()
    disclosure: Optional[Disclosure] = None
    templates: Optional[Templates] = None

    @cached_property
    def form(self) -> FormContext:
        """The printed document as the form checks read it, built once, on first use."""
        if self.disclosure is None:
            raise ValueError("this context was built without its disclosure")
        return FormContext(printed(self.disclosure), self.templates, self.settings)


def printed(disclosure: Disclosure) -> Disclosure:
    """The disclosure as printed: form checks judge what the document says (an empty-table
    statement against the figures it prints), never the values imply added."""
    stated = tuple(f for f in disclosure.facts if f.origin != "derived")
    return disclosure if len(stated) == len(disclosure.facts) else replace(disclosure, facts=stated)
