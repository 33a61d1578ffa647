"""The retention purge: conversation records older than their settings allow are deleted.

Plain conditional DELETEs, so several workers (or instances) running it at once is harmless:
whoever comes second finds nothing left to delete."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete
from sqlmodel import Session, col, select

from api.applications.tables import PointsDraft
from api.models import DialogueStateRow, Exchange, Feedback, utcnow


@dataclass(frozen=True)
class Retention:
    exchange_days: float
    state_days: float
    draft_days: float


def purge(*, session: Session, retention: Retention, now: datetime | None = None) -> dict[str, int]:
    """Delete exchanges (with their feedback), dialogue states and drafts past their retention."""
    now = now or utcnow()
    exchanges_before = now - timedelta(days=retention.exchange_days)
    old_exchanges = select(Exchange.id).where(col(Exchange.created_at) < exchanges_before)
    session.execute(delete(Feedback).where(col(Feedback.exchange_id).in_(old_exchanges)))
    counts = {
        "exchanges": _rows(session.execute(delete(Exchange).where(col(Exchange.created_at) < exchanges_before))),
        "dialogue_state": _rows(session.execute(delete(DialogueStateRow).where(
            col(DialogueStateRow.updated_at) < now - timedelta(days=retention.state_days)))),
        "drafts": _rows(session.execute(delete(PointsDraft).where(
            col(PointsDraft.updated_at) < now - timedelta(days=retention.draft_days)))),
    }
    session.commit()
    return counts


def _rows(result: Any) -> int:
    return int(getattr(result, "rowcount", 0) or 0)
