"""Serialising the writes that touch one expert's calendar.

PostgreSQL: `SELECT ... FOR UPDATE` on the expert row (and a transaction-scoped advisory lock per
company for the fair-use count). SQLite: `BEGIN IMMEDIATE` takes the database's write lock before
the first read, so the read-check-write of a booking cannot interleave with another. Either way
the unique `active_slot_key` stays the last line of defence.
"""

from __future__ import annotations

import zlib

from sqlalchemy import text
from sqlmodel import Session, select

from api.experts.tables import Booking, Expert


def _sqlite(session: Session) -> bool:
    return session.get_bind().dialect.name == "sqlite"


def lock_expert(session: Session, expert_id: int) -> Expert | None:
    """Start the write transaction holding `expert_id`'s calendar; call before any other statement."""
    if _sqlite(session):
        session.connection().exec_driver_sql("BEGIN IMMEDIATE")
        return session.get(Expert, expert_id, populate_existing=True)
    return session.exec(select(Expert).where(Expert.id == expert_id).with_for_update()).first()


def lock_company(session: Session, tax_id: str) -> None:
    """Serialise bookings of one company (its open-bookings limit) across experts."""
    if not _sqlite(session):  # BEGIN IMMEDIATE already serialises every writer on SQLite
        key = zlib.crc32(f"company:{tax_id}".encode())
        session.connection().execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": key})


def lock_booking(session: Session, booking_id: int) -> tuple[Expert, Booking] | None:
    """The booking and its expert, locked as above, read afresh after the lock."""
    expert_id = session.exec(select(Booking.expert_id).where(Booking.id == booking_id)).first()
    session.rollback()  # end that read: the lock must open the transaction
    if expert_id is None:
        return None
    expert = lock_expert(session, expert_id)
    booking = session.get(Booking, booking_id, populate_existing=True)
    if expert is None or booking is None:
        return None
    return expert, booking
