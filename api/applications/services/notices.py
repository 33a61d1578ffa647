"""Telling an applicant their application moved, through the shared outbox, in the transaction of
the change (so the notice is sent once, survives a restart, and never announces what was undone)."""

from __future__ import annotations

from sqlmodel import Session

from api.applications import messages
from api.applications.tables import PointsApplication
from api.outbox import service as outbox
from bot.types import Action

CHAT_CHANNELS = ("line", "web")
STATUS_BUTTON = Action("message", messages.MY_APPLICATIONS, messages.MY_APPLICATIONS)


def announce(session: Session, app: PointsApplication, *, resubmission_of: str = "") -> None:
    """Queue a notice to the chat user who applied (API submissions have nobody to tell)."""
    if app.channel not in CHAT_CHANNELS or not app.user_id:
        return
    text = messages.resubmitted(app, resubmission_of) if resubmission_of else messages.status_changed(app)
    outbox.enqueue(session, topic="application", subject=app.reference, recipient="sme", channel=app.channel,
                   address=app.user_id, kind="resubmitted" if resubmission_of else app.status, text=text,
                   actions=(STATUS_BUTTON,), key=f"points:{app.reference}:{app.status}")
