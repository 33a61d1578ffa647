"""The LINE channel's tables: every webhook event as received, dead letters, who follows us."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, Column, Index, Text
from sqlmodel import Field, SQLModel

from api.models import utcnow

PENDING, PROCESSING, DONE, DEAD = "pending", "processing", "done", "dead"
UNFINISHED = (PENDING, PROCESSING)


class LineEvent(SQLModel, table=True):
    """One webhook event, recorded before the webhook is acknowledged and processed after.

    `webhook_event_id` is unique, so a redelivered or duplicated event is recorded (and answered)
    once. `rendered` keeps the reply once the engine produced it, so a retry resends the same
    messages without running the conversation again; `retry_key` makes a retried push a no-op."""

    __tablename__ = "line_event"
    __table_args__ = (Index("ix_line_event_due", "status", "next_attempt_at"),)

    id: int | None = Field(default=None, primary_key=True)
    webhook_event_id: str = Field(max_length=64, unique=True)
    event_type: str = Field(max_length=32)
    source_key: str = Field(max_length=80, index=True)
    """Whose conversation: `user:U…`, `group:C…` or `room:R…`; events of one key are processed in order."""
    event_ts: int = Field(sa_column=Column(BigInteger, nullable=False))
    """The event's `timestamp` (ms since the epoch), as LINE sent it."""
    received_at: datetime = Field(default_factory=utcnow, nullable=False)
    body: dict[str, Any] = Field(sa_column=Column(JSON, nullable=False))
    status: str = Field(default=PENDING, max_length=16)
    attempts: int = 0
    next_attempt_at: datetime = Field(default_factory=utcnow, nullable=False)
    claimed_by: str = Field(default="", max_length=80)
    claimed_until: datetime | None = None
    rendered: list[dict[str, Any]] | None = Field(default=None, sa_column=Column(JSON, nullable=True))
    exchange_id: int | None = None
    retry_key: str = Field(max_length=36)
    reply_unsure: bool = False
    """A reply attempt ended without a clear answer (timeout, 5xx): it may have been delivered."""
    outcome: str = Field(default="", max_length=32)
    """How it ended: replied, pushed, standby, ignored, not_addressed, unfollowed, dead..."""
    last_error: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    finished_at: datetime | None = None


class LineDeadLetter(SQLModel, table=True):
    """An event that could not be processed (retries exhausted, refused by LINE, unparseable)."""

    __tablename__ = "line_dead_letter"

    id: int | None = Field(default=None, primary_key=True)
    event_id: int = Field(foreign_key="line_event.id", index=True)
    reason: str = Field(max_length=32)
    error: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    created_at: datetime = Field(default_factory=utcnow, nullable=False)
    replayed_at: datetime | None = Field(default=None, index=True)
    replayed_by: str = Field(default="", max_length=60)


class LineFollower(SQLModel, table=True):
    """Whether a LINE user follows the account: pushes stop when they unfollow (block)."""

    __tablename__ = "line_follower"

    user_id: str = Field(primary_key=True, max_length=64)
    following: bool = True
    updated_at: datetime = Field(default_factory=utcnow, nullable=False)
