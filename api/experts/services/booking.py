"""Bookings from the SME side: make one (never two on one slot), cancel, move to another slot."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, func, select

from api.errors import Conflict, InvalidInput
from api.experts import messages as msg
from api.experts.errors import SlotTaken, SlotUnavailable, booking_not_found, expert_not_found
from api.experts.http.schemas import BookingCreate
from api.experts.rules.labels import language_of, mode_label, say, slot_label, span_label, status_label
from api.experts.rules.limits import check_company_limit
from api.experts.services.hours import busy_intervals, load_schedule
from api.experts.services.locking import lock_booking, lock_company, lock_expert
from api.experts.services.outbox import enqueue
from api.experts.tables import OPEN, Booking, Expert, slot_key
from api.models import utcnow
from bot.flows import validators
from bot.flows.spec import Invalid, Validator
from knowledge.programme import TAIPEI

NEAREST_SLOTS = 3
"""Free slots offered for a time within the expert's hours that no consultation can start at."""


@dataclass(frozen=True)
class Booked:
    booking: Booking
    replayed: bool = False
    """True when this exact booking already existed (the confirm step submitted twice)."""


@contextmanager
def _calendar_write(session: Session) -> Iterator[None]:
    """One calendar change: anything that fails rolls it back whole, and the unique slot key
    refusing the row means someone else's commit took the slot first."""
    try:
        yield
    except IntegrityError as exc:
        session.rollback()
        raise SlotTaken() from exc
    except BaseException:
        session.rollback()
        raise


def _valid(value: str, check: Validator, field: str) -> str:
    result = check(value)
    if isinstance(result, Invalid):
        raise InvalidInput(result.zh, result.en or result.zh, [{"field": field, "problem": result.en}])
    return str(result.value)


def split_reach(reach: str) -> tuple[str, str]:
    """(phone, email) from what the user typed as how to reach them."""
    if "@" in reach:
        return "", _valid(reach, validators.email, "reach")
    return _valid(reach, validators.phone_tw, "reach"), ""


def check_slot(*, session: Session, expert: Expert, start: datetime, now: datetime,
               exclude_booking: int | None = None) -> None:
    """Raise the clear reason `start` cannot be booked with `expert`, or return."""
    if start.tzinfo is None:
        start = start.replace(tzinfo=TAIPEI)
    if start <= now:
        raise SlotUnavailable(*msg.SLOT_PASSED)
    assert expert.id is not None
    schedule = load_schedule(session=session, expert=expert)
    day = start.astimezone(TAIPEI).date()
    busy = busy_intervals(session=session, expert_id=expert.id, since=now, exclude_booking=exclude_booking)
    if start in schedule.free_slots(now=now, busy=busy, first_day=day, last_day=day):
        return
    if start < now + timedelta(hours=expert.min_notice_hours):
        raise SlotUnavailable(*msg.min_notice(expert.min_notice_hours))
    if start > now + timedelta(days=expert.horizon_days):
        raise SlotUnavailable(*msg.beyond_horizon(expert.horizon_days))
    if start in schedule.free_slots(now=now, busy=[], first_day=day, last_day=day):
        raise SlotTaken()
    free = schedule.free_slots(now=now, busy=busy, first_day=day, last_day=day)
    local = start.astimezone(TAIPEI)
    inside = any(s <= local.hour * 60 + local.minute < e for s, e in schedule.windows(day))
    if inside and free:  # within the expert's hours, off the slot grid: offer the nearest ones
        nearest = sorted(sorted(free, key=lambda s: abs(s - start))[:NEAREST_SLOTS])
        raise SlotUnavailable(*msg.nearest_slots([slot_label(s) for s in nearest],
                                                 [slot_label(s, "en") for s in nearest]))
    raise SlotUnavailable(*msg.SLOT_NOT_OFFERED)


def create_booking(*, session: Session, booking_in: BookingCreate, max_open_per_company: int,
                   now: datetime | None = None, before_commit: Callable[[Booking], None] | None = None) -> Booked:
    """Make the booking; `before_commit` adds to its transaction (the e-mailed code confirmed)."""
    now = now or datetime.now(UTC)
    tax_id = _valid(booking_in.tax_id, validators.tax_id, "tax_id")
    phone, email = split_reach(booking_in.reach)
    company = _valid(booking_in.company, validators.text(max_len=100), "company")
    contact = _valid(booking_in.contact_name, validators.text(max_len=60), "contact_name")
    start = booking_in.slot_start.astimezone(UTC)
    if start <= now:
        raise SlotUnavailable(*msg.SLOT_PASSED)
    expert = lock_expert(session, booking_in.expert_id)
    if expert is None or not expert.active:
        session.rollback()
        raise expert_not_found()
    assert expert.id is not None
    with _calendar_write(session):
        if booking_in.mode not in expert.meeting_modes:
            raise InvalidInput(*msg.mode_not_offered([mode_label(m) for m in expert.meeting_modes]),
                               [{"field": "mode", "problem": "not offered"}])
        same = session.exec(select(Booking).where(Booking.active_slot_key == slot_key(expert.id, start))).first()
        if same is not None and (same.user_id, same.channel) == (booking_in.user_id, booking_in.channel):
            session.rollback()
            return Booked(same, replayed=True)
        check_slot(session=session, expert=expert, start=start, now=now)
        lock_company(session, tax_id)
        open_count = session.exec(select(func.count()).select_from(Booking).where(
            Booking.tax_id == tax_id, col(Booking.status).in_(OPEN), Booking.slot_end > now)).one()
        check_company_limit(tax_id=tax_id, open_count=open_count, limit=max_open_per_company)
        booking = Booking(
            expert_id=expert.id, slot_start=start, slot_end=start + timedelta(minutes=expert.slot_minutes),
            status="pending", active_slot_key=slot_key(expert.id, start), channel=booking_in.channel,
            user_id=booking_in.user_id, company=company, tax_id=tax_id, contact_name=contact, phone=phone,
            email=email, mode=booking_in.mode, topic=booking_in.topic.strip()[:500], context=booking_in.context,
            created_at=now, updated_at=now)
        session.add(booking)
        session.flush()
        enqueue(session, booking=booking, recipient="expert", kind="new_booking", now=now,
                text=msg.new_booking(booking.reference, span_label(booking.slot_start, booking.slot_end), company,
                                     mode_label(booking.mode), booking.topic))
        if before_commit is not None:
            before_commit(booking)
        session.commit()
    session.refresh(booking)
    return Booked(booking)


def owned(*, session: Session, booking_id: int, user_id: str, channel: str) -> Booking:
    booking = session.get(Booking, booking_id)
    if booking is None or (booking.user_id, booking.channel) != (user_id, channel):
        raise booking_not_found()
    return booking


def _locked_own(session: Session, booking_id: int, user_id: str, channel: str) -> tuple[Expert, Booking]:
    locked = lock_booking(session, booking_id)
    if locked is None or (locked[1].user_id, locked[1].channel) != (user_id, channel):
        session.rollback()
        raise booking_not_found()
    return locked


def _still_open(booking: Booking, now: datetime, verb: msg.Pair) -> None:
    if booking.status not in OPEN:
        raise Conflict(*msg.cannot_change(status_label(booking.status), booking.status, verb))
    if booking.slot_start <= now:
        raise Conflict(*msg.already_started(verb))


def cancel_booking(*, session: Session, booking_id: int, user_id: str, channel: str,
                   now: datetime | None = None) -> Booking:
    now = now or datetime.now(UTC)
    _, booking = _locked_own(session, booking_id, user_id, channel)
    with _calendar_write(session):
        _still_open(booking, now, msg.CANCELLING)
        booking.status, booking.active_slot_key, booking.updated_at = "cancelled", None, now
        booking.proposed_start = None
        session.add(booking)
        enqueue(session, booking=booking, recipient="expert", kind="cancelled", now=now,
                text=msg.sme_cancelled(booking.company, booking.reference,
                                       span_label(booking.slot_start, booking.slot_end)))
        session.commit()
    session.refresh(booking)
    return booking


def move_booking(session: Session, *, expert: Expert, booking: Booking, start: datetime, now: datetime,
                 status: str) -> None:
    """Move `booking` (whose expert is locked) to `start`; the caller commits."""
    assert expert.id is not None
    check_slot(session=session, expert=expert, start=start, now=now, exclude_booking=booking.id)
    booking.slot_start, booking.slot_end = start, start + timedelta(minutes=expert.slot_minutes)
    booking.active_slot_key, booking.status, booking.updated_at = slot_key(expert.id, start), status, utcnow()
    booking.proposed_start, booking.proposal_note = None, ""
    session.add(booking)


def reschedule_booking(*, session: Session, booking_id: int, user_id: str, channel: str, start: datetime,
                       now: datetime | None = None) -> Booking:
    """The SME moves their booking; the expert confirms the new time again."""
    now = now or datetime.now(UTC)
    expert, booking = _locked_own(session, booking_id, user_id, channel)
    old = span_label(booking.slot_start, booking.slot_end)
    with _calendar_write(session):
        _still_open(booking, now, msg.RESCHEDULING)
        move_booking(session, expert=expert, booking=booking, start=start.astimezone(UTC), now=now, status="pending")
        enqueue(session, booking=booking, recipient="expert", kind="rescheduled", now=now,
                text=msg.sme_rescheduled(booking.company, booking.reference, old,
                                         span_label(booking.slot_start, booking.slot_end)))
        session.commit()
    session.refresh(booking)
    return booking


def bookings_for_user(*, session: Session, user_id: str, channel: str, limit: int = 10) -> list[Booking]:
    """The user's bookings, upcoming first, then the most recent past ones."""
    rows = session.exec(select(Booking).where(Booking.user_id == user_id, Booking.channel == channel)
                        .order_by(col(Booking.slot_start).desc()).limit(50)).all()
    now = datetime.now(UTC)
    upcoming = sorted((b for b in rows if b.slot_end > now and b.status in OPEN), key=lambda b: b.slot_start)
    rest = [b for b in rows if b not in upcoming]
    return (upcoming + rest)[:limit]


def summary_line(booking: Booking, expert_name: str) -> str:
    slot = slot_label(booking.slot_start, language_of(booking))
    return say(booking, *msg.booking_summary(slot, expert_name, mode_label(booking.mode),
                                             mode_label(booking.mode, "en")))
