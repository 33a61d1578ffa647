"""Sending the outbox's e-mail rows (channel 'email').

An e-mail row is written beside the chat row of the same message (same key plus ':email'), so each
channel is delivered on its own. A worker claims due rows with a conditional update (only one
worker's update matches, so a message goes out once however many senders run), sends the batch over
one SMTP connection, then records each result: sent; or queued again after a back-off that doubles
with each try; or failed after the last try (or at once when the server refuses it for good), listed
for staff by `messages_with_status`.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from email.utils import format_datetime
from typing import Protocol

from sqlalchemy import or_, update
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from api.outbox.sealed import MARK, Sealer, scrub
from api.outbox.tables import CLAIMED, EMAIL, FAILED, QUEUED, SENT, UNDELIVERABLE, OutboxMessage

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Failure:
    reason: str
    permanent: bool = False
    """The server refused the message for good (a 5xx reply): trying again cannot help."""


class Mailer(Protocol):
    async def send(self, messages: Sequence[EmailMessage]) -> list[Failure | None]:
        """Send each message; for each, None when the server accepted it, else why not."""
        ...


@dataclass(frozen=True)
class Retry:
    max_attempts: int = 5
    base_seconds: float = 60.0
    max_seconds: float = 3600.0

    def delay(self, attempts: int) -> timedelta:
        """The wait after the `attempts`-th failed try."""
        return timedelta(seconds=min(self.base_seconds * 2 ** max(attempts - 1, 0), self.max_seconds))


def compose(message: OutboxMessage, *, sender: str, sealer: Sealer | None = None) -> EmailMessage:
    """The e-mail of an outbox row: subject, plain-text body (its sealed parts opened), attachments
    (text files such as an ICS). Without a sealer a sealed body cannot be composed (ValueError)."""
    mail = EmailMessage()
    mail["Subject"] = message.email_subject
    mail["From"] = sender
    mail["To"] = message.address
    mail["Date"] = format_datetime(message.created_at.astimezone(UTC))
    # Stable per row: a resent copy carries the same id, so mail clients show it once.
    mail["Message-ID"] = f"<{hashlib.sha256(message.key.encode()).hexdigest()[:32]}@tcloud-assistant>"
    if MARK in message.text and sealer is None:
        raise ValueError("the body has sealed parts and no sealer was given")
    mail.set_content(sealer.open(message.text) if sealer is not None else message.text)
    for attachment in message.attachments:
        maintype, _, subtype = attachment["content_type"].partition("/")
        params = {"method": attachment["method"]} if attachment.get("method") else {}
        if maintype == "text":
            mail.add_attachment(attachment["content"], subtype=subtype, filename=attachment["filename"],
                                params=params)
        else:
            mail.add_attachment(attachment["content"].encode(), maintype=maintype, subtype=subtype,
                                filename=attachment["filename"], params=params)
    return mail


def _due(db: Engine, now: datetime, limit: int) -> list[int]:
    with Session(db) as session:
        return [i for i in session.exec(select(OutboxMessage.id).where(
            OutboxMessage.channel == EMAIL, OutboxMessage.status == QUEUED,
            or_(col(OutboxMessage.next_attempt_at).is_(None), col(OutboxMessage.next_attempt_at) <= now))
            .order_by(col(OutboxMessage.id)).limit(limit)).all() if i is not None]


def _claim(db: Engine, ids: list[int], worker: str, now: datetime) -> list[int]:
    claimed = []
    with Session(db) as session:
        for message_id in ids:
            result = session.exec(update(OutboxMessage).where(
                col(OutboxMessage.id) == message_id, col(OutboxMessage.status) == QUEUED,
                or_(col(OutboxMessage.next_attempt_at).is_(None), col(OutboxMessage.next_attempt_at) <= now))
                .values(status=CLAIMED, claimed_by=worker, claimed_at=now, attempts=OutboxMessage.attempts + 1))
            session.commit()
            if result.rowcount == 1:
                claimed.append(message_id)
    return claimed


def _load(db: Engine, ids: list[int], sender: str, sealer: Sealer | None) -> list[EmailMessage | Failure]:
    """Each row's e-mail, or why it cannot be one (e.g. an address holding a line break): that row
    fails for good instead of stopping the batch."""
    loaded: list[EmailMessage | Failure] = []
    with Session(db) as session:
        rows = {m.id: m for m in session.exec(select(OutboxMessage).where(col(OutboxMessage.id).in_(ids))).all()}
        for message_id in ids:
            try:
                loaded.append(compose(rows[message_id], sender=sender, sealer=sealer))
            except (ValueError, TypeError, KeyError) as exc:
                loaded.append(Failure(f"cannot compose: {type(exc).__name__}: {exc}"[:300], permanent=True))
    return loaded


def _record(db: Engine, ids: list[int], results: list[Failure | None], retry: Retry, now: datetime) -> int:
    sent = 0
    with Session(db) as session:
        for message_id, failure in zip(ids, results, strict=True):
            message = session.get(OutboxMessage, message_id)
            assert message is not None
            if failure is None:
                message.status, message.sent_at, message.last_error = SENT, datetime.now(UTC), ""
                sent += 1
            else:
                final = failure.permanent or message.attempts >= retry.max_attempts
                message.status, message.last_error = (FAILED if final else QUEUED), failure.reason[:300]
                message.next_attempt_at = None if final else now + retry.delay(message.attempts)
                log.warning("e-mail %s not sent (try %d%s): %s", message_id, message.attempts,
                            ", giving up" if final else "", failure.reason)
            session.add(message)
        scrub_final(session, ids)
        session.commit()
    return sent


def scrub_final(session: Session, ids: list[int]) -> None:
    """Scrub the sealed parts of those of `ids` that are final e-mails (the caller commits)."""
    if not ids:
        return
    for row in session.exec(select(OutboxMessage).where(
            col(OutboxMessage.id).in_(ids), OutboxMessage.channel == EMAIL,
            col(OutboxMessage.status).in_((SENT, UNDELIVERABLE, FAILED)))).all():
        if MARK in row.text:
            row.text = scrub(row.text)
            session.add(row)


def _undeliverable(db: Engine, ids: list[int]) -> None:
    with Session(db) as session:
        session.exec(update(OutboxMessage).where(col(OutboxMessage.id).in_(ids), col(OutboxMessage.status) == QUEUED)
                     .values(status=UNDELIVERABLE, last_error="e-mail is off (SMTP_HOST unset)"))
        scrub_final(session, ids)
        session.commit()


async def send_emails(*, db: Engine, mailer: Mailer | None, sender: str, worker: str, retry: Retry,
                      sealer: Sealer | None = None, now: datetime | None = None, limit: int = 50) -> int:
    """Send the e-mails that are due; returns how many this worker sent. With e-mail off (no
    mailer), due e-mails are marked undeliverable, as a push to a channel that cannot be pushed is."""
    now = now or datetime.now(UTC)
    ids = await asyncio.to_thread(_due, db, now, limit)
    if not ids:
        return 0
    if mailer is None:
        await asyncio.to_thread(_undeliverable, db, ids)
        return 0
    claimed = await asyncio.to_thread(_claim, db, ids, worker, now)
    if not claimed:
        return 0
    loaded = await asyncio.to_thread(_load, db, claimed, sender, sealer)
    messages = [m for m in loaded if isinstance(m, EmailMessage)]
    try:
        outcomes = iter(await mailer.send(messages))
    except Exception as exc:  # a bug in the mailer must not leave the rows claimed
        log.exception("e-mail batch failed")
        outcomes = iter([Failure(f"{type(exc).__name__}: {exc}")] * len(messages))
    results = [next(outcomes) if isinstance(m, EmailMessage) else m for m in loaded]
    return await asyncio.to_thread(_record, db, claimed, results, retry, now)
