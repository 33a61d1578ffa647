"""Recording and reading the staff audit trail."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session, col, select

from api.staff.tables import StaffAction


def record(session: Session, *, actor: str, role: str, action: str, target: str = "",
           detail: dict[str, Any] | None = None) -> StaffAction:
    """Add an entry to `session`; it is committed with the change it records."""
    entry = StaffAction(actor=actor[:60], role=role[:8], action=action[:40], target=target[:80], detail=detail or {})
    session.add(entry)
    return entry


def recent(*, session: Session, limit: int = 100, offset: int = 0, actor: str = "",
           action: str = "") -> list[StaffAction]:
    query = select(StaffAction)
    if actor:
        query = query.where(StaffAction.actor == actor)
    if action:
        query = query.where(col(StaffAction.action).startswith(action))
    return list(session.exec(query.order_by(col(StaffAction.id).desc()).offset(offset).limit(limit)).all())
