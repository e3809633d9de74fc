"""The review of a document: each finding's status (待审核 / 已确认 / 已驳回) with its history, the
decisions carried over from earlier versions, the findings a correction resolved (已整改), and the
sign-off.

Versions: the documents of the same unit, year, kind and level are versions of one disclosure, in
the order they were stored (a corrected file re-published by the department, or the same file read
by a newer extractor) — except that a file with tables and a file without any are two parts of a
disclosure published in two files (表格 and 说明), not two versions. Carry-over is computed when the review is read, not copied when a document
is stored: the decisions stay where they were made (who decided on which version stays true), the
ingest path needs no knowledge of reviews, and a decision made later on an old version still shows
in the new one unless the new one has its own.

A finding's status is the latest confirm or dismiss on its key in this document, else the latest
on its key in an earlier version ("carried over from version X"), else pending. Comments never
change a status. Notes (severity info: rounding differences) need no decision for the sign-off.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from datetime import datetime, timezone
from typing import Optional

from sqlalchemy import Connection, Engine, insert, select, update

from ..model import Severity
from .accounts import Account, log
from .engine import StoreError, writing
from .findkey import finding_keys
from .schema import Document, FindingRow
from .schema_review import ACTIONS, Decision, SignOff, User

class ReviewStatus(StrEnum):
    """Where a finding's review stands: derived from its latest confirm/dismiss decision, never
    stored (a StrEnum: it equals and prints as its word, as templates and JSON show it)."""

    PENDING = "pending"
    CONFIRMED = "confirmed"
    DISMISSED = "dismissed"
    RESOLVED = "resolved"


PENDING, CONFIRMED, DISMISSED, RESOLVED = (ReviewStatus.PENDING, ReviewStatus.CONFIRMED,
                                          ReviewStatus.DISMISSED, ReviewStatus.RESOLVED)
STATUS_OF = {"confirm": CONFIRMED, "dismiss": DISMISSED}
#: Longest reason, comment or sign-off note kept.
TEXT_MAX = 4000


@dataclass
class FindingReview:
    finding_id: int
    key: str
    severity: str
    status: ReviewStatus = PENDING
    decided_by: str = ""
    decided_at: Optional[datetime] = None
    reason: str = ""
    carried_from: Optional[int] = None
    #: The carried decision's version as counted on the page (1 = the first stored).
    carried_version: Optional[int] = None
    history: list[dict] = field(default_factory=list)


@dataclass
class Review:
    document_id: int
    versions: list[int]
    findings: dict[int, FindingReview]
    resolved: list[dict]
    signoff: Optional[dict]

    @property
    def undecided(self) -> int:
        return sum(1 for f in self.findings.values()
                   if f.status == PENDING and f.severity != Severity.INFO)

    @property
    def previous(self) -> Optional[int]:
        i = self.versions.index(self.document_id)
        return self.versions[i - 1] if i > 0 else None

    @property
    def latest(self) -> int:
        return self.versions[-1]


def versions(conn: Connection, document_id: int) -> list[int]:
    """Ids of the versions of ``document_id``'s disclosure, oldest first (itself included)."""
    doc = conn.execute(select(Document.unit_id, Document.year, Document.kind, Document.level,
                              Document.n_tables)
                       .where(Document.id == document_id)).first()
    if doc is None:
        return []
    if doc.unit_id is None or doc.year is None or doc.kind is None:
        return [document_id]
    level = Document.level.is_(None) if doc.level is None else Document.level == doc.level
    # a disclosure published as a tables file and a text file is two parts, not two versions
    shape = Document.n_tables > 0 if doc.n_tables else Document.n_tables == 0
    return list(conn.execute(select(Document.id).where(
        Document.unit_id == doc.unit_id, Document.year == doc.year, Document.kind == doc.kind,
        level, shape, Document.status == "ok").order_by(Document.id)).scalars())


def _decisions(conn: Connection, document_ids: list[int]) -> list[dict]:
    stmt = (select(Decision.id, Decision.document_id, Decision.finding_key, Decision.action,
                   Decision.text, Decision.created_at, User.name.label("user"))
            .join(User, User.id == Decision.user_id)
            .where(Decision.document_id.in_(document_ids)).order_by(Decision.id))
    return [dict(r) for r in conn.execute(stmt).mappings()]


def _severities(conn: Connection, document_id: int) -> dict[int, str]:
    return {k: v for k, v in conn.execute(select(FindingRow.id, FindingRow.severity)
                             .where(FindingRow.document_id == document_id))}


def review(engine: Engine, document_id: int) -> Review:
    """The review of one document (see module doc)."""
    with engine.connect() as conn:
        chain = versions(conn, document_id)
        chain = chain if document_id in chain else [document_id]
        earlier = chain[:chain.index(document_id)]
        keys = finding_keys(conn, document_id)
        severity = _severities(conn, document_id)
        decisions = _decisions(conn, earlier + [document_id])
        resolved = _resolved(conn, earlier[-1], set(keys.values()), decisions) if earlier else []
        signoff = _signoff(conn, document_id)
    findings = {fid: _one(fid, key, severity.get(fid, ""), document_id, decisions)
                for fid, key in keys.items()}
    for f in findings.values():
        if f.carried_from in chain:
            f.carried_version = chain.index(f.carried_from) + 1
    return Review(document_id, chain, findings, resolved, signoff)


def _one(fid: int, key: str, severity: str, document_id: int, decisions: list[dict]) -> FindingReview:
    out = FindingReview(fid, key, severity)
    mine = [d for d in decisions if d["finding_key"] == key]
    out.history = mine
    own = [d for d in mine if d["document_id"] == document_id and d["action"] in STATUS_OF]
    carried = [d for d in mine if d["document_id"] != document_id and d["action"] in STATUS_OF]
    chosen = own[-1] if own else (max(carried, key=lambda d: d["id"]) if carried else None)
    if chosen is not None:
        out.status = STATUS_OF[chosen["action"]]
        out.decided_by, out.decided_at, out.reason = chosen["user"], chosen["created_at"], chosen["text"]
        out.carried_from = None if own else chosen["document_id"]
    return out


def _resolved(conn: Connection, previous: int, present: set[str], decisions: list[dict]) -> list[dict]:
    """The previous version's findings whose key this version no longer has: 已整改, with the
    status they had there."""
    keys = finding_keys(conn, previous)
    gone = {fid: key for fid, key in keys.items() if key not in present}
    if not gone:
        return []
    rows = conn.execute(select(FindingRow.id, FindingRow.rule, FindingRow.severity,
                               FindingRow.message, FindingRow.message_en, FindingRow.stated,
                               FindingRow.expected)
                        .where(FindingRow.id.in_(list(gone))).order_by(FindingRow.id)).mappings()
    out = []
    for r in rows:
        before = _one(r["id"], gone[r["id"]], r["severity"], previous, decisions)
        out.append({**dict(r), "key": gone[r["id"]], "document_id": previous,
                    "status_before": before.status, "history": before.history})
    return out


def _signoff(conn: Connection, document_id: int) -> Optional[dict]:
    row = conn.execute(select(SignOff.note, SignOff.created_at, User.name.label("user"))
                       .join(User, User.id == SignOff.user_id)
                       .where(SignOff.document_id == document_id)
                       .order_by(SignOff.id.desc()).limit(1)).mappings().first()
    return dict(row) if row else None


def _clean(text: str) -> str:
    return (text or "").strip()[:TEXT_MAX]


def decide(engine: Engine, document_id: int, finding_id: int, action: str, text: str,
           actor: Account) -> None:
    """Record a decision (and its admin-log line) on a finding of ``document_id``. A dismissal
    needs a reason and a comment needs text (StoreError); the finding must be this document's."""
    text = _clean(text)
    if action not in ACTIONS:
        raise StoreError("review-bad-action", f"未知的审核操作：{action}", f"Unknown action: {action}")
    if action in ("dismiss", "comment") and not text:
        raise StoreError("review-text-required", "驳回须说明理由，评论须有内容",
                         "A dismissal needs a reason and a comment needs text")
    with writing(engine).begin() as conn:
        keys = finding_keys(conn, document_id)
        if finding_id not in keys:
            raise StoreError("review-unknown-finding", "该文件没有这条审核发现",
                             "No such finding in this document")
        conn.execute(insert(Decision).values(
            document_id=document_id, finding_key=keys[finding_id], finding_id=finding_id,
            action=action, text=text, user_id=actor.id, created_at=datetime.now(timezone.utc)))
        log(conn, actor, f"review.{action}", f"document {document_id} finding {finding_id}", text)


def sign_off(engine: Engine, document_id: int, note: str, actor: Account) -> None:
    """Sign a document's review off: every finding (notes aside) decided — its own and the
    cross-document findings naming it (a reviewer signing a document off vouches for every
    problem shown on its page, and a budget against its final account is one of them) — or a
    note saying why not (StoreError otherwise)."""
    from .cross_review import undecided_cross  # it builds on this module's statuses

    note = _clean(note)
    state = review(engine, document_id)
    cross = len(undecided_cross(engine, document_id))
    if (state.undecided or cross) and not note:
        n = state.undecided + cross
        raise StoreError("review-undecided",
                         f"还有 {n} 条审核发现未处理（其中跨文件核对 {cross} 条）：请处理或填写说明",
                         f"{n} findings are undecided ({cross} of them across documents): "
                         "decide them or write a note")
    with writing(engine).begin() as conn:
        conn.execute(insert(SignOff).values(document_id=document_id, user_id=actor.id, note=note,
                                            created_at=datetime.now(timezone.utc)))
        log(conn, actor, "review.sign-off", f"document {document_id}",
            note or f"{len(state.findings)} findings decided")


def signed_off(engine: Engine, document_ids: list[int]) -> dict[int, dict]:
    """The latest sign-off of each of ``document_ids`` that has one (for unit pages)."""
    if not document_ids:
        return {}
    stmt = (select(SignOff.document_id, SignOff.note, SignOff.created_at, User.name.label("user"))
            .join(User, User.id == SignOff.user_id)
            .where(SignOff.document_id.in_(document_ids)).order_by(SignOff.id))
    with engine.connect() as conn:
        return {r["document_id"]: dict(r) for r in conn.execute(stmt).mappings()}


def reading_causes(engine: Engine, finding_ids: list[int]) -> dict[int, dict]:
    """``cause`` and ``severity_as_read`` of the 读取存疑 findings among ``finding_ids`` (migration
    0006), for the reviewer's exports, which set those findings apart. Read here rather than
    added to the API's finding columns, so the API's answers stay as documented."""
    if not finding_ids:
        return {}
    stmt = (select(FindingRow.id, FindingRow.cause, FindingRow.severity_as_read)
            .where(FindingRow.id.in_(finding_ids), FindingRow.cause.is_not(None)))
    with engine.connect() as conn:
        return {r.id: {"cause": r.cause, "severity_as_read": r.severity_as_read or ""}
                for r in conn.execute(stmt)}


def adopt_upload(engine: Engine, sha256: str, held_path: str, name: str, actor: Account) -> Optional[int]:
    """After a reviewer's upload was ingested from its holding file: record the uploaded name as
    the document's source (not the temporary path), log the addition, and return the current
    document of that content (None if there is none: the ingest failed before storing)."""
    with writing(engine).begin() as conn:
        conn.execute(update(Document).where(Document.sha256 == sha256,
                                            Document.source == held_path).values(source=name))
        doc = conn.execute(select(Document.id).where(Document.sha256 == sha256,
                                                     Document.superseded_by.is_(None))
                           .order_by(Document.id.desc()).limit(1)).scalar()
        if doc is not None:
            log(conn, actor, "library.add", f"document {doc}", name)
    return doc
