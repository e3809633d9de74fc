"""A Result as the library's rows, made where the Result was made (an ingest worker).

Why (issue #9, "2 workers ≥ 1.8× one"): an ingest with worker processes has one writer, in the
parent, and whatever the writer does is the serial part of the batch. It used to receive each
disclosure as a pickled object graph (a NamedTuple per fact, per Source, per Evidence …) and
turn it into rows itself: unpickling the graph, a dict per fact, the scope's unit per fact, the
values as text and the units' identity keys (which load the gazetteer) were about half of the
writer's CPU (docs/benchmark.md, session 15). :func:`prepare` does all of that in the worker, in
parallel, and sends flat tuples of plain values (cheaper to pickle than the graph); the writer
adds the ids the database gives and executes.

The rows are exactly those :mod:`.rows` makes (each tuple is the row's dict picked in
:data:`FACT_COLUMNS` order, …): :func:`.write.write_result` writes a Result by preparing it
first, so one path stores every document, prepared in a worker or in the writer.
"""

from __future__ import annotations

from dataclasses import dataclass
from operator import itemgetter
from typing import Optional

from ..model import Result, Severity, scope_unit
from ..rules.units import identity_key, split_codes
from .rows import (FileRecord, UnitName, name_key, to_claim_row, to_diagnostic_row, to_document_row,
                   to_evidence_rows, to_fact_row, to_finding_row, to_table_row, to_unit_names)

#: The columns of a prepared fact, claim and evidence tuple (their row's id column is added by the
#: writer: ``document_id`` first for facts and claims, ``finding_id`` for evidence).
FACT_COLUMNS = ("measure", "basis", "value", "decimals", "kind", "origin", "derived", "blank",
                "scope", "unit_id", "label", "of", "derivation", "identity", "derived_from",
                "page", "line", "table_idx", "row", "col", "x0", "top", "x1", "bottom", "text")
CLAIM_COLUMNS = ("kind", "measure", "basis", "value", "page", "line", "text", "x0", "top", "x1",
                 "bottom")
EVIDENCE_COLUMNS = ("position", "role", "measure", "basis", "value", "page", "line", "table_idx",
                    "row", "col", "x0", "top", "x1", "bottom", "text")
#: Where a fact tuple holds its unit (the writer puts the unit's id there).
UNIT_AT = FACT_COLUMNS.index("unit_id")
_VALUE_AT = FACT_COLUMNS.index("value")
_FACT = itemgetter(*FACT_COLUMNS)
_CLAIM = itemgetter(*CLAIM_COLUMNS)
_EVIDENCE = itemgetter(*EVIDENCE_COLUMNS)


@dataclass(frozen=True)
class Prepared:
    """The rows of one Result, without the ids only the database gives (document, units,
    findings), and the counts the batch reports.

    ``document``: the ``documents`` row's fields that come from the Result (the file, version,
    run, time and unit are the writer's); ``unit``/``unit_names``/``identity``: the
    disclosure's own unit, the budget units its facts are scoped to, and each one's identity
    key (:func:`budgetlens.rules.units.identity_key`); ``facts``: tuples in
    :data:`FACT_COLUMNS` order, the value as its exact text, the unit slot None;
    ``fact_units``: (index of the fact, its unit's name) for the facts scoped to a unit;
    ``findings``: rows without ``document_id``, and for each its evidence tuples;
    ``unit_codes``: (printed name, code, name) of the budget units printed with their code in
    front (:func:`budgetlens.rules.units.split_code`): one unit with the name printed alone."""

    document: dict
    unit: Optional[UnitName]
    unit_names: tuple[str, ...]
    identity: dict[tuple[str, str], str]
    tables: tuple[dict, ...]
    facts: tuple[tuple, ...]
    fact_units: tuple[tuple[int, str], ...]
    claims: tuple[tuple, ...]
    diagnostics: tuple[dict, ...]
    findings: tuple[dict, ...]
    evidence: tuple[tuple[tuple, ...], ...]
    worst: Optional[str]
    unit_codes: tuple[tuple[str, str, str], ...] = ()

    @property
    def ok(self) -> bool:
        return self.document["status"] == "ok"


def prepare(result: Result) -> Prepared:
    """The rows of ``result`` (see :class:`Prepared`)."""
    d = result.disclosure
    own, others = to_unit_names(result)
    identity: dict = {}
    codes: tuple[tuple[str, str, str], ...] = ()
    if own is not None:
        codes = unit_codes(own, others)
        bare = {n: b for n, _, b in codes}
        identity = {(n, own.region_code): identity_key(n, own.region_code)
                    for n in (own.name, *(bare.get(o, o) for o in others))}
    facts, fact_units = _facts(result)
    claims = tuple(_CLAIM(to_claim_row(0, c)) for c in d.claims) if d is not None else ()
    findings = result.audit.findings if result.audit else ()
    return Prepared(
        document=document_fields(result), unit=own, unit_names=others, identity=identity,
        tables=tuple(_without(to_table_row(0, t), "document_id") for t in d.tables) if d else (),
        facts=facts, fact_units=fact_units, claims=claims,
        diagnostics=tuple(_without(to_diagnostic_row(0, x), "document_id")
                          for x in result.diagnostics),
        findings=tuple(_without(to_finding_row(0, f), "document_id") for f in findings),
        evidence=tuple(tuple(map(_EVIDENCE, to_evidence_rows(0, f.evidence))) for f in findings),
        worst=max((f.severity for f in findings), key=lambda s: Severity.ORDER[s])
        if findings else None, unit_codes=codes)


def unit_codes(own: UnitName, others: tuple[str, ...]) -> tuple[tuple[str, str, str], ...]:
    """(printed, code, name) for each budget unit name printed with a code in front, judged
    against the document's region, the names it prints and the codes it confirms
    (:func:`budgetlens.rules.units.split_codes`)."""
    printed = frozenset(name_key(n) for n in (own.name, *others))
    found = split_codes(others, own.region_code, printed)
    return tuple((n, *found[n]) for n in others if n in found)


def _facts(result: Result) -> tuple[tuple[tuple, ...], tuple[tuple[int, str], ...]]:
    """The fact tuples (value as text: exact on both backends, NUMERIC parses it) and which of
    them are scoped to a unit."""
    d = result.disclosure
    if d is None:
        return (), ()
    rows, units = [], []
    for i, f in enumerate(d.facts):
        row = list(_FACT(to_fact_row(0, f, {})))
        if row[_VALUE_AT] is not None:
            row[_VALUE_AT] = str(row[_VALUE_AT])
        rows.append(tuple(row))
        unit = scope_unit(f.scope)
        if unit:
            units.append((i, unit))
    return tuple(rows), tuple(units)


def _without(row: dict, key: str) -> dict:
    del row[key]
    return row


def document_fields(result: Result) -> dict:
    """The ``documents`` row's fields that come from the Result (as :func:`.rows.to_document_row`
    makes them; the writer adds the file's, the version, run, time and unit)."""
    row = to_document_row(FileRecord("", None), result, extractor_version="", run_id=None,
                          read_at=None, unit_id=None)  # type: ignore[arg-type]
    for key in ("sha256", "extractor_version", "run_id", "source", "read_at", "unit_id"):
        del row[key]
    return row


__all__ = ["Prepared", "prepare", "unit_codes", "document_fields", "FACT_COLUMNS", "CLAIM_COLUMNS",
           "EVIDENCE_COLUMNS", "UNIT_AT"]
