"""Asking for and checking the e-mailed code. The caller commits: `request` in the transaction that
stores nothing else (the e-mail is an outbox row beside it), `verify` in the transaction that makes
the booking or application real, so a refusal there (slot taken, already applied) leaves the
confirmation pending.

The code goes to the company's contact on file when there is one, else to the form's address (a
first contact, which, once confirmed, puts that address on file): `api.identity.rules.contacts`."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlmodel import Session, select

from api.abuse.lockout import Lockout
from api.errors import Conflict, InvalidInput, NotFound, Unauthorized
from api.identity import messages as msg
from api.identity.rules import codes
from api.identity.rules.contacts import mask, recipient
from api.identity.services import contacts
from api.identity.tables import CONFIRMED, PENDING, PendingConfirmation
from api.outbox.sealed import Sealer
from api.outbox.service import enqueue
from api.outbox.tables import EMAIL
from api.settings import Settings

log = logging.getLogger(__name__)
KEEP = timedelta(days=1)
"""Lapsed requests are deleted this long after they lapsed (by the retention purge)."""


@dataclass(frozen=True)
class Policy:
    minutes: int
    log_codes: bool
    """Development without SMTP: the code is also written to the server log (never in production:
    the settings refuse production without SMTP while confirmation is on)."""
    key: bytes
    """The key of the code HMACs (`codes.code_key`)."""
    sealer: Sealer
    """Seals the code in its e-mail's outbox row (opened only when the e-mail is composed)."""


def request(session: Session, *, kind: str, tax_id: str, email: str, company: str, contact_name: str,
            payload: dict[str, Any], channel: str, user_id: str, policy: Policy,
            now: datetime) -> PendingConfirmation:
    """Store the request and the e-mail carrying its code (to the company's contact on file, else to
    `email`); the caller commits."""
    if not email:
        raise InvalidInput(*msg.EMAIL_NEEDED, [{"field": "email", "problem": "an e-mail address is needed"}])
    contact = contacts.on_file(session, tax_id)
    to = recipient(on_file=contact.email if contact is not None else None, form_address=email)
    token, code = codes.new_token(), codes.new_code()
    row = PendingConfirmation(token=token, kind=kind, tax_id=tax_id, email=email, sent_to=to.address,
                              first_contact=to.first_contact, code_hash=codes.code_hash(policy.key, token, code),
                              payload=payload, channel=channel, user_id=user_id, created_at=now,
                              expires_at=now + timedelta(minutes=policy.minutes))
    session.add(row)
    body = msg.email_body(kind, company, tax_id, policy.sealer.seal(code), policy.minutes,
                          requester=None if to.first_contact else (contact_name, email))
    enqueue(session, topic=kind, subject=f"confirm-{token[:8]}", recipient="sme", channel=EMAIL, address=to.address,
            kind="identity_code", key=email_key(token), now=now, email_subject=msg.email_subject(kind), text=body)
    if policy.log_codes:
        log.warning("development only (SMTP off): the %s confirmation %s has code %s", kind, token, code)
    return row


def email_key(token: str) -> str:
    """The outbox key of the e-mail carrying `token`'s code."""
    return f"identity:{token}:email"


def told(row: PendingConfirmation, minutes: int) -> msg.Pair:
    """What the requester is told about where the code went (the contact on file, masked)."""
    shown = row.sent_to if row.first_contact else mask(row.sent_to)
    return msg.sent(row.kind, shown, minutes, on_file=not row.first_contact)


def verify(session: Session, *, token: str, code: str, kind: str, key: bytes, lockout: Lockout | None,
           address: str, now: datetime) -> PendingConfirmation:
    """The pending request `token` of `kind` if `code` is its code; a wrong code counts towards the
    lockout (429 after a few, even with the right code). The caller marks it confirmed and commits.
    A request already confirmed names what it became only to whoever gives its code."""
    row = session.exec(select(PendingConfirmation).where(PendingConfirmation.token == token.strip(),
                                                         PendingConfirmation.kind == kind)).first()
    if row is None:
        raise NotFound(*msg.NOT_FOUND)
    if row.status not in (PENDING, CONFIRMED) or (row.status == PENDING and codes.expired(row.expires_at, now)):
        raise Conflict(*msg.EXPIRED)
    account = f"confirmation:{row.token}"
    if lockout is not None:
        lockout.check(account=account, address=address)
    if not codes.code_matches(key, row.token, code.strip(), row.code_hash):
        row.attempts += 1
        session.add(row)
        session.commit()
        if lockout is not None:
            lockout.failed(account=account, address=address)
        raise Unauthorized(*msg.WRONG_CODE)
    if lockout is not None:
        lockout.succeeded(account=account)
    if row.status == CONFIRMED:
        raise Conflict(msg.ALREADY[0].format(reference=row.reference), msg.ALREADY[1].format(reference=row.reference))
    return row


def mark_confirmed(session: Session, row: PendingConfirmation, *, reference: str, now: datetime) -> None:
    """The request became `reference`: its copy of the form is dropped (the booking or application
    holds it), and a first contact's address goes on file for the company."""
    row.status, row.reference, row.confirmed_at, row.payload = CONFIRMED, reference, now, {}
    session.add(row)
    if row.first_contact:
        contacts.learn(session, tax_id=row.tax_id, email=row.email, source=row.kind, now=now)
    else:
        contacts.confirmed_through(session, tax_id=row.tax_id, email=row.sent_to, now=now)


def code_key(settings: Settings) -> bytes:
    return codes.code_key(settings.user_hash_salt.get_secret_value())


def policy_of(settings: Settings) -> Policy | None:
    """None when confirmation is off (bookings and applications count at once)."""
    if settings.identity_confirmation == "off":
        return None
    return Policy(settings.identity_code_minutes,
                  log_codes=not settings.email_enabled and settings.environment == "development",
                  key=code_key(settings), sealer=Sealer(settings.user_hash_salt.get_secret_value()))
