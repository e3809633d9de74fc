"""Read-only questions of the query API (``budgetlens serve``): filtered, paginated lists of
documents, facts, findings and units, one record by id, and sums by dimension (Babbage's
``aggregate`` with ``drilldown`` and ``cut``). Re-exported by :mod:`budgetlens.store.query`,
the one module upper floors ask.

Why here and not in the API: the schema's spelling (which column says "current document", how a
fact's budget unit falls back to its document's) is the store's business; the API only names
filters. Why sums are taken in Python: on SQLite values are TEXT (exact decimals) and SQL ``SUM``
would turn them into floats; :class:`decimal.Decimal` keeps every digit, on every backend.

Only current documents (``superseded_by IS NULL``) are read; facts and findings only of documents
read successfully (``status = 'ok'``).
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from decimal import Decimal
from typing import Any, Optional

from sqlalchemy import Engine, Label, RowMapping, Select, SQLColumnExpression, func, or_, select
from sqlalchemy.orm import aliased
from sqlalchemy.sql.expression import ColumnElement

from .schema import DocTable, Document, EvidenceRow, FactRow, FindingRow, Unit
from .shapes import OwnFigure, StartsWith

#: Dimensions a sum can be broken down by (``drilldown``) or restricted to (``cut``).
DIMENSIONS = ("year", "region", "unit", "kind", "level", "measure", "basis", "document")
#: Which facts a question is about: every fact, the document's own figures (no budget unit of
#: their own: summing them never counts a department twice), or by-unit rows only.
SCOPES = ("all", "document", "unit")


@dataclass(frozen=True)
class Filters:
    """What the caller narrows by; None means "any". ``region`` is a region code prefix when it is
    all digits (``3301`` → Hangzhou and its districts), else part of the region's name; ``unit`` a
    unit id when all digits, else part of the unit's name; ``measure`` a measure key, or a prefix
    when it ends with ``.``; ``code`` a classification code prefix of a measure's segment;
    ``value_kind`` a fact's kind (``money`` in 万元, ``percent``, ``count``)."""

    region: Optional[str] = None
    year: Optional[int] = None
    kind: Optional[str] = None
    level: Optional[str] = None
    unit: Optional[str] = None
    measure: Optional[str] = None
    code: Optional[str] = None
    basis: Optional[str] = None
    document: Optional[int] = None
    severity: Optional[str] = None
    rule: Optional[str] = None
    scope: str = "all"
    value_kind: Optional[str] = None


@dataclass(frozen=True)
class Page:
    """One page of a list: its rows (plain dicts, decimals as :class:`Decimal`), the total (None
    when not counted), and the column names (so that an empty page still downloads with its
    header). ``next`` is the keyset cursor of the following page — the last row's id, to pass as
    ``after`` — or None when this page is the last; ``after`` the cursor this page started
    from."""

    rows: list[dict]
    total: Optional[int]
    limit: int
    offset: int
    columns: tuple[str, ...] = ()
    next: Optional[int] = None
    after: Optional[int] = None


def _current() -> ColumnElement[bool]:
    return Document.superseded_by.is_(None)


def _fact_unit() -> ColumnElement[Any]:
    """A fact's budget unit: its own (a by-unit table row), else its document's."""
    return func.coalesce(FactRow.unit_id, Document.unit_id)


def _document_where(f: Filters, unit_col: SQLColumnExpression[Any]) -> list:
    conds = [_current()]
    if f.region:
        conds.append(Document.region_code.startswith(f.region, autoescape=True)
                     if f.region.isdigit() else Document.region.contains(f.region, autoescape=True))
    if f.year is not None:
        conds.append(Document.year == f.year)
    if f.kind:
        conds.append(Document.kind == f.kind)
    if f.level:
        conds.append(Document.level == f.level)
    if f.document is not None:
        conds.append(Document.id == f.document)
    if f.unit:
        conds.append(unit_col == int(f.unit) if f.unit.isdigit() else unit_col.in_(
            select(Unit.id).where(Unit.name.contains(f.unit, autoescape=True))))
    return conds


def _fact_where(f: Filters) -> list:
    conds = _document_where(f, _fact_unit()) + [Document.status == "ok"]
    if f.measure:
        conds.append(StartsWith(FactRow.measure, f.measure)
                     if f.measure.endswith(".") else FactRow.measure == f.measure)
    if f.code:
        conds.append(FactRow.measure.contains("." + f.code, autoescape=True))
    if f.basis:
        conds.append(FactRow.basis == f.basis)
    if f.value_kind:
        conds.append(FactRow.kind == f.value_kind)
    if f.scope == "document":
        conds.append(OwnFigure(FactRow.unit_id))
    elif f.scope == "unit":
        conds.append(FactRow.unit_id.is_not(None))
    return conds


def _row(mapping: RowMapping) -> dict:
    return dict(mapping)


def _page(engine: Engine, stmt: Select, order: Any, limit: int, offset: int, *, key: Any = None,
          after: Optional[int] = None, count: bool = True) -> Page:
    """A page of ``stmt``. With ``key`` (the id column ``order`` sorts by) the page can start
    after a cursor — keyset pagination: ``id > after`` is an index range however deep the page,
    where ``OFFSET`` reads and drops every row before it — and says where the next one starts.
    The total counts the whole selection, cursor or not."""
    with engine.connect() as conn:
        total = (conn.execute(select(func.count()).select_from(stmt.subquery())).scalar_one()
                 if count else None)
        if after is not None and key is not None:
            stmt = stmt.where(key > after)
        got = conn.execute(stmt.order_by(*order).limit(limit + 1).offset(offset)).mappings().all()
    columns = tuple(c.name for c in stmt.selected_columns)
    more = len(got) > limit
    rows = [_row(r) for r in got[:limit]]
    nxt = rows[-1][key.name] if more and key is not None and rows else None
    return Page(rows, total, limit, offset, columns, nxt, after)


DOCUMENT_COLUMNS = (Document.id, Document.source, Document.status, Document.error_code,
                    Document.reason, Document.format, Document.kind, Document.year, Document.level,
                    Document.unit_name, Document.unit_id, Document.region, Document.region_code,
                    Document.template, Document.pages, Document.n_tables, Document.n_facts,
                    Document.n_findings, Document.checks_run, Document.identities_evaluated,
                    Document.identities_held, Document.sha256, Document.extractor_version,
                    Document.read_at)


def list_documents(engine: Engine, f: Filters, limit: int, offset: int, *,
                   after: Optional[int] = None, count: bool = True) -> Page:
    stmt = select(*DOCUMENT_COLUMNS).where(*_document_where(f, Document.unit_id))
    return _page(engine, stmt, (Document.id,), limit, offset, key=Document.id, after=after,
                 count=count)


def get_document(engine: Engine, document_id: int) -> Optional[dict]:
    """A document's metadata, its tables, and counts of its facts (by basis) and findings (by
    severity); None when no document has that id (superseded ones included: ids are stable)."""
    with engine.connect() as conn:
        doc = conn.execute(select(*DOCUMENT_COLUMNS, Document.superseded_by)
                           .where(Document.id == document_id)).mappings().first()
        if doc is None:
            return None
        out = _row(doc)
        out["tables"] = [_row(r) for r in conn.execute(
            select(DocTable.idx, DocTable.role, DocTable.title, DocTable.page_first,
                   DocTable.page_last, DocTable.money_unit, DocTable.empty, DocTable.note)
            .where(DocTable.document_id == document_id).order_by(DocTable.idx)).mappings()]
        out["facts_by_basis"] = {k: v for k, v in conn.execute(
            select(FactRow.basis, func.count()).where(FactRow.document_id == document_id)
            .group_by(FactRow.basis).order_by(FactRow.basis))}
        out["findings_by_severity"] = {k: v for k, v in conn.execute(
            select(FindingRow.severity, func.count()).where(FindingRow.document_id == document_id)
            .group_by(FindingRow.severity).order_by(FindingRow.severity))}
    return out


FACT_COLUMNS = (FactRow.id, FactRow.document_id, Document.year, Document.kind,
                Document.region_code, _fact_unit().label("unit_id"), FactRow.measure,
                FactRow.basis, FactRow.value, FactRow.decimals, FactRow.kind.label("value_kind"),
                FactRow.origin, FactRow.label, FactRow.of, FactRow.scope, FactRow.page,
                FactRow.line, FactRow.table_idx, FactRow.row, FactRow.col, FactRow.text)


def list_facts(engine: Engine, f: Filters, limit: int, offset: int, *,
               after: Optional[int] = None, count: bool = True) -> Page:
    """A page of facts in id order, found in two steps: the ids of the page (and the count) from
    the index on (measure, basis, document_id) alone, then those rows. Why: sorting 20,000 whole
    rows to show 100 was most of a measure-prefix list's time (issue #9, scripts/api_benchmark.py);
    ids sort cheaply and the index covers the filter. ``after``: keyset cursor (see _page)."""
    ids = select(FactRow.id).join(Document, Document.id == FactRow.document_id) \
        .where(*_fact_where(f))
    with engine.connect() as conn:
        total = (conn.execute(select(func.count()).select_from(ids.subquery())).scalar_one()
                 if count else None)
        if after is not None:
            ids = ids.where(FactRow.id > after)
        wanted = conn.execute(ids.order_by(FactRow.id).limit(limit + 1).offset(offset)
                              ).scalars().all()
        nxt = wanted[limit - 1] if len(wanted) > limit else None
        rows = conn.execute(select(*FACT_COLUMNS).join(Document, Document.id == FactRow.document_id)
                            .where(FactRow.id.in_(wanted[:limit])).order_by(FactRow.id)
                            ).mappings().all()
    return Page([_row(r) for r in rows], total, limit, offset,
                tuple(c.name for c in select(*FACT_COLUMNS).selected_columns), nxt, after)


FINDING_COLUMNS = (FindingRow.id, FindingRow.document_id, Document.year, Document.kind,
                   Document.region_code, Document.unit_name, FindingRow.rule, FindingRow.category,
                   FindingRow.severity, FindingRow.message, FindingRow.message_en,
                   FindingRow.stated, FindingRow.expected, FindingRow.difference,
                   FindingRow.tolerance, FindingRow.measure, FindingRow.basis)


def list_findings(engine: Engine, f: Filters, limit: int, offset: int, *,
                  after: Optional[int] = None, count: bool = True) -> Page:
    conds = _document_where(f, Document.unit_id)
    if f.severity:
        conds.append(FindingRow.severity == f.severity)
    if f.rule:
        conds.append(FindingRow.rule == f.rule)
    stmt = select(*FINDING_COLUMNS).join(Document, Document.id == FindingRow.document_id) \
        .where(*conds)
    return _page(engine, stmt, (FindingRow.id,), limit, offset, key=FindingRow.id, after=after,
                 count=count)


def finding_evidence(engine: Engine, finding_ids: list[int]) -> dict[int, list[dict]]:
    """The evidence of each finding, in the order the audit gave it."""
    out: dict[int, list[dict]] = {i: [] for i in finding_ids}
    if not finding_ids:
        return out
    with engine.connect() as conn:
        for r in conn.execute(select(EvidenceRow.finding_id, EvidenceRow.role, EvidenceRow.measure,
                                     EvidenceRow.basis, EvidenceRow.value, EvidenceRow.page,
                                     EvidenceRow.table_idx, EvidenceRow.row, EvidenceRow.col,
                                     EvidenceRow.text)
                              .where(EvidenceRow.finding_id.in_(finding_ids))
                              .order_by(EvidenceRow.finding_id, EvidenceRow.position)).mappings():
            row = _row(r)
            out[row.pop("finding_id")].append(row)
    return out


UNIT_COLUMNS = (Unit.id, Unit.name, Unit.region_code, Unit.region, Unit.level, Unit.parent_id,
                func.coalesce(Unit.canonical_id, Unit.id).label("identity_id"), Unit.code)
#: A unit's parent department, aliased once: an alias made per call rebuilt its column proxies on
#: every unit page (as store/cross_review.py's two documents).
_PARENT = aliased(Unit, name="parent_unit")


def list_units(engine: Engine, f: Filters, limit: int, offset: int, *,
               after: Optional[int] = None, count: bool = True) -> Page:
    conds = []
    if f.region:
        conds.append(Unit.region_code.startswith(f.region, autoescape=True)
                     if f.region.isdigit() else Unit.region.contains(f.region, autoescape=True))
    if f.level:
        conds.append(Unit.level == f.level)
    if f.unit:
        conds.append(Unit.id == int(f.unit) if f.unit.isdigit()
                     else Unit.name.contains(f.unit, autoescape=True))
    return _page(engine, select(*UNIT_COLUMNS).where(*conds), (Unit.id,), limit, offset,
                 key=Unit.id, after=after, count=count)


def get_unit(engine: Engine, unit_id: int) -> Optional[dict]:
    """A unit, its parent department, the units printed under it, its current documents, and the
    other printed names of the same unit (its identity across documents, docs/cross-document.md)."""
    parent = _PARENT
    with engine.connect() as conn:
        unit = conn.execute(select(*UNIT_COLUMNS, parent.name.label("parent_name"))
                            .outerjoin(parent, parent.id == Unit.parent_id)
                            .where(Unit.id == unit_id)).mappings().first()
        if unit is None:
            return None
        out = _row(unit)
        out["children"] = [_row(r) for r in conn.execute(
            select(Unit.id, Unit.name).where(Unit.parent_id == unit_id).order_by(Unit.id))
            .mappings()]
        out["documents"] = [_row(r) for r in conn.execute(
            select(Document.id, Document.kind, Document.year, Document.source, Document.status)
            .where(_current(), Document.unit_id == unit_id).order_by(Document.id)).mappings()]
        out["same_unit"] = [_row(r) for r in conn.execute(
            select(Unit.id, Unit.name).where(func.coalesce(Unit.canonical_id, Unit.id)
                                             == out["identity_id"], Unit.id != unit_id)
            .order_by(Unit.id)).mappings()]
    return out


def _dimension_column(name: str) -> SQLColumnExpression[Any]:
    # the mapping typed: SQLAlchemy 2.0.10 joins its mixed values to ``object``
    columns: dict[str, SQLColumnExpression[Any]] = {
        "year": Document.year, "region": Document.region_code, "unit": _fact_unit(),
        "kind": Document.kind, "level": Document.level, "measure": FactRow.measure,
        "basis": FactRow.basis, "document": Document.id}
    return columns[name]


def aggregate(engine: Engine, f: Filters, drilldown: tuple[str, ...],
              cuts: Optional[dict[str, str]] = None) -> list[dict]:
    """Sum and count of the figures ``f`` selects, restricted by ``cuts`` (dimension → value; a
    region code and a measure ending with ``.`` are prefixes, as in :class:`Filters`) and
    grouped by ``drilldown`` dimensions, one row per group ordered by its keys. Sums are exact
    (see module doc); ``facts`` is the number of figures summed.

    Each printed figure is counted once: a document that prints the same measure and basis for
    the same unit in two tables (a 类 in the summary table and in the expenditure table) or in a
    table and in its text adds it once — the table's, lowest table index first. Why: a plain sum
    of facts counts such a document two or three times (issue #9). The API's ``/aggregate`` and
    the web pages both sum through here, so they cannot disagree."""
    conds = _fact_where(f) + _cut_where(cuts or {})
    keys: list[Label[Any]] = [_dimension_column(d).label(d) for d in drilldown]
    stmt = (select(FactRow.document_id, FactRow.measure, FactRow.basis,
                   _fact_unit().label("_unit"), FactRow.value, *keys)
            .join(Document, Document.id == FactRow.document_id).where(*conds)
            .order_by(FactRow.document_id, FactRow.measure, FactRow.basis,
                      FactRow.table_idx.is_(None), FactRow.table_idx, FactRow.id))
    seen: set[tuple] = set()
    groups: dict[tuple, list[Any]] = {}
    with engine.connect() as conn:
        for row in conn.execute(stmt.execution_options(yield_per=5000)):
            figure = tuple(row[:4])
            if figure in seen:
                continue
            seen.add(figure)
            acc = groups.setdefault(tuple(row[5:]), [Decimal(0), 0])
            acc[0] += row[4]
            acc[1] += 1
    return [{**dict(zip(drilldown, key)), "sum": groups[key][0], "facts": groups[key][1]}
            for key in sorted(groups, key=lambda k: tuple((v is None, v) for v in k))]


def _cut_where(cuts: dict[str, str]) -> list:
    """Conditions for ``cuts``: a region code and a measure ending with ``.`` are prefixes."""
    conds = []
    for name, value in cuts.items():
        col = _dimension_column(name)
        prefix = (name == "region" and value.isdigit()) or (name == "measure" and value.endswith("."))
        if not prefix:
            conds.append(col == _typed(name, value))
        else:
            conds.append(StartsWith(col, value) if name == "measure"
                         else col.startswith(value, autoescape=True))
    return conds


def _typed(name: str, value: str) -> int | str:
    """A cut's value in its column's type (year, unit and document are integers)."""
    return int(value) if name in ("year", "unit", "document") else value


def filter_names() -> tuple[str, ...]:
    return tuple(fl.name for fl in fields(Filters))
