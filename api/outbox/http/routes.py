"""Staff's view of the outbox: the messages that did not reach someone."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query

from api.deps import SessionDep, StaffOnly
from api.outbox.http.schemas import OutboxMessagePublic
from api.outbox.service import messages_with_status
from api.schemas import ErrorResponse

router = APIRouter(prefix="/api/admin", tags=["staff"], dependencies=[StaffOnly],
                   responses={401: {"model": ErrorResponse}})

Status = Literal["queued", "claimed", "sent", "undeliverable", "failed"]
Channel = Literal["line", "web", "console", "email"]


@router.get("/outbox", response_model=list[OutboxMessagePublic])
def outbox(session: SessionDep, status: Annotated[Status, Query()] = "failed",
           channel: Annotated[Channel | None, Query()] = None,
           limit: Annotated[int, Query(ge=1, le=500)] = 100) -> list[OutboxMessagePublic]:
    """Outbox messages in one status (failed by default), newest first, with their tries and last error."""
    return messages_with_status(session=session, status=status, channel=channel, limit=limit)
