"""What the web workspace keeps between requests, in the library rather than in a server process:
a reviewer's audited upload waiting for "add to the library", and the failed logins the login
throttle counts.

Why in the database: a site served by several processes (``uvicorn --workers 2``, or several
hosts behind a proxy) sends the upload and the "add" to whichever process is free, and a guesser's
logins to all of them; state in one process's memory made the add fail on the other process and
let each process count its own failures (N processes, N times the guesses). Both tables are
written by short transactions and cleaned as they are used: a held upload is deleted when taken
and, with every other, when its hour is over; a failure is deleted when its window is over.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Optional

from sqlalchemy import Engine, delete, func, insert, select

from .engine import writing
from .schema_review import HeldUpload, LoginFailure

#: How long a held upload waits for its reviewer.
HOLD = timedelta(hours=1)


@dataclass(frozen=True)
class Held:
    """A held upload as taken: the uploaded name, the file suffix the readers detect by, bytes."""

    name: str
    suffix: str
    content: bytes


def _now() -> datetime:
    return datetime.now(timezone.utc)


def hold_upload(engine: Engine, user_id: int, name: str, suffix: str, content: bytes) -> str:
    """Keep an upload for ``user_id``; its random token (32 hex digits). Expired holds go first."""
    token = secrets.token_hex(16)
    now = _now()
    with writing(engine).begin() as conn:
        conn.execute(delete(HeldUpload).where(HeldUpload.created_at < now - HOLD))
        conn.execute(insert(HeldUpload).values(token=token, user_id=user_id, name=name,
                                               suffix=suffix[:16], content=content,
                                               created_at=now))
    return token


def take_upload(engine: Engine, token: str, user_id: int) -> Optional[Held]:
    """The upload held under ``token`` for ``user_id``, removed in the same transaction (so two
    "add" requests racing on two processes add it once); None when there is none, it is another
    account's, or its hour is over."""
    now = _now()
    with writing(engine).begin() as conn:
        row = conn.execute(select(HeldUpload.name, HeldUpload.suffix, HeldUpload.content,
                                  HeldUpload.created_at)
                           .where(HeldUpload.token == token, HeldUpload.user_id == user_id)
                           ).first()
        if row is None:
            return None
        conn.execute(delete(HeldUpload).where(HeldUpload.token == token))
    created = row.created_at if row.created_at.tzinfo else row.created_at.replace(tzinfo=timezone.utc)
    if now - created > HOLD:
        return None
    return Held(row.name, row.suffix, bytes(row.content))


def failure_key(address: str, name: str) -> str:
    """The throttle's key of a client address and a login name (a hash: see LoginFailure)."""
    return hashlib.sha256(f"{address}\x00{name}".encode("utf-8", "replace")).hexdigest()


def recent_failures(engine: Engine, key: str, window: timedelta) -> int:
    """Failed logins under ``key`` within ``window`` (every process's)."""
    with engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(LoginFailure).where(
            LoginFailure.key == key, LoginFailure.at >= _now() - window)).scalar_one()


def record_failure(engine: Engine, key: str, window: timedelta) -> None:
    """One more failed login under ``key``; failures older than ``window`` are dropped."""
    now = _now()
    with writing(engine).begin() as conn:
        conn.execute(delete(LoginFailure).where(LoginFailure.at < now - window))
        conn.execute(insert(LoginFailure).values(key=key, at=now))


def clear_failures(engine: Engine, key: str) -> None:
    """A successful login forgets the key's failures."""
    with writing(engine).begin() as conn:
        conn.execute(delete(LoginFailure).where(LoginFailure.key == key))
