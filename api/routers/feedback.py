"""Thumbs up/down on an answer."""

from __future__ import annotations

from fastapi import APIRouter, status

from api.deps import SessionDep
from api.exchanges import record_feedback
from api.schemas import ErrorResponse, FeedbackCreate, FeedbackPublic

router = APIRouter(prefix="/api", tags=["feedback"])


@router.post("/feedback", response_model=FeedbackPublic, status_code=status.HTTP_201_CREATED,
             responses={404: {"model": ErrorResponse}, 422: {"model": ErrorResponse}})
def give_feedback(feedback_in: FeedbackCreate, session: SessionDep) -> FeedbackPublic:
    """Rate an answer as helpful or not, with an optional comment; a second vote replaces the first."""
    feedback = record_feedback(session=session, feedback_in=feedback_in)
    return FeedbackPublic(exchange_id=feedback.exchange_id, helpful=feedback.helpful, comment=feedback.comment,
                          created_at=feedback.created_at)
