"""Messages about a booking, through the shared outbox (api/outbox): to the SME on their chat
channel, to the expert in the console (delivered by being stored)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlmodel import Session

from api.experts.tables import Booking
from api.outbox import service as outbox
from api.outbox.tables import OutboxMessage
from bot.types import Action


def enqueue(session: Session, *, booking: Booking, recipient: str, kind: str, text: str,
            actions: Sequence[Action] = (), key: str | None = None, now: datetime | None = None) -> OutboxMessage:
    """Add a message about `booking` to `session` (committed with the caller's change)."""
    to_expert = recipient == "expert"
    return outbox.enqueue(
        session, topic="booking", subject=booking.reference, booking_id=booking.id, recipient=recipient,
        channel="console" if to_expert else booking.channel,
        address=str(booking.expert_id) if to_expert else booking.user_id, kind=kind, text=text, actions=actions,
        key=key or None, delivered=to_expert, now=now)
