"""Bookings as the console and staff see them: the pre-meeting brief with the chat context."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlmodel import Session, col, select

from api.experts.console_tables import ConsultationNote
from api.experts.errors import booking_not_found
from api.experts.http.schemas import BookingPublic, NotePublic, OutboxPublic
from api.experts.tables import Booking, Expert
from api.outbox.tables import OutboxMessage


def booking_public(booking: Booking, expert: Expert, note: ConsultationNote | None = None) -> BookingPublic:
    data = booking.model_dump(exclude={"active_slot_key", "user_id", "updated_at", "proposal_note"})
    return BookingPublic(**data, reference=booking.reference, expert_name=expert.name,
                         note=NotePublic.model_validate(note, from_attributes=True) if note else None)


def _with_notes(session: Session, rows: list[tuple[Booking, Expert]]) -> list[BookingPublic]:
    ids = [b.id for b, _ in rows]
    query = select(ConsultationNote).where(col(ConsultationNote.booking_id).in_(ids))
    notes = {n.booking_id: n for n in session.exec(query).all()} if ids else {}
    return [booking_public(b, e, notes.get(b.id or 0)) for b, e in rows]


def expert_bookings(*, session: Session, expert_id: int, upcoming: bool = True, limit: int = 200,
                    now: datetime | None = None) -> list[BookingPublic]:
    """One expert's bookings: upcoming (and those of the last day, to mark completed) or all, by time."""
    now = now or datetime.now(UTC)
    query = select(Booking, Expert).where(Booking.expert_id == expert_id, Booking.expert_id == Expert.id)
    if upcoming:
        query = query.where(Booking.slot_start > now - timedelta(days=1)).order_by(col(Booking.slot_start))
    else:
        query = query.order_by(col(Booking.slot_start).desc())
    return _with_notes(session, [(b, e) for b, e in session.exec(query.limit(limit)).all()])


def expert_booking(*, session: Session, expert_id: int, booking_id: int) -> BookingPublic:
    booking = session.get(Booking, booking_id)
    if booking is None or booking.expert_id != expert_id:
        raise booking_not_found()
    expert = session.get(Expert, expert_id)
    assert expert is not None
    return booking_public(booking, expert, session.get(ConsultationNote, booking_id))


def all_bookings(*, session: Session, status: str | None = None, expert_id: int | None = None,
                 limit: int = 200, since: datetime | None = None, until: datetime | None = None,
                 offset: int = 0) -> list[BookingPublic]:
    """Bookings across experts, latest slot first; `since`/`until` bound the slot's start (until excluded)."""
    query = select(Booking, Expert).where(Booking.expert_id == Expert.id)
    if since:
        query = query.where(col(Booking.slot_start) >= since)
    if until:
        query = query.where(col(Booking.slot_start) < until)
    if status:
        query = query.where(Booking.status == status)
    if expert_id:
        query = query.where(Booking.expert_id == expert_id)
    rows = session.exec(query.order_by(col(Booking.slot_start).desc()).offset(offset).limit(limit)).all()
    return _with_notes(session, [(b, e) for b, e in rows])


def expert_outbox(*, session: Session, expert_id: int, limit: int = 50) -> list[OutboxPublic]:
    rows = session.exec(select(OutboxMessage).where(OutboxMessage.recipient == "expert",
                                                    OutboxMessage.address == str(expert_id))
                        .order_by(col(OutboxMessage.id).desc()).limit(limit)).all()
    return [OutboxPublic(id=m.id or 0, booking_reference=f"B-{m.booking_id:06d}", kind=m.kind, text=m.text,
                         status=m.status, created_at=m.created_at) for m in rows]
