"""Who asked to be told when applications open (asked while no year was taking applications)."""

from __future__ import annotations

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from api.applications.tables import PointsWaitlist
from api.models import utcnow


def join(*, session: Session, channel: str, user_id: str, asked_in_year: int) -> tuple[PointsWaitlist, bool]:
    """Add the user (or refresh their time); returns the row and whether it is new."""
    for _ in range(2):  # two taps at once: the second insert fails, then updates
        row = session.exec(select(PointsWaitlist).where(PointsWaitlist.channel == channel,
                                                        PointsWaitlist.user_id == user_id)).first()
        new = row is None
        if row is None:
            row = PointsWaitlist(channel=channel, user_id=user_id, asked_in_year=asked_in_year)
        row.updated_at = utcnow()
        session.add(row)
        try:
            session.commit()
        except IntegrityError:
            session.rollback()
            continue
        session.refresh(row)
        return row, new
    raise RuntimeError("could not record the waitlist entry")  # pragma: no cover - two conflicts in a row


def entries(*, session: Session, limit: int = 500, offset: int = 0) -> list[PointsWaitlist]:
    return list(session.exec(select(PointsWaitlist).order_by(col(PointsWaitlist.updated_at).desc())
                             .offset(offset).limit(limit)).all())
