"""What staff read about outbox messages."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import SQLModel


class OutboxMessagePublic(SQLModel):
    id: int
    key: str
    topic: str
    subject: str
    """The thing's reference (B-000012, P110-…)."""
    recipient: str
    channel: str
    address: str
    kind: str
    email_subject: str
    status: str
    attempts: int
    last_error: str
    next_attempt_at: datetime | None
    created_at: datetime
    sent_at: datetime | None
