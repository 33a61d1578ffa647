"""Recording webhook events and moving them through their life: pending -> processing ->
delivering -> done/dead (api/line/tables.py).

Claims are single conditional UPDATEs (`... WHERE status = 'pending'`), so two workers or two
instances never process one event, on SQLite and PostgreSQL alike; a claim is a short lease that
its worker renews while it holds the event, so an event whose worker died is picked up again
within seconds (while its reply token is still good). Events of one conversation are claimed in
order. Every change of a claimed event is conditional on the claim, so a worker that lost its
claim changes nothing.
"""

from __future__ import annotations

import hashlib
import json
import logging
import uuid
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Table, and_, exists, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Engine
from sqlmodel import Session, col

from api.line.tables import (
    DEAD,
    DELIVERING,
    DONE,
    HELD,
    PENDING,
    PROCESSING,
    UNFINISHED,
    LineDeadLetter,
    LineEvent,
    LineFollower,
)
from api.models import utcnow

log = logging.getLogger(__name__)
alerts = logging.getLogger("api.line.alerts")
EVENTS: Table = LineEvent.__table__  # type: ignore[attr-defined]
DEAD_LETTERS: Table = LineDeadLetter.__table__  # type: ignore[attr-defined]
"""Operators alert on this logger: events we could not parse or process end up here."""
RETRY_KEYS = uuid.UUID("6f1d3c64-8a0e-4d1e-9a53-2b7c0f4e8d21")
"""The namespace the events' X-Line-Retry-Keys are derived in (uuid5 of the webhook event id)."""


def retry_key_of(webhook_event_id: str) -> str:
    return str(uuid.uuid5(RETRY_KEYS, webhook_event_id))


def source_key(raw: dict[str, Any]) -> str:
    source = raw.get("source") if isinstance(raw.get("source"), dict) else {}
    assert isinstance(source, dict)
    for kind, field in (("group", "groupId"), ("room", "roomId"), ("user", "userId")):
        if source.get("type") == kind and source.get(field):
            return f"{kind}:{source[field]}"[:80]
    return "unknown"


def _row(raw: dict[str, Any], now: datetime) -> dict[str, Any]:
    event_id = raw.get("webhookEventId")
    if not isinstance(event_id, str) or not event_id:
        digest = hashlib.sha256(json.dumps(raw, sort_keys=True, ensure_ascii=False).encode()).hexdigest()
        event_id = f"raw-{digest[:48]}"
    timestamp = raw.get("timestamp")
    if not isinstance(timestamp, int) or not 0 <= timestamp < 2**63:  # BigInteger: more would fail the webhook
        timestamp = 0
    return {"webhook_event_id": event_id[:64], "event_type": str(raw.get("type", "?"))[:32],
            "source_key": source_key(raw), "event_ts": timestamp,
            "received_at": now, "body": raw, "status": PENDING, "attempts": 0,
            "next_attempt_at": now, "claimed_by": "", "claimed_until": None, "rendered": None,
            "exchange_id": None, "retry_key": retry_key_of(event_id[:64]), "delivery": "",
            "outcome": "", "last_error": "", "finished_at": None}


def _insert_ignoring_duplicates(db: Engine) -> Any:
    insert = postgresql.insert if db.dialect.name == "postgresql" else sqlite.insert
    return insert(EVENTS).on_conflict_do_nothing(index_elements=["webhook_event_id"])


def record_events(*, db: Engine, events: list[Any]) -> int:
    """Store every event of one webhook request in one transaction (duplicates are ignored by the
    unique webhook event id); parsing waits for processing, so the acknowledgement stays fast."""
    now = utcnow()
    rows = [_row(raw if isinstance(raw, dict) else {"invalid": raw}, now) for raw in events]
    with db.begin() as conn:
        conn.execute(_insert_ignoring_duplicates(db), rows)
    return len(rows)


def claim_due(*, db: Engine, limit: int, lease_seconds: float) -> list[tuple[int, str]]:
    """Claim up to `limit` events that are due, oldest first, at most one per conversation at a
    time; returns (event id, claim token) for each event this caller now owns."""
    now = utcnow()
    due = or_(and_(col(LineEvent.status) == PENDING, col(LineEvent.next_attempt_at) <= now),
              and_(col(LineEvent.status).in_(HELD), col(LineEvent.claimed_until) < now))
    prior = EVENTS.alias("prior")
    earlier_unfinished = exists().where(
        prior.c.source_key == LineEvent.source_key, prior.c.status.in_(UNFINISHED), prior.c.id != LineEvent.id,
        or_(prior.c.event_ts < LineEvent.event_ts, and_(prior.c.event_ts == LineEvent.event_ts,
                                                         prior.c.id < LineEvent.id)))
    with db.connect() as conn:
        candidates = conn.execute(select(LineEvent.id).where(due, ~earlier_unfinished)  # type: ignore[call-overload]
                                  .order_by(LineEvent.event_ts, LineEvent.id).limit(limit * 2)).scalars().all()
    claimed: list[tuple[int, str]] = []
    for event_id in candidates:
        token = uuid.uuid4().hex
        with db.begin() as conn:
            result = conn.execute(
                update(LineEvent).where(col(LineEvent.id) == event_id, due, ~earlier_unfinished)
                .values(status=PROCESSING, claimed_by=token, attempts=col(LineEvent.attempts) + 1,
                        claimed_until=now + timedelta(seconds=lease_seconds)))
        if result.rowcount == 1:
            claimed.append((event_id, token))
            if len(claimed) >= limit:
                break
    return claimed


def load(*, db: Engine, event_id: int) -> LineEvent | None:
    with Session(db, expire_on_commit=False) as session:
        return session.get(LineEvent, event_id)


def _claimed(event_id: int, token: str) -> Any:
    return update(LineEvent).where(col(LineEvent.id) == event_id, col(LineEvent.claimed_by) == token,
                                   col(LineEvent.status).in_(HELD))


def update_claimed(*, db: Engine, event_id: int, token: str, **values: Any) -> bool:
    """Change an event this worker still holds; False (and nothing changed) when the claim was lost."""
    with db.begin() as conn:
        result = conn.execute(_claimed(event_id, token).values(**values))
    if result.rowcount != 1:
        log.warning("LINE event %s: claim lost before %s", event_id, sorted(values))
    return bool(result.rowcount == 1)


def keep_reply(*, session: Session, event_id: int, token: str, rendered: list[dict[str, Any]],
               exchange_id: int | None, outcome: str = "", last_error: str = "") -> bool:
    """Store the messages that answer the event in `session`'s transaction (the one that keeps the
    turn's dialogue state and exchange row); False when the claim was lost (the caller rolls back)."""
    result = session.execute(_claimed(event_id, token).values(rendered=rendered, exchange_id=exchange_id,
                                                              outcome=outcome, last_error=last_error[:2000]))
    if result.rowcount != 1:  # type: ignore[attr-defined]
        log.warning("LINE event %s: claim lost before its reply was stored", event_id)
    return bool(result.rowcount == 1)  # type: ignore[attr-defined]


def start_delivery(*, db: Engine, event_id: int, token: str, method: str) -> bool:
    """Record, before calling LINE, that a reply or push of the stored messages is starting."""
    return update_claimed(db=db, event_id=event_id, token=token, status=DELIVERING, delivery=method)


def renew(*, db: Engine, tokens: list[str], lease_seconds: float) -> int:
    """Extend the leases of the events these claims hold (the worker is alive); returns how many."""
    if not tokens:
        return 0
    with db.begin() as conn:
        result = conn.execute(update(LineEvent).where(col(LineEvent.claimed_by).in_(tokens),
                                                      col(LineEvent.status).in_(HELD))
                              .values(claimed_until=utcnow() + timedelta(seconds=lease_seconds)))
    return int(result.rowcount or 0)


def finish(*, db: Engine, event_id: int, token: str, outcome: str) -> bool:
    return update_claimed(db=db, event_id=event_id, token=token, status=DONE, outcome=outcome,
                          finished_at=utcnow(), claimed_until=None)


def retry_later(*, db: Engine, event_id: int, token: str, error: str, delay: float) -> bool:
    return update_claimed(db=db, event_id=event_id, token=token, status=PENDING, last_error=error[:2000],
                          claimed_until=None, next_attempt_at=utcnow() + timedelta(seconds=delay))


def dead_letter(*, db: Engine, event_id: int, token: str, reason: str, error: str) -> bool:
    now = utcnow()
    with db.begin() as conn:
        result = conn.execute(_claimed(event_id, token)
                              .values(status=DEAD, outcome=reason, last_error=error[:2000], finished_at=now,
                                      claimed_until=None))
        if result.rowcount != 1:
            return False
        conn.execute(DEAD_LETTERS.insert().values(
            event_id=event_id, reason=reason, error=error[:2000], created_at=now, replayed_by=""))
    alerts.error("LINE event %s dead-lettered (%s): %s", event_id, reason, error[:300],
                 extra={"line_event_id": event_id, "reason": reason})
    return True


def set_following(*, db: Engine, user_id: str, following: bool) -> None:
    with Session(db) as session:
        row = session.get(LineFollower, user_id) or LineFollower(user_id=user_id)
        row.following, row.updated_at = following, utcnow()
        session.add(row)
        session.commit()


def is_known(*, db: Engine, user_id: str) -> bool:
    """True for a user who followed (or unfollowed) us before."""
    with Session(db) as session:
        return session.get(LineFollower, user_id) is not None


def is_following(*, db: Engine, user_id: str) -> bool:
    """False only for users who unfollowed (blocked) us; unknown users may be pushed to."""
    with Session(db) as session:
        row = session.get(LineFollower, user_id)
        return row is None or row.following


def purge_finished(*, db: Engine, older_than_days: float) -> int:
    """Forget answered events after a while (dead ones stay for staff); LINE redelivers within hours."""
    cutoff = utcnow() - timedelta(days=older_than_days)
    with db.begin() as conn:
        result = conn.execute(EVENTS.delete().where(
            EVENTS.c.status == DONE, EVENTS.c.finished_at < cutoff,
            ~exists().where(DEAD_LETTERS.c.event_id == EVENTS.c.id)))  # a replayed dead letter keeps its event
    return int(result.rowcount or 0)
