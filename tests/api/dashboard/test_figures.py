"""The figure and export queries on the real database (SQLite, or PostgreSQL with TEST_DATABASE_URL):
Taipei days across UTC midnight, the channel filter, the strict funnel, paging through a large table."""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session

from api.applications.tables import PointsApplication
from api.dashboard.rules.csv_cells import row
from api.dashboard.rules.period import Period, parse_period
from api.dashboard.services import exports
from api.dashboard.services import figures as f
from api.db import make_engine
from api.exchanges import hash_user
from api.experts.tables import Booking, Expert
from api.migrate import upgrade
from api.models import Exchange, Feedback

SALT = "s"
# 2025-03-01 23:30 and 2025-03-02 00:30 in Taipei (UTC+8)
LATE = datetime(2025, 3, 1, 15, 30, tzinfo=UTC)
AFTER_MIDNIGHT = datetime(2025, 3, 1, 16, 30, tzinfo=UTC)
MARCH = Period(date(2025, 3, 1), date(2025, 3, 2))


@pytest.fixture
def db(fresh_database_url: str) -> Iterator[Engine]:
    engine = make_engine(fresh_database_url)
    upgrade(engine)
    try:
        yield engine
    finally:
        engine.dispose()


def _exchange(session: Session, at: datetime, intent: str, *, user: str = "u1", channel: str = "web",
              title: str = "", question: str = "問題", trace: dict[str, Any] | None = None) -> Exchange:
    ex = Exchange(created_at=at, channel=channel, user_hash=hash_user(salt=SALT, channel=channel, user_id=user),
                  question=question, intent=intent, answer="回答", trace=trace or {},
                  sources=[{"title": title, "source": title, "year": 114, "hall": ""}] if title else [])
    session.add(ex)
    session.flush()
    return ex


def _expert(session: Session, name: str) -> Expert:
    expert = Expert(name=name, calendar_token=secrets.token_hex(8))
    session.add(expert)
    session.flush()
    return expert


def _booking(session: Session, expert: Expert, at: datetime, user: str, status: str = "pending",
             channel: str = "web") -> None:
    assert expert.id is not None
    start = at + timedelta(days=3)
    session.add(Booking(expert_id=expert.id, slot_start=start, slot_end=start + timedelta(hours=1),
                        status=status, channel=channel, user_id=user, company="好味餐飲", tax_id="12345670",
                        contact_name="陳美玲", phone="0912345678", mode="video", topic="POS", created_at=at))


def _application(session: Session, at: datetime, user: str, hall: str = "工業館", status: str = "submitted",
                 channel: str = "web") -> None:
    session.add(PointsApplication(
        reference=f"P114-{secrets.token_hex(4).upper()}", ubn="12345670", year=114, hall=hall, status=status,
        company_name="精密", industry="manufacturing", employees=5, paid_in_capital=1, annual_revenue=1,
        factory_registration="none", region="臺中市", contact_name="王小明", phone="0912345678", email="a@b.tw",
        consent_at=at, channel=channel, user_id=user, cap_points=1, ratio="7:3", created_at=at))


def test_questions_are_counted_on_their_taipei_day(db: Engine) -> None:
    with Session(db) as session:
        _exchange(session, LATE, "question", title="點數上限")
        _exchange(session, LATE, "question", title="點數上限", user="u2")
        _exchange(session, LATE, "not_stated", user="u3",
                  trace={"passages": [{"title": "停車", "score": 0.1}]})
        _exchange(session, LATE, "greeting")
        _exchange(session, AFTER_MIDNIGHT, "clarify", user="u2", trace={"passages": [{"title": "點數上限"}]})
        _exchange(session, LATE, "question", channel="line", user="L1", title="請款")
        _exchange(session, LATE + timedelta(days=2), "question")  # after the period
        session.commit()
        days = f.questions_per_day(session=session, period=MARCH)
        assert [(d.day.day, d.answered, d.clarified, d.declined, d.other) for d in days] == [(1, 3, 0, 1, 1),
                                                                                          (2, 0, 1, 0, 0)]
        web = Period(MARCH.first, MARCH.first, "web")
        shares = f.outcome_shares(session=session, period=web)
        assert shares.questions == 3 and shares.share("declined") == round(1 / 3, 4) and shares.counts["other"] == 1
        assert [(d.questions, d.declined, d.share) for d in f.unanswered_trend(session=session, period=web)] == [
            (3, 1, round(1 / 3, 4))]
        topics = f.top_topics(session=session, period=Period(MARCH.first, MARCH.last, "web"))
        assert [(t.title, t.questions, t.declined) for t in topics] == [("點數上限", 3, 0), ("停車", 1, 1)]
        assert [t.title for t in f.top_topics(session=session, period=MARCH)][:1] == ["點數上限"]


def test_feedback_the_funnel_and_the_status_tables(db: Engine) -> None:
    with Session(db) as session:
        answers = [_exchange(session, LATE, "question", user=u) for u in ("u1", "u2", "u3")]
        _exchange(session, LATE, "question", user="L1", channel="line")
        for ex, helpful in zip(answers, (True, True, False), strict=True):
            assert ex.id is not None
            session.add(Feedback(exchange_id=ex.id, helpful=helpful, created_at=LATE))
        lin, wu = _expert(session, "林顧問"), _expert(session, "吳顧問")
        _booking(session, lin, LATE, "u1")
        _booking(session, lin, LATE, "never-asked", status="confirmed")  # booked without asking: not in the funnel
        _booking(session, wu, LATE, "L1", status="cancelled", channel="line")
        _application(session, LATE, "u1")
        _application(session, LATE, "u2", hall="商業館", status="approved")  # applied without booking
        _application(session, LATE, "", hall="商業館", channel="api")
        session.commit()
        web = Period(MARCH.first, MARCH.last, "web")
        assert f.feedback_counts(session=session, period=web) == f.Votes(2, 1)
        assert f.funnel(session=session, period=web, salt=SALT) == f.Funnel(3, 1, 1)
        everyone = f.funnel(session=session, period=MARCH, salt=SALT)
        assert everyone == f.Funnel(4, 2, 1) and everyone.booked_share == 0.5 and everyone.applied_share == 0.5
        bookings = f.bookings_by_expert(session=session, period=MARCH)
        assert [key for key, _ in bookings.statuses] == ["pending", "confirmed", "cancelled"]
        assert bookings.rows == [("林顧問", {"pending": 1, "confirmed": 1, "cancelled": 0}),
                                 ("吳顧問", {"pending": 0, "confirmed": 0, "cancelled": 1})]
        halls = f.applications_by_hall(session=session, period=MARCH)
        assert [(hall, sum(c.values())) for hall, c in halls.rows] == [("工業館", 1), ("商業館", 2)]
        assert f.applications_by_hall(session=session, period=web).total == 2
        later = Period(date(2025, 4, 1), date(2025, 4, 30))
        assert f.funnel(session=session, period=later, salt=SALT) == f.Funnel(0, 0, 0)
        assert f.bookings_by_expert(session=session, period=later).rows == []


def test_an_export_pages_through_every_row_once(db: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(exports, "BATCH", 2)
    with Session(db) as session:
        made = [_exchange(session, LATE, "question", question=f"第{n}題").id for n in range(5)]
        _exchange(session, LATE, "question", question="=HYPERLINK(\"http://x\")")
        _exchange(session, LATE, "question", channel="line", user="L1")
        session.commit()
        rows = list(exports.exchange_rows(session=session, period=Period(MARCH.first, MARCH.last, "web"), salt=SALT))
    assert [r[0] for r in rows][:5] == made and len(rows) == 6
    assert row(rows[-1])[4] == "'=HYPERLINK(\"http://x\")"  # a formula is written as text
    assert row(rows[0])[1] == "2025-03-01 23:30"  # Taipei time


def test_a_period_is_read_from_the_query() -> None:
    today = date(2025, 3, 31)
    assert parse_period(today=today) == Period(date(2025, 3, 2), today)
    assert parse_period(days="7", channel="LINE", today=today) == Period(date(2025, 3, 25), today, "line")
    assert parse_period(first="2025-01-01", last="2025-01-31", today=today).days[-1] == date(2025, 1, 31)
    assert MARCH.start == datetime(2025, 2, 28, 16, tzinfo=UTC) and MARCH.end == datetime(2025, 3, 2, 16, tzinfo=UTC)
