"""Tables of the reviewer's workspace (migration 0005): accounts, review decisions, sign-offs, the
admin log, and the site's settings — on the same metadata as ``schema.py``.

Why decisions are keyed by a *finding key* and not only by the finding's row id: a document
corrected by its department and ingested again is a new document with new finding rows; the key
(rule + measure + basis + where in which table, never page or wording, see ``findkey.py``) is
what lets a decision made on the old version count for "the same finding" in the new one.
``finding_id`` is kept beside it for the record (which row the reviewer actually looked at).

Why the admin log copies the user's name: accounts can be renamed or disabled; the log must still
say who did what, as it was at the time.
"""

from __future__ import annotations

from datetime import datetime
from typing import Optional

from sqlalchemy import Boolean, DateTime, ForeignKey, Index, Integer, LargeBinary, Text
from sqlalchemy.orm import Mapped, mapped_column

from .schema import Base

#: Roles in increasing power: a role may do what every role before it may.
ROLES = ("public", "reviewer", "admin")
#: What a reviewer can record on a finding. ``comment`` does not change the finding's status.
ACTIONS = ("confirm", "dismiss", "comment")


class User(Base):
    """An account: unique name, Argon2id hash of the password (never the password), role."""

    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(Text, unique=True)
    password_hash: Mapped[str] = mapped_column(Text)
    role: Mapped[str] = mapped_column(Text)
    disabled: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class Decision(Base):
    """One reviewer's act on one finding of one document: confirm, dismiss (with a reason) or
    comment. Rows are never updated: the latest confirm/dismiss is the status, all rows are the
    history."""

    __tablename__ = "review_decisions"
    __table_args__ = (Index("ix_review_decisions_doc_key", "document_id", "finding_key"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"))
    finding_key: Mapped[str] = mapped_column(Text)
    finding_id: Mapped[Optional[int]] = mapped_column(Integer)
    action: Mapped[str] = mapped_column(Text)
    text: Mapped[str] = mapped_column(Text, default="")
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class SignOff(Base):
    """A document's review signed off by a reviewer (with a note when findings are undecided)."""

    __tablename__ = "review_signoffs"
    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"),
                                             index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class AdminLog(Base):
    """Who did what, when: every decision, sign-off, library addition and account change."""

    __tablename__ = "admin_log"
    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    user_id: Mapped[Optional[int]] = mapped_column(Integer)
    user_name: Mapped[str] = mapped_column(Text)
    action: Mapped[str] = mapped_column(Text)
    target: Mapped[str] = mapped_column(Text, default="")
    detail: Mapped[str] = mapped_column(Text, default="")


class Setting(Base):
    """A setting of the site kept with the library (the session-signing secret: every server
    process over one library signs and checks cookies with the same key, across restarts)."""

    __tablename__ = "site_settings"
    key: Mapped[str] = mapped_column(Text, primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class HeldUpload(Base):
    """A reviewer's audited upload waiting for "add to the library" (migration 0007), kept in the
    library so that any server process over it can add it, not only the one that audited it.
    ``token`` is random (never the uploaded name); ``name`` is the uploaded name as given, shown
    and recorded as the document's source; rows past their hour are deleted."""

    __tablename__ = "held_uploads"
    token: Mapped[str] = mapped_column(Text, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(Text)
    suffix: Mapped[str] = mapped_column(Text, default="")
    content: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)


class LoginFailure(Base):
    """One failed login (migration 0007): the throttle counts them per client address and name
    across every server process over the library. ``key`` is a hash of the two, so the table
    holds no name that was typed by mistake (a password typed into the name field)."""

    __tablename__ = "login_failures"
    __table_args__ = (Index("ix_login_failures_key_at", "key", "at"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(Text)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)


class CrossDecision(Base):
    """A reviewer's act on a cross-document finding (migration 0008). Cross findings are
    recomputed as a whole by every ``crosscheck`` (new row ids each time), and either of their
    two documents may be re-ingested as a corrected version; the decision therefore stands on
    the finding's key (store/cross_review.py), which names the rule, the figure and *both
    sides* by unit, year, kind and level — never a row or document id. The ids it was made on
    are kept for the record."""

    __tablename__ = "cross_review_decisions"
    __table_args__ = (Index("ix_cross_review_decisions_key", "finding_key"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    finding_key: Mapped[str] = mapped_column(Text)
    cross_finding_id: Mapped[Optional[int]] = mapped_column(Integer)
    document_id: Mapped[Optional[int]] = mapped_column(Integer)
    other_document_id: Mapped[Optional[int]] = mapped_column(Integer)
    action: Mapped[str] = mapped_column(Text)
    text: Mapped[str] = mapped_column(Text, default="")
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
