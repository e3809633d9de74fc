"""Store one processed file: one transaction per document, idempotent.

Why one transaction per document: an interrupted ingest leaves every document either wholly stored
(file, metadata, tables, facts, findings, evidence) or not at all, so the next run skips exactly what
is complete and redoes the rest. Why idempotent: the same content read by the same extractor
version is stored once however many times, or by however many processes, it is ingested — the
check runs under the write lock (SQLite) and the unique constraint catches the race (PostgreSQL).
"""

from __future__ import annotations

from datetime import datetime
from operator import itemgetter
from typing import Iterable, Optional

from sqlalchemy import Connection, Engine, FromClause, Table, delete, insert, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import IntegrityError

from ..model import Result
from .engine import writing
from . import search
from . import units as identity
from .rows import (FileRecord, UnitName, name_key, to_claim_row, to_diagnostic_row,
                   to_document_row, to_evidence_rows, to_fact_row, to_finding_row, to_table_row,
                   to_unit_names)
from .schema import (Base, Blob, DiagnosticRow, DocTable, Document, EvidenceRow, ExactDecimal,
                     FactRow, FindingRow, Unit)
from .schema_cross import ClaimRow
from .schema_search import SearchEntry

STORED = "stored"
#: Hashes per query of :func:`make_current` (bound parameters stay far below every limit).
_CHUNK = 500
EXISTS = "exists"


def write_result(engine: Engine, file: FileRecord, result: Result, *, extractor_version: str,
                 run_id: Optional[int], read_at: datetime) -> str:
    """Store ``result`` for ``file`` and return ``"stored"``, or ``"exists"`` when a document with
    the same content hash and extractor version is already there (nothing is written then)."""
    try:
        with writing(engine).begin() as conn:
            if file.sha256 and _document_id(conn, file.sha256, extractor_version) is not None:
                return EXISTS
            _write(conn, file, result, extractor_version=extractor_version, run_id=run_id,
                   read_at=read_at)
            return STORED
    except IntegrityError:
        # Another process stored the same content between our check and our insert (PostgreSQL,
        # where the check does not lock): the constraint kept one copy, which is all we wanted.
        with engine.connect() as conn:
            if file.sha256 and _document_id(conn, file.sha256, extractor_version) is not None:
                return EXISTS
        raise


def _document_id(conn: Connection, sha256: str, version: str) -> Optional[int]:
    return conn.execute(select(Document.id).where(Document.sha256 == sha256,
                                                  Document.extractor_version == version)).scalar()


def _write(conn: Connection, file: FileRecord, result: Result, *, extractor_version: str,
           run_id: Optional[int], read_at: datetime) -> int:
    if file.sha256:
        _put_blob(conn, file)
    else:  # a file that could not be opened: keep only its latest failure for this source
        conn.execute(delete(Document).where(Document.sha256.is_(None),
                                            Document.source == file.source,
                                            Document.extractor_version == extractor_version))
    own, others = to_unit_names(result)
    own_id: Optional[int] = None
    unit_ids: dict[str, int] = {}
    if own is not None:
        known = own_id = _unit_id(conn, own, None)
        unit_ids = {n: known if name_key(n) == name_key(own.name) else
                    _unit_id(conn, UnitName(n, own.region_code, own.region, "unit"), known)
                    for n in others}
    doc = to_document_row(file, result, extractor_version=extractor_version, run_id=run_id,
                          read_at=read_at, unit_id=own_id)
    doc_id = conn.execute(insert(Document).returning(Document.id), doc).scalar_one()
    _write_contents(conn, doc_id, result, unit_ids)
    if doc["status"] == "ok":
        search.add_entries(conn, [search.document_entry(doc_id, doc)])
    if file.sha256:
        search.drop_superseded(conn, file.sha256, doc_id)
        conn.execute(update(Document)
                     .where(Document.sha256 == file.sha256, Document.id != doc_id,
                            Document.superseded_by.is_(None))
                     .values(superseded_by=doc_id))
    return doc_id


def make_current(engine: Engine, hashes: Iterable[str], version: str) -> set[str]:
    """Make the stored documents of ``version`` current again for ``hashes`` whose current
    document is another reading (an ingest or reprocess under other read settings superseded
    it); returns the hashes so restored. Nothing is read again: the document of that content
    and version is already complete in the library (one per content and version,
    ``uq_documents_content``), so the reading the user asks for is the one stored.

    Why: without this, a plain ``reprocess`` after an ingest with changed settings would read
    the file, find its default document stored ("exists") and leave the other reading current,
    counting the file stale for ever. The other reading stays, superseded, for comparison."""
    restored: set[str] = set()
    wanted = list(dict.fromkeys(hashes))
    with writing(engine).begin() as conn:
        for i in range(0, len(wanted), _CHUNK):
            rows = conn.execute(select(Document.id, Document.sha256).where(
                Document.sha256.in_(wanted[i:i + _CHUNK]), Document.extractor_version == version,
                Document.superseded_by.is_not(None))).all()
            for doc_id, sha256 in rows:
                if sha256 is not None:  # (the query asked for these hashes: never None)
                    _restore(conn, doc_id, sha256)
                    restored.add(sha256)
    return restored


def _restore(conn: Connection, doc_id: int, sha256: str) -> None:
    """``doc_id`` becomes the current document of its content; the one current before is
    superseded by it, and the search finds the restored one (as :func:`_write` does)."""
    conn.execute(update(Document).where(Document.id == doc_id).values(superseded_by=None))
    conn.execute(update(Document).where(Document.sha256 == sha256, Document.id != doc_id,
                                        Document.superseded_by.is_(None))
                 .values(superseded_by=doc_id))
    search.drop_superseded(conn, sha256, doc_id)
    row = conn.execute(select(Document.__table__).where(Document.id == doc_id)).mappings().one()
    if row["status"] == "ok":
        conn.execute(delete(SearchEntry).where(SearchEntry.kind == "document",
                                               SearchEntry.document_id == doc_id))
        search.add_entries(conn, [search.document_entry(doc_id, row)])


def _write_contents(conn: Connection, doc_id: int, result: Result, unit_ids: dict[str, int]) -> None:
    d = result.disclosure
    if d is not None:
        if d.tables:
            conn.execute(insert(DocTable), [to_table_row(doc_id, t) for t in d.tables])
        if d.facts:
            _bulk_insert(conn, FactRow.__table__,
                         [to_fact_row(doc_id, f, unit_ids) for f in d.facts])
        if d.claims:
            _bulk_insert(conn, ClaimRow.__table__, [to_claim_row(doc_id, c) for c in d.claims])
    if result.diagnostics:
        conn.execute(insert(DiagnosticRow),
                     [to_diagnostic_row(doc_id, x) for x in result.diagnostics])
    findings = result.audit.findings if result.audit else ()
    if not findings:
        return
    ids = conn.execute(insert(FindingRow).returning(FindingRow.id, sort_by_parameter_order=True),
                       [to_finding_row(doc_id, f) for f in findings]).scalars().all()
    evidence = [row for fid, f in zip(ids, findings) for row in to_evidence_rows(fid, f.evidence)]
    if evidence:
        _bulk_insert(conn, EvidenceRow.__table__, evidence)


def _bulk_insert(conn: Connection, table: FromClause, rows: list[dict]) -> None:
    """One executemany straight to the driver. Why: for a large document (16,000 facts) SQLAlchemy's
    per-row parameter processing cost more than SQLite's own work; storing must stay a small share
    of extraction (scripts/ingest_benchmark.py). Exact decimals are bound as the column type binds
    them (text on SQLite, Decimal for PostgreSQL's NUMERIC)."""
    assert isinstance(table, Table)  # a mapped class's __table__ (typed as any FROM clause)
    names = list(rows[0])
    exact = {n for n in names if isinstance(table.c[n].type, ExactDecimal)}
    as_text = conn.dialect.name != "postgresql"
    prep = conn.dialect.identifier_preparer
    mark = "?" if conn.dialect.paramstyle == "qmark" else "%s"
    sql = (f"INSERT INTO {prep.format_table(table)} ({', '.join(prep.quote(n) for n in names)}) "
           f"VALUES ({', '.join([mark] * len(names))})")
    conn.exec_driver_sql(sql, _params(rows, names, exact if as_text else set()))


def _params(rows: list[dict], names: list[str], as_text: set[str]) -> list[tuple]:
    """The rows as tuples in ``names`` order, the ``as_text`` columns' values (not None) as text.
    Why not a generator per row: with a dozen columns and 40,000 facts over the corpus PDFs it was
    the writer's largest cost (itemgetter picks a row's values in one C call)."""
    pick = itemgetter(*names)
    if len(names) == 1:
        return [(r[names[0]],) if names[0] not in as_text or r[names[0]] is None
                else (str(r[names[0]]),) for r in rows]
    at = [i for i, n in enumerate(names) if n in as_text]
    if not at:
        return [pick(r) for r in rows]
    out = []
    for r in rows:
        values = list(pick(r))
        for i in at:
            if values[i] is not None:
                values[i] = str(values[i])
        out.append(tuple(values))
    return out


def _put_blob(conn: Connection, file: FileRecord) -> None:
    """Keep the original bytes once per content hash (a newer extractor's row reuses them)."""
    row = conn.execute(select(Blob.size, Blob.content.is_(None))
                       .where(Blob.sha256 == file.sha256)).first()
    if row is None:
        _insert_ignoring_conflict(conn, Blob, {"sha256": file.sha256, "size": file.size or 0,
                                               "content": file.content}, ["sha256"])
    elif row[1] and file.content is not None:
        conn.execute(update(Blob).where(Blob.sha256 == file.sha256)
                     .values(content=file.content))


def _unit_id(conn: Connection, unit: UnitName, parent_id: Optional[int]) -> int:
    """Get or create a unit by (normalised name, region code); fill level and parent if missing."""
    key = name_key(unit.name)
    where = (Unit.name_key == key, Unit.region_code == unit.region_code)
    found = conn.execute(select(Unit.id, Unit.level, Unit.parent_id).where(*where)).first()
    if found is None:
        _insert_ignoring_conflict(conn, Unit, {"name": unit.name, "name_key": key,
                                               "region_code": unit.region_code,
                                               "region": unit.region, "level": unit.level,
                                               "parent_id": parent_id},
                                  ["name_key", "region_code"])
        found = conn.execute(select(Unit.id, Unit.level, Unit.parent_id).where(*where)).one()
        identity.assign(conn, found[0])
        if not conn.execute(select(SearchEntry.id).where(SearchEntry.kind == "unit",
                                                         SearchEntry.ref == str(found[0]))).first():
            search.add_entries(conn, [search.unit_entry(found[0], unit.name, unit.region_code)])
    unit_id, level, parent = found
    fill: dict[str, str | int] = {}
    if level is None and unit.level:
        fill["level"] = unit.level
    if parent is None and parent_id is not None and parent_id != unit_id:
        fill["parent_id"] = parent_id
    if fill:
        conn.execute(update(Unit).where(Unit.id == unit_id).values(**fill))
    return unit_id


def _insert_ignoring_conflict(conn: Connection, model: type[Base], values: dict,
                              keys: list[str]) -> None:
    """INSERT … ON CONFLICT DO NOTHING: a concurrent writer may have inserted the same key."""
    if conn.dialect.name == "postgresql":
        conn.execute(pg_insert(model).values(**values).on_conflict_do_nothing(index_elements=keys))
    elif conn.dialect.name == "sqlite":
        conn.execute(sqlite_insert(model).values(**values)
                     .on_conflict_do_nothing(index_elements=keys))
    else:  # another backend: a plain insert (the constraint still guards)
        conn.execute(insert(model), values)
