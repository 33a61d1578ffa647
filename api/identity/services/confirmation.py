"""Asking for and checking the e-mailed code. The caller commits: `request` in the transaction that
stores nothing else (the e-mail is an outbox row beside it), `verify` in the transaction that makes
the booking or application real, so a refusal there (slot taken, already applied) leaves the
confirmation pending."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete
from sqlmodel import Session, col, select

from api.abuse.lockout import Lockout
from api.errors import Conflict, InvalidInput, NotFound, Unauthorized
from api.identity import messages as msg
from api.identity import rules
from api.identity.tables import CONFIRMED, PENDING, PendingConfirmation
from api.outbox.service import enqueue
from api.outbox.tables import EMAIL
from api.settings import Settings

log = logging.getLogger(__name__)
KEEP = timedelta(days=1)
"""Expired requests are deleted this long after they lapsed."""


@dataclass(frozen=True)
class Policy:
    minutes: int
    log_codes: bool
    """Development without SMTP: the code is also written to the server log (never in production:
    the settings refuse production without SMTP while confirmation is on)."""


def request(session: Session, *, kind: str, tax_id: str, email: str, company: str, payload: dict[str, Any],
            channel: str, user_id: str, policy: Policy, now: datetime) -> PendingConfirmation:
    """Store the request and the e-mail carrying its code; the caller commits."""
    if not email:
        raise InvalidInput(*msg.EMAIL_NEEDED, [{"field": "email", "problem": "an e-mail address is needed"}])
    token, code = rules.new_token(), rules.new_code()
    session.execute(delete(PendingConfirmation).where(col(PendingConfirmation.expires_at) < now - KEEP))
    row = PendingConfirmation(token=token, kind=kind, tax_id=tax_id, email=email,
                              code_hash=rules.code_hash(token, code), payload=payload, channel=channel,
                              user_id=user_id, created_at=now, expires_at=now + timedelta(minutes=policy.minutes))
    session.add(row)
    enqueue(session, topic=kind, subject=f"confirm-{token[:8]}", recipient="sme", channel=EMAIL, address=email,
            kind="identity_code", key=f"identity:{token}:email", now=now, email_subject=msg.email_subject(kind),
            text=msg.email_body(kind, company, tax_id, code, policy.minutes))
    if policy.log_codes:
        log.warning("development only (SMTP off): the %s confirmation %s has code %s", kind, token, code)
    return row


def verify(session: Session, *, token: str, code: str, kind: str, lockout: Lockout | None, address: str,
           now: datetime) -> PendingConfirmation:
    """The pending request `token` of `kind` if `code` is its code; a wrong code counts towards the
    lockout (429 after a few, even with the right code). The caller marks it confirmed and commits."""
    row = session.exec(select(PendingConfirmation).where(PendingConfirmation.token == token.strip(),
                                                         PendingConfirmation.kind == kind)).first()
    if row is None:
        raise NotFound(*msg.NOT_FOUND)
    if row.status == CONFIRMED:
        raise Conflict(msg.ALREADY[0].format(reference=row.reference), msg.ALREADY[1].format(reference=row.reference))
    if row.status != PENDING or rules.expired(row.expires_at, now):
        raise Conflict(*msg.EXPIRED)
    account = f"confirmation:{row.token}"
    if lockout is not None:
        lockout.check(account=account, address=address)
    if not rules.code_matches(row.token, code.strip(), row.code_hash):
        row.attempts += 1
        session.add(row)
        session.commit()
        if lockout is not None:
            lockout.failed(account=account, address=address)
        raise Unauthorized(*msg.WRONG_CODE)
    if lockout is not None:
        lockout.succeeded(account=account)
    return row


def mark_confirmed(session: Session, row: PendingConfirmation, *, reference: str, now: datetime) -> None:
    row.status, row.reference, row.confirmed_at = CONFIRMED, reference, now
    session.add(row)


def policy_of(settings: Settings) -> Policy | None:
    """None when confirmation is off (bookings and applications count at once)."""
    if settings.identity_confirmation == "off":
        return None
    return Policy(settings.identity_code_minutes,
                  log_codes=not settings.email_enabled and settings.environment == "development")
