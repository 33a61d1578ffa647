"""A small, known world for the dashboard tests, made through the real HTTP API and services:
three web users ask (one question declined), one of them books an expert and applies for points;
one 👍 and one 👎."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from fastapi.testclient import TestClient
from sqlmodel import Session

from api.applications.services.lifecycle import Applicant, submit_application
from api.experts.services.booking import create_booking
from api.experts.services.hours import free_slots
from api.experts.tables import Expert
from bot.points.loader import load_rules
from knowledge.programme import taipei_today
from tests.api.applications.conftest import new_ubn
from tests.api.experts.conftest import TAX_IDS, add_expert, booking_in

QUESTIONS = (("110年工業館最多補助幾點？", "question"), ("雲市集的辦公室可以停車嗎", "not_stated"),
             ("我开餐厅能补助多少点数", "question"))


def application_values(ubn: str) -> dict[str, object]:
    """A 110 工業館 application that qualifies (the flow's value names)."""
    return {"ubn": ubn, "company_name": "精密機械股份有限公司", "industry": "manufacturing", "employees": 50,
            "capital": "2000萬", "revenue": "3億", "factory": "registered", "region": "臺中市", "contact": "王小明",
            "phone": "0912345678", "email": "a@example.com", "consent": True, "hall": "工業館"}


@dataclass
class World:
    sessions: list[str]
    exchange_ids: list[int]
    expert_name: str
    booking_reference: str
    application_reference: str
    day: date
    """The Taipei day the questions were asked."""


def seed(client: TestClient) -> World:
    sessions = [f"dash-{uuid.uuid4().hex[:10]}" for _ in QUESTIONS]
    ids = []
    for session_id, (question, intent) in zip(sessions, QUESTIONS, strict=True):
        body: dict[str, Any] = client.post("/api/chat", json={"session_id": session_id, "message": question}).json()
        assert body["intent"] == intent, body
        ids.append(body["exchange_id"])
    for exchange_id, session_id, helpful in zip(ids, sessions, (True, False), strict=False):
        vote = {"exchange_id": exchange_id, "session_id": session_id, "helpful": helpful}
        r = client.post("/api/feedback", json=vote)
        assert r.status_code == 201, r.text
    db = client.app.state.resources.db  # type: ignore[attr-defined]
    expert = add_expert(db)
    assert expert.id is not None
    with Session(db) as session:
        slot = free_slots(session=session, expert=session.get(Expert, expert.id),  # type: ignore[arg-type]
                          first_day=taipei_today() + timedelta(days=2), limit=1)[0]
        booked = create_booking(session=session, max_open_per_company=3, now=datetime.now(UTC),
                                booking_in=booking_in(expert.id, slot, user=sessions[0], channel="web",
                                                      tax_id=TAX_IDS[3]))
        reference = booked.booking.reference
    with Session(db) as session:
        app = submit_application(session=session, rules=load_rules(), values=application_values(new_ubn()), year=110,
                                 today=date(2021, 7, 15),
                                 applicant=Applicant("web", sessions[0], f"applicant:web:{sessions[0]}"))
    return World(sessions, ids, expert.name, reference, app.reference, taipei_today())
