"""What staff read: every exchange, the questions the bot could not answer, feedback, figures."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from sqlmodel import col, select

from api.deps import SessionDep, StaffOnly
from api.exchanges import exchange_stats, list_exchanges
from api.inputs import Offset
from api.models import ContactRequest
from api.schemas import ContactRequestPublic, ErrorResponse, ExchangePublic, Stats

router = APIRouter(prefix="/api/admin", tags=["staff"], dependencies=[StaffOnly],
                   responses={401: {"model": ErrorResponse}})


@router.get("/exchanges", response_model=list[ExchangePublic])
def exchanges(session: SessionDep, unanswered: Annotated[bool, Query()] = False,
              limit: Annotated[int, Query(ge=1, le=500)] = 50,
              offset: Offset = 0) -> list[ExchangePublic]:
    """Recent exchanges, newest first; `unanswered=true` for the questions the bot could not answer."""
    return list_exchanges(session=session, unanswered_only=unanswered, limit=limit, offset=offset)


@router.get("/stats", response_model=Stats)
def stats(session: SessionDep) -> Stats:
    """Counts by intent and channel, unanswered questions, feedback and median latency."""
    return exchange_stats(session=session)


@router.get("/contact-requests", response_model=list[ContactRequestPublic])
def contact_requests(session: SessionDep, handled: Annotated[bool, Query()] = False,
                     limit: Annotated[int, Query(ge=1, le=500)] = 100) -> list[ContactRequestPublic]:
    """Users who asked for a person to call them back (newest first)."""
    rows = session.exec(select(ContactRequest).where(ContactRequest.handled == handled)
                        .order_by(col(ContactRequest.id).desc()).limit(limit)).all()
    return [ContactRequestPublic.model_validate(row, from_attributes=True) for row in rows]
