"""Store one processed file: one transaction per document, idempotent.

Why one transaction per document: an interrupted ingest leaves every document either wholly stored
(file, metadata, tables, facts, findings, evidence) or not at all, so the next run skips exactly what
is complete and redoes the rest. Why idempotent: the same content read by the same extractor
version is stored once however many times, or by however many processes, it is ingested — the
check runs under the write lock (SQLite) and the unique constraint catches the race (PostgreSQL).
"""

from __future__ import annotations

from datetime import datetime
from typing import Iterable, Optional, Sequence

from sqlalchemy import (Connection, Engine, FromClause, Table, bindparam, delete, insert, select,
                        update)
from sqlalchemy.exc import IntegrityError

from ..model import Result
from .engine import insert_ignoring, writing
from . import search
from .doc_units import document_units
from .prepared import (CLAIM_COLUMNS, DIAGNOSTIC_COLUMNS, EVIDENCE_COLUMNS, FACT_COLUMNS,
                       FINDING_COLUMNS, TABLE_COLUMNS, UNIT_AT, Prepared, prepare)
from .rows import FileRecord
from .schema import (TABLES, Blob, DiagnosticRow, DocTable, Document, EvidenceRow, FactRow,
                     FindingRow)
from .schema_cross import ClaimRow
from .schema_search import SearchEntry

STORED = "stored"
#: Hashes per query of :func:`make_current` (bound parameters stay far below every limit).
_CHUNK = 500
EXISTS = "exists"


def write_result(engine: Engine, file: FileRecord, result: Result | Prepared, *,
                 extractor_version: str, run_id: Optional[int], read_at: datetime) -> str:
    """Store ``result`` for ``file`` and return ``"stored"``, or ``"exists"`` when a document with
    the same content hash and extractor version is already there (nothing is written then).
    ``result`` may come as its rows already (:func:`.prepared.prepare`, done in an ingest
    worker); a Result is prepared here, so both store the same rows."""
    rows = result if isinstance(result, Prepared) else prepare(result)
    try:
        with writing(engine).begin() as conn:
            if file.sha256 and _document_id(conn, file.sha256, extractor_version) is not None:
                return EXISTS
            _write(conn, file, rows, extractor_version=extractor_version, run_id=run_id,
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
    return conn.execute(_EXISTS, {"sha_": sha256, "version_": version}).scalar()


def _write(conn: Connection, file: FileRecord, rows: Prepared, *, extractor_version: str,
           run_id: Optional[int], read_at: datetime) -> int:
    if file.sha256:
        _put_blob(conn, file)
    else:  # a file that could not be opened: keep only its latest failure for this source
        conn.execute(delete(Document).where(Document.sha256.is_(None),
                                            Document.source == file.source,
                                            Document.extractor_version == extractor_version))
    own_id, unit_ids = document_units(conn, rows)
    doc = {"sha256": file.sha256, "extractor_version": extractor_version, "run_id": run_id,
           "source": file.source, **rows.document, "read_at": read_at, "unit_id": own_id}
    doc_id = conn.execute(_DOCUMENT, doc).scalar_one()
    _write_contents(conn, doc_id, rows, unit_ids)
    if rows.ok:
        search.add_entries(conn, [search.document_entry(doc_id, doc)])
    if file.sha256:
        search.drop_superseded(conn, file.sha256, doc_id)
        conn.execute(_SUPERSEDE, {"sha_": file.sha256, "current_": doc_id})
    return doc_id


# The writer's statements, built once (bound values by name): building one per call, from the
# mapped classes' attributes, cost several times executing it (docs/store.md, session 19).
_EXISTS = select(Document.id).where(Document.sha256 == bindparam("sha_"),
                                    Document.extractor_version == bindparam("version_"))
_DOCUMENT = insert(TABLES["documents"]).returning(TABLES["documents"].c.id)
_SUPERSEDE = (update(Document).where(Document.sha256 == bindparam("sha_"),
                                     Document.id != bindparam("current_"),
                                     Document.superseded_by.is_(None))
              .values(superseded_by=bindparam("current_")))
_FINDING_IDS = (select(FindingRow.id).where(FindingRow.document_id == bindparam("document_"))
                .order_by(FindingRow.id))
_BLOB = select(Blob.size, Blob.content.is_(None)).where(Blob.sha256 == bindparam("sha_"))


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


def _write_contents(conn: Connection, doc_id: int, rows: Prepared,
                    unit_ids: dict[str, int]) -> None:
    """The document's tables, facts, claims, diagnostics, findings and evidence: the prepared
    tuples with the ids the database gave added, one executemany per table."""
    if rows.tables:
        _bulk_insert(conn, DocTable.__table__, TABLE_COLUMNS, doc_id, rows.tables)
    if rows.facts:
        _bulk_insert(conn, FactRow.__table__, FACT_COLUMNS, doc_id,
                     _with_units(rows.facts, rows.fact_units, unit_ids))
    if rows.claims:
        _bulk_insert(conn, ClaimRow.__table__, CLAIM_COLUMNS, doc_id, rows.claims)
    if rows.diagnostics:
        _bulk_insert(conn, DiagnosticRow.__table__, DIAGNOSTIC_COLUMNS, doc_id, rows.diagnostics)
    if not rows.findings:
        return
    _bulk_insert(conn, FindingRow.__table__, FINDING_COLUMNS, doc_id, rows.findings)
    ids = _finding_ids(conn, doc_id)
    evidence = [(fid, *e) for fid, each in zip(ids, rows.evidence) for e in each]
    if evidence:
        _bulk_insert(conn, EvidenceRow.__table__, EVIDENCE_COLUMNS, None, evidence,
                     first="finding_id")


def _finding_ids(conn: Connection, doc_id: int) -> list[int]:
    """The ids of the document's findings in the order they were inserted. Why a query and not
    RETURNING: SQLAlchemy could keep RETURNING's rows in parameter order on SQLite only by
    inserting one finding per statement (528 statements a corpus pass). The document is this
    transaction's own, so its findings are the ones just inserted, and one executemany gives
    them rising ids in its order (SQLite's next rowid; PostgreSQL's sequence, rising within a
    session)."""
    return list(conn.execute(_FINDING_IDS, {"document_": doc_id}).scalars())


def _with_units(facts: tuple[tuple, ...], scoped: tuple[tuple[int, str], ...],
                unit_ids: dict[str, int]) -> list[tuple] | tuple[tuple, ...]:
    """The fact tuples with the id of the unit each is scoped to (only those facts are copied:
    most facts are the document's own, with no unit of their own)."""
    if not scoped or not unit_ids:
        return facts
    out = list(facts)
    for i, name in scoped:
        uid = unit_ids.get(name)
        if uid is not None:
            row = out[i]
            out[i] = row[:UNIT_AT] + (uid,) + row[UNIT_AT + 1:]
    return out


def _bulk_insert(conn: Connection, table: FromClause, names: tuple[str, ...],
                 doc_id: Optional[int], rows: Sequence[tuple], first: str = "document_id") -> None:
    """One executemany straight to the driver. Why: for a large document (16,000 facts) SQLAlchemy's
    per-row parameter processing cost more than SQLite's own work; storing must stay a small share
    of extraction (scripts/ingest_benchmark.py). The rows come prepared (:mod:`.prepared`: plain
    values, a fact's exact decimal as its text, which NUMERIC parses on PostgreSQL); the
    document's id, the same for every row, is bound once in the statement's text (an integer the
    database gave), so no row is copied to add it; ``doc_id`` None: each row starts with its
    ``first`` column's value (an evidence row's finding)."""
    assert isinstance(table, Table)  # a mapped class's __table__ (typed as any FROM clause)
    prep = conn.dialect.identifier_preparer
    mark = "?" if conn.dialect.paramstyle == "qmark" else "%s"
    marks = [mark] * len(names)
    head = [str(int(doc_id))] if doc_id is not None else [mark]
    sql = (f"INSERT INTO {prep.format_table(table)} "
           f"({', '.join(prep.quote(n) for n in (first, *names))}) "
           f"VALUES ({', '.join(head + marks)})")
    conn.exec_driver_sql(sql, list(rows))


def _put_blob(conn: Connection, file: FileRecord) -> None:
    """Keep the original bytes once per content hash (a newer extractor's row reuses them)."""
    row = conn.execute(_BLOB, {"sha_": file.sha256}).first()
    if row is None:
        insert_ignoring(conn, TABLES["blobs"], ("sha256",),
                        [{"sha256": file.sha256, "size": file.size or 0, "content": file.content}])
    elif row[1] and file.content is not None:
        conn.execute(update(Blob).where(Blob.sha256 == file.sha256)
                     .values(content=file.content))
