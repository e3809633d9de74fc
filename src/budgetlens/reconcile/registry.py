"""The evaluator registry: rule ``kind`` → evaluator. Declared once here, read-only.

Why a registry: a rule declaration names its ``kind``; the engine looks the evaluator up and never
knows the kinds itself, so built-in evaluators are registered exactly as an add-on's would be (pass
another mapping to :func:`budgetlens.reconcile.engine.evaluate`; never mutate this one).

Every kind of check over one document is here, identities and form checks (:mod:`.form`) alike
(the cross-document kinds join this same record one floor up: :data:`REGISTRY`), each an
:class:`~.protocol.Evaluator` (the one protocol: ``check(rule, ctx)`` yields ``Check`` | ``Finding`` |
``Assessment``). Implied values are
not an evaluator's business: the imply stage (:mod:`budgetlens.imply`) derives them from the same
declarations (``change`` and plain ``sum`` identities) with the rows of ``rules/derivations.toml``.
"""

from __future__ import annotations

from types import MappingProxyType
from typing import Mapping

from ..rules.schema import Field as F
from . import evaluators as add
from . import evaluators_bounds as bounds
from . import evaluators_change as cmp
from . import evaluators_compare as across
from . import evaluators_consistency as cons
from . import evaluators_hierarchy as hier
from . import evaluators_lists as lists
from . import evaluators_pairs as pairs
from . import evaluators_units as units
from .form import FORM_EVALUATORS
from .protocol import Evaluator, Registry, validate_params

_S, _L, _D = str, list, dict
_BASES = F("bases", (str, list), doc="amount bases to check (a list, or one basis)")
_SUM = (F("total", _S, doc="measure of the total (may hold {placeholders})"),
        F("parts", _L, True, "measures that add up to the total"),
        F("optional", _L, doc="parts that may be absent"),
        F("where", _S, doc="where parts are looked for", allowed=("any", "table")),
        _BASES, F("derive", bool, doc="imply a missing side from the others"),
        F("equals_any", _L, doc="the sum equals one of these measures"),
        F("unless_nonzero", _L, doc="skip when any of these measures is non-zero"),
        F("composed", _D, doc="parts composed of other measures"),
        F("of_which", _L, doc="parts printed as 其中 rows"))
_HIER = (F("prefix", _S, True, "measure prefix of the coded rows"),
         F("suffixes", _L, doc="measure suffixes"), F("totals", _D, doc="table total measures"),
         F("levels", _L, doc="code levels (类, 款, 项)"))
_CMP = (F("left", _L, True, "measures summed on the left"),
        F("right", _L, True, "measures summed on the right"),
        F("optional_right", _L, doc="right measures that may be absent"),
        F("relation", _S, doc="left (= | ≤ | ≥) right", allowed=("eq", "le", "ge")), _BASES,
        F("unless_claim", _S, doc="skip where the text states a claim of this kind about a left measure"),
        F("unless_present", _L, doc="skip a basis where any of these measures is printed"),
        F("alternatives", _L, doc="[left, right] readings: where one holds, nothing is reported"),
        F("doubtful", _L, doc="[left, right] readings that make the left another figure: where one "
          "holds (current basis), one warning at most"),
        F("doubtful_unless", _L, doc="measures whose printed current figure rules the doubt out"),
        F("when_equal", _S, doc="compare only where both sides print the same figure on this basis"),
        F("unless_printed", _L, doc="skip where any of these measures is known on any basis"),
        F("prose_left", bool, doc="compare only where the left side is printed in prose, not a table"))
_BETWEEN = (F("bases", _L, doc="bases compared"),)

#: kind ``rounding`` has no checks of its own: its declaration words the ``info`` findings the
#: engine raises when an identity holds only within rounding tolerance.
IDENTITY_EVALUATORS: Mapping[str, Evaluator] = MappingProxyType({
    "sum": Evaluator(add.check_sum, "total = Σ parts, on every amount basis", _SUM,
                     one_of=("total", "equals_any")),
    "hierarchy": Evaluator(hier.check_hierarchy, "类 = Σ 款 = Σ 项 and table total = Σ top rows",
                           _HIER),
    "compare": Evaluator(across.check_compare, "Σ left (= | ≤ | ≥) Σ right across tables", _CMP),
    "consistency": Evaluator(cons.check_consistency, "every observation of a measure agrees", (
        F("kinds", _L, doc="fact kinds compared"), F("max_groups", int, doc="bound on groups"),
        F("text_only_severity", _S, doc="severity when only text disagrees"),
        F("explained_by", _D, doc="measures that explain a difference"),
        F("explained_tables_severity", _S,
          doc="severity when two table cells differ by exactly an explaining amount"),
        F("other_scope", _D, doc="scopes that are another entity"),
        F("skip", _L, doc="measures not compared"),
        F("item_head", _S, doc="pattern of a sentence that starts an enumerated item"))),
    "change": Evaluator(cmp.check_change, "change = current − base", _BETWEEN),
    "pct": Evaluator(cmp.check_pct, "pct = change / base × 100", _BETWEEN),
    "zero_base": Evaluator(cmp.check_zero_base, "no percentage against a zero base",
                           (F("bases", _L, doc="bases"), F("of", _S, doc="measure"))),
    "share": Evaluator(cmp.check_share, "share = value / whole × 100",
                       (F("value_basis", _S, doc="basis of the share's value"),
                        F("wholes", _D, doc="measure → its whole"))),
    "completion": Evaluator(cmp.check_completion, "completion = current / budget × 100",
                            _BETWEEN),
    "rate": Evaluator(cmp.check_rate, "a rate measure = of[numerator] / of[denominator] × 100", (
        F("rate", _S, True, "the rate's measure ({n} placeholders)"),
        F("of", _S, True, "the amount's measure, bound by the rate's placeholders"),
        F("numerator", _S, doc="basis of the amount over the base (default current)"),
        F("denominator", _L, True, "bases of the base, the first printed taken"))),
    "unit_sum": Evaluator(units.check_unit_sum,
                          "Σ units = the department's row, in a table broken down by unit",
                          (F("prefixes", _L, doc="measure prefixes summed per unit"), _BASES)),
    "pct_floor": Evaluator(bounds.check_pct_floor,
                           "a stated percentage is at least a floor (a decrease of at most 100%)",
                           (F("bases", _L, True, "percent-change bases checked"),
                            F("floor", (int, float), True, "the least possible percentage"),
                            F("skip", _L, doc="measures that may be negative (key or family)"))),
    "at_most_sibling": Evaluator(bounds.check_at_most_sibling,
                                 "a figure is at most its sibling key's figure in the same scope "
                                 "(a score and its weight)",
                                 (F("prefix", _S, True, "the measure keys looked at"),
                                  F("pairs", _D, True, "last key segment → its bound's"),
                                  F("bases", _L, doc="bases checked (default current)"))),
    "zero_pair": Evaluator(pairs.check_zero_pair,
                           "nothing counted, nothing spent: a zero count and its amount in one scope",
                           (F("pairs", _D, True, "count measure → amount measure of the same things"),
                            F("zero", _S, doc="the side whose zero is judged",
                              allowed=pairs.ZERO_SIDES),
                            F("bases", _L, doc="bases checked (default current)"))),
    "share_sum": Evaluator(lists.check_share_sum,
                           "the shares of a whole's parts, printed for every part, add up to 100",
                           (F("whole", _S, True, "measure the shares are of (Fact.of)"),
                            F("part_sets", _L, True,
                              "partitions of the whole (lists of part measures)"))),
    "items_within": Evaluator(lists.check_items_within,
                              "a text's classified items add up to at most their class",
                              (F("items", _S, True, "measure prefix of the text's coded items"),
                               F("within", _L, doc="wider prefixes whose class figures bound them"),
                               F("bases", _L, doc="bases checked (default current)"))),
    "rounding": Evaluator(None, "wording of within-tolerance differences (info)"),
    "printed_rounding": Evaluator(None, "wording of a percentage inside the percentage-point "
                                  "slack but beyond what its printed digits explain"),
})

#: The one registry (:class:`~.protocol.Registry`), its single-document part: every kind of
#: check over one document, identities and form checks alike. Built once, read-only;
#: :mod:`budgetlens.crosscheck.evaluators` adds the cross-document kinds to it
#: (``REGISTRY.adding(…)``: one namespace of kinds). An add-on passes
#: ``{**EVALUATORS, "its-kind": Evaluator(...)}`` (or ``REGISTRY.adding({...})``) to
#: :func:`budgetlens.reconcile.reconcile`.
REGISTRY: Registry = Registry({**IDENTITY_EVALUATORS, **FORM_EVALUATORS})
EVALUATORS: Mapping[str, Evaluator] = REGISTRY
#: the views the single-document engine (:mod:`.engine`) runs
SINGLE_DOCUMENT = ("facts", "printed")

__all__ = ["EVALUATORS", "IDENTITY_EVALUATORS", "REGISTRY", "SINGLE_DOCUMENT", "Evaluator",
           "Registry", "validate_params"]
