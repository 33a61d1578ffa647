"""Experts with console sign-ins, and bookings made straight through the service."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine
from sqlmodel import Session

from api.experts.services.booking import create_booking
from api.experts.services.directory import get_expert
from api.experts.services.hours import free_slots
from api.experts.tables import Booking
from tests.api.experts.chat import new_expert
from tests.api.experts.conftest import TAX_IDS, booking_in

PASSWORD = "expert-password-1"


def app_db(client: TestClient) -> Engine:
    return client.app.state.resources.db  # type: ignore[attr-defined,no-any-return]


def expert_with_login(client: TestClient, staff: dict[str, str],
                      **fields: Any) -> tuple[dict[str, Any], dict[str, str]]:
    """A new expert (with `fields`, e.g. topics) who can sign in to the console, and their headers."""
    expert = new_expert(client, staff, **fields)
    username = f"ex{uuid.uuid4().hex[:8]}"
    r = client.post(f"/api/experts/{expert['id']}/account", json={"username": username, "password": PASSWORD},
                    headers=staff)
    assert r.status_code == 201, r.text
    token = client.post("/api/console/login", json={"username": username, "password": PASSWORD}).json()["token"]
    expert["username"] = username
    return expert, {"Authorization": f"Bearer {token}"}


def book(client: TestClient, expert: dict[str, Any], *, index: int = 0, past: bool = False,
         **fields: Any) -> Booking:
    """A booking of `expert`'s `index`-th free slot (or of a slot that began an hour or more ago)."""
    db = app_db(client)
    now = datetime.now(UTC)
    with Session(db) as session:
        found = get_expert(session=session, expert_id=expert["id"])
        if past:
            earlier = now - timedelta(days=2)
            slot = [s for s in free_slots(session=session, expert=found, now=earlier, limit=40)
                    if s < now - timedelta(hours=1)][-1]
            now = earlier
        else:
            slot = free_slots(session=session, expert=found, limit=index + 1)[index]
        fields.setdefault("tax_id", TAX_IDS[(index + 2) % len(TAX_IDS)])
        fields.setdefault("user", f"sme-{uuid.uuid4().hex[:6]}")
        booked = create_booking(session=session, booking_in=booking_in(expert["id"], slot, **fields),
                                max_open_per_company=100, now=now)
        session.expunge(booked.booking)
        return booked.booking
