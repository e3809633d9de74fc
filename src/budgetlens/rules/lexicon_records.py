"""The narrative lexicon's records: what ``lexicon.toml`` becomes once loaded (typed, compiled).

Why apart from the loader (``lexicon.py``): the extractor reads these records on every sentence,
the loader builds them once; the records and their small derived views (:meth:`Lexicon.family`,
:meth:`Lexicon.whole_of`, :meth:`Alias.for_fund`) are what a reader of the extractor needs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property
from typing import Any, Mapping, NamedTuple, Optional

from .guarded import Guarded
from .schema import RuleError

FUNDS = ("all", "general", "gov_fund", "soe_capital", "fiscal")  # fiscal: the three funds together
KINDS = ("budget", "final")
BASES = ("current", "prior", "initial_budget", "adjusted_budget", "prior_execution")
#: the sign of a [direction] signed word ("相比变化-5万元"): the figure's own sign is the change's
SIGNED = 2
STATEMENT_KINDS = ("not_applicable", "empty_statement", "no_expense", "residue", "definition_broad")
CONTEXT = "@context"
# A bare word alias (收入, 支出预算) starts a clause, follows a year, or follows a unit's name
# (…办事处收入预算…): the last characters of unit names are listed too (学, 园: 小学, 中学, 幼儿园 —
# "2019年复兴小学支出预算总额为658.6637万元", 开江 2019; a word ending so that is no unit's name,
# "教学支出预算", is still no lead-in of the alias: claim_subjects.unmodified).
BOUNDARY_BEFORE = ",;:。!?、年度局厅委办院室处所站队会门位道府校馆社团级镇乡区县市省心学园"
#: A list item's own numbering starts a clause too ("1.收入预算增加…", "(2)支出预算…"): a digit and a
#: point, or one numeral in brackets (normalised brackets), never a level mark such as (类); so does
#: a year printed without 年 after the numbering or at the start ("（一）2017本年收入3382.19万元", 平潭).
BOUNDARY_NUMBERING = (r"(?<=\d\.)|(?<=\([一二三四五六七八九十\d]\))"
                      r"|(?<=^(?:19|20)\d\d)|(?<=[)、](?:19|20)\d\d)")


#: The rules kit's one error class (:class:`.schema.RuleError`), under this loader's name: the
#: lexicon is malformed; the message names the table, entry and key.
LexiconError = RuleError


class Item(NamedTuple):
    """One matchable lexicon entry. ``role`` says which table it came from (``alias``,
    ``qualifier``, ``comparator`` ...); ``value`` carries the role's payload (an :class:`Alias`,
    a fund, a basis ...); ``kinds`` the document kinds it applies to (empty = all)."""

    role: str
    regex: re.Pattern
    value: Any
    kinds: frozenset = frozenset()
    where: str = ""


class Alias(NamedTuple):
    """A measure alias: ``measure`` for all funds (or the only one), fund variants for relative
    aliases, ``counts`` unit → count measure, ``kind`` ``money`` or ``count`` (count-only).
    ``fund_parts``: later in its sentence a fund qualifier followed by filler words names this
    alias's variant for that fund ("实行绩效目标管理，涉及一般公共预算当年财政拨款…，政府性基金
    预算当年财政拨款…"). ``also``: a second measure the same figure states ("收支较上年增加…":
    收入总计 and 支出总计 both). ``item``: right after an item title sentence ("1.其他支出（类）…
    （项）。") the word is that item's, not the total's ("本年支出决算568,051.63万元").
    ``parts``: whole → measure, for a word whose measure depends on the whole named before 其中
    ("实有人员119人，其中行政108人": 行政 is ``staff.actual.administrative``; after 人员编制 it is
    ``staff.authorized.administrative``); after 其中 with another whole it names nothing, without
    其中 it names ``measure`` ("" = nothing). Its ``counts`` give the units only (values may be "").
    ``before``: a count printed right before the word is its figure ("设24个内设机构").
    ``in_reason``: the alias names a figure only inside a reason ("主要是人员减少工资薪金减少9.82万元");
    elsewhere it is an unknown subject."""

    measure: str
    general: str = ""
    gov_fund: str = ""
    soe_capital: str = ""
    relative: bool = False
    neutral: bool = False
    boundary: bool = False
    counts: tuple[tuple[str, str], ...] = ()
    kind: str = "money"
    function: bool = False
    fund_parts: bool = False
    also: str = ""
    fiscal: str = ""
    item: bool = False
    parts: tuple[tuple[str, str], ...] = ()
    before: bool = False
    in_reason: bool = False

    def for_fund(self, fund: str) -> Optional[str]:
        """The measure for ``fund``; None when this alias has no variant for it."""
        if fund in ("", "all"):
            return self.measure
        return getattr(self, fund, "") or None

    def count_measure(self, unit: str) -> str:
        return dict(self.counts).get(unit, "")


class SectionRule(NamedTuple):
    """``block``: sentences under such a heading have no default subject (绩效自评: project
    figures), whatever an outer heading or the title's own alias says."""

    regex: re.Pattern
    fund: str = ""
    subject: str = ""
    block: bool = False
    unit: bool = False  # a heading naming one unit of the department: its figures are not read


class ShareOf(NamedTuple):
    whole: str
    exact: str = ""
    prefix: str = ""


class HeadingStyle(NamedTuple):
    level: int
    regex: re.Pattern


class Statement(NamedTuple):
    kind: str
    measure: str


class NameFold(NamedTuple):
    """[function_names]: printing variants of a function name (其它/其他, brackets, markers,
    numbering, trailing 支出) that must not keep a sentence's name from its table row."""

    fold: tuple[tuple[str, str], ...]
    drop: re.Pattern
    numbering: re.Pattern
    optional_suffix: str


@dataclass(frozen=True)
class StatementList:
    """How one 无 covers a list ([statement_list]): each item of "无A、B和C支出" is read as its own
    statement ("无A支出", "无B支出", "无C支出"), the last item's tail lent to items printed without it."""

    negation: re.Pattern
    separator: re.Pattern
    tail: re.Pattern  # matched at the end of the last item
    not_item: Optional[re.Pattern] = None  # matched at an item's start: it is a clause of its own


@dataclass(frozen=True)
class Lexicon:
    """Everything in ``lexicon.toml``, compiled. ``items`` are the matchable entries of every
    role, in file order; the engine tokenises a paragraph with all of them and keeps the
    leftmost-longest matches."""

    variants: Mapping[str, str]
    drop: frozenset
    heading_styles: tuple[HeadingStyle, ...]
    max_title: int
    sections: tuple[SectionRule, ...]
    items: tuple[Item, ...]
    function_templates: Mapping[str, str]
    chain: "Guarded | re.Pattern"  # guarded by its required literals when it declares some
    coded: tuple
    direction_gap: re.Pattern
    money_units: tuple[str, ...]
    percent_units: tuple[str, ...]
    count_units: tuple[str, ...]
    threshold_after: re.Pattern
    share_of: tuple[ShareOf, ...]
    lead_in: re.Pattern
    alias_lead: re.Pattern
    alias_gap: re.Pattern
    page_furniture: re.Pattern
    conjunctions: frozenset = frozenset()
    families: Optional[Mapping[str, str]] = None  # measure prefix → family name
    other_count_units: frozenset = frozenset()  # counts of organisation, not budget measures
    plan_blocks: tuple = ()  # measure prefixes a plan sentence (计划购置…) never states
    flows: tuple = ()  # (measure family, regex of its flow word): [flow], e.g. ("income", 收入)
    #: [nested_counts]: a count measure → the wider counts it is a subset of (equipment above
    #: 100万元 among that above 50万元): after 其中 of a wider count it names its subset
    nested: Optional[Mapping[str, frozenset]] = None
    list_item: Optional[re.Pattern] = None  # numbering that opens an item of a list (1. ／（1）)
    #: groups of table roles: when each group has a table printed empty, 财政拨款 function
    #: figures are 一般公共预算 ones ([functions] fiscal_is_general_when_empty)
    fiscal_general_roles: tuple = ()
    #: [economic]: measure templates per fund and the patterns of a name printed with its code
    economic_templates: Optional[Mapping[str, str]] = None
    economic_coded: tuple = ()
    #: words before a flat word that make it approximate ("基本持平"): no zero change is stated
    flat_hedge: Optional[re.Pattern] = None
    #: [direction] scopes: a scope word compared right before a flat word's comparison ("公开口径与上年度
    #: 保持一致"): the sentence compares how figures are counted, not an amount
    flat_scope: Optional[re.Pattern] = None
    #: [function_names]: how printed function names are folded before they are compared
    name_fold: Optional["NameFold"] = None
    #: [functions] name_not_before: a regex of what may not follow a 类 name (a unit's name)
    function_not_before: str = ""
    #: [layout] running_pages: a line at a page edge on this many pages is a running header
    running_pages: int = 3
    #: [layout] bracket_span: characters an unclosed bracket holds a paragraph or sentence open
    bracket_span: int = 160
    #: [[statement_table]]: table role → the measure a note printed under that table is about
    statement_tables: Optional[Mapping[str, str]] = None
    #: a unit's name (then lead-in words): text ending with a [markers] entity word
    unit_lead: Optional[re.Pattern] = None
    #: [statement_list]: one negation over a list of subjects ("无政府性基金预算支出、国有资本经营
    #: 预算支出"): the negation, the list's separators and the tail its items may share
    statement_list: Optional["StatementList"] = None
    #: [markers] holding: words of a sentence about holdings (截至, 共有…): a plan does not go on into it
    holding: Optional[re.Pattern] = None
    #: [parts] with_carryover: (total → the total with carry-over, regex of a 其中 list naming a
    #: carry-over, the carry-over's measure, regex of a carry-over amount stated in words or None):
    #: "当年预算收入344,447.70万元，其中：…上年结转13,102.70万元" states the total with it
    with_carryover: Optional[tuple] = None
    #: [headings] max_title_period: a heading's title ended by 。 is at most this long (None: as
    #: ``max_title``)
    max_title_period: Optional[int] = None
    #: [units] money_short: money units printed without 元 ("1000.86万,"), each the head of a
    #: money unit ("万" of 万元); read as that unit only beside an amount printed in it
    money_short: tuple = ()
    #: [markers] name_lead: a unit's or place's name, then lead-in words, opening a clause
    name_lead: Optional[re.Pattern] = None

    @cached_property
    def statements(self) -> tuple[Item, ...]:
        """The ``[[statement]]`` items, in file order (every sentence is matched against them:
        picked out of :attr:`items` once)."""
        return tuple(item for item in self.items if item.role == "statement")

    def family(self, measure: str) -> str:
        """The family of a measure for 其中 parts: its first segment unless [parts] joins it to
        another (三公 with 会议费/培训费)."""
        head = measure.split(".", 1)[0]
        return (self.families or {}).get(head, head)

    def whole_of(self, measure: str) -> str:
        """The default whole of a share of ``measure`` (standards §4.6 T3), or ""."""
        for rule in self.share_of:
            if (rule.exact and measure == rule.exact) or (rule.prefix and measure.startswith(rule.prefix)):
                return rule.whole
        return ""


__all__ = ["SIGNED", "Alias", "BASES", "BOUNDARY_BEFORE", "BOUNDARY_NUMBERING", "CONTEXT", "FUNDS",
           "HeadingStyle", "Item", "KINDS",
           "Lexicon", "LexiconError", "NameFold", "STATEMENT_KINDS", "SectionRule", "ShareOf",
           "Statement", "StatementList"]
