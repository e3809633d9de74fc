"""The review of cross-document findings (budget against final account, one year against the
next: docs/cross-document.md): confirm / dismiss (with a reason) / comment, as on a document's own
findings, shown on both documents' pages and on the unit's page.

Why a key of its own: a cross finding belongs to two documents, and its row is replaced by every
``crosscheck`` run (docs/cross-document.md: a check is a function of the library). The key names
what the finding *is* — the rule, the measure and basis compared, the unit (its identity key and
region, which a unit merge or a new row of the same unit keeps) and **both sides** by year, kind
and level — never a row id or a document id. So a decision holds after the next crosscheck, and
after either document is re-ingested in a corrected version (a new document of the same unit,
year, kind and level); it counts for the pair as long as the pair still disagrees. A decision
made on another pair of documents than the current one says so ("carried over").
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Optional

from sqlalchemy import ColumnElement, Connection, Engine, func, insert, or_, select
from sqlalchemy.orm import aliased

from ..model import Severity
from .accounts import Account, log
from .cross import add_evidence_boxes, cross_evidence
from .engine import StoreError, writing
from .review import PENDING, STATUS_OF, TEXT_MAX, ReviewStatus
from .schema import Document, Unit
from .schema_cross import CrossFinding
from .schema_review import ACTIONS, CrossDecision, User


@dataclass
class CrossReview:
    """A cross finding as a reviewer sees it: the finding, both sides, its status and history."""

    finding: dict
    key: str
    status: ReviewStatus = PENDING
    decided_by: str = ""
    decided_at: Optional[datetime] = None
    reason: str = ""
    #: The pair of documents the deciding act was made on, when it is not the current pair.
    carried_from: Optional[tuple[int, int]] = None
    history: list[dict] = field(default_factory=list)
    evidence: list[dict] = field(default_factory=list)


def cross_key(rule: str, measure: str, basis: str, unit: tuple, checked: tuple, other: tuple) -> str:
    """The key of a cross finding: rule, figure, unit identity and both sides' (year, kind,
    level). A short hash, so that it fits an index."""
    raw = json.dumps([rule, measure, basis, list(unit), list(checked), list(other)],
                     ensure_ascii=False)
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()[:32]


#: The two sides' documents, aliased once: an alias made per call rebuilt every column proxy of
#: the table and gave the statement a new cache key each time (~3 ms of CPU per page that lists
#: cross findings, most of the listing's cost).
_CHECKED, _OTHER = aliased(Document, name="checked_doc"), aliased(Document, name="other_doc")


def _rows(conn: Connection, where: ColumnElement[bool]) -> list[dict]:
    """Cross findings with both sides' year, kind, level, unit name and source."""
    a, b = _CHECKED, _OTHER
    stmt = (select(CrossFinding.id, CrossFinding.rule, CrossFinding.category,
                   CrossFinding.severity, CrossFinding.message, CrossFinding.message_en,
                   CrossFinding.measure, CrossFinding.basis, CrossFinding.stated,
                   CrossFinding.expected, CrossFinding.difference, CrossFinding.rate,
                   CrossFinding.unit_id, CrossFinding.document_id, CrossFinding.other_document_id,
                   Unit.identity_key, Unit.region_code,
                   a.year.label("year"), a.kind.label("kind"), a.level.label("level"),
                   a.source.label("source"), a.unit_name.label("unit_name"),
                   b.year.label("other_year"), b.kind.label("other_kind"),
                   b.level.label("other_level"), b.source.label("other_source"))
            .join(a, a.id == CrossFinding.document_id)
            .join(b, b.id == CrossFinding.other_document_id)
            .outerjoin(Unit, Unit.id == CrossFinding.unit_id)
            .where(where).order_by(CrossFinding.id))
    return [dict(r) for r in conn.execute(stmt).mappings()]


def _key_of(row: dict) -> str:
    unit = (row["identity_key"], row["region_code"]) if row["identity_key"] else (row["unit_id"],)
    return cross_key(row["rule"], row["measure"] or "", row["basis"] or "", unit,
                     (row["year"], row["kind"], row["level"]),
                     (row["other_year"], row["other_kind"], row["other_level"]))


def _decisions(conn: Connection, keys: set[str]) -> list[dict]:
    if not keys:
        return []
    stmt = (select(CrossDecision.id, CrossDecision.finding_key, CrossDecision.action,
                   CrossDecision.text, CrossDecision.created_at, CrossDecision.document_id,
                   CrossDecision.other_document_id, User.name.label("user"))
            .join(User, User.id == CrossDecision.user_id)
            .where(CrossDecision.finding_key.in_(sorted(keys))).order_by(CrossDecision.id))
    return [dict(r) for r in conn.execute(stmt).mappings()]


def _review(row: dict, key: str, decisions: list[dict]) -> CrossReview:
    out = CrossReview(row, key, history=[d for d in decisions if d["finding_key"] == key])
    acts = [d for d in out.history if d["action"] in STATUS_OF]
    if acts:
        last = acts[-1]
        out.status = STATUS_OF[last["action"]]
        out.decided_by, out.decided_at, out.reason = last["user"], last["created_at"], last["text"]
        pair = (last["document_id"], last["other_document_id"])
        if pair != (row["document_id"], row["other_document_id"]):
            out.carried_from = pair
    return out


def cross_reviews(engine: Engine, *, document_id: Optional[int] = None,
                  unit_id: Optional[int] = None) -> list[CrossReview]:
    """The cross findings naming ``document_id`` on either side, or those of the unit identity
    of ``unit_id`` (any printed unit of it), each with its review and evidence."""
    with engine.connect() as conn:
        if document_id is not None:
            where = or_(CrossFinding.document_id == document_id,
                        CrossFinding.other_document_id == document_id)
        else:
            identity = conn.execute(select(func.coalesce(Unit.canonical_id, Unit.id))
                                    .where(Unit.id == unit_id)).scalar()
            where = CrossFinding.unit_id == identity
        rows = _rows(conn, where)
        keys = {r["id"]: _key_of(r) for r in rows}
        decisions = _decisions(conn, set(keys.values()))
    evidence = cross_evidence(engine, [r["id"] for r in rows])
    add_evidence_boxes(engine, evidence)  # pages link to the box; the annotated PDF draws it
    out = []
    for r in rows:
        review = _review(r, keys[r["id"]], decisions)
        review.evidence = evidence.get(r["id"], [])
        out.append(review)
    return out


def undecided_cross(engine: Engine, document_id: int) -> list[CrossReview]:
    """The cross findings naming ``document_id`` that still need a decision: pending and not a
    note (severity info), as a document's own findings are counted for its sign-off."""
    return [c for c in cross_reviews(engine, document_id=document_id)
            if c.status == PENDING and c.finding["severity"] != Severity.INFO]


def decide_cross(engine: Engine, cross_finding_id: int, action: str, text: str,
                 actor: Account) -> dict:
    """Record a decision on a cross finding (and its admin-log line); the finding's row (with
    both document ids, for the caller's redirect). A dismissal needs a reason and a comment
    text (StoreError), as on a document's own findings."""
    text = (text or "").strip()[:TEXT_MAX]
    if action not in ACTIONS:
        raise StoreError("review-bad-action", f"未知的审核操作：{action}", f"Unknown action: {action}")
    if action in ("dismiss", "comment") and not text:
        raise StoreError("review-text-required", "驳回须说明理由，评论须有内容",
                         "A dismissal needs a reason and a comment needs text")
    with writing(engine).begin() as conn:
        rows = _rows(conn, CrossFinding.id == cross_finding_id)
        if not rows:
            raise StoreError("review-unknown-finding", "没有这条跨文件审核发现",
                             "No such cross-document finding")
        row = rows[0]
        conn.execute(insert(CrossDecision).values(
            finding_key=_key_of(row), cross_finding_id=row["id"], document_id=row["document_id"],
            other_document_id=row["other_document_id"], action=action, text=text,
            user_id=actor.id, created_at=datetime.now(timezone.utc)))
        log(conn, actor, f"review.cross.{action}",
            f"cross finding {row['id']} (documents {row['document_id']}, {row['other_document_id']})",
            text)
    return row
