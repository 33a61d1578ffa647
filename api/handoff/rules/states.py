"""The states of a handed-off conversation and the inbox's order (pure).

open: waiting for a person; assigned: a staff member has it; resolved: the bot answers again.
While open or assigned, the bot does not answer typed messages (bot.handoff)."""

from __future__ import annotations

from datetime import datetime

OPEN, ASSIGNED, RESOLVED = "open", "assigned", "resolved"
ACTIVE = frozenset({OPEN, ASSIGNED})
STATES = (OPEN, ASSIGNED, RESOLVED)
REPLY_MAX_CHARS = 2000
"""A staff reply fits one LINE text message (5,000 characters) with room for its heading."""


def is_active(state: str) -> bool:
    return state in ACTIVE


def waiting(*, state: str, last_user_at: datetime, last_staff_at: datetime | None) -> bool:
    """The user has the last word in an active conversation: a staff member owes a reply."""
    return is_active(state) and (last_staff_at is None or last_user_at > last_staff_at)


def inbox_order(*, state: str, last_user_at: datetime, last_staff_at: datetime | None) -> tuple[int, float]:
    """Sort key: waiting first, then other active, then resolved; newest user message first in each."""
    rank = 0 if waiting(state=state, last_user_at=last_user_at, last_staff_at=last_staff_at) else (
        1 if is_active(state) else 2)
    return rank, -last_user_at.timestamp()
