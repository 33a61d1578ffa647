"""The retention purge: every record with personal data older than its setting allows is deleted.

Plain conditional DELETEs, so several workers (or instances) running it at once is harmless:
whoever comes second finds nothing left to delete. What each setting covers is in README
("What is kept, and for how long")."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import and_, delete, exists, or_
from sqlmodel import Session, col, select

from api.applications.tables import PointsDraft
from api.handoff.tables import HandoffConversation, HandoffMessage
from api.identity.services.confirmation import KEEP as LAPSED_KEEP
from api.identity.tables import PENDING, STAFF, CompanyContact, PendingConfirmation
from api.line.tables import DEAD, LineDeadLetter, LineEvent
from api.models import ContactRequest, DialogueStateRow, Exchange, Feedback, utcnow
from api.outbox.tables import FAILED, SENT, UNDELIVERABLE, OutboxMessage


@dataclass(frozen=True)
class Retention:
    exchange_days: float
    state_days: float
    draft_days: float
    handoff_days: float
    contact_days: float
    outbox_days: float
    identity_days: float
    company_contact_days: float
    line_dead_letter_days: float


def purge(*, session: Session, retention: Retention, now: datetime | None = None) -> dict[str, int]:
    """Delete what is past its retention; returns how many rows of each kind went (one transaction)."""
    now = now or utcnow()

    def before(days: float) -> datetime:
        return now - timedelta(days=days)

    counts = _conversation(session, retention, now)
    counts.update(_handoff(session, before(retention.handoff_days)))
    counts["contact_requests"] = _rows(session.execute(delete(ContactRequest).where(
        col(ContactRequest.created_at) < before(retention.contact_days))))
    counts["notifications"] = _rows(session.execute(delete(OutboxMessage).where(
        col(OutboxMessage.status).in_((SENT, UNDELIVERABLE, FAILED)),
        col(OutboxMessage.created_at) < before(retention.outbox_days))))
    counts["confirmations"] = _rows(session.execute(delete(PendingConfirmation).where(or_(
        and_(col(PendingConfirmation.status) == PENDING, col(PendingConfirmation.expires_at) < now - LAPSED_KEEP),
        col(PendingConfirmation.created_at) < before(retention.identity_days)))))
    counts["company_contacts"] = _rows(session.execute(delete(CompanyContact).where(
        col(CompanyContact.source) != STAFF,
        col(CompanyContact.last_confirmed_at) < before(retention.company_contact_days))))
    counts.update(_line_dead_letters(session, before(retention.line_dead_letter_days)))
    session.commit()
    return counts


def _conversation(session: Session, retention: Retention, now: datetime) -> dict[str, int]:
    """Exchanges (with their feedback), dialogue states and drafts."""
    exchanges_before = now - timedelta(days=retention.exchange_days)
    old_exchanges = select(Exchange.id).where(col(Exchange.created_at) < exchanges_before)
    session.execute(delete(Feedback).where(col(Feedback.exchange_id).in_(old_exchanges)))
    return {
        "exchanges": _rows(session.execute(delete(Exchange).where(col(Exchange.created_at) < exchanges_before))),
        "dialogue_state": _rows(session.execute(delete(DialogueStateRow).where(
            col(DialogueStateRow.updated_at) < now - timedelta(days=retention.state_days)))),
        "drafts": _rows(session.execute(delete(PointsDraft).where(
            col(PointsDraft.updated_at) < now - timedelta(days=retention.draft_days)))),
    }


def _handoff(session: Session, cutoff: datetime) -> dict[str, int]:
    """Staff messages older than `cutoff`, and conversations with nothing said since (what the user
    asked for, `topic` and `note`, goes with them)."""
    idle = (col(HandoffConversation.last_user_at) < cutoff,
            or_(col(HandoffConversation.last_staff_at).is_(None), col(HandoffConversation.last_staff_at) < cutoff),
            or_(col(HandoffConversation.resolved_at).is_(None), col(HandoffConversation.resolved_at) < cutoff))
    messages = _rows(session.execute(delete(HandoffMessage).where(or_(
        col(HandoffMessage.created_at) < cutoff,
        col(HandoffMessage.conversation_id).in_(select(HandoffConversation.id).where(*idle))))))
    conversations = _rows(session.execute(delete(HandoffConversation).where(*idle)))
    return {"handoff_messages": messages, "handoff_conversations": conversations}


def _line_dead_letters(session: Session, cutoff: datetime) -> dict[str, int]:
    """Dead letters older than `cutoff`, and the unanswered events (the user's message) they held."""
    letters = _rows(session.execute(delete(LineDeadLetter).where(col(LineDeadLetter.created_at) < cutoff)))
    events = _rows(session.execute(delete(LineEvent).where(
        col(LineEvent.status) == DEAD, col(LineEvent.received_at) < cutoff,
        ~exists().where(col(LineDeadLetter.event_id) == col(LineEvent.id)))))
    return {"line_dead_letters": letters, "line_events": events}


def _rows(result: Any) -> int:
    return int(getattr(result, "rowcount", 0) or 0)
