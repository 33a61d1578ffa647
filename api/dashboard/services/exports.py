"""The CSV exports' rows, read in pages of `BATCH` by id (a large table streams in constant memory).

Pseudonymous: a chat user appears as the hashed id the exchange log uses (the raw LINE id or web
session id never), and bookings and applications leave out the contact person, phone and e-mail."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from sqlmodel import Session, col, select

from api.applications.rules.transitions import label as application_label
from api.applications.tables import PointsApplication
from api.dashboard import messages as msg
from api.dashboard.rules.outcomes import outcome
from api.dashboard.rules.period import Period
from api.exchanges import hash_user
from api.experts.rules.labels import mode_label, status_label
from api.experts.tables import Booking, Expert
from api.models import Exchange, Feedback

BATCH = 500
Row = tuple[object, ...]


def _pages(session: Session, query: Any, id_column: Any, created: Any, channel: Any,
           period: Period) -> Iterator[Any]:
    query = query.where(created >= period.start, created < period.end)
    if period.channels is not None:
        query = query.where(channel.in_(period.channels))
    last = 0
    while True:
        rows = session.exec(query.where(id_column > last).order_by(id_column).limit(BATCH)).all()
        yield from rows
        if len(rows) < BATCH:
            return
        last = _id_of(rows[-1])


def _id_of(row: Any) -> int:
    first = row[0] if isinstance(row, tuple) or hasattr(row, "_fields") else row
    return int(first.id)


def _pseudonym(salt: str, channel: str, user_id: str) -> str:
    return hash_user(salt=salt, channel=channel, user_id=user_id) if user_id else ""


def exchange_rows(*, session: Session, period: Period, salt: str) -> Iterator[Row]:
    query = select(Exchange, Feedback).join(Feedback, col(Feedback.exchange_id) == col(Exchange.id), isouter=True)
    for ex, fb in _pages(session, query, col(Exchange.id), col(Exchange.created_at), col(Exchange.channel), period):
        titles = "；".join(dict.fromkeys(str(s.get("title", "")) for s in ex.sources if isinstance(s, dict)))
        yield (ex.id, ex.created_at, ex.channel, ex.user_hash, ex.question, ex.rewritten,
               msg.OUTCOME_LABELS[outcome(ex.intent)], ex.intent, ex.answer, round(ex.confidence, 3), titles,
               msg.HELPFUL[fb.helpful] if fb is not None else "")


def booking_rows(*, session: Session, period: Period, salt: str) -> Iterator[Row]:
    query = select(Booking, Expert.name).join(Expert, col(Expert.id) == col(Booking.expert_id), isouter=True)
    for b, expert in _pages(session, query, col(Booking.id), col(Booking.created_at), col(Booking.channel), period):
        yield (b.reference, b.created_at, b.slot_start, expert or msg.UNKNOWN_EXPERT, status_label(b.status),
               b.channel, _pseudonym(salt, b.channel, b.user_id), b.company, b.tax_id, mode_label(b.mode), b.topic)


def application_rows(*, session: Session, period: Period, salt: str) -> Iterator[Row]:
    query = select(PointsApplication)
    for a in _pages(session, query, col(PointsApplication.id), col(PointsApplication.created_at),
                    col(PointsApplication.channel), period):
        yield (a.reference, a.created_at, a.year, a.hall, application_label(a.status), a.company_name, a.ubn,
               a.industry, a.employees, a.region, a.cap_points, a.points_granted, a.channel,
               _pseudonym(salt, a.channel, a.user_id), a.decided_at)


def feedback_rows(*, session: Session, period: Period, salt: str) -> Iterator[Row]:
    query = select(Feedback, Exchange).join(Exchange, col(Exchange.id) == col(Feedback.exchange_id))
    for fb, ex in _pages(session, query, col(Feedback.id), col(Feedback.created_at), col(Exchange.channel), period):
        yield (ex.id, fb.created_at, ex.channel, ex.user_hash, msg.HELPFUL[fb.helpful], fb.comment, ex.question)


Export = tuple[tuple[str, ...], Callable[..., Iterator[Row]]]
EXPORTS: dict[str, Export] = {
    "exchanges": (msg.EXCHANGE_COLUMNS, exchange_rows),
    "bookings": (msg.BOOKING_COLUMNS, booking_rows),
    "applications": (msg.APPLICATION_COLUMNS, application_rows),
    "feedback": (msg.FEEDBACK_COLUMNS, feedback_rows),
}
