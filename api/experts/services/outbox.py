"""Messages about a booking, through the shared outbox (api/outbox): to the SME on their chat
channel, to the expert in the console (delivered by being stored); and to each by e-mail when they
have an address (a separate row, sent and retried on its own by the outbox's e-mail sender)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlmodel import Session

from api.experts import messages as msg
from api.experts.rules.labels import say
from api.experts.tables import Booking, Expert
from api.outbox import service as outbox
from api.outbox.tables import EMAIL, OutboxMessage
from bot.flows import validators
from bot.flows.spec import Valid
from bot.types import Action


def enqueue(session: Session, *, booking: Booking, recipient: str, kind: str, text: str,
            actions: Sequence[Action] = (), key: str | None = None, now: datetime | None = None,
            email_lines: Sequence[str] = (), attachments: Sequence[dict[str, str]] = ()) -> OutboxMessage:
    """Add a message about `booking` to `session` (committed with the caller's change). The e-mail
    copy carries `text`, the links among `actions`, `email_lines` (e.g. a link to answer a proposal)
    and `attachments` (e.g. the calendar invitation)."""
    to_expert = recipient == "expert"
    chat = outbox.enqueue(
        session, topic="booking", subject=booking.reference, booking_id=booking.id, recipient=recipient,
        channel="console" if to_expert else booking.channel,
        address=str(booking.expert_id) if to_expert else booking.user_id, kind=kind, text=text, actions=actions,
        key=key or None, delivered=to_expert, now=now)
    address = _email_address(session, booking, recipient)
    if address:
        links = [msg.email_link(a.label, a.value) for a in actions if a.type == "uri" and a.value not in text]
        if to_expert:
            subject, footer = msg.expert_email_subject(kind, booking.reference), msg.EXPERT_EMAIL_FOOTER
        else:
            subject, footer = say(booking, *msg.email_subject(kind, booking.reference)), say(booking, *msg.EMAIL_FOOTER)
        outbox.enqueue(
            session, topic="booking", subject=booking.reference, booking_id=booking.id, recipient=recipient,
            channel=EMAIL, address=address, kind=kind, text="\n\n".join([text, *links, *email_lines, footer]),
            key=f"{chat.key}:{EMAIL}", email_subject=subject, attachments=attachments, now=now)
    return chat


def _email_address(session: Session, booking: Booking, recipient: str) -> str:
    if recipient != "expert":
        return booking.email
    with session.no_autoflush:  # the caller's flush and its errors belong to its own commit
        expert = session.get(Expert, booking.expert_id)
    checked = validators.email(expert.email) if expert is not None and expert.email else None
    return checked.value if isinstance(checked, Valid) else ""  # staff typed it: only a real address
