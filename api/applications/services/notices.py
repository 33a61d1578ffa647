"""Telling an applicant their application moved, through the shared outbox, in the transaction of
the change (so the notice is sent once, survives a restart, and never announces what was undone)."""

from __future__ import annotations

from sqlmodel import Session

from api.applications import messages
from api.applications.tables import PointsApplication
from api.outbox import service as outbox
from api.outbox.tables import EMAIL
from bot.types import Action

CHAT_CHANNELS = ("line", "web")
STATUS_BUTTON = Action("message", messages.MY_APPLICATIONS, messages.MY_APPLICATIONS)


def announce(session: Session, app: PointsApplication, *, resubmission_of: str = "") -> None:
    """Queue a notice to the chat user who applied (API submissions have no chat to tell), and an
    e-mail to the application's address (every application has one), each sent on its own."""
    text = messages.resubmitted(app, resubmission_of) if resubmission_of else messages.status_changed(app)
    kind, key = "resubmitted" if resubmission_of else app.status, f"points:{app.reference}:{app.status}"
    if app.channel in CHAT_CHANNELS and app.user_id:
        outbox.enqueue(session, topic="application", subject=app.reference, recipient="sme", channel=app.channel,
                       address=app.user_id, kind=kind, text=text, actions=(STATUS_BUTTON,), key=key)
    if app.email:
        outbox.enqueue(session, topic="application", subject=app.reference, recipient="sme", channel=EMAIL,
                       address=app.email, kind=kind, text=f"{text}\n\n{messages.EMAIL_FOOTER}",
                       email_subject=messages.email_subject(app), key=f"{key}:{EMAIL}")
