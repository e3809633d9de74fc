"""Accounts of the reviewer's workspace: users with a role, their passwords, the admin log, and
the session-signing secret kept with the library.

Why Argon2id (argon2-cffi, the reference implementation's binding): it is the password hash the
field recommends (OWASP, RFC 9106); the library stores only the encoded hash (algorithm,
parameters, salt, digest), and :func:`check_password` rehashes a stored hash whose parameters are
older than the library's current ones. argon2-cffi is imported here only when a password is hashed
or checked: reading a library needs no account code.

Why every account change writes the admin log in the same transaction: the log must hold exactly
what happened — a change that failed leaves no line, a line never lacks its change.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Optional

from sqlalchemy import Connection, Engine, Row, func, insert, select, update
from sqlalchemy.exc import IntegrityError

from .engine import StoreError, writing
from .schema_review import ROLES, AdminLog, Setting, User

if TYPE_CHECKING:  # argon2-cffi comes with the serve extra; imported where a hash is made
    from argon2 import PasswordHasher

#: Longest accepted account name (shown in pages and the log).
NAME_MAX = 64
#: Shortest accepted password.
PASSWORD_MIN = 8
SECRET_KEY = "session_secret"


@dataclass(frozen=True)
class Account:
    id: int
    name: str
    role: str
    disabled: bool
    created_at: datetime

    def may(self, role: str) -> bool:
        """Whether this account holds ``role`` or a stronger one (and is not disabled)."""
        return not self.disabled and ROLES.index(self.role) >= ROLES.index(role)


def _hasher() -> PasswordHasher:
    from argon2 import PasswordHasher

    return PasswordHasher()


def hash_password(password: str) -> str:
    return _hasher().hash(password)


def _now() -> datetime:
    return datetime.now(timezone.utc)


def _account(row: Row) -> Account:
    return Account(row.id, row.name, row.role, bool(row.disabled), row.created_at)


def check_name_and_role(name: str, role: str) -> None:
    """Refuse (StoreError, zh/en) a name that is empty, too long or has control characters, and
    a role that is not one of ROLES."""
    if not name or len(name) > NAME_MAX or not name.isprintable() or name != name.strip():
        raise StoreError("user-bad-name", f"用户名无效：{name!r}（1–{NAME_MAX} 个可打印字符）",
                         f"Invalid user name: {name!r} (1–{NAME_MAX} printable characters)")
    if role not in ROLES:
        raise StoreError("user-bad-role", f"角色无效：{role}（可选 {' / '.join(ROLES)}）",
                         f"Invalid role: {role} (one of {' / '.join(ROLES)})")


def log(conn: Connection, actor: Optional[Account], action: str, target: str = "",
        detail: str = "", actor_name: str = "") -> None:
    """One line of the admin log, in the caller's transaction."""
    conn.execute(insert(AdminLog).values(
        at=_now(), user_id=actor.id if actor else None,
        user_name=actor.name if actor else actor_name, action=action, target=target,
        detail=detail))


def add_user(engine: Engine, name: str, password: str, role: str, *,
             actor: Optional[Account] = None, actor_name: str = "") -> Account:
    """Create an account; refuses a taken name, a bad role or a short password (StoreError)."""
    check_name_and_role(name, role)
    if len(password) < PASSWORD_MIN:
        raise StoreError("user-short-password", f"密码至少 {PASSWORD_MIN} 个字符",
                         f"The password needs at least {PASSWORD_MIN} characters")
    digest = hash_password(password)
    try:
        with writing(engine).begin() as conn:
            conn.execute(insert(User).values(name=name, password_hash=digest, role=role,
                                             disabled=False, created_at=_now()))
            log(conn, actor, "user.add", name, role, actor_name)
    except IntegrityError:
        raise StoreError("user-exists", f"用户已存在：{name}", f"The user exists: {name}") from None
    found = get_user(engine, name=name)
    assert found is not None
    return found


def get_user(engine: Engine, user_id: Optional[int] = None,
             name: Optional[str] = None) -> Optional[Account]:
    stmt = select(User.id, User.name, User.role, User.disabled, User.created_at)
    stmt = stmt.where(User.id == user_id) if user_id is not None else stmt.where(User.name == name)
    with engine.connect() as conn:
        row = conn.execute(stmt).first()
    return _account(row) if row else None


def list_users(engine: Engine) -> list[Account]:
    with engine.connect() as conn:
        rows = conn.execute(select(User.id, User.name, User.role, User.disabled, User.created_at)
                            .order_by(User.name)).all()
    return [_account(r) for r in rows]


def _change(engine: Engine, name: str, values: dict, action: str, detail: str,
            actor: Optional[Account], actor_name: str) -> Account:
    with writing(engine).begin() as conn:
        done = conn.execute(update(User).where(User.name == name).values(**values)).rowcount
        if not done:
            raise StoreError("user-unknown", f"没有该用户：{name}", f"No such user: {name}")
        log(conn, actor, action, name, detail, actor_name)
    found = get_user(engine, name=name)
    assert found is not None
    return found


def set_role(engine: Engine, name: str, role: str, *, actor: Optional[Account] = None,
             actor_name: str = "") -> Account:
    check_name_and_role(name, role)
    return _change(engine, name, {"role": role}, "user.set-role", role, actor, actor_name)


def set_disabled(engine: Engine, name: str, disabled: bool = True, *,
                 actor: Optional[Account] = None, actor_name: str = "") -> Account:
    """Disable (or enable again) an account: a disabled account cannot log in, and its open
    sessions stop counting at their next request (the site reads the account every request)."""
    return _change(engine, name, {"disabled": disabled},
                   "user.disable" if disabled else "user.enable", "", actor, actor_name)


def check_password(engine: Engine, name: str, password: str) -> Optional[Account]:
    """The account when ``name`` exists, is enabled and ``password`` is its password, else None.
    Why an unknown name still costs one hash: the answer time must not tell which names exist."""
    from argon2.exceptions import InvalidHashError, VerificationError

    hasher = _hasher()
    with engine.connect() as conn:
        row = conn.execute(select(User.id, User.name, User.role, User.disabled, User.created_at,
                                  User.password_hash).where(User.name == name)).first()
    stored = row.password_hash if row else _decoy(hasher)
    try:
        hasher.verify(stored, password)
    except (VerificationError, InvalidHashError):
        return None
    if row is None or row.disabled:
        return None
    if hasher.check_needs_rehash(stored):
        with writing(engine).begin() as conn:
            conn.execute(update(User).where(User.id == row.id)
                         .values(password_hash=hasher.hash(password)))
    return Account(row.id, row.name, row.role, bool(row.disabled), row.created_at)


_DECOY: list[str] = []


def _decoy(hasher: PasswordHasher) -> str:
    if not _DECOY:
        _DECOY.append(hasher.hash(secrets.token_hex(16)))
    return _DECOY[0]


def session_secret(engine: Engine) -> str:
    """The library's session-signing secret, made (random, 256 bits) the first time it is asked."""
    with engine.connect() as conn:
        found = conn.execute(select(Setting.value).where(Setting.key == SECRET_KEY)).scalar()
    if found:
        return found
    try:
        with writing(engine).begin() as conn:
            conn.execute(insert(Setting).values(key=SECRET_KEY, value=secrets.token_hex(32)))
    except IntegrityError:  # another server process made it first: use theirs
        pass
    with engine.connect() as conn:
        return conn.execute(select(Setting.value).where(Setting.key == SECRET_KEY)).scalar_one()


def admin_log(engine: Engine, limit: int = 500, offset: int = 0) -> tuple[int, list[dict]]:
    """The admin log, newest first: (total lines, one page of lines)."""
    with engine.connect() as conn:
        total = conn.execute(select(func.count()).select_from(AdminLog)).scalar_one()
        rows = conn.execute(select(AdminLog.id, AdminLog.at, AdminLog.user_name.label("user"),
                                   AdminLog.action, AdminLog.target, AdminLog.detail)
                            .order_by(AdminLog.id.desc()).limit(limit).offset(offset)).mappings()
        return total, [dict(r) for r in rows]
