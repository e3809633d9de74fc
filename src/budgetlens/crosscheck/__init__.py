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
from typing import Mapping, Optional, Sequence

from sqlalchemy import Engine

from ..reconcile.preflight import check_declaration
from ..reconcile.protocol import Evaluator
from ..rules.cross_document import CrossCheck, load_cross_checks
from ..store.cross import current_documents, replace_cross_findings, run_identities
from ..store.query import now
from ..store.units import resolve_all
from .engine import Outcome, evaluate, pairs_for, unpaired
from .evaluators import REGISTRY, VIEWS


@dataclass(frozen=True)
class Summary:
    """A run: documents considered, unit rows whose identity changed, pairs compared per check,
    findings stored, checks not assessable and diagnostics (in ``outcome``)."""

    outcome: Outcome
    units_changed: int
    stored: int


def check_declarations(checks: Optional[Sequence[CrossCheck]] = None,
                       registry: Mapping[str, Evaluator] = REGISTRY) -> tuple[CrossCheck, ...]:
    """Every cross-document declaration (the package's, or ``checks``) checked against the
    library kinds ``registry`` declares (a single-document kind is not one), before a run, as the audit's rules are
    (:func:`budgetlens.reconcile.preflight.check_rules`): a kind with no evaluator, or a parameter
    its kind does not take, raises :class:`~budgetlens.rules.schema.RuleError` naming file, line
    and key. (The engine reports the same problems as diagnostics when it meets them unchecked.)"""
    checks = load_cross_checks() if checks is None else tuple(checks)
    for check in checks:
        check_declaration(check.rule, registry, VIEWS)
    return checks


def crosscheck(engine: Engine, checks: Optional[Sequence[CrossCheck]] = None, *,
               run_id: Optional[int] = None) -> Summary:
    """Resolve unit identities, run the cross-document checks, replace the stored findings.

    With ``run_id`` (an ingest run: ``budgetlens ingest`` runs this after its batch unless
    ``--no-crosscheck``) only the units whose documents that run stored are checked — every
    document of those units, old and new, since a new year pairs with the stored ones — and only
    their findings are replaced: a batch of ten files costs ten units' checks, not the library's."""
    changed = resolve_all(engine)
    checks = load_cross_checks() if checks is None else checks
    if run_id is None:
        outcome = evaluate(engine, checks)
        return Summary(outcome, changed, replace_cross_findings(engine, outcome.records, now()))
    units = run_identities(engine, run_id)
    docs = [d for d in current_documents(engine) if d.unit in units]
    outcome = evaluate(engine, checks, documents=docs)
    stored = replace_cross_findings(engine, outcome.records, now(),
                                    scope=(units, {d.id for d in docs}))
    return Summary(outcome, changed, stored)


__all__ = ["check_declarations", "crosscheck", "evaluate", "pairs_for", "unpaired", "Outcome", "Summary"]
