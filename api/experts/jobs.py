"""The scheduled job: release holds the expert never confirmed, and write the reminders that are due
(a day and an hour before) to the outbox (api/outbox sends them).

Everything it knows is in the database, so a restart loses nothing; each reminder has a unique
key, so it is written once however many workers run; sending claims each row (see api/outbox).
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from api.contract import FeatureContext
from api.experts import buttons
from api.experts import messages as msg
from api.experts.rules.labels import mode_label, say, slot_label, span_label
from api.experts.services.locking import lock_booking
from api.experts.services.outbox import enqueue
from api.experts.tables import Booking, Expert
from api.outbox.tables import OutboxMessage
from knowledge.programme import TAIPEI

log = logging.getLogger(__name__)

REMINDERS = (("reminder_day", timedelta(hours=24)), ("reminder_hour", timedelta(hours=1)))


@dataclass(frozen=True)
class JobReport:
    released: int
    reminders: int


def release_stale_holds(*, db: Engine, hold_hours: float, now: datetime) -> int:
    """Pending bookings the expert did not confirm in time give their slot back."""
    cutoff = now - timedelta(hours=hold_hours)
    with Session(db) as session:
        ids = session.exec(select(Booking.id).where(Booking.status == "pending").where(
            (col(Booking.created_at) < cutoff) | (col(Booking.slot_start) <= now))).all()
    released = 0
    for booking_id in ids:
        with Session(db) as session:
            locked = lock_booking(session, booking_id or 0)
            if locked is None:
                continue
            _, booking = locked
            if booking.status != "pending" or (booking.created_at >= cutoff and booking.slot_start > now):
                session.rollback()  # confirmed (or moved) meanwhile
                continue
            booking.status, booking.active_slot_key, booking.updated_at = "expired", None, now
            session.add(booking)
            when = span_label(booking.slot_start, booking.slot_end)
            enqueue(session, booking=booking, recipient="sme", kind="released", now=now,
                    actions=buttons.rebook(booking),
                    text=say(booking, *msg.released(booking.reference, when)))
            enqueue(session, booking=booking, recipient="expert", kind="released", now=now,
                    text=msg.hold_released(booking.reference, when, booking.company))
            session.commit()
            released += 1
    return released


def _reminder_text(booking: Booking, expert: Expert, kind: str, recipient: str) -> str:
    when = span_label(booking.slot_start, booking.slot_end)
    if recipient == "expert":
        return msg.expert_reminder(tomorrow=kind == "reminder_day", when=when, company=booking.company,
                                   reference=booking.reference, mode=mode_label(booking.mode), topic=booking.topic)
    if kind == "reminder_day":
        return say(booking, *msg.reminder_day(booking.reference, when, expert.name, mode_label(booking.mode),
                                              slot_label(booking.slot_start, "en", year=True)))
    start = booking.slot_start.astimezone(TAIPEI)
    return say(booking, *msg.reminder_hour(booking.reference, f"{start:%H:%M}", expert.name, mode_label(booking.mode)))


def schedule_reminders(*, db: Engine, now: datetime) -> int:
    """Write the reminders that are due and not yet written; returns how many this call wrote."""
    with Session(db) as session:
        rows = session.exec(select(Booking, Expert).where(
            Booking.expert_id == Expert.id, Booking.status == "confirmed", Booking.slot_start > now,
            Booking.slot_start <= now + timedelta(hours=24))).all()
        due = []
        for booking, expert in rows:
            for kind, lead in REMINDERS:
                moment = booking.slot_start - lead
                late = kind == "reminder_day" and now >= booking.slot_start - timedelta(hours=1)
                if now >= moment and booking.created_at < moment and not late:
                    for recipient in ("sme", "expert"):
                        key = f"{kind}:{booking.id}:{booking.slot_start:%Y%m%dT%H%M}:{recipient}"
                        due.append((key, booking, expert, kind, recipient))
        keys = [d[0] for d in due]
        written = set(session.exec(select(OutboxMessage.key).where(col(OutboxMessage.key).in_(keys))).all()) \
            if keys else set()
        session.expunge_all()
    made = 0
    for key, booking, expert, kind, recipient in due:
        if key in written:
            continue
        with Session(db) as session:
            enqueue(session, booking=booking, recipient=recipient, kind=kind, key=key, now=now,
                    text=_reminder_text(booking, expert, kind, recipient),
                    actions=buttons.manage(booking) if recipient == "sme" and kind == "reminder_day" else ())
            try:
                session.commit()
                made += 1
            except IntegrityError:  # another worker wrote it first
                session.rollback()
    return made


def run_job(ctx: FeatureContext, *, now: datetime | None = None) -> JobReport:
    """One pass of the job."""
    now = now or datetime.now(UTC)
    released = release_stale_holds(db=ctx.db, hold_hours=ctx.settings.experts_hold_hours, now=now)
    reminders = schedule_reminders(db=ctx.db, now=now)
    return JobReport(released, reminders)


async def run_forever(ctx: FeatureContext) -> None:
    """The feature's background loop: one pass every EXPERTS_JOB_SECONDS, surviving its own errors."""
    while True:
        try:
            report = await asyncio.to_thread(run_job, ctx)
            if report.released or report.reminders:
                log.info("experts job: %s", report)
        except Exception:
            log.exception("experts job pass failed; retrying next time")
        await asyncio.sleep(ctx.settings.experts_job_seconds)
