"""An expert's hours in the database: weekly rules and date exceptions (overlaps refused), and the
free slots they leave."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from sqlmodel import Session, col, select

from api.errors import InvalidInput, NotFound
from api.experts import messages as msg
from api.experts.http.schemas import ExceptionCreate, RuleCreate
from api.experts.rules.availability import (
    DayException,
    Policy,
    Schedule,
    Weekly,
    conflicting_rule,
    minutes,
    overlaps,
)
from api.experts.tables import ACTIVE, AvailabilityException, AvailabilityRule, Booking, Expert


def _weekly(rule: AvailabilityRule) -> Weekly:
    return Weekly(rule.weekday, minutes(rule.start), minutes(rule.end), rule.valid_from, rule.valid_until)


def _exception(exc: AvailabilityException) -> DayException:
    return DayException(exc.day, exc.kind, minutes(exc.start) if exc.start else None,
                        minutes(exc.end) if exc.end else None)


def policy_of(expert: Expert) -> Policy:
    return Policy(expert.slot_minutes, expert.buffer_minutes, expert.min_notice_hours, expert.horizon_days)


def load_schedule(*, session: Session, expert: Expert) -> Schedule:
    rules = session.exec(select(AvailabilityRule).where(AvailabilityRule.expert_id == expert.id)).all()
    exceptions = session.exec(select(AvailabilityException)
                              .where(AvailabilityException.expert_id == expert.id)).all()
    return Schedule([_weekly(r) for r in rules], [_exception(e) for e in exceptions], policy_of(expert))


def busy_intervals(*, session: Session, expert_id: int, since: datetime,
                   exclude_booking: int | None = None) -> list[tuple[datetime, datetime]]:
    """The times the expert's active bookings hold, from `since` on (minus one booking being moved)."""
    query = select(Booking.slot_start, Booking.slot_end, Booking.id).where(
        Booking.expert_id == expert_id, col(Booking.status).in_(ACTIVE),
        Booking.slot_end > since - timedelta(days=1))
    return [(start, end) for start, end, booking_id in session.exec(query).all() if booking_id != exclude_booking]


def free_slots(*, session: Session, expert: Expert, now: datetime | None = None, limit: int | None = None,
               first_day: date | None = None, last_day: date | None = None,
               exclude_booking: int | None = None) -> list[datetime]:
    now = now or datetime.now(UTC)
    assert expert.id is not None
    schedule = load_schedule(session=session, expert=expert)
    busy = busy_intervals(session=session, expert_id=expert.id, since=now, exclude_booking=exclude_booking)
    return schedule.free_slots(now=now, busy=busy, first_day=first_day, last_day=last_day, limit=limit)


def _check_times(start: int | None, end: int | None) -> None:
    if start is not None and end is not None and start >= end:
        raise InvalidInput(*msg.END_BEFORE_START)


def add_rule(*, session: Session, expert: Expert, rule_in: RuleCreate) -> AvailabilityRule:
    new = Weekly(rule_in.weekday, minutes(rule_in.start), minutes(rule_in.end), rule_in.valid_from,
                 rule_in.valid_until)
    _check_times(new.start, new.end)
    if new.valid_from and new.valid_until and new.valid_from > new.valid_until:
        raise InvalidInput(*msg.VALID_FROM_AFTER_UNTIL)
    existing = session.exec(select(AvailabilityRule).where(AvailabilityRule.expert_id == expert.id)).all()
    clash = conflicting_rule(new, [(r.id or 0, _weekly(r)) for r in existing])
    if clash is not None:
        other = next(r for r in existing if r.id == clash)
        raise InvalidInput(
            *msg.rule_overlap(clash, other.weekday, other.start, other.end),
            [{"field": "start", "problem": "overlapping rule", "rule_id": clash}])
    rule = AvailabilityRule(expert_id=expert.id or 0, **rule_in.model_dump())
    session.add(rule)
    session.commit()
    session.refresh(rule)
    return rule


def add_exception(*, session: Session, expert: Expert, exception_in: ExceptionCreate) -> AvailabilityException:
    start = minutes(exception_in.start) if exception_in.start else None
    end = minutes(exception_in.end) if exception_in.end else None
    _check_times(start, end)
    if exception_in.kind == "extra" and (start is None or end is None):
        raise InvalidInput(*msg.EXTRA_NEEDS_TIMES)
    span = (start or 0, end or 24 * 60)
    same_day = session.exec(select(AvailabilityException).where(
        AvailabilityException.expert_id == expert.id, AvailabilityException.day == exception_in.day,
        AvailabilityException.kind == exception_in.kind)).all()
    for other in same_day:
        if overlaps(span, (minutes(other.start) if other.start else 0, minutes(other.end) if other.end else 1440)):
            raise InvalidInput(*msg.exception_overlap(other.id, exception_in.day, other.kind),
                               [{"field": "start", "problem": "overlapping exception", "exception_id": other.id}])
    if exception_in.kind == "extra":
        schedule = load_schedule(session=session, expert=expert)
        regular = [w for w in schedule.weekly_windows(exception_in.day) if overlaps(span, w)]
        if regular:
            raise InvalidInput(*msg.EXTRA_OVERLAPS_WEEKLY)
    exc = AvailabilityException(expert_id=expert.id or 0, **exception_in.model_dump())
    session.add(exc)
    session.commit()
    session.refresh(exc)
    return exc


def delete_rule(*, session: Session, expert: Expert, rule_id: int) -> None:
    rule = session.get(AvailabilityRule, rule_id)
    if rule is None or rule.expert_id != expert.id:
        raise NotFound(*msg.RULE_NOT_FOUND)
    session.delete(rule)
    session.commit()


def delete_exception(*, session: Session, expert: Expert, exception_id: int) -> None:
    exc = session.get(AvailabilityException, exception_id)
    if exc is None or exc.expert_id != expert.id:
        raise NotFound(*msg.EXCEPTION_NOT_FOUND)
    session.delete(exc)
    session.commit()
