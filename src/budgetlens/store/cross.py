"""What the cross-document stage reads from the library and writes back, and what the API lists.

Why plain records here: the stage (:mod:`budgetlens.crosscheck`) sits above the store and must not
depend on the schema's spelling; it asks for the current documents with their unit identity, the
facts and reason sentences of one document, and hands back finished findings. Findings are
replaced as a whole in one transaction: a check is a function of the library, so after a run the
table holds exactly what this library implies, never a mix of two runs.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Iterable, NamedTuple, Optional

from sqlalchemy import Engine, and_, delete, func, insert, or_, select

from .browse import Filters, Page, _page, _row
from .engine import writing
from .schema import Document, FactRow, Unit
from .schema_cross import ClaimRow, CrossEvidence, CrossFinding
from .shapes import OwnFigure


@dataclass(frozen=True)
class StoredDocument:
    """A current, successfully read document with its unit identity (``unit`` = canonical id)."""

    id: int
    source: str
    kind: str
    year: int
    level: Optional[str]
    unit: int
    unit_name: str
    region_code: Optional[str]
    n_claims: Optional[int]


class StoredFact(NamedTuple):
    """A document's own figure (not a by-unit row) with its provenance."""

    measure: str
    basis: str
    value: Decimal
    decimals: int
    kind: str
    origin: str
    page: Optional[int]
    line: Optional[int]
    table_idx: Optional[int]
    row: Optional[int]
    col: Optional[int]
    text: str
    derivation: Optional[str]
    derived_from: Optional[str]


class StoredClaim(NamedTuple):
    kind: str
    measure: str
    basis: str
    page: Optional[int]
    line: Optional[int]
    text: str


class CrossEvidenceRecord(NamedTuple):
    document_id: int
    role: str
    measure: str = ""
    basis: str = ""
    value: Optional[str] = None
    derived: bool = False
    page: Optional[int] = None
    line: Optional[int] = None
    table_idx: Optional[int] = None
    row: Optional[int] = None
    col: Optional[int] = None
    text: str = ""


@dataclass(frozen=True)
class CrossRecord:
    """One finished cross-document finding, as the stage computed it."""

    document_id: int
    other_document_id: int
    unit_id: Optional[int]
    year: Optional[int]
    rule: str
    category: str
    severity: str
    message: str
    message_en: str
    measure: str = ""
    basis: str = ""
    stated: Optional[str] = None
    expected: Optional[str] = None
    difference: Optional[str] = None
    tolerance: Optional[str] = None
    rate: Optional[str] = None
    explained: Optional[bool] = None
    evidence: tuple[CrossEvidenceRecord, ...] = field(default=())


def current_documents(engine: Engine) -> list[StoredDocument]:
    """Current documents read successfully, with a kind, a year and a unit."""
    canon = func.coalesce(Unit.canonical_id, Unit.id)
    stmt = (select(Document.id, Document.source, Document.kind, Document.year, Document.level,
                   canon, Document.unit_name, Document.region_code, Document.n_claims)
            .join(Unit, Unit.id == Document.unit_id)
            .where(Document.superseded_by.is_(None), Document.status == "ok",
                   Document.kind.is_not(None), Document.year.is_not(None))
            .order_by(Document.id))
    with engine.connect() as conn:
        rows = conn.execute(stmt).all()
    out = []
    for doc_id, source, kind, year, level, unit, unit_name, region_code, n_claims in rows:
        # the query asks for a kind and a year; a document with a unit has its name (store/rows.py)
        if kind is not None and year is not None and unit_name is not None:
            out.append(StoredDocument(doc_id, source, kind, year, level, unit, unit_name,
                                      region_code, n_claims))
    return out


def document_facts(engine: Engine, document_id: int, bases: Iterable[str],
                   value_kinds: Iterable[str]) -> list[StoredFact]:
    """The document's own facts on ``bases`` of ``value_kinds``, in reading order."""
    stmt = (select(FactRow.measure, FactRow.basis, FactRow.value, FactRow.decimals, FactRow.kind,
                   FactRow.origin, FactRow.page, FactRow.line, FactRow.table_idx, FactRow.row,
                   FactRow.col, FactRow.text, FactRow.derivation, FactRow.derived_from)
            .where(FactRow.document_id == document_id, OwnFigure(FactRow.unit_id),
                   FactRow.basis.in_(list(bases)), FactRow.kind.in_(list(value_kinds)))
            .order_by(FactRow.id))
    with engine.connect() as conn:  # 14 columns: typed rows stop at 10, so the tuple is made whole
        return [StoredFact._make(r) for r in conn.execute(stmt)]


def document_claims(engine: Engine, document_id: int, kinds: Iterable[str]) -> list[StoredClaim]:
    stmt = (select(ClaimRow.kind, ClaimRow.measure, ClaimRow.basis, ClaimRow.page, ClaimRow.line,
                   ClaimRow.text)
            .where(ClaimRow.document_id == document_id, ClaimRow.kind.in_(list(kinds)))
            .order_by(ClaimRow.id))
    with engine.connect() as conn:
        return [StoredClaim(*r) for r in conn.execute(stmt)]


def run_identities(engine: Engine, run_id: int) -> set[int]:
    """The unit identities (canonical ids) of the documents an ingest run stored: what a
    crosscheck after that batch needs to look at again."""
    canon = func.coalesce(Unit.canonical_id, Unit.id)
    with engine.connect() as conn:
        return set(conn.execute(select(canon).distinct().join(Document, Document.unit_id == Unit.id)
                                .where(Document.run_id == run_id)).scalars())


def replace_cross_findings(engine: Engine, records: list[CrossRecord], checked_at: datetime,
                           *, scope: Optional[tuple[set[int], set[int]]] = None) -> int:
    """Replace the stored cross findings with ``records`` (one transaction): all of them, or
    with ``scope`` = (unit identities, document ids) only those of these identities or naming
    these documents on either side — a run over part of the library leaves the rest as it was."""
    with writing(engine).begin() as conn:
        if scope is None:
            conn.execute(delete(CrossEvidence))
            conn.execute(delete(CrossFinding))
        else:
            units, docs = sorted(scope[0]), sorted(scope[1])
            stale = select(CrossFinding.id).where(
                CrossFinding.unit_id.in_(units) | CrossFinding.document_id.in_(docs)
                | CrossFinding.other_document_id.in_(docs))
            ids = conn.execute(stale).scalars().all()
            for i in range(0, len(ids), 500):
                conn.execute(delete(CrossEvidence).where(CrossEvidence.finding_id.in_(ids[i:i + 500])))
                conn.execute(delete(CrossFinding).where(CrossFinding.id.in_(ids[i:i + 500])))
        if not records:
            return 0
        rows = [{k: getattr(r, k) for k in CrossRecord.__dataclass_fields__ if k != "evidence"}
                | {"checked_at": checked_at} for r in records]
        ids = conn.execute(insert(CrossFinding).returning(CrossFinding.id,
                                                          sort_by_parameter_order=True),
                           rows).scalars().all()
        evidence = [e._asdict() | {"finding_id": fid, "position": i}
                    for fid, r in zip(ids, records) for i, e in enumerate(r.evidence)]
        if evidence:
            conn.execute(insert(CrossEvidence), evidence)
    return len(records)


CROSS_COLUMNS = (CrossFinding.id, CrossFinding.rule, CrossFinding.category, CrossFinding.severity,
                 CrossFinding.unit_id, CrossFinding.year, CrossFinding.document_id,
                 CrossFinding.other_document_id, CrossFinding.measure, CrossFinding.basis,
                 CrossFinding.stated, CrossFinding.expected, CrossFinding.difference,
                 CrossFinding.tolerance, CrossFinding.rate, CrossFinding.explained,
                 CrossFinding.message, CrossFinding.message_en)


def list_cross_findings(engine: Engine, f: Filters, limit: int, offset: int, *,
                        after: Optional[int] = None, count: bool = True) -> Page:
    """Stored cross findings, filtered by rule, severity, year, document (either side), unit
    (identity id, or part of a printed name of it) and measure (prefix when it ends with ".")."""
    conds = []
    if f.rule:
        conds.append(CrossFinding.rule == f.rule)
    if f.severity:
        conds.append(CrossFinding.severity == f.severity)
    if f.year is not None:
        conds.append(CrossFinding.year == f.year)
    if f.document is not None:
        conds.append((CrossFinding.document_id == f.document)
                     | (CrossFinding.other_document_id == f.document))
    if f.unit:
        conds.append(CrossFinding.unit_id == int(f.unit) if f.unit.isdigit() else
                     CrossFinding.unit_id.in_(select(func.coalesce(Unit.canonical_id, Unit.id))
                                              .where(Unit.name.contains(f.unit, autoescape=True))))
    if f.measure:
        conds.append(CrossFinding.measure.startswith(f.measure, autoescape=True)
                     if f.measure.endswith(".") else CrossFinding.measure == f.measure)
    return _page(engine, select(*CROSS_COLUMNS).where(*conds), (CrossFinding.id,), limit, offset,
                 key=CrossFinding.id, after=after, count=count)


def cross_evidence(engine: Engine, finding_ids: list[int]) -> dict[int, list[dict]]:
    """The evidence of each cross finding, in order, each naming its document and source."""
    out: dict[int, list[dict]] = {i: [] for i in finding_ids}
    if not finding_ids:
        return out
    stmt = (select(CrossEvidence.finding_id, CrossEvidence.document_id, Document.source,
                   Document.kind, Document.year, CrossEvidence.role, CrossEvidence.measure,
                   CrossEvidence.basis, CrossEvidence.value, CrossEvidence.derived,
                   CrossEvidence.page, CrossEvidence.line, CrossEvidence.table_idx,
                   CrossEvidence.row, CrossEvidence.col, CrossEvidence.text)
            .join(Document, Document.id == CrossEvidence.document_id)
            .where(CrossEvidence.finding_id.in_(finding_ids))
            .order_by(CrossEvidence.finding_id, CrossEvidence.position))
    with engine.connect() as conn:
        for r in conn.execute(stmt).mappings():
            row = _row(r)
            out[row.pop("finding_id")].append(row)
    return out


#: What ties a cross finding's evidence to the fact it cites: the stage writes the fact's own
#: provenance (crosscheck/figures.py), so these fields name one fact of the document.
_FACT_PLACE = ("document_id", "measure", "basis", "page", "line", "table_idx", "row", "col")


def add_evidence_boxes(engine: Engine, evidence: dict[int, list[dict]]) -> None:
    """Give each piece of cross evidence the box of the fact it cites (``x0``, ``top``, ``x1``,
    ``bottom``; None when the fact has none: a text original, an implied figure), or of the
    reason sentence it cites (the lines of the sentence, kept with the claim since migration
    0009), in place.

    Why looked up rather than stored: the stage reads facts without their boxes and the
    ``cross_evidence`` table has no box columns; the fact still has its box, and the pages
    cited are few, so one query over those pages' facts finds them (matched on the fact's own
    place, never on its text alone)."""
    pieces = [e for rows in evidence.values() for e in rows]
    for e in pieces:
        e.update(x0=None, top=None, x1=None, bottom=None)
    pages: dict[int, set[int]] = {}
    for e in pieces:
        if e.get("page"):
            pages.setdefault(e["document_id"], set()).add(e["page"])
    if not pages:
        return
    stmt = (select(FactRow.document_id, FactRow.measure, FactRow.basis, FactRow.page,
                   FactRow.line, FactRow.table_idx, FactRow.row, FactRow.col, FactRow.x0,
                   FactRow.top, FactRow.x1, FactRow.bottom)
            .where(FactRow.x0.is_not(None),
                   or_(*(and_(FactRow.document_id == d, FactRow.page.in_(sorted(p)))
                         for d, p in pages.items())))
            .order_by(FactRow.id))
    boxes: dict[tuple, tuple] = {}
    with engine.connect() as conn:
        for r in conn.execute(stmt).mappings():
            boxes.setdefault(tuple(r[k] for k in _FACT_PLACE),
                             (r["x0"], r["top"], r["x1"], r["bottom"]))
    sentences = _claim_boxes(engine, pages)
    for e in pieces:
        box = (sentences.get((e["document_id"], e.get("page"), e.get("line"), e.get("text")))
               if e.get("role") == "reason" else boxes.get(tuple(e.get(k) for k in _FACT_PLACE)))
        if box is not None:
            e.update(x0=box[0], top=box[1], x1=box[2], bottom=box[3])


def _claim_boxes(engine: Engine, pages: dict[int, set[int]]) -> dict[tuple, tuple]:
    """(document, page, line, text) → the box of each reason sentence on the pages cited: what
    ties a reason's evidence to its claim (crosscheck/reasons.py writes the claim's place and
    text)."""
    stmt = (select(ClaimRow.document_id, ClaimRow.page, ClaimRow.line, ClaimRow.text,
                   ClaimRow.x0, ClaimRow.top, ClaimRow.x1, ClaimRow.bottom)
            .where(ClaimRow.kind == "reason", ClaimRow.x0.is_not(None),
                   or_(*(and_(ClaimRow.document_id == d, ClaimRow.page.in_(sorted(p)))
                         for d, p in pages.items())))
            .order_by(ClaimRow.id))
    with engine.connect() as conn:
        return {tuple(r[:4]): tuple(r[4:]) for r in conn.execute(stmt)}
