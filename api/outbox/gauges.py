"""The outbox backlog as Prometheus sees it: messages queued and not yet sent, by channel."""

from __future__ import annotations

from sqlalchemy import func
from sqlmodel import Session, select

from api.observability.gauges import Reading
from api.outbox.tables import EMAIL, QUEUED, OutboxMessage

BACKLOG = "tcloud_outbox_backlog"
CHANNELS = ("line", "web", "console", EMAIL)
"""Always reported (0 when empty), so an alert on one has a series to watch."""


def outbox_gauges(session: Session) -> list[Reading]:
    counts = dict(session.exec(select(OutboxMessage.channel, func.count())
                               .where(OutboxMessage.status == QUEUED).group_by(OutboxMessage.channel)).all())
    return [Reading(BACKLOG, "Outbox messages queued and not yet sent, by channel.", float(counts.get(channel, 0)),
                    {"channel": channel}) for channel in sorted({*CHANNELS, *counts})]
