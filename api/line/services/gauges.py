"""The LINE queue as Prometheus sees it: events waiting or in hand, and dead letters staff have not
replayed (indexed counts, read at each scrape)."""

from __future__ import annotations

from sqlalchemy import func
from sqlmodel import Session, col, select

from api.line.tables import PENDING, PROCESSING, LineDeadLetter, LineEvent
from api.observability.gauges import Reading

QUEUE = "tcloud_line_queue_depth"
DEAD = "tcloud_line_dead_letters"


def line_gauges(session: Session) -> list[Reading]:
    counts = dict(session.exec(select(LineEvent.status, func.count())
                               .where(col(LineEvent.status).in_((PENDING, PROCESSING)))
                               .group_by(LineEvent.status)).all())
    dead = session.exec(select(func.count()).select_from(LineDeadLetter)
                        .where(col(LineDeadLetter.replayed_at).is_(None))).one()
    queue_help = "LINE events recorded and not yet answered, by state (pending: waiting; processing: in hand)."
    return [*(Reading(QUEUE, queue_help, float(counts.get(state, 0)), {"state": state})
              for state in (PENDING, PROCESSING)),
            Reading(DEAD, "LINE events that could not be answered and wait for staff (not replayed).", float(dead))]
