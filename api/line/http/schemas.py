"""What staff see of the LINE channel."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel


class DeadLetterPublic(BaseModel):
    id: int
    event_id: int
    webhook_event_id: str
    event_type: str
    chat: str
    """Who it came from, as a pseudonym (the same hash staff see on exchanges)."""
    summary: str
    """What the user sent (text, button or event type), shortened."""
    reason: str
    error: str
    attempts: int
    created_at: datetime
    replayed_at: datetime | None
    replayed_by: str


class LineQueueStats(BaseModel):
    pending: int
    processing: int
    """Claimed by a worker: being answered or delivered."""
    done: int
    dead: int
    dead_letters_open: int
