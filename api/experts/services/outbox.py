"""Every message to an SME or an expert is a row here, written in the same transaction as the change
it reports (nothing is announced that did not happen, nothing that happened goes unannounced).

Sending is claim-then-push: a worker takes a queued row with a conditional update (only one worker's
update matches), pushes it with the row's key as the platform's dedupe key, then records the result.
Messages to experts are delivered by being here: the console shows them.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import update
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from api.experts.console_tables import OutboxMessage
from api.experts.tables import Booking
from api.notify import Notifier
from bot.types import Action

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 3
STALE_CLAIM = timedelta(minutes=10)


def enqueue(session: Session, *, booking: Booking, recipient: str, kind: str, text: str,
            actions: Sequence[Action] = (), key: str | None = None, now: datetime | None = None) -> OutboxMessage:
    """Add a message to `session` (committed with the caller's change)."""
    now = now or datetime.now(UTC)
    to_expert = recipient == "expert"
    message = OutboxMessage(
        key=key or f"{kind}:{booking.id}:{recipient}:{uuid.uuid4().hex[:12]}", booking_id=booking.id or 0,
        recipient=recipient, channel="console" if to_expert else booking.channel,
        address=str(booking.expert_id) if to_expert else booking.user_id, kind=kind, text=text,
        actions=[_action_dict(a) for a in actions], status="sent" if to_expert else "queued",
        sent_at=now if to_expert else None, created_at=now)
    session.add(message)
    return message


def _action_dict(action: Action) -> dict[str, Any]:
    return {"type": action.type, "label": action.label, "value": action.value, "extra": [list(e) for e in action.extra]}


def _action(data: dict[str, Any]) -> Action:
    return Action(data["type"], data["label"], data["value"], tuple((str(k), str(v)) for k, v in data.get("extra", [])))


def _claim(db: Engine, message_id: int, worker: str, now: datetime) -> bool:
    with Session(db) as session:
        result = session.exec(update(OutboxMessage)
                              .where(col(OutboxMessage.id) == message_id, col(OutboxMessage.status) == "queued")
                              .values(status="claimed", claimed_by=worker, claimed_at=now,
                                      attempts=OutboxMessage.attempts + 1))
        session.commit()
        return result.rowcount == 1


def requeue_stale(*, db: Engine, now: datetime) -> int:
    """Claims left by a worker that died mid-push go back to the queue (the dedupe key makes the
    retried push a no-op on the platform if the first one did go out)."""
    with Session(db) as session:
        result = session.exec(update(OutboxMessage).where(
            col(OutboxMessage.status) == "claimed", col(OutboxMessage.claimed_at) < now - STALE_CLAIM,
            col(OutboxMessage.attempts) < MAX_ATTEMPTS).values(status="queued"))
        session.commit()
        return result.rowcount


def send_queued(*, db: Engine, notifier: Notifier, worker: str, now: datetime | None = None,
                limit: int = 100) -> int:
    """Push queued messages; returns how many this worker sent."""
    now = now or datetime.now(UTC)
    with Session(db) as session:
        ids = session.exec(select(OutboxMessage.id).where(OutboxMessage.status == "queued")
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
                                          actions=tuple(_action(a) for a in message.actions),
                                          dedupe_key=message.key)
                message.status = "sent" if delivered else "undeliverable"
                message.sent_at = datetime.now(UTC) if delivered else None
            except Exception:
                log.exception("push of outbox message %s failed", message_id)
                message.status = "queued" if message.attempts < MAX_ATTEMPTS else "failed"
                delivered = False
            session.add(message)
            session.commit()
            sent += int(delivered)
    return sent
