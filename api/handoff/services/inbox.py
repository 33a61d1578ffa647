"""The staff side of the handoff inbox: the list, one conversation's transcript, and the staff
actions (reply, take, close), each one transaction with its audit entry and its message to the user."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from api.errors import Conflict, InvalidInput, NotFound
from api.exchanges import history
from api.handoff import messages as msg
from api.handoff.rules.states import ACTIVE, ASSIGNED, REPLY_MAX_CHARS, RESOLVED, inbox_order, waiting
from api.handoff.tables import HandoffConversation, HandoffMessage
from api.models import Exchange
from api.outbox import service as outbox
from api.staff.services import audit

PUSH_CHANNELS = frozenset({"line"})
"""Channels a reply is pushed to through the outbox; the web chat fetches its messages itself."""


@dataclass(frozen=True)
class Entry:
    """One line of the transcript: the user's message, the bot's reply, or a staff message."""

    at: datetime
    author: str
    """'user', 'bot', 'staff' or 'system'."""
    text: str
    name: str = ""
    intent: str = ""


@dataclass(frozen=True)
class Row:
    conversation: HandoffConversation
    waiting: bool


def reference(conversation_id: int) -> str:
    return f"H-{conversation_id:06d}"


def inbox(*, session: Session, state: str = "", limit: int = 200) -> list[Row]:
    """Conversations for the inbox: waiting for a reply first, then newest user message first."""
    query = select(HandoffConversation)
    if state == "active":
        query = query.where(col(HandoffConversation.state).in_(ACTIVE))
    elif state:
        query = query.where(HandoffConversation.state == state)
    rows = session.exec(query.order_by(col(HandoffConversation.last_user_at).desc()).limit(limit)).all()
    ordered = sorted(rows, key=lambda c: inbox_order(state=c.state, last_user_at=c.last_user_at,
                                                     last_staff_at=c.last_staff_at))
    return [Row(c, waiting(state=c.state, last_user_at=c.last_user_at, last_staff_at=c.last_staff_at))
            for c in ordered]


def get(*, session: Session, conversation_id: int) -> HandoffConversation:
    conversation = session.get(HandoffConversation, conversation_id)
    if conversation is None:
        raise NotFound(*msg.NOT_FOUND)
    return conversation


def staff_messages(*, session: Session, conversation_id: int, after: int = 0) -> list[HandoffMessage]:
    return list(session.exec(select(HandoffMessage).where(HandoffMessage.conversation_id == conversation_id,
                                                          col(HandoffMessage.id) > after)
                             .order_by(col(HandoffMessage.id))).all())


def transcript(*, session: Session, conversation: HandoffConversation, limit: int = 100) -> list[Entry]:
    """The user's exchanges on this channel (what they asked, what the bot answered) and the staff
    messages, oldest first. Messages held for staff have no bot reply (or its one acknowledgement)."""
    entries: list[Entry] = []
    exchanges: list[Exchange] = history(session=session, user_hash=conversation.user_hash, limit=limit)
    for ex in exchanges:
        entries.append(Entry(ex.created_at, "user", ex.question))
        if ex.answer:
            entries.append(Entry(ex.created_at, "bot", ex.answer, intent=ex.intent))
    assert conversation.id is not None
    for m in staff_messages(session=session, conversation_id=conversation.id):
        entries.append(Entry(m.created_at, m.author, m.text, name=m.staff_name))
    return sorted(entries, key=lambda e: e.at)


def _tell_user(session: Session, conversation: HandoffConversation, *, kind: str, text: str, key: str,
               now: datetime) -> None:
    if conversation.channel in PUSH_CHANNELS:
        assert conversation.id is not None
        outbox.enqueue(session, topic="handoff", subject=reference(conversation.id), recipient="sme",
                       channel=conversation.channel, address=conversation.user_id, kind=kind, text=text,
                       key=key, now=now)


def reply(*, session: Session, conversation_id: int, text: str, key: str, staff: str, staff_name: str, role: str,
          now: datetime | None = None) -> tuple[HandoffMessage, bool]:
    """Send a staff reply on the user's channel; a reply to an open conversation takes it.
    Returns the message and whether it is new (False: this form was submitted before)."""
    now = now or datetime.now(UTC)
    text = text.strip()
    if not text:
        raise InvalidInput(*msg.BLANK_REPLY)
    if len(text) > REPLY_MAX_CHARS:
        raise InvalidInput(*msg.too_long(REPLY_MAX_CHARS))
    key = f"reply:{key.strip()[:60]}"
    earlier = session.exec(select(HandoffMessage).where(HandoffMessage.key == key)).first()
    if earlier is not None:
        return earlier, False
    conversation = get(session=session, conversation_id=conversation_id)
    if conversation.state not in ACTIVE:
        raise Conflict(*msg.RESOLVED)
    message = HandoffMessage(conversation_id=conversation_id, created_at=now, author="staff", staff=staff[:60],
                             staff_name=staff_name[:60], text=text, key=key)
    session.add(message)
    if conversation.state != ASSIGNED:
        conversation.state, conversation.assignee, conversation.assignee_name = ASSIGNED, staff[:60], staff_name[:60]
    conversation.last_staff_at = now
    session.add(conversation)
    try:
        session.flush()
    except IntegrityError:  # the same form, submitted twice at once: the other request sent it
        session.rollback()
        earlier = session.exec(select(HandoffMessage).where(HandoffMessage.key == key)).first()
        assert earlier is not None
        return earlier, False
    assert message.id is not None
    heading = msg.staff_heading(staff_name, conversation.language)
    _tell_user(session, conversation, kind="staff_reply", text=f"{heading}\n{text}", key=f"handoff:{message.id}",
               now=now)
    audit.record(session, actor=staff, role=role, action="handoff.reply", target=reference(conversation_id),
                 detail={"message_id": message.id, "channel": conversation.channel, "chars": len(text)})
    session.commit()
    session.refresh(message)
    return message, True


def take(*, session: Session, conversation_id: int, staff: str, staff_name: str, role: str) -> HandoffConversation:
    """Assign the conversation to `staff` (taking it from another staff member is allowed)."""
    conversation = get(session=session, conversation_id=conversation_id)
    if conversation.state not in ACTIVE:
        raise Conflict(*msg.RESOLVED)
    before = conversation.assignee
    conversation.state, conversation.assignee, conversation.assignee_name = ASSIGNED, staff[:60], staff_name[:60]
    session.add(conversation)
    audit.record(session, actor=staff, role=role, action="handoff.assign", target=reference(conversation_id),
                 detail={"from": before, "to": staff})
    session.commit()
    session.refresh(conversation)
    return conversation


def close(*, session: Session, conversation_id: int, staff: str, role: str,
          now: datetime | None = None) -> bool:
    """Resolve the conversation: the bot answers the user again, and the user is told so.
    False when it was already closed (a second click changes nothing)."""
    now = now or datetime.now(UTC)
    closed = session.exec(update(HandoffConversation)  # conditional: of two clicks at once, one closes it
                          .where(col(HandoffConversation.id) == conversation_id,
                                 col(HandoffConversation.state).in_(ACTIVE))
                          .values(state=RESOLVED, resolved_at=now, resolved_by=staff[:60]))
    if closed.rowcount != 1:
        session.rollback()
        get(session=session, conversation_id=conversation_id)  # not found: says so
        return False
    conversation = get(session=session, conversation_id=conversation_id)
    notice = msg.pick(msg.CLOSED_NOTICE, conversation.language)
    message = HandoffMessage(conversation_id=conversation_id, created_at=now, author="system", staff=staff[:60],
                             text=notice, key=f"close:{conversation_id}:{uuid.uuid4().hex[:16]}")
    session.add(message)
    session.flush()
    _tell_user(session, conversation, kind="handoff_closed", text=notice, key=f"handoff:{message.id}", now=now)
    audit.record(session, actor=staff, role=role, action="handoff.close", target=reference(conversation_id),
                 detail={"channel": conversation.channel})
    session.commit()
    return True
