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

from ..model import Disclosure, Result, Severity, scope_unit
from ..rules.units import identity_key, split_codes
from .rows import (FileRecord, UnitName, derived_fields, name_key, own_unit, to_claim_row,
                   to_diagnostic_row, to_document_row, to_evidence_rows, to_finding_row,
                   to_table_row)

#: The columns of a prepared fact, claim and evidence tuple (their row's id column is added by the
#: writer: ``document_id`` first for facts and claims, ``finding_id`` for evidence).
FACT_COLUMNS = ("measure", "basis", "value", "decimals", "kind", "origin", "derived", "blank",
                "scope", "unit_id", "label", "of", "derivation", "identity", "derived_from",
                "page", "line", "table_idx", "row", "col", "x0", "top", "x1", "bottom", "text")
CLAIM_COLUMNS = ("kind", "measure", "basis", "value", "page", "line", "text", "x0", "top", "x1",
                 "bottom")
EVIDENCE_COLUMNS = ("position", "role", "measure", "basis", "value", "page", "line", "table_idx",
                    "row", "col", "x0", "top", "x1", "bottom", "text")
#: The columns of a prepared table, diagnostic and finding tuple (``document_id`` added first).
TABLE_COLUMNS = ("idx", "role", "title", "page_first", "page_last", "money_unit", "empty", "note")
DIAGNOSTIC_COLUMNS = ("code", "severity", "message", "message_en", "page", "line")
FINDING_COLUMNS = ("rule", "category", "severity", "message", "message_en", "stated", "expected",
                   "difference", "tolerance", "measure", "basis", "cause", "severity_as_read")
#: Where a fact tuple holds its unit (the writer puts the unit's id there).
UNIT_AT = FACT_COLUMNS.index("unit_id")
_CLAIM = itemgetter(*CLAIM_COLUMNS)
_EVIDENCE = itemgetter(*EVIDENCE_COLUMNS)
_TABLE = itemgetter(*TABLE_COLUMNS)
_DIAGNOSTIC = itemgetter(*DIAGNOSTIC_COLUMNS)
_FINDING = itemgetter(*FINDING_COLUMNS)
_NO_BOX = (None, None, None, None)


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
    ``tables``, ``diagnostics``, ``findings``: tuples in :data:`TABLE_COLUMNS`,
    :data:`DIAGNOSTIC_COLUMNS` and :data:`FINDING_COLUMNS` order (no ``document_id``), and
    for each finding its evidence tuples;
    ``unit_codes``: (printed name, code, name) of the budget units printed with their code in
    front (:func:`budgetlens.rules.units.split_code`): one unit with the name printed alone."""

    document: dict
    unit: Optional[UnitName]
    unit_names: tuple[str, ...]
    identity: dict[tuple[str, str], str]
    tables: tuple[tuple, ...]
    facts: tuple[tuple, ...]
    fact_units: tuple[tuple[int, str], ...]
    claims: tuple[tuple, ...]
    diagnostics: tuple[tuple, ...]
    findings: tuple[tuple, ...]
    evidence: tuple[tuple[tuple, ...], ...]
    worst: Optional[str]
    unit_codes: tuple[tuple[str, str, str], ...] = ()

    @property
    def ok(self) -> bool:
        return self.document["status"] == "ok"


def prepare(result: Result) -> Prepared:
    """The rows of ``result`` (see :class:`Prepared`)."""
    d = result.disclosure
    facts, fact_units = _facts(d) if d is not None else ((), ())
    own = own_unit(result)
    others = tuple(sorted({u for _, u in fact_units})) if own is not None else ()
    identity: dict = {}
    codes: tuple[tuple[str, str, str], ...] = ()
    if own is not None:
        codes = unit_codes(own, others)
        bare = {n: b for n, _, b in codes}
        identity = {(n, own.region_code): identity_key(n, own.region_code)
                    for n in (own.name, *(bare.get(o, o) for o in others))}
    claims = tuple(_CLAIM(to_claim_row(0, c)) for c in d.claims) if d is not None else ()
    findings = result.audit.findings if result.audit else ()
    return Prepared(
        document=document_fields(result), unit=own, unit_names=others, identity=identity,
        tables=tuple(_TABLE(to_table_row(0, t)) for t in d.tables) if d else (),
        facts=facts, fact_units=fact_units, claims=claims,
        diagnostics=tuple(_DIAGNOSTIC(to_diagnostic_row(0, x)) for x in result.diagnostics),
        findings=tuple(_FINDING(to_finding_row(0, f)) for f in findings),
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


def _facts(d: Disclosure) -> tuple[tuple[tuple, ...], tuple[tuple[int, str], ...]]:
    """The fact tuples, in :data:`FACT_COLUMNS` order, and which of them are scoped to a unit.

    The columns are :func:`.rows.to_fact_row`'s (tests/store/test_prepared.py holds the two
    equal), built here straight into the tuple the insert binds. Why not that dict picked by
    name: a corpus pass prepares 45,000 facts, and the dict, its re-keying and three readings
    of each scope were most of the rows' cost (docs/store.md, session 19). Each distinct scope
    is read once (a table's facts share a few); the value is its exact text, which NUMERIC
    parses on PostgreSQL and SQLite keeps as printed."""
    rows: list[tuple] = []
    scoped: list[tuple[int, str]] = []
    unit_of: dict[str, str] = {}
    for i, fact in enumerate(d.facts):
        # the record's fields by position (one unpacking; a field added at the end is left out)
        measure, basis, value, src, decimals, kind, origin, scope, label, of, blank, inputs = \
            fact[:12]
        unit = unit_of.get(scope)
        if unit is None:
            unit = unit_of[scope] = scope_unit(scope)
        if unit:
            scoped.append((i, unit))
        derived = origin == "derived" or bool(inputs)
        derivation, identity, shown = derived_fields(fact) if derived else (None, None, None)
        x0, top, x1, bottom = src.bbox or _NO_BOX
        rows.append((measure, basis, None if value is None else str(value), decimals, kind,
                     origin, derived, blank, scope, None, label, of, derivation, identity, shown,
                     src.page, src.line, src.table, src.row, src.column, x0, top, x1, bottom,
                     src.text))
    return tuple(rows), tuple(scoped)


def document_fields(result: Result) -> dict:
    """The ``documents`` row's fields that come from the Result (as :func:`.rows.to_document_row`
    makes them; the writer adds the file's, the version, run, time and unit)."""
    row = to_document_row(FileRecord("", None), result, extractor_version="", run_id=None,
                          read_at=None, unit_id=None)  # type: ignore[arg-type]
    for key in ("sha256", "extractor_version", "run_id", "source", "read_at", "unit_id"):
        del row[key]
    return row


__all__ = ["Prepared", "prepare", "unit_codes", "document_fields", "FACT_COLUMNS", "CLAIM_COLUMNS",
           "EVIDENCE_COLUMNS", "TABLE_COLUMNS", "DIAGNOSTIC_COLUMNS", "FINDING_COLUMNS", "UNIT_AT"]
