"""The LINE channel's tables: every webhook event as received, dead letters, who follows us."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, Column, Index, Text
from sqlmodel import Field, SQLModel

from api.models import utcnow

PENDING, PROCESSING, DELIVERING, DONE, DEAD = "pending", "processing", "delivering", "done", "dead"
"""pending -> processing (claimed: the turn runs, its reply is stored) -> delivering (committed just
before LINE is called) -> done / dead; a transient failure goes back to pending. The rules are
api/line/rules/delivery.py."""
UNFINISHED = (PENDING, PROCESSING, DELIVERING)
HELD = (PROCESSING, DELIVERING)
"""Statuses of an event a worker holds under a lease."""


class LineEvent(SQLModel, table=True):
    """One webhook event, recorded before the webhook is acknowledged and processed after.

    `webhook_event_id` is unique, so a redelivered or duplicated event is recorded (and answered)
    once. `rendered` keeps the reply once the engine produced it (committed with the turn's dialogue
    state and exchange row), so a retry resends the same messages without running the conversation
    again; `delivery` says whether a reply or a push may already have reached LINE, and
    `retry_key` makes a repeated push a no-op."""

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
    """X-Line-Retry-Key of every push of `rendered` (derived from the webhook event id; a new one when
    staff replay an event whose conversation runs again, since its messages change)."""
    delivery: str = Field(default="", max_length=8)
    """'reply' or 'push' once a call that may have reached LINE was started (recorded before the
    call); '' while nothing can have been delivered. It outlives retries and crashes."""
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
