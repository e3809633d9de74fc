"""Questions the ingest loop, ``db info`` and the query API ask the library (reads, plus the run
bookkeeping). Every SQL statement the upper floors need lives here (or in ``browse.py`` for the
API's lists and aggregates), so that they never depend on the schema's spelling.

Why the "what is stored" question is asked by hash before any file is parsed: resuming an
interrupted batch must cost a hash per file, not a read and an extraction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any, Iterable, Iterator, Optional, Sequence

from sqlalchemy import Connection, Engine, Row, Select, func, insert, select, update

from ..model import Severity
from .browse import (DIMENSIONS, SCOPES, Filters, Page, aggregate, finding_evidence,  # noqa: F401
                     get_document, get_unit, list_documents, list_facts, list_findings, list_units)
from .cross import cross_evidence, list_cross_findings  # noqa: F401  (the API's and CLI's)
from .engine import writing
from .explore import (FACETS, document_tables, document_values, evidence_with_boxes,  # noqa: F401
                      facet_counts, figure_sums, get_fact, narrative_claims, original_file, search_documents, table_cells,
                      unit_names, unit_values)
from .schema import (Blob, DiagnosticRow, DocTable, Document, EvidenceRow, FactRow, FindingRow,
                     Run, Unit)

#: SQLite allows at most 32,766 bound parameters; ask about hashes in chunks well below that.
_CHUNK = 500


def now() -> datetime:
    return datetime.now(timezone.utc)


def stored_hashes(engine: Engine, hashes: Iterable[str], version: str) -> set[str]:
    """Which of ``hashes`` already have a document for extractor ``version`` (ok or failed)."""
    wanted = list(dict.fromkeys(hashes))
    found: set[str] = set()
    with engine.connect() as conn:
        for i in range(0, len(wanted), _CHUNK):
            chunk = wanted[i:i + _CHUNK]
            got = conn.execute(select(Document.sha256).where(
                Document.sha256.in_(chunk), Document.extractor_version == version)).scalars()
            found.update(h for h in got if h is not None)
    return found


@dataclass(frozen=True)
class StoredOutcome:
    """What the library holds for one content hash and version: status and worst severity."""

    status: str
    error_code: Optional[str]
    reason: Optional[str]
    worst: Optional[str]
    #: ``reason`` in English: the message_en of the failure's own diagnostic (ingest --lang en)
    reason_en: Optional[str] = None


def stored_outcomes(engine: Engine, hashes: Iterable[str], version: str) -> dict[str, StoredOutcome]:
    """Outcome per hash, so that a resumed or repeated ingest exits as the first one did."""
    wanted = list(dict.fromkeys(hashes))
    out: dict[str, StoredOutcome] = {}
    with engine.connect() as conn:
        for i in range(0, len(wanted), _CHUNK):
            chunk = wanted[i:i + _CHUNK]
            docs = conn.execute(select(Document.id, Document.sha256, Document.status,
                                       Document.error_code, Document.reason).where(
                Document.sha256.in_(chunk), Document.extractor_version == version)).all()
            severities: dict[int, set[str]] = {}
            for doc_id, sev in conn.execute(
                    select(FindingRow.document_id, FindingRow.severity).distinct().where(
                        FindingRow.document_id.in_([d.id for d in docs]))):
                severities.setdefault(doc_id, set()).add(sev)
            english = _reasons_en(conn, [d for d in docs if d.status != "ok"])
            for d in docs:
                sevs = severities.get(d.id, set())
                worst = max(sevs, key=lambda s: Severity.ORDER.get(s, 0)) if sevs else None
                out[d.sha256] = StoredOutcome(d.status, d.error_code, d.reason, worst,
                                              english.get(d.id))
    return out


def start_run(engine: Engine, command: str, version: str, files: int) -> int:
    with writing(engine).begin() as conn:
        return conn.execute(insert(Run).returning(Run.id), {
            "command": command, "extractor_version": version, "started_at": now(),
            "files": files, "stored": 0, "skipped": 0, "failed": 0, "pages": 0, "facts": 0,
            "findings": 0}).scalar_one()


def finish_run(engine: Engine, run_id: int, **counts: int) -> None:
    """Record a run's counts (also called for an interrupted run, with what it did so far)."""
    with writing(engine).begin() as conn:
        conn.execute(update(Run).where(Run.id == run_id).values(finished_at=now(), **counts))


@dataclass(frozen=True)
class StaleBlob:
    """A stored file whose current document was written by another extractor version."""

    sha256: str
    source: str
    content: bytes


def _reasons_en(conn: Connection, failed: Sequence[Row]) -> dict[int, str]:
    """Per failed document, the English of its reason: its diagnostic of the same code and
    message (how the pipeline and the ingest record a failure's two texts)."""
    if not failed:
        return {}
    wanted = {d.id: (d.error_code, d.reason) for d in failed}
    rows = conn.execute(select(DiagnosticRow.document_id, DiagnosticRow.code,
                               DiagnosticRow.message, DiagnosticRow.message_en).where(
        DiagnosticRow.document_id.in_(list(wanted)))).all()
    return {doc: en for doc, code, message, en in rows if en and wanted[doc] == (code, message)}


def stale_blobs(engine: Engine, version: str) -> Iterator[StaleBlob]:
    """Files to re-process for ``version``: kept content whose current document is older.
    Yields one at a time (the bytes of a whole library need not fit in memory)."""
    with engine.connect() as conn:
        rows = conn.execute(select(Document.sha256, Document.source).where(
            Document.superseded_by.is_(None), Document.sha256.is_not(None),
            Document.extractor_version != version)).all()
    done: set[str] = set()
    for sha256, source in rows:
        if sha256 is None or sha256 in done:  # (the query keeps kept content only)
            continue
        done.add(sha256)
        with engine.connect() as conn:
            content = conn.execute(select(Blob.content).where(Blob.sha256 == sha256)).scalar()
        if content is not None:
            yield StaleBlob(sha256, source, content)


def stale_sources(engine: Engine, version: str) -> dict[str, str]:
    """Hash → source of the kept files whose current document is not of ``version`` (what
    :func:`stale_blobs` would yield, without their bytes)."""
    with engine.connect() as conn:
        rows = conn.execute(select(Document.sha256, Document.source).where(
            Document.superseded_by.is_(None), Document.sha256.is_not(None),
            Document.extractor_version != version)).all()
    return {sha256: source for sha256, source in rows if sha256 is not None}


def count_stale(engine: Engine, version: str) -> int:
    with engine.connect() as conn:
        return conn.execute(select(func.count(func.distinct(Document.sha256))).where(
            Document.superseded_by.is_(None), Document.sha256.is_not(None),
            Document.extractor_version != version)).scalar_one()


#: The code of the diagnostic a document read with non-default settings carries (read/__init__).
READ_SETTINGS = "read-settings"


def readings(engine: Engine) -> list[dict]:
    """Which readings the current documents are: per extractor version, how many current
    documents and under which read settings (``""``: the defaults). Why: after an ingest with
    ``--read-setting`` and a ``reprocess`` back to the defaults, a user must see which reading
    each part of the library is; the version's tag is a digest, so the settings are taken from
    the ``read-settings`` diagnostic the documents of that version carry (its English text is
    ``read with non-default settings: NAME=VALUE, …``)."""
    with engine.connect() as conn:
        counts = conn.execute(select(Document.extractor_version, func.count()).where(
            Document.superseded_by.is_(None)).group_by(Document.extractor_version)
            .order_by(Document.extractor_version)).all()
        out = []
        for version, n in counts:
            note = conn.execute(select(DiagnosticRow.message_en).join(
                Document, Document.id == DiagnosticRow.document_id).where(
                Document.extractor_version == version, DiagnosticRow.code == READ_SETTINGS)
                .limit(1)).scalar()
            settings = note.partition(": ")[2] if note else ""
            out.append({"version": version, "settings": settings, "documents": n})
    return out


def info(engine: Engine) -> dict:
    """Counts for ``budgetlens db info``: current documents by status, kind and year, facts,
    findings by severity, units, runs, kept bytes, extractor versions."""
    current = Document.superseded_by.is_(None)
    with engine.connect() as conn:
        def count(stmt: Select) -> int:
            return conn.execute(stmt).scalar_one() or 0

        cur_ids = select(Document.id).where(current)
        return {
            "documents": count(select(func.count()).select_from(Document).where(current)),
            "documents_all_versions": count(select(func.count()).select_from(Document)),
            "by_status": {k: v for k, v in conn.execute(select(Document.status, func.count())
                                           .where(current).group_by(Document.status))},
            "by_kind_year": [(k, y, n) for k, y, n in conn.execute(
                select(Document.kind, Document.year, func.count()).where(
                    current, Document.status == "ok").group_by(Document.kind, Document.year)
                .order_by(Document.year, Document.kind))],
            "pages": count(select(func.sum(Document.pages)).where(current)),
            "tables": count(select(func.count()).select_from(DocTable)
                            .where(DocTable.document_id.in_(cur_ids))),
            "facts": count(select(func.count()).select_from(FactRow)
                           .where(FactRow.document_id.in_(cur_ids))),
            "findings": {k: v for k, v in conn.execute(select(FindingRow.severity, func.count())
                                          .where(FindingRow.document_id.in_(cur_ids))
                                          .group_by(FindingRow.severity))},
            "evidence": count(select(func.count()).select_from(EvidenceRow)),
            "diagnostics": count(select(func.count()).select_from(DiagnosticRow)
                                 .where(DiagnosticRow.document_id.in_(cur_ids))),
            "units": count(select(func.count()).select_from(Unit)),
            "runs": count(select(func.count()).select_from(Run)),
            "blobs": count(select(func.count()).select_from(Blob)),
            "blob_bytes": count(select(func.sum(Blob.size))),
            "versions": {k: v for k, v in conn.execute(select(Document.extractor_version, func.count())
                                          .where(current).group_by(Document.extractor_version))},
        }
