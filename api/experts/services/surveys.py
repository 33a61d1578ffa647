"""Satisfaction surveys: answered from the web link or (a rating) from the chat; staff read them."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlmodel import Session, col, select

from api.errors import NotFound
from api.experts import messages as msg
from api.experts.console_tables import Survey
from api.experts.errors import booking_not_found
from api.experts.http.schemas import SurveyIn, SurveyPublic, SurveySummary
from api.experts.tables import Booking, Expert


def _not_found() -> NotFound:
    return NotFound(*msg.SURVEY_NOT_FOUND)


def survey_by_token(*, session: Session, token: str) -> tuple[Survey, Booking, Expert]:
    survey = session.exec(select(Survey).where(Survey.token == token)).first() if token else None
    booking = session.get(Booking, survey.booking_id) if survey else None
    expert = session.get(Expert, booking.expert_id) if booking else None
    if survey is None or booking is None or expert is None:
        raise _not_found()
    return survey, booking, expert


def answer_survey(*, session: Session, token: str, survey_in: SurveyIn, now: datetime | None = None) -> Survey:
    """Record the answers (a second answer replaces the first: people correct themselves)."""
    survey, _, _ = survey_by_token(session=session, token=token)
    survey.rating, survey.recommend, survey.comment = survey_in.rating, survey_in.recommend, survey_in.comment.strip()
    survey.answered_at = now or datetime.now(UTC)
    session.add(survey)
    session.commit()
    session.refresh(survey)
    return survey


def rate_from_chat(*, session: Session, booking_id: int, user_id: str, channel: str, rating: int) -> Survey:
    booking = session.get(Booking, booking_id)
    if booking is None or (booking.user_id, booking.channel) != (user_id, channel):
        raise booking_not_found()
    survey = session.get(Survey, booking_id)
    if survey is None:
        raise _not_found()
    survey.rating, survey.answered_at = max(1, min(5, rating)), datetime.now(UTC)
    session.add(survey)
    session.commit()
    session.refresh(survey)
    return survey


def survey_results(*, session: Session, limit: int = 200) -> SurveySummary:
    rows = session.exec(select(Survey, Booking, Expert).where(Survey.booking_id == Booking.id,
                                                             Booking.expert_id == Expert.id)
                        .order_by(col(Survey.created_at).desc())).all()
    results = [SurveyPublic(reference=b.reference, expert_name=e.name, company=b.company, sent_at=s.created_at,
                            rating=s.rating, recommend=s.recommend, comment=s.comment, answered_at=s.answered_at)
               for s, b, e in rows]
    ratings = [r.rating for r in results if r.rating is not None]
    return SurveySummary(sent=len(results), answered=len(ratings),
                         average_rating=round(sum(ratings) / len(ratings), 2) if ratings else None,
                         results=results[:limit])
