"""A stated change explained through its parts, the parts known from the declared sums.

Why: the reason check finds a whole's parts by their measure keys (``expense.general.total`` →
``expense.general.basic``), but a whole and its parts are not always keyed so:
``three_public.vehicle`` is the sum of ``three_public.vehicle_purchase`` and
``three_public.vehicle_operation`` (identities.toml ``three-public-vehicle``). 青岛 政协 2015:
"公务用车购置及运行维护费253.33万元,较2014年减少93.05万元,下降26.86%。其中:公务用车购置费…减少86.73
万元,…减少的主要原因是…;公务用车运行维护费…减少6.32万元,…减少的主要原因是…" — both parts give their
reasons, yet the whole was reported as unexplained (a false warning, unseen batch 5).

The parts of a whole are read from the sums the identities declare (``kind = "sum"``: ``total``
and its required ``parts``), so a new sum is one more place this applies, not code. The whole is
explained only when every required part is stated with a change of the same kind and basis close
after it (same page, within ``window`` lines), at least two parts are, and **each** part's change
has a reason in its own clause (up to the next ；/。): one part explained beside one that is not
(池州 2024: 运行费 "下降原因主要是…", 购置费 none) leaves the whole reported.
"""

from __future__ import annotations

import re
from decimal import Decimal
from functools import lru_cache
from typing import Mapping, Sequence

from budgetlens.model import Fact
from budgetlens.rules.catalogue import load_rules

_CLAUSE_END = re.compile(r"[；;。]")


@lru_cache(maxsize=1)
def _declared_parts() -> Mapping[str, tuple[str, ...]]:
    """total measure → its required parts, from every declared sum (the first one wins)."""
    parts: dict[str, tuple[str, ...]] = {}
    for rule in load_rules():
        total, required = rule.params.get("total"), rule.params.get("parts")
        if rule.kind == "sum" and isinstance(total, str) and isinstance(required, (list, tuple)):
            parts.setdefault(total, tuple(str(p) for p in required))
    return parts


def printed_forms(value: Decimal) -> set[str]:
    """How a change may be printed: −2389.52 → {"2389.52", "2,389.52"}."""
    plain = format(abs(value), "f")
    whole, _, frac = plain.partition(".")
    return {plain, f"{int(whole):,}" + (f".{frac}" if frac else "")}


def _own_clause_reason(part: Fact, markers: re.Pattern) -> bool:
    """The clause of the part's sentence that prints its change holds a reason marker."""
    text = part.source.text or ""
    printed = printed_forms(part.value)
    clauses = [c for c in _CLAUSE_END.split(text) if any(p in c for p in printed)]
    return bool(clauses) and all(markers.search(c) for c in clauses)


def explained_by_declared_parts(fact: Fact, changes: Sequence[Fact], markers: re.Pattern,
                                window: int) -> bool:
    """``fact``'s change is explained by its declared parts' changes stated right after it, each
    with its own reason (see the module's docstring)."""
    required = _declared_parts().get(fact.measure)
    if not required or len(required) < 2:
        return False
    page, line = fact.source.page, fact.source.line or 0
    stated: dict[str, Fact] = {}
    for part in changes:
        if (part.measure in required and part.basis == fact.basis and part.kind == fact.kind
                and part.source.page == page and line <= (part.source.line or 0) <= line + window
                and part.source.text != fact.source.text):
            stated.setdefault(part.measure, part)
    return len(stated) == len(required) and all(
        _own_clause_reason(p, markers) for p in stated.values())


__all__ = ["explained_by_declared_parts", "printed_forms"]
