"""Read-only questions of the web app's explore pages (``budgetlens.web``): faceted document
search, a unit's figures over its documents, a table's cells, a document's narrative claims, one
fact with its box, and the stored original file. Re-exported by :mod:`budgetlens.store.query`.

Why here and not in the web package: the same rule as ``browse.py`` — the schema's spelling (which
column is "current", how a fact's unit falls back to its document's, that values are TEXT on SQLite)
is the store's business, so every SQL statement the pages need is written once, here.

Only current documents (``superseded_by IS NULL``) are searched; figures only of documents read
successfully (``status = 'ok'``).
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any, Iterable, Optional, TypedDict

from sqlalchemy import ColumnElement, Engine, SQLColumnExpression, func, or_, select

from .browse import (DOCUMENT_COLUMNS, Filters, Page, _dimension_column, _document_where, aggregate,
                     _fact_unit, _fact_where, _page, _row)
from .schema import Blob, DocTable, Document, EvidenceRow, FactRow, Unit
from .schema_cross import UnitOverride
from .shapes import OwnFigure

#: The facets of the home page's search.
FACETS = ("region", "year", "kind", "level")


class _Facets(TypedDict, total=False):
    """The facets' filters (a subset of :class:`Filters`' fields, each "any" when None)."""

    region: Optional[str]
    year: Optional[int]
    kind: Optional[str]
    level: Optional[str]


#: Each facet's own filter set to "any": what counting that facet's values drops.
_ANY: dict[str, _Facets] = {"region": {"region": None}, "year": {"year": None},
                            "kind": {"kind": None}, "level": {"level": None}}
#: Columns of a fact that a page shows: value, where it was printed (cell and box), quoted text.
CELL_COLUMNS = (FactRow.id, FactRow.document_id, FactRow.measure, FactRow.basis, FactRow.value,
                FactRow.decimals, FactRow.kind.label("value_kind"), FactRow.origin, FactRow.label, FactRow.scope,
                FactRow.unit_id, FactRow.page, FactRow.line, FactRow.table_idx, FactRow.row,
                FactRow.col, FactRow.x0, FactRow.top, FactRow.x1, FactRow.bottom, FactRow.text)


def _search_where(f: Filters, text: Optional[str]) -> list:
    conds = _document_where(f, Document.unit_id)
    if text:
        conds.append(or_(Document.unit_name.contains(text, autoescape=True),
                         Document.region.contains(text, autoescape=True),
                         Document.source.contains(text, autoescape=True)))
    return conds


def search_documents(engine: Engine, f: Filters, text: Optional[str], limit: int,
                     offset: int) -> Page:
    """Current documents matching the filters and (part of) a unit name, region name or file name,
    newest year first."""
    stmt = select(*DOCUMENT_COLUMNS).where(*_search_where(f, text))
    return _page(engine, stmt, (Document.year.desc(), Document.unit_name, Document.id), limit,
                 offset)


def _facet_column(name: str) -> SQLColumnExpression[Any]:
    # the mapping typed: SQLAlchemy 2.0.10 joins its mixed values to ``object``
    columns: dict[str, SQLColumnExpression[Any]] = {
        "region": Document.region_code, "year": Document.year, "kind": Document.kind,
        "level": Document.level}
    return columns[name]


def facet_counts(engine: Engine, f: Filters, text: Optional[str]) -> dict[str, list[dict]]:
    """For each facet, its values and how many documents each would leave. Why the facet's own
    filter is dropped when counting it: choosing 2024 must not hide that 2025 exists (the usual
    faceted-search rule); the other facets still narrow."""
    out: dict[str, list[dict]] = {}
    with engine.connect() as conn:
        for name in FACETS:
            loose = replace(f, **_ANY[name])
            col = _facet_column(name)
            keys = [col] + ([func.max(Document.region)] if name == "region" else [])
            stmt = (select(*keys, func.count()).where(*_search_where(loose, text))
                    .group_by(col).order_by(col))
            out[name] = [{"value": r[0], "label": r[1] if name == "region" else r[0],
                          "count": r[-1]} for r in conn.execute(stmt) if r[0] is not None]
    return out


def units_with_unit_rows(engine: Engine) -> frozenset[int]:
    """The units some document's by-unit table gives rows of (``facts.unit_id``): the few whose
    figures are not all in their own documents (a full read of the facts' unit column: callers
    remember it per library version, web/memo.py)."""
    with engine.connect() as conn:
        ids = conn.execute(select(FactRow.unit_id).distinct()
                           .where(FactRow.unit_id.is_not(None))).scalars()
        return frozenset(i for i in ids if i is not None)


def unit_values(engine: Engine, unit_id: int, measures: Iterable[str],
                basis: str = "current", by_unit_rows: bool = True) -> list[dict]:
    """The unit's own figures of ``measures`` (exact keys, or prefixes ending with ``.``) in every
    current document: one row per (document, measure), with the document's year and kind and the
    fact's provenance. Why one row: a figure printed twice (a table and the narrative) is one
    figure; the table's is kept (lowest table index, then the first printed).

    ``by_unit_rows=False`` says no document has by-unit rows of this unit (see
    :func:`units_with_unit_rows`): the figures are then those of its own documents, read through
    the (measure, basis, document) index for those documents alone instead of the measures'
    rows across the library (11.6 -> ~2 ms on a 200-document library). The other units' rows of
    those documents (``facts.unit_id`` set) are dropped here, not by the query: a condition
    ``facts.unit_id IS NULL`` lets SQLite, which keeps no statistics, walk the index on
    ``facts.unit_id`` (migration 0009) over the ~70 % of the library's facts that have none,
    instead of the (measure, basis, document) index (24 -> 3 ms per unit page, 202 documents)."""
    exact = [m for m in measures if not m.endswith(".")]
    prefixes = [m for m in measures if m.endswith(".")]
    match: list[ColumnElement[bool]] = [FactRow.measure.in_(exact)] if exact else []
    match += [FactRow.measure.startswith(p, autoescape=True) for p in prefixes]
    if by_unit_rows:
        whose = [_fact_unit() == unit_id]
    else:
        own = select(Document.id).where(Document.unit_id == unit_id).scalar_subquery()
        whose = [FactRow.document_id.in_(own)]
    stmt = (select(Document.year, Document.kind, *CELL_COLUMNS)
            .join(Document, Document.id == FactRow.document_id)
            .where(Document.superseded_by.is_(None), Document.status == "ok",
                   *whose, FactRow.basis == basis, or_(*match))
            .order_by(Document.year, Document.kind, FactRow.document_id, FactRow.measure,
                      FactRow.table_idx.is_(None), FactRow.table_idx, FactRow.id))
    seen: set[tuple] = set()
    out = []
    with engine.connect() as conn:
        for r in conn.execute(stmt).mappings():
            if not by_unit_rows and r["unit_id"] is not None:
                continue  # another unit's row of a by-unit table in the unit's own document
            key = (r["document_id"], r["measure"])
            if key not in seen:
                seen.add(key)
                out.append(_row(r))
    return out


def table_cells(engine: Engine, document_id: int, table_idx: int) -> list[dict]:
    """Every fact read from one table of a document, in reading order (row, column)."""
    stmt = (select(*CELL_COLUMNS).where(FactRow.document_id == document_id,
                                        FactRow.table_idx == table_idx)
            .order_by(FactRow.row, FactRow.col, FactRow.id))
    with engine.connect() as conn:
        return [_row(r) for r in conn.execute(stmt).mappings()]


def document_tables(engine: Engine, document_id: int) -> list[dict]:
    with engine.connect() as conn:
        return [_row(r) for r in conn.execute(
            select(DocTable.idx, DocTable.role, DocTable.title, DocTable.page_first,
                   DocTable.page_last, DocTable.money_unit, DocTable.empty, DocTable.note)
            .where(DocTable.document_id == document_id).order_by(DocTable.idx)).mappings()]


def narrative_claims(engine: Engine, document_id: int) -> list[dict]:
    """Figures a document states in its text (origin ``text``), in the order printed."""
    stmt = (select(*CELL_COLUMNS).where(FactRow.document_id == document_id,
                                        FactRow.origin == "text")
            .order_by(FactRow.page, FactRow.line, FactRow.id))
    with engine.connect() as conn:
        return [_row(r) for r in conn.execute(stmt).mappings()]


def get_fact(engine: Engine, fact_id: int) -> Optional[dict]:
    with engine.connect() as conn:
        found = conn.execute(select(*CELL_COLUMNS).where(FactRow.id == fact_id)).mappings().first()
    return _row(found) if found is not None else None


def original_file(engine: Engine, document_id: int) -> Optional[dict]:
    """The stored original of a document: its ``source`` path as given, ``format`` and ``content``
    bytes; None when there is no such document or its bytes were not kept."""
    stmt = (select(Document.source, Document.format, Blob.content)
            .join(Blob, Blob.sha256 == Document.sha256).where(Document.id == document_id))
    with engine.connect() as conn:
        found = conn.execute(stmt).mappings().first()
    if found is None or found["content"] is None:
        return None
    return _row(found)


def unit_names(engine: Engine, unit_ids: Iterable[Optional[int]]) -> dict[int, str]:
    ids = sorted({i for i in unit_ids if i is not None})
    if not ids:
        return {}
    with engine.connect() as conn:
        return {k: v for k, v in conn.execute(select(Unit.id, Unit.name).where(Unit.id.in_(ids)))}


def document_values(engine: Engine, document_id: int, basis: str = "current",
                    measures: Optional[Iterable[str]] = None) -> dict[str, dict]:
    """measure → the document's own figure (no by-unit rows; money only), one per measure as in
    :func:`unit_values` (the table's before the narrative's). ``measures`` (exact keys, or
    prefixes ending with ``.``) limits it to those: a page showing a few measures need not read
    the document's every figure."""
    match = []
    if measures is not None:
        wanted = list(measures)
        exact = [m for m in wanted if not m.endswith(".")]
        match = [or_(FactRow.measure.in_(exact),
                     *(FactRow.measure.startswith(p, autoescape=True)
                       for p in wanted if p.endswith(".")))]
    stmt = (select(*CELL_COLUMNS).where(FactRow.document_id == document_id,
                                        OwnFigure(FactRow.unit_id), FactRow.basis == basis,
                                        FactRow.kind == "money", *match)
            .order_by(FactRow.measure, FactRow.table_idx.is_(None), FactRow.table_idx, FactRow.id))
    out: dict[str, dict] = {}
    with engine.connect() as conn:
        for r in conn.execute(stmt).mappings():
            out.setdefault(r["measure"], _row(r))
    return out


def evidence_with_boxes(engine: Engine, finding_ids: list[int]) -> dict[int, list[dict]]:
    """Each finding's evidence in the order given, with its box on the page (the API's
    :func:`~budgetlens.store.browse.finding_evidence` leaves boxes out: pages draw them)."""
    out: dict[int, list[dict]] = {i: [] for i in finding_ids}
    if not finding_ids:
        return out
    stmt = (select(EvidenceRow.finding_id, EvidenceRow.role, EvidenceRow.measure,
                   EvidenceRow.basis, EvidenceRow.value, EvidenceRow.page, EvidenceRow.line,
                   EvidenceRow.table_idx, EvidenceRow.row, EvidenceRow.col, EvidenceRow.x0,
                   EvidenceRow.top, EvidenceRow.x1, EvidenceRow.bottom, EvidenceRow.text)
            .where(EvidenceRow.finding_id.in_(finding_ids))
            .order_by(EvidenceRow.finding_id, EvidenceRow.position))
    with engine.connect() as conn:
        for r in conn.execute(stmt).mappings():
            row = _row(r)
            out[row.pop("finding_id")].append(row)
    return out


def figure_sums(engine: Engine, f: Filters, drilldown: tuple[str, ...]) -> list[dict]:
    """The pages' name for :func:`~budgetlens.store.browse.aggregate` without cuts: each printed
    figure counted once. Kept as a name, not a copy, so the pages and the API share one
    definition of a sum."""
    return aggregate(engine, f, drilldown)


def library_version(engine: Engine) -> tuple:
    """What changes whenever the explore pages' sums may change: the newest document id and the
    number of current documents (ingest, reprocess, an upload added), the newest unit decision
    and a checksum of the unit identities (merge, split, a re-resolution). For caches keyed by
    the library's state (web/memo.py); two indexed aggregates and a scan of the small units
    table."""
    with engine.connect() as conn:
        docs = conn.execute(select(func.max(Document.id), func.count(Document.id))
                            .where(Document.superseded_by.is_(None))).one()
        newest = conn.execute(select(func.max(Document.id))).scalar()
        units = conn.execute(select(func.count(Unit.id),
                                    func.sum(func.coalesce(Unit.canonical_id, Unit.id)))).one()
        overrides = conn.execute(select(func.max(UnitOverride.id))).scalar()
    return (newest, docs[1], tuple(units), overrides)
