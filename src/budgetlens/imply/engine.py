"""The derivation engine: declared derivations × declared identities × indexed facts → implied facts.

Why one small engine: every derivation is a row of ``rules/derivations.toml`` (target = Σ plus −
Σ minus) licensed by an identity of ``rules/identities.toml`` (a ``change`` identity and the bases
it declares for the levels; a plain ``sum`` identity for totals and parts). The engine knows the two
shapes of row (across the bases of one measure; across the measures of one sum), nothing about any
measure. It runs the phases in order (levels → totals → parts) and starts again from the first
after any addition, to a fixpoint: each key is filled at most once and only where nothing is known,
so it terminates; the round bound guards against a bug. A derivation that fails becomes a
Diagnostic and the others go on.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Callable, Iterable, Mapping, Optional, Sequence

from ..model import Derivation, Diagnostic, Fact, Severity
from ..rules.catalogue import Rule
from ..rules.derivations import IDENTITY_OF_PHASE, PHASES, DerivationRule, load_derivations
from .index import AMOUNT_BASES, CHANGE_OF, FactIndex
from .interval import Interval
from .templates import has_placeholder

#: Rounds are bounded: each round only fills keys still empty, so the fixpoint is normally reached
#: in a few rounds; the bound guards against a buggy derivation.
DEFAULT_MAX_ROUNDS = 12
#: The comparisons a ``change`` identity covers when it declares no ``bases``.
DEFAULT_COMPARISON_BASES = ("prior", "initial_budget", "adjusted_budget")


def comparison_bases(rule: Rule) -> tuple[str, ...]:
    """The bases a ``change``-like identity compares the current figure with (validated)."""
    bases = tuple(rule.params.get("bases", DEFAULT_COMPARISON_BASES))
    unknown = [b for b in bases if b not in CHANGE_OF]
    if unknown:
        raise ValueError(f"rule {rule.id}: unknown comparison basis {unknown}")
    return bases


def rule_bases(rule: Rule, default: Sequence[str] = AMOUNT_BASES) -> tuple[str, ...]:
    """The bases an additive identity holds on: its ``bases`` (``"all"`` = every amount basis)."""
    bases = rule.params.get("bases", "all")
    return tuple(default) if bases == "all" else tuple(bases)


def derive_all(index: FactIndex, rules: Iterable[Rule],
               derivations: Optional[Sequence[DerivationRule]] = None) -> list[Diagnostic]:
    """Imply every value the identities allow, into ``index`` (its ``derived``); returns the
    diagnostics of derivations that failed."""
    rows = load_derivations() if derivations is None else tuple(derivations)
    by_phase = {phase: [d for d in rows if d.phase == phase] for phase in PHASES}
    rules = [r for r in rules if r.kind in IDENTITY_OF_PHASE.values()]
    broken: set[str] = set()
    diagnostics: list[Diagnostic] = []
    for _round in range(DEFAULT_MAX_ROUNDS):
        added = 0
        for phase in PHASES:
            for rule in rules:
                if rule.kind != IDENTITY_OF_PHASE[phase] or rule.id in broken \
                        or not by_phase[phase]:
                    continue
                try:
                    added += _PHASES[phase](index, rule, by_phase[phase])
                except MemoryError:  # not the rule's fault: the stage reports it (pipeline)
                    raise
                except Exception as exc:  # a bad declaration must not stop the others
                    broken.add(rule.id)
                    diagnostics.append(_failed(rule, exc))
            if added:
                break
        if not added:
            break
    return diagnostics


def derive_levels(index: FactIndex, rule: Rule, rows: Sequence[DerivationRule]) -> int:
    """One measure, across bases: for each comparison the identity declares, the first row
    whose target is unknown and whose inputs are known (two of current / base / change give
    the third). Only measures printed on the base or its change are visited."""
    added = 0
    for b in comparison_bases(rule):
        mine = [r for r in rows if r.base == b]
        if not mine:
            continue
        seen = {x for r in mine for x in (r.target, *r.inputs) if x != "current"}
        for m in sorted(set().union(*(index.measures(x) for x in seen))):
            for row in mine:
                if index.has(m, row.target):
                    continue
                plus = _known(index.get(m, x) for x in row.plus)
                minus = _known(index.get(m, x) for x in row.minus)
                if plus is None or minus is None or not _zero_holds(index, m, row):
                    continue
                iv = _combine(index, plus, minus)
                if index.add_derived(m, row.target, iv, plus + minus,
                                     Derivation(row.id, (rule.id, m, b))) is not None:
                    added += 1
                break
    return added


def derive_sums(index: FactIndex, rule: Rule, rows: Sequence[DerivationRule]) -> int:
    """One basis, across the measures of a plain sum: a total from all its parts, or the one
    part not known from the total and the others (the row's target says which)."""
    p = rule.params
    if not p.get("derive", True) or p.get("optional") or not p.get("total"):
        return 0
    total, parts = p["total"], tuple(p.get("parts", ()))
    if any(has_placeholder(t) for t in (total, *parts)):
        return 0
    added = 0
    for b in rule_bases(rule):
        for row in rows:
            if _sum_row(index, rule, row, total, parts, b):
                added += 1
                break
    return added


def _sum_row(index: FactIndex, rule: Rule, row: DerivationRule, total: str,
             parts: Sequence[str], b: str) -> bool:
    facts = [index.get(x, b) for x in parts]
    tot = index.get(total, b)
    absent = [i for i, f in enumerate(facts) if f is None]
    present = [f for f in facts if f is not None]
    known: dict[str, list[Fact]]
    if row.target == "total":
        if tot is not None or absent:
            return False
        target, known = total, {"total": [], "parts": present}
    else:
        if tot is None or len(absent) != 1:
            return False
        target, known = parts[absent[0]], {"total": [tot], "parts": present}
    plus = [f for role in row.plus for f in known[role]]
    minus = [f for role in row.minus for f in known[role]]
    iv = _combine(index, plus, minus)
    return index.add_derived(target, b, iv, plus + minus,
                             Derivation(row.id, (rule.id, total, b))) is not None


def _known(facts: Iterable[Optional[Fact]]) -> Optional[list[Fact]]:
    """Every one of ``facts``, or None when any is unknown (an input missing: nothing to imply)."""
    out: list[Fact] = []
    for f in facts:
        if f is None:
            return None
        out.append(f)
    return out


def _combine(index: FactIndex, plus: Sequence[Fact], minus: Sequence[Fact]) -> Interval:
    total = Interval.exact(Decimal(0))
    for f in plus:
        total = total + index.interval(f)
    for f in minus:
        total = total - index.interval(f)
    return total


def _zero_holds(index: FactIndex, measure: str, row: DerivationRule) -> bool:
    if not row.when_zero:
        return True
    fact = index.get(measure, row.when_zero)
    return fact is not None and fact.value == 0


#: How each phase implies values: (index, identity, its derivation rows) → how many were added.
_PHASES: Mapping[str, Callable[[FactIndex, Rule, Sequence[DerivationRule]], int]] = {
    "levels": derive_levels, "totals": derive_sums, "parts": derive_sums}


def _failed(rule: Rule, exc: Exception) -> Diagnostic:
    return Diagnostic(code="imply-derivation-failed", severity=Severity.WARNING,
                      message=f"规则 {rule.id}（{rule.kind}）推算隐含数值失败，已跳过：{exc}",
                      message_en=f"implying values from rule {rule.id} ({rule.kind}) failed and "
                                 f"was skipped: {exc}")
