"""State records of the claim engine: subjects, section context, carried state, statistics.

Why separate: the engine (``claims.py``) and its number rules (``claim_numbers.py``) share these
records; keeping them here keeps both modules small and free of import cycles.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Optional

from budgetlens.rules.lexicon import BOUNDARY_BEFORE, Alias

CONTEXT = "@context"
ALSO = "+"  # joins the measures of an ``also`` alias inside a subject
BOUNDARY_CHARS = set(BOUNDARY_BEFORE) | {""}


class Subject(tuple):
    """``(measure, label, alias)``: what a clause is about."""

    __slots__ = ()

    def __new__(cls, measure: str, label: str = "", alias: Optional[Alias] = None):
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


@dataclass
class Carry:
    """State that outlives a sentence: running subject and the parent set by 其中."""

    subject: Optional[Subject] = None
    parent: Optional[Subject] = None
    parent_in_paragraph: bool = False
    item: Optional[Subject] = None  # a numbered item title sentence just read (no figure)
    last_basis: str = ""
    #: the fund of a list announced by "财政拨款支出主要内容如下：" (its numbered items' fund)
    list_fund: str = ""
    #: the last 其中/包括 of the paragraph: (the parent before it, how many facts were read before it)
    listed: Optional[tuple] = None


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


@dataclass
class SentenceState:
    """Per-sentence state (see module docstring)."""

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
    each: tuple = ()
    each_state: Optional[tuple] = None
    lead_ok: Optional[bool] = None
    lead_end: int = 0
    subject_known: bool = False
    plan: bool = False  # a purchase plan sentence (计划购置…)
    enumerated: bool = False  # 其中 parts listed with 、 (a later bare clause is ambiguous)
    last_number: Optional[tuple[str, str]] = None
    used: set = field(default_factory=set)
    prev: Optional[Token] = None
    #: one entry per bracket still open: (the state before it, the index of its "(" token)
    brackets: list = field(default_factory=list)
    #: the 类/款/项 a label before ：names ("检察（款）：…预算支出合计16,444.36万元"): the rest of
    #: the sentence is that item's, not the department's (Subject("") when it cannot be coded)
    titled: Optional[Subject] = None


ZERO = Decimal(0)
PART_SUFFIXES = (".basic", ".project")
YEAR_RE = re.compile(r"(?<![比较与同\d])(\d{4})年(?!初|末|底)")


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


__all__ = ["ALSO", "BOUNDARY_CHARS", "CONTEXT", "Carry", "PART_SUFFIXES", "SentenceState", "Section",
           "Stats", "Subject", "YEAR_RE", "ZERO", "fund_of"]
