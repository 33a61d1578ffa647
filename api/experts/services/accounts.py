"""Console accounts: argon2-hashed passwords, random session tokens stored as SHA-256, expiry.

Kept free of FastAPI so `api.deps` can use it for named staff accounts."""

from __future__ import annotations

import hashlib
import secrets
from datetime import UTC, datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, delete, select

from api.abuse.lockout import Lockout
from api.errors import Conflict, NotFound, Unauthorized
from api.experts import messages as msg
from api.experts.console_tables import ConsoleAccount, ConsoleSession

STAFF_ROLES = ("staff", "admin", "reviewer", "editor")
"""Console roles that are programme staff (api/staff/rules/roles.py says what each may do)."""

_hasher = PasswordHasher()
_DUMMY_HASH = _hasher.hash("not-a-real-password")


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_account(*, session: Session, username: str, password: str, role: str, expert_id: int | None = None,
                   display_name: str = "") -> ConsoleAccount:
    account = ConsoleAccount(username=username.strip().lower(), password_hash=_hasher.hash(password), role=role,
                             expert_id=expert_id, display_name=display_name.strip() or username)
    session.add(account)
    try:
        session.commit()
    except IntegrityError as exc:
        session.rollback()
        raise Conflict(*msg.USERNAME_TAKEN) from exc
    session.refresh(account)
    return account


def set_password(*, session: Session, account: ConsoleAccount, password: str) -> None:
    account.password_hash = _hasher.hash(password)
    session.add(account)
    session.commit()


def sign_in(*, session: Session, username: str, password: str, hours: float, lockout: Lockout | None = None,
            address: str = "", now: datetime | None = None) -> tuple[str, ConsoleAccount, datetime]:
    """A new session token for valid credentials; the same error for any wrong part. With a lockout,
    too many wrong tries for the username (or from the address) refuse even the right password
    for a while (TooManyRequests)."""
    now = now or datetime.now(UTC)
    name = username.strip().lower()
    key = f"console:{name}"
    if lockout is not None:
        lockout.check(account=key, address=address)
    account = session.exec(select(ConsoleAccount).where(ConsoleAccount.username == name)).first()
    try:
        _hasher.verify(account.password_hash if account else _DUMMY_HASH, password)  # same work either way
        ok = account is not None and account.active
    except (VerificationError, InvalidHashError):
        ok = False
    if not ok or account is None:
        if lockout is not None:
            lockout.failed(account=key, address=address)
        raise Unauthorized(*msg.WRONG_CREDENTIALS)
    if lockout is not None:
        lockout.succeeded(account=key)
    if _hasher.check_needs_rehash(account.password_hash):
        account.password_hash = _hasher.hash(password)
    token = secrets.token_urlsafe(32)
    expires = now + timedelta(hours=hours)
    session.add(ConsoleSession(token_hash=_digest(token), account_id=account.id or 0, created_at=now,
                               expires_at=expires))
    account.last_login_at = now
    session.add(account)
    session.exec(delete(ConsoleSession).where(col(ConsoleSession.expires_at) < now))
    session.commit()
    session.refresh(account)
    return token, account, expires


def account_for_token(*, session: Session, token: str, now: datetime | None = None) -> ConsoleAccount | None:
    if not token:
        return None
    now = now or datetime.now(UTC)
    row = session.get(ConsoleSession, _digest(token))
    if row is None or row.expires_at <= now:
        return None
    account = session.get(ConsoleAccount, row.account_id)
    return account if account is not None and account.active else None


def staff_name_for_token(*, session: Session, token: str) -> str | None:
    """The name of the staff member a console token belongs to (for `api.deps.current_staff`)."""
    account = account_for_token(session=session, token=token)
    staff = account is not None and account.role in STAFF_ROLES
    return (account.display_name or account.username) if account is not None and staff else None


def sign_out(*, session: Session, token: str) -> None:
    session.exec(delete(ConsoleSession).where(col(ConsoleSession.token_hash) == _digest(token)))
    session.commit()


def expert_accounts(*, session: Session) -> list[ConsoleAccount]:
    """Every expert's console sign-in (active or not), oldest first."""
    return list(session.exec(select(ConsoleAccount).where(col(ConsoleAccount.role) == "expert")
                             .order_by(col(ConsoleAccount.id))).all())


def deactivate(*, session: Session, account_id: int, role: str) -> ConsoleAccount:
    """Stop an account of `role` signing in, and end its sessions now (committed with what the session holds)."""
    account = session.get(ConsoleAccount, account_id)
    if account is None or account.role != role:
        raise NotFound(*msg.ACCOUNT_NOT_FOUND)
    if not account.active:
        raise Conflict(*msg.ACCOUNT_ALREADY_INACTIVE)
    account.active = False
    session.add(account)
    session.exec(delete(ConsoleSession).where(col(ConsoleSession.account_id) == account_id))
    session.commit()
    session.refresh(account)
    return account
