"""Stage 2½, imply: Disclosure → Disclosure with the values its figures imply (extract → imply →
reconcile), as beancount's booking fills the numbers a ledger leaves out before validation.

Entry point: :func:`imply`. A disclosure states "本年2.4万元，较上年减少0.04万元" but not the prior
year: the prior (2.44) is implied, emitted as a fact with ``origin="derived"``, ``derived_from`` (the
facts it came from, with their provenance) and ``derivation`` (the row of
``rules/derivations.toml`` that implied it and the identity instance it evaluated), and takes part
in every identity the audit checks. Derivations are data evaluated by one small engine
(:mod:`.engine`) over the fact index (:mod:`.index`), to a fixpoint. Never: a derived value where
one is stated, two derived values for one (measure, basis), a loop. Bad content never raises: a
failing derivation becomes a Diagnostic.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Optional, Sequence

from ..model import Diagnostic, Disclosure
from ..rules.catalogue import Rule, load_rules
from ..rules.derivations import DerivationRule
from .engine import derive_all
from .index import FactIndex, hand_over

__all__ = ["imply", "derive_all", "FactIndex"]


def imply(disclosure: Disclosure, rules: Optional[Sequence[Rule]] = None,
          derivations: Optional[Sequence[DerivationRule]] = None, *,
          exact_integer_zero: bool = True) -> tuple[Disclosure, list[Diagnostic]]:
    """The disclosure with its implied facts appended (after the stated ones, each after the
    facts it came from). ``rules``: the identities that license derivations (default: the whole
    catalogue); ``derivations``: default ``rules/derivations.toml``; ``exact_integer_zero``: a
    printed "0" is exact (the audit's setting of the same name)."""
    rules = load_rules() if rules is None else rules
    index = FactIndex(disclosure.facts, disclosure.path, exact_integer_zero)
    diagnostics = derive_all(index, rules, derivations)
    present = {id(f) for f in disclosure.facts}
    new = tuple(f for f in index.derived.values() if id(f) not in present)
    if new:
        disclosure = replace(disclosure, facts=disclosure.facts + new)
    hand_over(index, disclosure.facts)  # the audit of these facts takes it (index_for)
    return disclosure, diagnostics
