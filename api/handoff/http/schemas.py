"""What the web chat reads of a handoff: staff messages as they arrive."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel


class StaffMessageOut(BaseModel):
    id: int
    created_at: datetime
    author: str
    """'staff' (a reply) or 'system' (the conversation went back to the bot)."""
    name: str
    """The staff member's display name ('' for system notices)."""
    text: str


class ChatUpdates(BaseModel):
    session_id: str
    with_staff: bool
    """True while a person handles this conversation (the bot does not answer typed messages)."""
    messages: list[StaffMessageOut]
    """Staff messages after `after`, oldest first."""
