"""The dashboard's figures as one JSON-ready dict: what the page script charts and the page's
tables show (one source for both, so a chart and its table never disagree)."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session

from api.dashboard import messages as msg
from api.dashboard.rules.outcomes import QUESTION_OUTCOMES
from api.dashboard.rules.period import Period
from api.dashboard.services import figures as f


def _day_label(day: Any) -> str:
    return f"{day.month}/{day.day}"


def _status_table(table: f.StatusTable) -> dict[str, Any]:
    return {"statuses": [{"key": key, "label": label} for key, label in table.statuses],
            "rows": [{"name": name, "counts": [counts[key] for key, _ in table.statuses],
                      "total": sum(counts.values())} for name, counts in table.rows],
            "total": table.total}


def dashboard_figures(*, session: Session, period: Period, salt: str) -> dict[str, Any]:
    days = f.questions_per_day(session=session, period=period)
    shares = f.outcome_shares(session=session, period=period)
    votes = f.feedback_counts(session=session, period=period)
    funnel = f.funnel(session=session, period=period, salt=salt)
    trend = f.unanswered_trend(session=session, period=period)
    return {
        "period": {**period.query(), "channel_label": msg.CHANNEL_LABELS[period.channel]},
        "questions_per_day": {
            "days": [d.day.isoformat() for d in days], "labels": [_day_label(d.day) for d in days],
            "series": [{"key": key, "label": msg.OUTCOME_LABELS[key], "data": [getattr(d, key) for d in days]}
                       for key in QUESTION_OUTCOMES],
            "questions": [d.questions for d in days], "total": shares.questions},
        "outcomes": {"questions": shares.questions, "other": shares.counts["other"],
                     "items": [{"key": key, "label": msg.OUTCOME_LABELS[key], "count": shares.counts[key],
                                "share": shares.share(key)} for key in QUESTION_OUTCOMES]},
        "feedback": {"up": votes.up, "down": votes.down,
                     "labels": [msg.FEEDBACK_LABELS["up"], msg.FEEDBACK_LABELS["down"]]},
        "topics": [{"title": t.title, "questions": t.questions, "declined": t.declined}
                   for t in f.top_topics(session=session, period=period)],
        "unanswered_trend": {"labels": [_day_label(d.day) for d in trend], "days": [d.day.isoformat() for d in trend],
                             "questions": [d.questions for d in trend], "declined": [d.declined for d in trend],
                             "share": [d.share for d in trend]},
        "funnel": {"steps": [
            {"key": "asked", "label": msg.FUNNEL_LABELS["asked"], "users": funnel.asked, "conversion": None},
            {"key": "booked", "label": msg.FUNNEL_LABELS["booked"], "users": funnel.booked,
             "conversion": funnel.booked_share},
            {"key": "applied", "label": msg.FUNNEL_LABELS["applied"], "users": funnel.applied,
             "conversion": funnel.applied_share}]},
        "bookings": _status_table(f.bookings_by_expert(session=session, period=period)),
        "applications": _status_table(f.applications_by_hall(session=session, period=period)),
    }
