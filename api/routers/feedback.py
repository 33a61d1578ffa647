"""Thumbs up/down on an answer."""

from __future__ import annotations

from fastapi import APIRouter, status

from api.deps import ClientAddress, RatesDep, SessionDep, SettingsDep
from api.exchanges import hash_user, record_feedback
from api.schemas import ErrorResponse, FeedbackCreate, FeedbackPublic

router = APIRouter(prefix="/api", tags=["feedback"])


@router.post("/feedback", response_model=FeedbackPublic, status_code=status.HTTP_201_CREATED,
             responses={code: {"model": ErrorResponse} for code in (404, 422, 429)})
def give_feedback(feedback_in: FeedbackCreate, session: SessionDep, settings: SettingsDep, rates: RatesDep,
                  address: ClientAddress) -> FeedbackPublic:
    """Rate an answer as helpful or not, with an optional comment; a second vote replaces the first.
    Only the chat session that got the answer may rate it (any other is told it was not found)."""
    rates.enforce(("feedback", feedback_in.session_id), ("feedback_ip", address))
    user_hash = hash_user(salt=settings.user_hash_salt.get_secret_value(), channel="web",
                          user_id=feedback_in.session_id)
    feedback = record_feedback(session=session, feedback_in=feedback_in, user_hash=user_hash)
    return FeedbackPublic(exchange_id=feedback.exchange_id, helpful=feedback.helpful, comment=feedback.comment,
                          created_at=feedback.created_at)
