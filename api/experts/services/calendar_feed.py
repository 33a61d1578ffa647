"""Each expert's bookings as an iCalendar feed (subscribed to by its secret address)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from icalendar import Calendar, Event
from sqlmodel import Session, col, select

from api.errors import NotFound
from api.experts import messages as msg
from api.experts.rules.labels import mode_label, status_label
from api.experts.tables import Booking, Expert
from knowledge.programme import TAIPEI

_SHOWN = ("pending", "confirmed", "completed", "no_show")


def expert_by_calendar_token(*, session: Session, token: str) -> Expert:
    expert = session.exec(select(Expert).where(Expert.calendar_token == token)).first() if token else None
    if expert is None:
        raise NotFound(*msg.CALENDAR_NOT_FOUND)
    return expert


def calendar_feed(*, session: Session, expert: Expert, now: datetime | None = None) -> bytes:
    now = now or datetime.now(UTC)
    cal = Calendar()
    cal.add("prodid", "-//tcloud-assistant//expert consultations//ZH-TW")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", msg.calendar_name(expert.name))
    cal.add("x-wr-timezone", TAIPEI.key)
    bookings = session.exec(select(Booking).where(
        Booking.expert_id == expert.id, col(Booking.status).in_(_SHOWN),
        Booking.slot_start > now - timedelta(days=90)).order_by(col(Booking.slot_start))).all()
    for booking in bookings:
        event = Event()
        event.add("uid", f"booking-{booking.id}@tcloud-assistant")
        event.add("dtstamp", booking.updated_at.astimezone(UTC))
        event.add("dtstart", booking.slot_start.astimezone(UTC))
        event.add("dtend", booking.slot_end.astimezone(UTC))
        event.add("summary", msg.calendar_summary(booking.reference, booking.company, status_label(booking.status)))
        event.add("description", msg.calendar_description(
            topic=booking.topic, mode=mode_label(booking.mode), contact=booking.contact_name,
            reach=booking.phone or booking.email, questions=booking.context.get("questions", [])[-3:]))
        event.add("status", "CONFIRMED" if booking.status != "pending" else "TENTATIVE")
        cal.add_component(event)
    return bytes(cal.to_ical())
