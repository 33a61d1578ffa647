"""The dashboard's figures: one function per chart, each over a `Period` (Taipei days, a channel).

Rows are read with plain filtered SELECTs and bucketed into Taipei days in Python, so the same
code counts alike on SQLite and PostgreSQL (no dialect's date functions)."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement
from sqlmodel import Session, col, select

from api.applications.rules.transitions import STATUS_LABELS as APPLICATION_STATUS
from api.applications.tables import PointsApplication
from api.dashboard import messages as msg
from api.dashboard.rules.outcomes import ANSWERED, CLARIFIED, DECLINED, OTHER, QUESTION_OUTCOMES, outcome, share
from api.dashboard.rules.period import Period, taipei_day
from api.exchanges import hash_user
from api.experts.rules.labels import STATUS as BOOKING_STATUS
from api.experts.tables import Booking, Expert
from api.models import Exchange, Feedback
from knowledge.programme import HALLS

_BATCH = 500


def _in_period(created: Any, channel: Any, period: Period) -> list[ColumnElement[bool]]:
    where = [created >= period.start, created < period.end]
    if period.channels is not None:
        where.append(channel.in_(period.channels))
    return where


def _outcomes_by_day(session: Session, period: Period) -> dict[date, Counter[str]]:
    rows = session.exec(select(Exchange.created_at, Exchange.intent)
                        .where(*_in_period(col(Exchange.created_at), col(Exchange.channel), period))).all()
    days: dict[date, Counter[str]] = {day: Counter() for day in period.days}
    for created, intent in rows:
        days.setdefault(taipei_day(created), Counter())[outcome(intent)] += 1
    return days


@dataclass(frozen=True)
class DayQuestions:
    day: date
    answered: int
    clarified: int
    declined: int
    other: int

    @property
    def questions(self) -> int:
        return self.answered + self.clarified + self.declined


def questions_per_day(*, session: Session, period: Period) -> list[DayQuestions]:
    """Every day of the period (none skipped), with its questions by outcome and its other turns."""
    return [DayQuestions(day, c[ANSWERED], c[CLARIFIED], c[DECLINED], c[OTHER])
            for day, c in sorted(_outcomes_by_day(session, period).items())]


@dataclass(frozen=True)
class Shares:
    counts: dict[str, int]
    """Questions by outcome (answered, clarified, declined), and the other turns."""
    questions: int

    def share(self, outcome_name: str) -> float:
        return share(self.counts[outcome_name], self.questions)


def outcome_shares(*, session: Session, period: Period) -> Shares:
    total: Counter[str] = Counter()
    for day in _outcomes_by_day(session, period).values():
        total.update(day)
    counts = {name: total[name] for name in (*QUESTION_OUTCOMES, OTHER)}
    return Shares(counts, sum(counts[name] for name in QUESTION_OUTCOMES))


@dataclass(frozen=True)
class DayShare:
    day: date
    questions: int
    declined: int

    @property
    def share(self) -> float:
        return share(self.declined, self.questions)


def unanswered_trend(*, session: Session, period: Period) -> list[DayShare]:
    """The share of each day's questions the bot could not answer."""
    return [DayShare(day.day, day.questions, day.declined) for day in questions_per_day(session=session, period=period)]


@dataclass(frozen=True)
class Votes:
    up: int
    down: int


def feedback_counts(*, session: Session, period: Period) -> Votes:
    """👍 and 👎 given in the period, on answers of the channel."""
    rows = session.exec(select(Feedback.helpful).join(Exchange, col(Exchange.id) == col(Feedback.exchange_id))
                        .where(*_in_period(col(Feedback.created_at), col(Exchange.channel), period))).all()
    up = sum(1 for helpful in rows if helpful)
    return Votes(up, len(rows) - up)


@dataclass(frozen=True)
class Topic:
    title: str
    questions: int
    declined: int


def _topic(sources: Sequence[Any], trace: Mapping[str, Any] | None) -> str:
    """A question's topic: the title of the first passage it cited, else (for a clarified or
    declined question) the nearest passage the search found."""
    for source in sources or ():
        if isinstance(source, dict) and source.get("title"):
            return str(source["title"])
    passages = (trace or {}).get("passages") or []
    if passages and isinstance(passages[0], dict) and passages[0].get("title"):
        return str(passages[0]["title"])
    return msg.NO_TOPIC


def top_topics(*, session: Session, period: Period, limit: int = 10) -> list[Topic]:
    """The topics asked about most (cited source titles), with how many of them went unanswered."""
    counts: Counter[str] = Counter()
    declined: Counter[str] = Counter()

    def count(title: str, intent: str) -> None:
        counts[title] += 1
        declined[title] += outcome(intent) == DECLINED

    uncited: list[int] = []
    for exchange_id, intent, sources in session.exec(select(Exchange.id, Exchange.intent, Exchange.sources).where(
            *_in_period(col(Exchange.created_at), col(Exchange.channel), period))).all():
        if outcome(intent) == OTHER:
            continue
        if sources:
            count(_topic(sources, None), intent)
        elif exchange_id is not None:
            uncited.append(exchange_id)
    for start in range(0, len(uncited), _BATCH):  # traces are large: read them only where nothing was cited
        for intent, trace in session.exec(select(Exchange.intent, Exchange.trace).where(
                col(Exchange.id).in_(uncited[start:start + _BATCH]))).all():
            count(_topic([], trace), intent)
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:limit]
    return [Topic(title, n, declined[title]) for title, n in ranked]


@dataclass(frozen=True)
class Funnel:
    asked: int
    booked: int
    applied: int

    @property
    def booked_share(self) -> float:
        return share(self.booked, self.asked)

    @property
    def applied_share(self) -> float:
        return share(self.applied, self.booked)


def funnel(*, session: Session, period: Period, salt: str) -> Funnel:
    """Chat users (by hashed id and channel) who asked in the period; of them, who booked an
    expert in it; of those, who applied for points in it."""
    asked = set(session.exec(select(Exchange.user_hash).distinct().where(
        *_in_period(col(Exchange.created_at), col(Exchange.channel), period))).all())

    def users(table: Any) -> set[str]:
        rows = session.exec(select(table.channel, table.user_id).distinct().where(
            *_in_period(col(table.created_at), col(table.channel), period), col(table.user_id) != "")).all()
        return {hash_user(salt=salt, channel=channel, user_id=user) for channel, user in rows}

    booked = asked & users(Booking)
    applied = booked & users(PointsApplication)
    return Funnel(len(asked), len(booked), len(applied))


@dataclass(frozen=True)
class StatusTable:
    """Counts by a row key (an expert, a 館) and status; statuses in display order."""

    statuses: list[tuple[str, str]]
    """(status, label)."""
    rows: list[tuple[str, dict[str, int]]]

    @property
    def total(self) -> int:
        return sum(sum(counts.values()) for _, counts in self.rows)


def _table(pairs: list[tuple[str, str]], labels: dict[str, tuple[str, str]], order: list[str]) -> StatusTable:
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    for key, status in pairs:
        counts[key][status] += 1
    seen = {status for _, status in pairs}
    statuses = [s for s in labels if s in seen] + sorted(seen - set(labels))
    keys = [k for k in order if k in counts] + sorted(set(counts) - set(order))
    return StatusTable([(s, labels.get(s, (s, s))[0]) for s in statuses],
                       [(k, {s: counts[k][s] for s in statuses}) for k in keys])


def bookings_by_expert(*, session: Session, period: Period) -> StatusTable:
    """Bookings made in the period, by expert and status (experts with most bookings first)."""
    rows = session.exec(select(Expert.name, Booking.status)
                        .join(Expert, col(Expert.id) == col(Booking.expert_id), isouter=True)
                        .where(*_in_period(col(Booking.created_at), col(Booking.channel), period))).all()
    pairs = [(name or msg.UNKNOWN_EXPERT, status) for name, status in rows]
    busiest = [name for name, _ in Counter(name for name, _ in pairs).most_common()]
    return _table(pairs, BOOKING_STATUS, busiest)


def applications_by_hall(*, session: Session, period: Period) -> StatusTable:
    """Applications submitted in the period, by 館 and status."""
    rows = session.exec(select(PointsApplication.hall, PointsApplication.status).where(
        *_in_period(col(PointsApplication.created_at), col(PointsApplication.channel), period))).all()
    return _table([(hall or msg.NO_HALL, status) for hall, status in rows], APPLICATION_STATUS, list(HALLS))
