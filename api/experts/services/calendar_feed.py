"""Bookings as iCalendar: each expert's feed (subscribed to by its secret address) and the invitation
e-mailed to the SME when a consultation is confirmed; one event builder serves both."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from icalendar import Calendar, Event
from sqlmodel import Session, col, select

from api.errors import NotFound
from api.experts import messages as msg
from api.experts.rules.labels import mode_label, say, status_label
from api.experts.tables import Booking, Expert
from bot.redact import redact
from knowledge.programme import TAIPEI

_SHOWN = ("pending", "confirmed", "completed", "no_show")


def expert_by_calendar_token(*, session: Session, token: str) -> Expert:
    expert = session.exec(select(Expert).where(Expert.calendar_token == token)).first() if token else None
    if expert is None:
        raise NotFound(*msg.CALENDAR_NOT_FOUND)
    return expert


def _calendar(name: str, *, method: str = "") -> Calendar:
    cal = Calendar()
    cal.add("prodid", "-//tcloud-assistant//expert consultations//ZH-TW")
    cal.add("version", "2.0")
    if method:
        cal.add("method", method)
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", TAIPEI.key)
    return cal


def booking_event(booking: Booking, *, summary: str, description: str) -> Event:
    """The booking as one event (the same UID everywhere, so a calendar updates it in place)."""
    event = Event()
    event.add("uid", f"booking-{booking.id}@tcloud-assistant")
    event.add("dtstamp", booking.updated_at.astimezone(UTC))
    event.add("dtstart", booking.slot_start.astimezone(UTC))
    event.add("dtend", booking.slot_end.astimezone(UTC))
    event.add("summary", summary)
    event.add("description", description)
    event.add("status", "CONFIRMED" if booking.status != "pending" else "TENTATIVE")
    return event


def calendar_feed(*, session: Session, expert: Expert, now: datetime | None = None) -> bytes:
    now = now or datetime.now(UTC)
    cal = _calendar(msg.calendar_name(expert.name))
    bookings = session.exec(select(Booking).where(
        Booking.expert_id == expert.id, col(Booking.status).in_(_SHOWN),
        Booking.slot_start > now - timedelta(days=90)).order_by(col(Booking.slot_start))).all()
    for booking in bookings:
        cal.add_component(booking_event(
            booking, summary=msg.calendar_summary(booking.reference, booking.company, status_label(booking.status)),
            description=msg.calendar_description(
                reference=booking.reference, topic=redact(booking.topic), mode=mode_label(booking.mode),
                questions=[redact(str(q)) for q in booking.context.get("questions", [])[-3:]])))
    return bytes(cal.to_ical())


def invitation(booking: Booking, expert: Expert) -> dict[str, str]:
    """The SME's calendar invitation for a confirmed consultation, as an e-mail attachment."""
    cal = _calendar(say(booking, *msg.INVITATION_CALENDAR), method="PUBLISH")
    cal.add_component(booking_event(
        booking, summary=say(booking, *msg.invitation_summary(booking.reference, expert.name)),
        description=say(booking, *msg.invitation_description(booking.reference, expert.name,
                                                             mode_label(booking.mode), mode_label(booking.mode, "en"),
                                                             booking.topic))))
    return {"filename": f"{booking.reference}.ics", "content_type": "text/calendar", "method": "PUBLISH",
            "content": cal.to_ical().decode()}
