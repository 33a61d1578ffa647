"""The web chat's side of the outbox: a web user cannot be pushed to, so the open chat page fetches
the messages written for its session (an expert's decision, an application's new status) and a
reloaded page shows them again in the conversation.

A message is delivered once the page has fetched it (queued -> sent, a conditional update, so of
two workers answering two polls at once only one records the delivery). Which messages a poll
returns does not hang on that record alone: the page says the newest message id it has shown, and
gets every later one plus any still queued (a message committed late under a smaller id is not
skipped); a page that lost a response asks again from the same id and gets the same messages.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import or_, update
from sqlmodel import Session, col, select

from api.outbox.service import action_from
from api.outbox.tables import QUEUED, SENT, WEB, OutboxMessage


@dataclass(frozen=True)
class Notice:
    """One message to a web user, as the chat page shows it."""

    id: int
    created_at: datetime
    topic: str
    """What it is about: 'booking' or 'application'."""
    subject: str
    """The thing's reference (B-000012, P110-…)."""
    kind: str
    """What happened: confirmed, declined, proposal, approved…"""
    text: str
    actions: list[dict[str, Any]]
    """Its buttons in the web chat's shape (postback `data`, message `text`, link `uri`)."""


def _mine(session_id: str) -> tuple[Any, ...]:
    return (col(OutboxMessage.channel) == WEB, col(OutboxMessage.address) == session_id,
            col(OutboxMessage.recipient) == "sme")


def _notice(row: OutboxMessage) -> Notice:
    return Notice(id=row.id or 0, created_at=row.created_at, topic=row.topic, subject=row.subject, kind=row.kind,
                  text=row.text, actions=[action_from(a).to_dict() for a in row.actions])


def _delivered(session: Session, rows: list[OutboxMessage], now: datetime) -> None:
    waiting = [row.id for row in rows if row.status == QUEUED]
    if waiting:
        session.exec(update(OutboxMessage).where(col(OutboxMessage.id).in_(waiting),
                                                 col(OutboxMessage.status) == QUEUED)
                     .values(status=SENT, sent_at=now))
        session.commit()


def fetch(*, session: Session, session_id: str, after: int = 0, limit: int = 50,
          now: datetime | None = None) -> list[Notice]:
    """This session's messages the page has not shown (after message `after`, or still queued),
    oldest first; each is marked delivered."""
    query = select(OutboxMessage).where(*_mine(session_id), or_(col(OutboxMessage.id) > after,
                                                                col(OutboxMessage.status) == QUEUED))
    rows = list(session.exec(query.order_by(col(OutboxMessage.id)).limit(limit)).all())
    notices = [_notice(row) for row in rows]
    _delivered(session, rows, now or datetime.now(UTC))
    return notices


def history(*, session: Session, session_id: str, since: datetime | None = None, limit: int = 50,
            now: datetime | None = None) -> list[Notice]:
    """This session's messages (the newest `limit`, none older than `since`), oldest first, for a
    reloaded page; each is marked delivered."""
    query = select(OutboxMessage).where(*_mine(session_id))
    if since is not None:
        query = query.where(col(OutboxMessage.created_at) >= since)
    rows = list(reversed(session.exec(query.order_by(col(OutboxMessage.id).desc()).limit(limit)).all()))
    notices = [_notice(row) for row in rows]
    _delivered(session, rows, now or datetime.now(UTC))
    return notices
