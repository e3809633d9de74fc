"""The evaluator registry: rule ``kind`` → evaluator. Declared once here, read-only.

Why a registry: a rule declaration names its ``kind``; the engine looks the evaluator up and never
knows the kinds itself, so built-in evaluators are registered exactly as an add-on's would be (pass
another mapping to :func:`budgetlens.reconcile.engine.evaluate`; never mutate this one).

An :class:`Evaluator` has ``check(rule, ctx) -> Iterable[Check | Assessment]``. Implied values are
not an evaluator's business: the imply stage (:mod:`budgetlens.imply`) derives them from the same
declarations (``change`` and plain ``sum`` identities) with the rows of ``rules/derivations.toml``.
"""

from __future__ import annotations

from types import MappingProxyType
from typing import Callable, Iterable, Mapping, NamedTuple, Optional

from . import evaluators as add
from . import evaluators_change as cmp
from . import evaluators_units as units

class Evaluator(NamedTuple):
    """``params`` maps each parameter the evaluator reads to its type (``required`` must be
    present); :func:`validate_params` names a bad or unknown key before anything runs."""

    check: Optional[Callable[..., Iterable]]
    doc: str = ""
    params: Mapping[str, type | tuple] = MappingProxyType({})
    required: tuple[str, ...] = ()


_BASES = (str, list)
_SUM = MappingProxyType({"total": str, "parts": list, "optional": list, "where": str,
                         "bases": _BASES, "derive": bool, "equals_any": list,
                         "unless_nonzero": list, "composed": dict, "of_which": list})
_HIER = MappingProxyType({"prefix": str, "suffixes": list, "totals": dict, "levels": list})
_CMP = MappingProxyType({"left": list, "right": list, "optional_right": list, "relation": str,
                         "bases": _BASES})
_BETWEEN = MappingProxyType({"bases": list})


#: kind ``rounding`` has no checks of its own: its declaration words the ``info`` findings the
#: engine raises when an identity holds only within rounding tolerance.
EVALUATORS: Mapping[str, Evaluator] = MappingProxyType({
    "sum": Evaluator(add.check_sum, "total = Σ parts, on every amount basis", _SUM, ("parts",)),
    "hierarchy": Evaluator(add.check_hierarchy, doc="类 = Σ 款 = Σ 项 and table total = Σ top rows",
                           params=_HIER, required=("prefix",)),
    "compare": Evaluator(add.check_compare, doc="Σ left (= | ≤ | ≥) Σ right across tables",
                         params=_CMP, required=("left", "right")),
    "consistency": Evaluator(add.check_consistency, doc="every observation of a measure agrees",
                             params=MappingProxyType({"kinds": list, "max_groups": int,
                                                     "text_only_severity": str,
                                                     "explained_by": dict, "other_scope": dict,
                                                     "skip": list})),
    "change": Evaluator(cmp.check_change, "change = current − base", _BETWEEN),
    "pct": Evaluator(cmp.check_pct, doc="pct = change / base × 100", params=_BETWEEN),
    "zero_base": Evaluator(cmp.check_zero_base, doc="no percentage against a zero base",
                           params=MappingProxyType({"bases": list, "of": str})),
    "share": Evaluator(cmp.check_share, doc="share = value / whole × 100",
                       params=MappingProxyType({"value_basis": str, "wholes": dict})),
    "completion": Evaluator(cmp.check_completion, doc="completion = current / budget × 100",
                            params=_BETWEEN),
    "unit_sum": Evaluator(units.check_unit_sum,
                          doc="Σ units = the department's row, in a table broken down by unit",
                          params=MappingProxyType({"prefixes": list, "bases": _BASES})),
    "rounding": Evaluator(None, doc="wording of within-tolerance differences (info)"),
})


_RELATIONS = ("eq", "le", "ge")
_WHERE = ("any", "table")


def validate_params(rule, evaluator: Evaluator) -> list[str]:
    """Problems with a rule's parameters, each naming the rule and the key (empty when fine)."""
    problems = [f"{rule.id}: missing parameter '{k}'" for k in evaluator.required
                if k not in rule.params]
    for key, value in rule.params.items():
        expected = evaluator.params.get(key)
        if expected is None:
            problems.append(f"{rule.id}: unknown parameter '{key}' for kind '{rule.kind}'")
        elif not isinstance(value, expected):
            problems.append(f"{rule.id}: parameter '{key}' has type {type(value).__name__}")
    if rule.params.get("relation", "eq") not in _RELATIONS:
        problems.append(f"{rule.id}: parameter 'relation' must be one of {_RELATIONS}")
    if rule.params.get("where", "any") not in _WHERE:
        problems.append(f"{rule.id}: parameter 'where' must be one of {_WHERE}")
    if rule.kind == "sum" and not (rule.params.get("total") or rule.params.get("equals_any")):
        problems.append(f"{rule.id}: a sum needs 'total' or 'equals_any'")
    return problems
