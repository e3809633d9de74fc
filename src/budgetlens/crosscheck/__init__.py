"""Stage 5, crosscheck: checks that join two documents of one unit, over the library (issue #9).

After ``ingest`` has stored documents, this stage asks the store for the current documents with
their unit identity (the same unit across years, and in its budget and final account:
``store.units``), pairs them as each declaration of ``rules/cross_document.toml`` says, compares
their figures with the audit's rounding-aware tolerance, and stores the findings
(``cross_findings``, each citing both documents' pages and cells). It reads only what the store
returns — never the pipeline's or the extractors' internals — so it runs on any library,
including one filled by another machine.

Entry point: :func:`crosscheck`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional, Sequence

from sqlalchemy import Engine

from ..rules.cross_document import CrossCheck, load_cross_checks
from ..store.cross import replace_cross_findings
from ..store.query import now
from ..store.units import resolve_all
from .engine import Outcome, Problem, evaluate, pairs_for


@dataclass(frozen=True)
class Summary:
    """A run: documents considered, unit rows whose identity changed, pairs compared per check,
    findings stored, problems met."""

    outcome: Outcome
    units_changed: int
    stored: int


def crosscheck(engine: Engine, checks: Optional[Sequence[CrossCheck]] = None) -> Summary:
    """Resolve unit identities, run the cross-document checks, replace the stored findings."""
    changed = resolve_all(engine)
    outcome = evaluate(engine, load_cross_checks() if checks is None else checks)
    stored = replace_cross_findings(engine, outcome.records, now())
    return Summary(outcome, changed, stored)


__all__ = ["crosscheck", "evaluate", "pairs_for", "Outcome", "Problem", "Summary"]
