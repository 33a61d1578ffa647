"""The booking state machine: which status a booking may move to, by whom, and when.

pending ──confirm──▶ confirmed ──complete / no-show (after the start)──▶ completed | no_show
   │                    │
   ├──decline / cancel──┴──▶ declined | cancelled          (only before the start)
   └──propose (expert) / reschedule (SME)──▶ same booking, new slot (proposal accepted -> confirmed)

Pure: no database, no FastAPI. Services call `allowed` before they change a booking.
"""

from __future__ import annotations

from datetime import datetime

ACTIVE = ("pending", "confirmed", "completed", "no_show")
"""Statuses that occupy the expert's time (the others released the slot)."""
OPEN = ("pending", "confirmed")
"""Statuses of a booking still to happen."""
OUTCOMES = ("completed", "no_show")
NOTED = ("confirmed", "completed", "no_show")
"""Statuses in which an expert may keep notes on a consultation."""

_BEFORE_START = {"confirm": ("pending",), "decline": OPEN, "propose": OPEN, "cancel": OPEN,
                 "reschedule": OPEN, "answer_proposal": OPEN}
_AFTER_START = {"completed": OPEN, "no_show": OPEN}


def allowed(action: str, *, status: str, slot_start: datetime, now: datetime) -> bool:
    """May `action` be taken on a booking in `status` whose slot starts at `slot_start`?"""
    if action in _BEFORE_START:
        return status in _BEFORE_START[action] and slot_start > now
    if action in _AFTER_START:
        return status in _AFTER_START[action] and slot_start <= now
    if action == "note":
        return status in NOTED
    raise ValueError(f"unknown booking action {action!r}")
