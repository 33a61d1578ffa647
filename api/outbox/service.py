"""Writing to the outbox and sending from it.

Every message to a user or an expert is a row, written in the same transaction as the change it
reports (nothing is announced that did not happen, nothing that happened goes unannounced).
Sending is claim-then-push: a worker takes a queued row with a conditional update (only one worker's
update matches), pushes it with the row's key as the platform's dedupe key, then records the result.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import func, update
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from api.notify import Notifier
from api.outbox.http.schemas import OutboxMessagePublic
from api.outbox.mail import scrub_final
from api.outbox.tables import CLAIMED, EMAIL, FAILED, QUEUED, SENT, UNDELIVERABLE, WEB, OutboxMessage
from bot.types import Action

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 3
STALE_CLAIM = timedelta(minutes=10)


def enqueue(session: Session, *, topic: str, subject: str, recipient: str, channel: str, address: str, kind: str,
            text: str, actions: Sequence[Action] = (), key: str | None = None, booking_id: int | None = None,
            delivered: bool = False, now: datetime | None = None, email_subject: str = "",
            attachments: Sequence[dict[str, str]] = ()) -> OutboxMessage:
    """Add a message to `session` (committed with the caller's change). `delivered`: the message is
    delivered by being stored (an expert's console outbox), so it is never pushed. Channel 'email':
    `address` is the e-mail address, `text` the body, `email_subject` the subject line, and the sender
    is `api.outbox.mail` (with back-off), not the push notifier."""
    now = now or datetime.now(UTC)
    message = OutboxMessage(
        key=key or f"{kind}:{subject}:{recipient}:{uuid.uuid4().hex[:12]}", topic=topic, subject=subject,
        booking_id=booking_id, recipient=recipient, channel=channel, address=address, kind=kind, text=text,
        actions=[_action_dict(a) for a in actions], email_subject=email_subject, attachments=list(attachments),
        status=SENT if delivered else QUEUED,
        sent_at=now if delivered else None, created_at=now)
    session.add(message)
    return message


def _action_dict(action: Action) -> dict[str, Any]:
    return {"type": action.type, "label": action.label, "value": action.value, "extra": [list(e) for e in action.extra]}


def action_from(data: dict[str, Any]) -> Action:
    """A stored button back as the `Action` it was written from."""
    return Action(data["type"], data["label"], data["value"], tuple((str(k), str(v)) for k, v in data.get("extra", [])))


def _claim(db: Engine, message_id: int, worker: str, now: datetime) -> bool:
    with Session(db) as session:
        result = session.exec(update(OutboxMessage)
                              .where(col(OutboxMessage.id) == message_id, col(OutboxMessage.status) == QUEUED)
                              .values(status=CLAIMED, claimed_by=worker, claimed_at=now,
                                      attempts=OutboxMessage.attempts + 1))
        session.commit()
        return result.rowcount == 1


def requeue_stale(*, db: Engine, now: datetime, email_max_attempts: int = MAX_ATTEMPTS) -> int:
    """Claims left by a worker that died mid-push go back to the queue (the dedupe key makes the
    retried push a no-op on the platform if the first one did go out); an e-mail that has used its
    tries is marked failed, for staff to see."""
    stale = (col(OutboxMessage.status) == CLAIMED, col(OutboxMessage.claimed_at) < now - STALE_CLAIM)
    email = col(OutboxMessage.channel) == EMAIL
    with Session(db) as session:
        result = session.exec(update(OutboxMessage).where(
            *stale, ~email, col(OutboxMessage.attempts) < MAX_ATTEMPTS).values(status=QUEUED))
        requeued = result.rowcount
        result = session.exec(update(OutboxMessage).where(
            *stale, email, col(OutboxMessage.attempts) < email_max_attempts).values(status=QUEUED))
        requeued += result.rowcount
        given_up = [i for i in session.exec(select(OutboxMessage.id).where(*stale, email)).all() if i is not None]
        session.exec(update(OutboxMessage).where(*stale, email).values(
            status=FAILED, last_error="the sender stopped while sending"))
        scrub_final(session, given_up)
        session.commit()
        return requeued


def send_queued(*, db: Engine, notifier: Notifier, worker: str, now: datetime | None = None,
                limit: int = 100) -> int:
    """Push queued chat messages (e-mails are sent by `api.outbox.mail`; the web chat page fetches its
    own, `api.outbox.web`); returns how many this worker sent."""
    now = now or datetime.now(UTC)
    with Session(db) as session:
        ids = session.exec(select(OutboxMessage.id).where(OutboxMessage.status == QUEUED,
                                                          col(OutboxMessage.channel).not_in((EMAIL, WEB)))
                           .order_by(col(OutboxMessage.id)).limit(limit)).all()
    sent = 0
    for message_id in ids:
        if message_id is None or not _claim(db, message_id, worker, now):
            continue  # another worker has it
        with Session(db) as session:
            message = session.get(OutboxMessage, message_id)
            assert message is not None
            try:
                delivered = notifier.push(channel=message.channel, user_id=message.address, text=message.text,
                                          actions=tuple(action_from(a) for a in message.actions),
                                          dedupe_key=message.key)
                message.status = SENT if delivered else UNDELIVERABLE
                message.sent_at = datetime.now(UTC) if delivered else None
            except Exception:
                log.exception("push of outbox message %s failed", message_id)
                message.status = QUEUED if message.attempts < MAX_ATTEMPTS else FAILED
                delivered = False
            session.add(message)
            session.commit()
            sent += int(delivered)
    return sent


def messages_with_status(*, session: Session, status: str, channel: str | None = None,
                         limit: int = 100) -> list[OutboxMessagePublic]:
    """Messages in `status` (e.g. failed), newest first: what staff look at when someone was not told."""
    query = select(OutboxMessage).where(OutboxMessage.status == status)
    if channel:
        query = query.where(OutboxMessage.channel == channel)
    rows = session.exec(query.order_by(col(OutboxMessage.id).desc()).limit(limit)).all()
    return [OutboxMessagePublic.model_validate(row, from_attributes=True) for row in rows]
def counts(*, session: Session) -> dict[str, int]:
    """How many messages are in each status (queued, claimed, sent, undeliverable, failed)."""
    found = dict(session.exec(select(OutboxMessage.status, func.count()).group_by(OutboxMessage.status)).all())
    return {status: int(found.get(status, 0)) for status in (QUEUED, CLAIMED, SENT, UNDELIVERABLE, FAILED)}
