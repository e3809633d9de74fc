"""State records of the claim engine: subjects, section context, carried and sentence state,
what a handler found, statistics.

Why separate: the engine (``claims.py``) and its handlers (``claim_markers.py`` for the words,
``claim_numbers.py`` … ``claim_reason.py`` for each kind of claim) share these records; keeping
them here keeps every module small and free of import cycles.

Why immutable: a handler takes the sentence state as it stands and returns the next one
(:meth:`SentenceState.but`), with what it found (:class:`FactFound`, :class:`ClaimFound`,
:class:`NumberSeen`) as values; the engine alone turns those into facts and claims with their
provenance. A handler can then be read, and tested, as a function of its inputs, and a bracketed
aside can restore the state it interrupted by keeping the old value.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, fields
from decimal import Decimal
from typing import Callable, Mapping, NamedTuple, Optional, Sequence, TypedDict, Union, Unpack

from budgetlens.model import Fact
from budgetlens.rules.extract_words import load_extract_words
from budgetlens.rules.lexicon import BOUNDARY_BEFORE, BOUNDARY_NUMBERING, Alias, Lexicon

from .tokens import Token

CONTEXT = "@context"
ALSO = "+"  # joins the measures of an ``also`` alias inside a subject
BOUNDARY_CHARS = set(BOUNDARY_BEFORE) | {""}
#: a list item's numbering right before a position ("1." / "(2)"): a clause starts there
NUMBERED_BEFORE = re.compile(f"(?:{BOUNDARY_NUMBERING})$")
_new = object.__new__
_set = object.__setattr__  # a frozen record's fields are set once, on a new instance


class Subject(tuple):
    """``(measure, label, alias)``: what a clause is about."""

    __slots__ = ()

    def __new__(cls, measure: str, label: str = "", alias: Optional[Alias] = None) -> Subject:
        return tuple.__new__(cls, (measure, label, alias))

    @property
    def measure(self) -> str:
        return self[0]

    @property
    def label(self) -> str:
        return self[1]

    @property
    def alias(self) -> Optional[Alias]:
        return self[2]


@dataclass
class Section:
    """What the headings say: fund ("" unknown) and default subject."""

    fund: str = ""
    subject: Optional[Subject] = None
    unit: bool = False  # under a heading naming one unit: figures not the department's, not read
    #: the 类/款/项 the innermost naming heading is about ("（一）公共安全支出（类）检察（款）："):
    #: a total word below it ("预算支出合计…") is that item's figure
    item: Optional[Subject] = None


#: what a clause's current figures were given to: a measure, or (measure, unit) for a count
Used = Union[str, tuple[str, str]]
#: the words a 各 pair's first figure was read with (direction, amount basis, comparator pending,
#: completion), restored for the second
EachState = tuple[Optional[tuple[int, int, str]], Optional[str], bool, Optional[str]]


class CarryChanges(TypedDict, total=False):
    """The fields of :class:`Carry` as keyword arguments of :meth:`Carry.but`, each with its
    field's type: the type check then sees every change a handler makes (a wrong name or a value
    of the wrong type fails it), where ``**changes`` alone would let anything through.
    tests/extract/test_claim_state.py holds the two declarations to the same names and types."""

    subject: Optional[Subject]
    parent: Optional[Subject]
    parent_in_paragraph: bool
    item: Optional[Subject]
    last_basis: str
    list_fund: str
    list_basis: str
    list_reason: bool
    listed: Optional[tuple[Optional[Subject], int]]
    plan: bool
    paired: tuple[str, str]


@dataclass(frozen=True)
class Carry:
    """State that outlives a sentence: running subject and the parent set by 其中 (a sentence
    reads it from :attr:`SentenceState.carry` and leaves the next one there)."""

    subject: Optional[Subject] = None
    parent: Optional[Subject] = None
    parent_in_paragraph: bool = False
    item: Optional[Subject] = None  # a numbered item title sentence just read (no figure)
    last_basis: str = ""
    #: the fund of a list announced by "财政拨款支出主要内容如下：" (its numbered items' fund)
    list_fund: str = ""
    #: the comparator of a change whose sentence ends a paragraph with a list lead ("收支预算X，比上年
    #: 减少Y，其中："): its numbered items' bare changes ("1.收入预算减少Y") are on that basis
    list_basis: str = ""
    #: this numbered item of such a list gives its reason (its figures are causes' shares)
    list_reason: bool = False
    #: the last 其中/包括 of the paragraph: (the parent before it, how many facts were read before it)
    listed: Optional[tuple[Optional[Subject], int]] = None
    #: the last sentence was a purchase plan: the next one, naming no holdings (截至/共有…), goes on
    #: with it ("…18万元；" then, as a paragraph of its own, "单价100万元以上设备0台（套）…")
    plan: bool = False
    #: (fund, measure) a qualifier gave a fund-relative alias in this paragraph ("一般公共预算财政拨款
    #: 本年收入…"): the other side's word after it ("…;本年支出…") is that fund's too
    paired: tuple[str, str] = ("", "")

    def but(self, **changes: Unpack[CarryChanges]) -> "Carry":
        """This carried state with ``changes`` (see :meth:`SentenceState.but`)."""
        if not _CARRY_FIELDS.issuperset(changes):
            raise TypeError(f"Carry has no field {sorted(set(changes) - _CARRY_FIELDS)}")
        values = self.__dict__.copy()
        values.update(changes)
        new = _new(Carry)
        _set(new, "__dict__", values)
        return new


_CARRY_FIELDS = frozenset(f.name for f in fields(Carry))


@dataclass
class Stats:
    """Numbers with a unit seen in sentences, how many became facts, by kind (money, percent,
    count), and a few unattached examples ("number | sentence"). ``measure_like`` counts apart
    the numbers a budget measure could be (an organisation count such as 内设8个科室 left
    unattached is not a coverage gap); its unattached examples are ``examples``, the others'
    ``other_examples``."""

    numbers: int = 0
    attached: int = 0
    examples: list = field(default_factory=list)
    by_kind: dict = field(default_factory=dict)  # kind -> [numbers, attached]
    # money, percentages and counts of vehicles/people/batches (not 个/项/家 left unattached)
    measure_like: list = field(default_factory=lambda: [0, 0])
    other_examples: list = field(default_factory=list)
    # paragraphs not read because they are longer than any prose (narrative.MAX_PARAGRAPH_CHARS):
    # (first line, characters) each, reported as one diagnostic
    overlong: list = field(default_factory=list)


class StateChanges(TypedDict, total=False):
    """The fields of :class:`SentenceState` as keyword arguments of :meth:`SentenceState.but`
    (see :class:`CarryChanges` for why)."""

    subject: Optional[Subject]
    clause_alias: Optional[Subject]
    local_alias: Optional[Subject]
    mode: str
    cmp_basis: Optional[str]
    last_basis: str
    last_change: Optional[tuple[str, str]]
    last_current: str
    direction: Optional[tuple[int, int, str]]
    amount_basis: Optional[str]
    completion: Optional[str]
    share_at: int
    qualifier: Optional[tuple[str, str, int]]
    flat_done: bool
    fund_scope: str
    inherits: bool
    clause_start: int
    alias_end: int
    alias_used: bool
    of_which: bool
    cmp_pending: bool
    cmp_end: int
    each: tuple[tuple[str, str], ...]
    each_state: Optional[EachState]
    lead_ok: Optional[bool]
    lead_end: int
    subject_known: bool
    plan: bool
    enumerated: bool
    last_number: Optional[tuple[str, str]]
    used: frozenset[Used]
    brackets: tuple[tuple[SentenceState, int], ...]
    titled: Optional[Subject]
    carry: Carry


@dataclass(frozen=True)
class SentenceState:
    """Per-sentence state (see ``claims.py``), immutable: :meth:`but` makes the next one."""

    subject: Optional[Subject] = None
    clause_alias: Optional[Subject] = None
    local_alias: Optional[Subject] = None
    mode: str = "normal"
    cmp_basis: Optional[str] = None
    last_basis: str = ""
    last_change: Optional[tuple[str, str]] = None
    last_current: str = ""
    direction: Optional[tuple[int, int, str]] = None
    amount_basis: Optional[str] = None
    completion: Optional[str] = None
    share_at: int = -1
    qualifier: Optional[tuple[str, str, int]] = None
    flat_done: bool = False
    fund_scope: str = ""  # the fund a qualifier named for the rest of the sentence
    inherits: bool = False
    clause_start: int = 0
    alias_end: int = -1
    alias_used: bool = False
    of_which: bool = False
    cmp_pending: bool = False
    cmp_end: int = -1  # where the last comparator ended (a direction right after it: its change)
    #: after 各: the measures a pair of figures distributes over, and the state the first one saw
    each: tuple[tuple[str, str], ...] = ()
    each_state: Optional[EachState] = None
    lead_ok: Optional[bool] = None
    lead_end: int = 0
    subject_known: bool = False
    plan: bool = False  # a purchase plan sentence (计划购置…)
    enumerated: bool = False  # 其中 parts listed with 、 (a later bare clause is ambiguous)
    last_number: Optional[tuple[str, str]] = None
    #: (measure) or (measure, unit) already given a current figure in this clause
    used: frozenset[Used] = frozenset()
    #: one entry per bracket still open: (the state before it, the index of its "(" token)
    brackets: tuple[tuple[SentenceState, int], ...] = ()
    #: the 类/款/项 a label before ：names ("检察（款）：…预算支出合计16,444.36万元"): the rest of
    #: the sentence is that item's, not the department's (Subject("") when it cannot be coded)
    titled: Optional[Subject] = None
    #: what outlives the sentence, as it stands now
    carry: Carry = Carry()

    def but(self, **changes: Unpack[StateChanges]) -> "SentenceState":
        """This state with ``changes``. Why not :func:`dataclasses.replace`: it runs ``__init__``
        over all 36 fields, and a sentence makes a few new states per token; a copy of the field
        values (the instance dict, set once on a new instance) is about twenty times cheaper and
        just as immutable to its users."""
        values = self.__dict__.copy()
        values.update(changes)
        if len(values) != _N_STATE_FIELDS:  # a name that is no field
            raise TypeError(f"SentenceState has no field {sorted(set(changes) - _STATE_FIELDS)}")
        new = _new(SentenceState)
        _set(new, "__dict__", values)
        return new

    def but_lead(self, lead_ok: Optional[bool], lead_end: int) -> "SentenceState":
        """This state with the clause's lead-in reading moved on (made for every token: the
        cheapest copy, without keyword arguments)."""
        values = self.__dict__.copy()
        values["lead_ok"] = lead_ok
        values["lead_end"] = lead_end
        new = _new(SentenceState)
        _set(new, "__dict__", values)
        return new

    def but_reset(self, reset: Mapping[str, object],
                  **changes: Unpack[StateChanges]) -> "SentenceState":
        """This state with the fields of ``reset`` (a clause boundary's constant mapping), then
        ``changes``: one copy where two calls to :meth:`but` would make two."""
        values = self.__dict__.copy()
        values.update(reset)
        values.update(changes)
        if len(values) != _N_STATE_FIELDS:
            raise TypeError(f"SentenceState has no field {sorted(set(values) - _STATE_FIELDS)}")
        new = _new(SentenceState)
        _set(new, "__dict__", values)
        return new

    def but_carry(self, **changes: Unpack[CarryChanges]) -> "SentenceState":
        """This state with ``changes`` to what it carries to the next sentence."""
        return self.but(carry=self.carry.but(**changes))


_STATE_FIELDS = frozenset(f.name for f in fields(SentenceState))
_N_STATE_FIELDS = len(_STATE_FIELDS)


@dataclass(frozen=True, slots=True)  # not a NamedTuple: ``index`` would hide tuple.index
class Context:
    """What a handler reads and never changes: the document, the sentence and its tokens.

    ``index`` gives a token's place among ``tokens`` by its start offset (a token's neighbours
    are where it stands, not state: :func:`position`, :func:`prev_token`). ``facts`` is the
    engine's list of facts read so far (a handler only looks back at it: a bare 收支 is both
    totals only right after both were stated in its paragraph)."""

    lexicon: Lexicon
    kind: Optional[str]
    year: Optional[int]
    section: "Section"
    fiscal_general: bool
    norm: str
    tokens: Sequence[Token]
    index: Mapping[int, int]
    sentence_end: int
    quote: str
    facts: Sequence[Fact]
    original: Callable[[int, int], str]
    #: index in ``facts`` of the paragraph's first fact (what the paragraph stated before)
    paragraph_first: int = 0


class FactFound(NamedTuple):
    """A figure a handler read: the engine makes it a :class:`Fact` (one per measure of an
    ``also`` subject) located at ``at``. ``counted``: it counts as an attached number (the
    zero change a flat word states is no number of the text, and is kept as named)."""

    at: int
    measure: str
    basis: str
    value: Decimal
    decimals: int
    kind: str
    label: str
    of: str = ""
    counted: bool = True


class ClaimFound(NamedTuple):
    """A claim without a figure of its own (direction, reason, not comparable, unnamed part …)."""

    kind: str
    at: int
    measure: str = ""
    basis: str = ""
    value: str = ""
    text: str = ""


class NumberSeen(NamedTuple):
    """A number with a unit was read (attached or not): what the coverage statistics count."""

    kind: str
    unit: str
    attached: bool
    text: str


def position(ctx: Context, tok: Token) -> int:
    """The index of ``tok`` among the sentence's tokens."""
    return ctx.index[tok.start]


def prev_token(ctx: Context, tok: Token) -> Optional[Token]:
    """The token right before ``tok`` in its sentence (None for the first)."""
    i = ctx.index[tok.start]
    return ctx.tokens[i - 1] if i else None


Found = Union[FactFound, ClaimFound, NumberSeen]
#: what every handler returns: the next state and what it found, in reading order
Step = tuple[SentenceState, tuple]
NOTHING: tuple = ()


ZERO = Decimal(0)
PART_SUFFIXES = (".basic", ".project")
YEAR_RE = load_extract_words()["claims"].rx["year"]  # rules/extract_words.toml, compiled once


def fund_of(measure: str) -> str:
    """The fund a parent measure implies for its parts (其中 基本支出 → same fund)."""
    for prefix, fund in (("expense.general.", "general"), ("income.fiscal.general", "general"),
                         ("expense.gov_fund.", "gov_fund"), ("income.fiscal.gov_fund", "gov_fund"),
                         ("expense.soe_capital.", "soe_capital"),
                         ("income.fiscal.soe_capital", "soe_capital"),
                         ("expense.fiscal.", "fiscal")):
        if measure.startswith(prefix):
            return fund
    if measure.startswith(("expense.", "income.")):
        return "all"
    return ""


__all__ = ["ALSO", "BOUNDARY_CHARS", "NUMBERED_BEFORE", "CONTEXT", "Carry", "ClaimFound", "Context", "FactFound", "Found",
           "NOTHING", "NumberSeen", "PART_SUFFIXES", "SentenceState", "Section", "Stats", "Step",
           "Subject", "YEAR_RE", "ZERO", "fund_of", "position", "prev_token"]
