"""Inline fact ledgers for the imply tests (figures taken from the seed disclosures)."""

from __future__ import annotations

from decimal import Decimal

from budgetlens.model import Disclosure, Fact, Metadata, Source

PATH = "inline.txt"


def ledger(text: str) -> tuple[Fact, ...]:
    """``scope measure basis value [label]`` per line; ``table:N`` scope makes a table cell (row =
    line number), ``text:P:L`` a sentence on page P, line L."""
    out = []
    for n, raw in enumerate(text.strip().splitlines(), 1):
        scope, measure, basis, value, *rest = raw.split()
        label = rest[0] if rest else ""
        decimals = len(value.split(".")[1]) if "." in value else 0
        table = scope.startswith("table")
        line = n if table else int(scope.split(":")[2])
        src = Source(PATH, 1, line, table=int(scope.split(":")[1]) if table else None,
                     row=n if table else None, column=1 if table else None,
                     text=f"{label}{value}")
        kind = "percent" if basis.startswith(("pct", "share", "completion")) else "money"
        out.append(Fact(measure, basis, Decimal(value), src, decimals, kind,
                        "table" if table else "text", scope, label))
    return tuple(out)


def disclosure(text: str) -> Disclosure:
    return Disclosure(path=PATH, metadata=Metadata(), facts=ledger(text))


def derived(d: Disclosure) -> dict[tuple[str, str], Fact]:
    return {(f.measure, f.basis): f for f in d.facts if f.origin == "derived"}
