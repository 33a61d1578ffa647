"""Experts, bookings and databases for the expert-consultation tests."""

from __future__ import annotations

import itertools
import uuid
from collections.abc import Iterator
from datetime import datetime, time
from typing import Any

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session

from api.db import make_engine
from api.experts.http.schemas import BookingCreate, ExpertCreate, RuleCreate
from api.experts.services.directory import create_expert
from api.experts.services.hours import add_rule
from api.experts.tables import Expert
from api.migrate import upgrade

ALL_WEEK = tuple((day, "08:00", "20:00") for day in range(7))
TAX_IDS = ("12345670", "12345671", "12345675", "12345676", "12345681", "12345686", "12345692", "12345697")
_names = itertools.count(1)


@pytest.fixture
def db(fresh_database_url: str) -> Iterator[Engine]:
    """A migrated database of this test's own (SQLite, or PostgreSQL with TEST_DATABASE_URL)."""
    engine = make_engine(fresh_database_url)
    upgrade(engine)
    try:
        yield engine
    finally:
        engine.dispose()


def unique_name(prefix: str = "專家") -> str:
    return f"{prefix}{next(_names)}{uuid.uuid4().hex[:4]}"


def add_expert(db: Engine, *, rules: tuple[tuple[int, str, str], ...] = ALL_WEEK, **fields: Any) -> Expert:
    values: dict[str, Any] = {"name": unique_name(), "meeting_modes": ["video", "phone"], "min_notice_hours": 2,
                              "slot_minutes": 60, "buffer_minutes": 15, "horizon_days": 60}
    values.update(fields)
    with Session(db) as session:
        expert = create_expert(session=session, expert_in=ExpertCreate(**values))
        for day, start, end in rules:
            add_rule(session=session, expert=expert, rule_in=RuleCreate(
                weekday=day, start=time.fromisoformat(start), end=time.fromisoformat(end)))
        session.refresh(expert)
        session.expunge(expert)
        return expert


def booking_in(expert_id: int, start: datetime, *, user: str = "sme-1", channel: str = "line",
               tax_id: str = TAX_IDS[0], **fields: Any) -> BookingCreate:
    values: dict[str, Any] = {
        "expert_id": expert_id, "slot_start": start, "channel": channel, "user_id": user, "company": "好味餐飲有限公司",
        "tax_id": tax_id, "contact_name": "陳美玲", "reach": "0912345678", "mode": "video",
        "topic": "餐廳想導入雲端 POS", "context": {"questions": ["餐廳導入POS可以用點數嗎？"], "confidence": 0.31,
                                           "answered": False, "sources": [], "language": "zh"}}
    values.update(fields)
    return BookingCreate(**values)
