"""The fact index: facts by ``(measure, basis)`` and scope, stated and implied, with intervals.

Why an index: every derivation and every identity looks facts up by ``(measure, basis)`` (and by
scope, to evaluate inside one table first), so the facts are grouped once and every lookup is a dict
access; imply and reconcile stay linear in the number of facts whatever the number of rules.

Why derived facts live here: a disclosure states "较上年减少0.04万元" and "本年2.4万元" but not the
prior year; the prior (2.44) is implied (:mod:`budgetlens.imply`) and takes part in the identities
(the items' changes must add up to the total's change). A derived fact has ``origin="derived"``,
names what implied it in ``derived_from`` and how in ``derivation``; each (measure, basis) gets at
most one derived value, and only when nothing is stated, so derivation cannot loop. ``via`` records
which identity instances a derived value rests on, so an identity is never "verified" with a value
it produced itself. The index takes in the derived facts a disclosure already carries (the imply
stage's output) with the same intervals and ``via`` they were derived with.
"""

from __future__ import annotations

import re
import threading
from collections import defaultdict
from decimal import Decimal
from typing import Iterable, Iterator, Optional, Sequence

from ..model import UNIT_SCOPE, Derivation, Fact, Source
from .interval import Interval

Key = tuple[str, str]

#: Bases that hold amounts (sums apply to them); percentages are never added up.
LEVEL_BASES = ("current", "prior", "initial_budget", "adjusted_budget", "prior_execution")
CHANGE_OF = {"prior": "change_prior", "initial_budget": "change_initial_budget",
             "adjusted_budget": "change_adjusted_budget",
             "prior_execution": "change_prior_execution"}
PCT_OF = {"prior": "pct_change_prior", "initial_budget": "pct_change_initial_budget",
          "adjusted_budget": "pct_change_adjusted_budget",
          "prior_execution": "pct_change_prior_execution"}
COMPLETION_OF = {"initial_budget": "completion_initial_budget",
                 "adjusted_budget": "completion_adjusted_budget"}
AMOUNT_BASES = LEVEL_BASES + tuple(CHANGE_OF.values())


def basis_family(basis: str) -> str:
    """``prior``, ``change_prior`` and ``pct_change_prior`` describe one comparison: a violation
    seen on one of them is the same violation on the others (given the current figures)."""
    for base in CHANGE_OF:
        if basis.endswith(base):
            return base
    return basis


class FactIndex:
    """Facts by ``(measure, basis)`` and by scope, plus derived values with their intervals."""

    def __init__(self, facts: Iterable[Fact], path: str = "", exact_integer_zero: bool = True
                 ) -> None:
        self.path = path
        self.exact_integer_zero = exact_integer_zero
        self._intervals: dict[int, Interval] = {}  # by id(): stated facts live as long as self
        self.stated: dict[Key, list[Fact]] = defaultdict(list)
        self.by_scope: dict[tuple[str, str, str], Fact] = {}
        self.scopes: dict[Key, list[str]] = defaultdict(list)
        self.measures_by_basis: dict[str, set[str]] = defaultdict(set)
        self._sorted: Optional[tuple[str, ...]] = None  # all measures, sorted (until one is added)
        self.derived: dict[Key, Fact] = {}
        self.derived_iv: dict[Key, Interval] = {}
        self.via: dict[Key, frozenset] = {}
        self._columns: dict[tuple[str, str], dict[str, bool]] = {}
        #: facts of one budget unit of a table broken down by unit (scope ``…:unit:<name>``):
        #: looked up in their own scope only (in-table sums, Σ units = department), never as
        #: the department's figure, so they are kept out of ``stated``.
        self.units: dict[Key, list[Fact]] = defaultdict(list)
        #: keys printed twice with different values in one table row: an ambiguous column
        #: mapping, not two observations; identities leave them out (consistency says so).
        self.ambiguous: set[Key] = set()
        implied = self._take_stated(facts)
        if implied:
            self._take_derived(implied)

    def _take_stated(self, facts: Iterable[Fact]) -> list[Fact]:
        """File the stated facts (a budget unit's apart); return the derived ones to adopt. One
        pass with the index's tables bound to locals: it runs twice per document (imply, then
        the audit) over every fact (session 16: 2.5% of extract and reconcile's CPU time)."""
        rows: dict[tuple, Decimal] = {}
        implied: list[Fact] = []
        stated, by_scope, scopes = self.stated, self.by_scope, self.scopes
        by_basis, ambiguous = self.measures_by_basis, self.ambiguous
        for fact in facts:
            if fact.origin == "derived" and not read_derived(fact):
                implied.append(fact)
                continue
            measure, basis, scope = fact.measure, fact.basis, fact.scope
            key = (measure, basis)
            if UNIT_SCOPE in scope:
                self._add_unit_fact(key, fact)
                continue
            source = fact.source
            if source.table is not None and source.row is not None:
                if rows.setdefault((source.table, source.row, measure, basis),
                                   fact.value) != fact.value:
                    ambiguous.add(key)
            if fact.origin == "derived":
                self._intervals[id(fact)] = self._sum_of(fact.derived_from)
            stated[key].append(fact)
            skey = (scope, measure, basis)
            if skey not in by_scope:
                by_scope[skey] = fact
                scopes[key].append(scope)
            by_basis[basis].add(measure)
        return implied

    def _adopt_again(self, facts: Sequence[Fact]) -> None:
        """Forget the implied values and adopt those among ``facts`` as a new index of them
        would (:meth:`_take_derived`, over the derived facts in their order). Why this is that new
        index: deriving reads the stated side (``stated``, ``by_scope``, ``scopes``, ``units``,
        ``ambiguous``) and never writes it; ``_intervals`` and ``_columns`` are caches of pure
        functions of the stated facts; ``measures_by_basis`` already holds each adopted value's
        measure, added in the order a new index adds it (imply's output lists its implied
        values in the order they were recorded)."""
        self.derived, self.derived_iv, self.via = {}, {}, {}
        self._sorted = None
        implied = [f for f in facts if f.origin == "derived" and not read_derived(f)]
        if implied:
            self._take_derived(implied)

    def _sum_of(self, inputs: Sequence[Fact]) -> Interval:
        """The interval of a sum of printed figures: each input's half unit added up."""
        ivs = [self.interval(f) for f in inputs]
        return Interval(sum((iv.lo for iv in ivs), Decimal(0)),
                        sum((iv.hi for iv in ivs), Decimal(0)),
                        sum((iv.point for iv in ivs), Decimal(0)))

    def _take_derived(self, implied: Sequence[Fact]) -> None:
        """Adopt implied facts (the imply stage's output) whose stated roots are all among this
        index's stated facts; one resting on a fact no longer there (a disclosure whose facts were
        edited after imply) is left out, to be implied again from what is stated now."""
        stated_ids = {id(r) for fs in self.stated.values() for f in fs for r in stated_roots(f)}
        read = {id(f) for fs in self.stated.values() for f in fs if f.origin == "derived"}
        for fact in implied:
            key = (fact.measure, fact.basis)
            if self.has(*key) or key in self.ambiguous or not all(
                    id(r) in stated_ids for r in stated_roots(fact)) or not all(
                    f.origin != "derived" or id(f) in read
                    or self.derived.get((f.measure, f.basis)) is f for f in fact.derived_from):
                continue
            half = sum((self.interval(f).width for f in fact.derived_from), Decimal(0)) / 2
            self._record(fact, Interval(fact.value - half, fact.value + half, fact.value))

    def _add_unit_fact(self, key: Key, fact: Fact) -> None:
        self.units[key].append(fact)
        skey = (fact.scope, fact.measure, fact.basis)
        if skey not in self.by_scope:
            self.by_scope[skey] = fact
            self.scopes[key].append(fact.scope)

    # -- lookups ---------------------------------------------------------------------------
    def has(self, measure: str, basis: str) -> bool:
        """Known (stated, derived, or ambiguous: then nothing may be derived for it either)."""
        return (measure, basis) in self.stated or (measure, basis) in self.derived

    def get(self, measure: str, basis: str) -> Optional[Fact]:
        """The representative fact: a table cell before a sentence, a stated before a derived."""
        if (measure, basis) in self.ambiguous:
            return None
        facts = self.stated.get((measure, basis))
        if facts:
            for f in facts:
                if f.origin == "table":
                    return f
            return facts[0]
        return self.derived.get((measure, basis))

    def in_scope(self, scope: str, measure: str, basis: str) -> Optional[Fact]:
        if (measure, basis) in self.ambiguous:
            return None
        return self.by_scope.get((scope, measure, basis))

    def column_in_scope(self, scope: str, template: str, basis: str) -> bool:
        """Whether some fact of ``scope`` matches ``template`` (``{code}`` any digits): the table
        prints that column, so a row where it is blank holds a zero there."""
        cache = self._columns.get((scope, basis))
        if cache is None:
            cache = self._columns[(scope, basis)] = {}
        hit = cache.get(template)
        if hit is None:
            rx = re.compile("^" + re.escape(template).replace(r"\{code\}", r"\d+") + "$")
            hit = cache[template] = any(s == scope and b == basis and rx.match(m)
                                        for s, m, b in self.by_scope)
        return hit

    def interval(self, fact: Fact) -> Interval:
        if fact.origin == "derived" and not read_derived(fact):
            return self.derived_iv[(fact.measure, fact.basis)]
        iv = self._intervals.get(id(fact))
        if iv is None:
            if fact.kind == "count" and fact.decimals <= 0:
                iv = Interval.exact(fact.value)  # counts (辆, 人次, 分值) are not rounded
            elif self.exact_integer_zero and fact.decimals <= 0 and fact.value == 0:
                iv = Interval.exact(fact.value)
            else:
                iv = Interval.of(fact.value, fact.decimals)
            self._intervals[id(fact)] = iv
        return iv

    def digits(self, fact: Fact) -> int:
        """The decimals a fact's value is written with, for comparing it at its printed precision:
        a stated fact's own; an implied one's point carries every digit of its inputs (2.4 + 0.04
        = 2.44), so the finest of theirs, not the coarser precision it is reported with."""
        if fact.origin != "derived":
            return fact.decimals
        return max((self.digits(f) for f in fact.derived_from), default=fact.decimals)

    def measures(self, basis: str) -> set[str]:
        return self.measures_by_basis.get(basis, set())

    def all_measures(self) -> set[str]:
        out: set[str] = set()
        for ms in self.measures_by_basis.values():
            out |= ms
        return out

    def sorted_measures(self) -> tuple[str, ...]:
        """Every measure of any basis, sorted; kept until a derived fact adds one. Why: each
        templated identity expands over the measures present (a few hundred rules per document
        asked for the same sorted list), and sorted they can be cut by a template's prefix."""
        if self._sorted is None:
            self._sorted = tuple(sorted(self.all_measures()))
        return self._sorted

    def via_of(self, fact: Fact) -> frozenset:
        return self.via.get((fact.measure, fact.basis), frozenset()) if fact.origin == "derived" \
            else frozenset()

    # -- derivation ------------------------------------------------------------------------
    def add_derived(self, measure: str, basis: str, iv: Interval, inputs: Sequence[Fact],
                    derivation: Derivation) -> Optional[Fact]:
        """Record an implied value (only where nothing is known yet); returns the new fact. Its
        printed precision is the coarser of its inputs' (inputs known exactly, such as the 0 of
        "持平", do not count); its interval is carried exactly in ``derived_iv``."""
        if self.has(measure, basis):
            return None
        widths = [f.decimals for f in inputs if self.interval(f).width > 0]
        decimals = min(widths) if widths else max((f.decimals for f in inputs), default=2)
        kinds = {f.kind for f in inputs}
        label = next((f.label for f in inputs if f.measure == measure and f.label), "")
        fact = Fact(measure=measure, basis=basis, value=iv.point,
                    source=Source(file=self.path, text="<derived>"), decimals=decimals,
                    kind=kinds.pop() if len(kinds) == 1 else "money", origin="derived",
                    scope="derived", label=label, derived_from=tuple(inputs),
                    derivation=derivation)
        self._record(fact, iv)
        return fact

    def _record(self, fact: Fact, iv: Interval) -> None:
        key = (fact.measure, fact.basis)
        self.derived[key] = fact
        self.derived_iv[key] = iv
        via = {fact.derivation.instance} if fact.derivation else set()
        for f in fact.derived_from:
            via |= self.via_of(f)
        self.via[key] = frozenset(via)
        self.measures_by_basis[fact.basis].add(fact.measure)
        self._sorted = None


def read_derived(fact: Fact) -> bool:
    """A value the reading derived from cells it set aside (a table's total as the sum of its
    page subtotals, extract/table_pagesum.py): no identity instance, and the scope of the table
    it belongs to. It is filed like a printed figure of that table (its interval the sum of its
    inputs'), so the table's own sums and the other tables' figures are checked against it;
    its inputs are no facts of the disclosure."""
    return fact.origin == "derived" and fact.derivation is not None \
        and not fact.derivation.instance and fact.scope.startswith("table:")


def stated_roots(fact: Fact) -> Iterator[Fact]:
    """The stated facts a (possibly derived) fact rests on, depth first, without repeats."""
    seen: set[int] = set()
    stack = [fact]
    while stack:
        f = stack.pop()
        if f.origin != "derived":
            if id(f) not in seen:
                seen.add(id(f))
                yield f
            continue
        stack.extend(reversed(f.derived_from))


class _Handed(threading.local):
    """The index the imply stage built for the facts it returned, until the audit takes it."""

    facts: Optional[tuple] = None
    index: Optional[FactIndex] = None


_HANDED = _Handed()


def hand_over(index: FactIndex, facts: tuple) -> None:
    """Keep ``index`` (imply's, whose stated facts are ``facts``' stated ones) for the audit of
    exactly ``facts`` (the same tuple object). Why: the audit indexed every fact of the
    document again (session 16: the fact index ≈ 1.3% of extract, imply and reconcile's time,
    paid twice); one per thread, replaced by the next document's."""
    _HANDED.facts, _HANDED.index = facts, index


def index_for(facts: tuple, path: str = "", exact_integer_zero: bool = True) -> FactIndex:
    """The index of ``facts`` as ``FactIndex(facts, path, exact_integer_zero)`` builds it: the one
    imply handed over for this very tuple, path and setting (taken once: the audit may add to
    it), its implied values adopted again as a new index adopts them (:meth:`FactIndex.
    _adopt_again`), else a new one."""
    handed, index = _HANDED.facts, _HANDED.index
    _HANDED.facts = _HANDED.index = None
    if (index is None or handed is not facts or index.path != path
            or index.exact_integer_zero != exact_integer_zero):
        return FactIndex(facts, path, exact_integer_zero)
    index._adopt_again(facts)
    return index
