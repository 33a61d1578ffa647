"""The user's side of a handoff: the engine opens a conversation, holds messages while a person
handles it, and hands it back to the bot when the user asks (each one transaction)."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from api.handoff.rules.states import ACTIVE, OPEN, RESOLVED
from api.handoff.tables import HandoffConversation, HandoffMessage


def find(session: Session, *, channel: str, user_id: str) -> HandoffConversation | None:
    return session.exec(select(HandoffConversation).where(HandoffConversation.channel == channel,
                                                          HandoffConversation.user_id == user_id)).first()


def request(*, session: Session, channel: str, user_id: str, user_hash: str, language: str, topic: str,
            note: str, now: datetime | None = None) -> HandoffConversation:
    """Open the user's conversation for staff (a resolved one reopens; an active one moves up)."""
    now = now or datetime.now(UTC)
    conversation = find(session, channel=channel, user_id=user_id)
    if conversation is None:
        conversation = HandoffConversation(channel=channel, user_id=user_id, user_hash=user_hash, opened_at=now)
        session.add(conversation)
        try:
            session.flush()
        except IntegrityError:  # another worker opened it a moment ago: update that one
            session.rollback()
            conversation = find(session, channel=channel, user_id=user_id)
            assert conversation is not None
    if conversation.state == RESOLVED:
        conversation.state, conversation.assignee, conversation.assignee_name = OPEN, "", ""
        conversation.acknowledged, conversation.opened_at = False, now
        conversation.resolved_at, conversation.resolved_by = None, ""
    conversation.language, conversation.last_user_at = language[:8], now
    conversation.topic, conversation.note = topic[:500], note[:500]
    session.add(conversation)
    session.commit()
    session.refresh(conversation)
    return conversation


def hold(*, session: Session, channel: str, user_id: str, language: str,
         now: datetime | None = None) -> bool | None:
    """A message for the person handling the conversation: True to acknowledge it (the first),
    False to stay quiet, None when nobody is handling it (the bot answers)."""
    conversation = find(session, channel=channel, user_id=user_id)
    if conversation is None or conversation.state not in ACTIVE:
        return None
    first = not conversation.acknowledged
    conversation.acknowledged, conversation.language = True, language[:8]
    conversation.last_user_at = now or datetime.now(UTC)
    session.add(conversation)
    session.commit()
    return first


def release(*, session: Session, channel: str, user_id: str, now: datetime | None = None) -> bool:
    """The user went back to the bot; False when no person was handling the conversation."""
    conversation = find(session, channel=channel, user_id=user_id)
    if conversation is None or conversation.state not in ACTIVE:
        return False
    conversation.state, conversation.resolved_by = RESOLVED, "user"
    conversation.resolved_at = now or datetime.now(UTC)
    session.add(conversation)
    session.commit()
    return True


def messages_for(*, session: Session, channel: str, user_id: str,
                 after: int = 0) -> tuple[HandoffConversation | None, list[HandoffMessage]]:
    """The user's conversation (if they ever asked for a person) and its staff messages after `after`."""
    conversation = find(session, channel=channel, user_id=user_id)
    if conversation is None:
        return None, []
    rows = session.exec(select(HandoffMessage).where(HandoffMessage.conversation_id == conversation.id,
                                                     col(HandoffMessage.id) > after)
                        .order_by(col(HandoffMessage.id))).all()
    return conversation, list(rows)
