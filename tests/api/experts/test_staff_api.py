"""Staff manage experts and their hours over the API; bad input gets a clear zh-TW answer and
changes nothing; named staff accounts sign in beside the admin token."""

from __future__ import annotations

import uuid
from datetime import date, time, timedelta

from fastapi.testclient import TestClient

from api.experts import messages as msg
from api.experts.rules import taxonomy
from knowledge.programme import taipei_today
from tests.api.experts.chat import new_expert


def _next_wednesday() -> date:
    """A Wednesday at least a week away (Taipei date)."""
    day = taipei_today() + timedelta(days=7)
    return day + timedelta(days=(2 - day.weekday()) % 7)


def test_an_expert_with_unknown_specialties_or_no_region_for_site_visits_is_refused(client: TestClient,
                                                                                  staff: dict[str, str]) -> None:
    name = f"拒收{uuid.uuid4().hex[:4]}"
    r = client.post("/api/experts", json={"name": name, "tools": ["區塊鏈"]}, headers=staff)
    unknown = msg.unknown_tags(msg.FIELD_NAMES["tools"], "tools", ["區塊鏈"], taxonomy.TOOLS)
    assert r.status_code == 400 and r.json()["error"]["message"] == unknown[0]
    r = client.post("/api/experts", json={"name": name, "meeting_modes": ["onsite"]}, headers=staff)
    assert r.status_code == 400 and r.json()["error"]["message"] == msg.ONSITE_REGION_REQUIRED[0]
    names = [e["name"] for e in client.get("/api/experts", headers=staff).json()]
    assert name not in names
    assert client.post("/api/experts", json={"name": name}).status_code == 401


def test_overlapping_hours_are_refused_and_the_rest_shape_the_slots(client: TestClient,
                                                                   staff: dict[str, str]) -> None:
    r = client.post("/api/experts", json={"name": f"時段{uuid.uuid4().hex[:4]}", "min_notice_hours": 0,
                                          "slot_minutes": 60, "buffer_minutes": 0}, headers=staff)
    expert = r.json()
    base = f"/api/experts/{expert['id']}"
    r = client.post(f"{base}/rules", json={"weekday": 2, "start": "09:00", "end": "12:00"}, headers=staff)
    assert r.status_code == 201
    rule_id = r.json()["id"]
    r = client.post(f"{base}/rules", json={"weekday": 2, "start": "11:00", "end": "13:00"}, headers=staff)
    assert r.status_code == 400 and r.json()["error"]["details"][0]["rule_id"] == rule_id
    assert r.json()["error"]["message"] == msg.rule_overlap(rule_id, 2, time(9), time(12))[0]
    r = client.post(f"{base}/rules", json={"weekday": 2, "start": "15:00", "end": "14:00"}, headers=staff)
    assert r.status_code == 400 and r.json()["error"]["message"] == msg.END_BEFORE_START[0]
    assert len(client.get(f"{base}/rules", headers=staff).json()) == 1

    wednesday = _next_wednesday()
    slots = client.get(f"{base}/slots", params={"start": wednesday.isoformat(), "days": 1}, headers=staff).json()
    assert [s["start"] for s in slots] == [f"{wednesday}T{h}:00:00+08:00" for h in ("09", "10", "11")]
    off = {"day": wednesday.isoformat(), "kind": "off", "start": "10:00", "end": "11:00", "note": "看牙醫"}
    r = client.post(f"{base}/exceptions", json=off, headers=staff)
    assert r.status_code == 201
    day_off = r.json()["id"]
    r = client.post(f"{base}/exceptions", json={**off, "start": "10:30", "end": "12:00"}, headers=staff)
    assert r.status_code == 400 and r.json()["error"]["details"][0]["exception_id"] == day_off
    assert r.json()["error"]["message"] == msg.exception_overlap(day_off, wednesday, "off")[0]
    extra = {"day": wednesday.isoformat(), "kind": "extra", "start": "11:30", "end": "13:00"}
    r = client.post(f"{base}/exceptions", json=extra, headers=staff)
    assert r.status_code == 400 and r.json()["error"]["message"] == msg.EXTRA_OVERLAPS_WEEKLY[0]
    extra = {"day": wednesday.isoformat(), "kind": "extra", "start": "18:00", "end": "19:00"}
    assert client.post(f"{base}/exceptions", json=extra, headers=staff).status_code == 201
    slots = client.get(f"{base}/slots", params={"start": wednesday.isoformat(), "days": 1}, headers=staff).json()
    day = f"{wednesday.year}/{wednesday.month}/{wednesday.day}（三）"
    assert [s["label"] for s in slots] == [f"{day}09:00–10:00", f"{day}11:00–12:00", f"{day}18:00–19:00"]


def test_unknown_experts_are_not_found(client: TestClient, staff: dict[str, str]) -> None:
    r = client.get("/api/experts/999999", headers=staff)
    assert r.status_code == 404 and r.json()["error"]["message"] == msg.EXPERT_NOT_FOUND[0]
    r = client.post("/api/experts/999999/rules", json={"weekday": 1, "start": "09:00", "end": "10:00"}, headers=staff)
    assert r.status_code == 404


def test_named_staff_accounts_open_the_staff_api_and_the_admin_token_still_works(client: TestClient,
                                                                                 staff: dict[str, str]) -> None:
    username = f"staff{uuid.uuid4().hex[:6]}"
    r = client.post("/api/admin/staff-accounts", json={"username": username, "password": "short"}, headers=staff)
    assert r.status_code == 422  # passwords of fewer than ten characters are refused
    r = client.post("/api/admin/staff-accounts", json={"username": username, "password": "a-long-password",
                                                       "display_name": "王小明"}, headers=staff)
    assert r.status_code == 201
    r = client.post("/api/admin/staff-accounts", json={"username": username, "password": "another-password"},
                    headers=staff)
    assert r.status_code == 409 and r.json()["error"]["message"] == msg.USERNAME_TAKEN[0]
    wrong = client.post("/api/console/login", json={"username": username, "password": "wrong-password"})
    unknown = client.post("/api/console/login", json={"username": f"no{username}", "password": "wrong-password"})
    assert wrong.status_code == unknown.status_code == 401 and wrong.json()["error"]["code"] == "unauthorized"
    assert wrong.json() == unknown.json()  # a wrong password does not reveal that the account exists
    assert wrong.json()["error"]["message"] == msg.WRONG_CREDENTIALS[0]
    token = client.post("/api/console/login", json={"username": username, "password": "a-long-password"}).json()
    assert token["role"] == "admin"
    named = {"Authorization": f"Bearer {token['token']}"}
    assert client.get("/api/admin/exchanges", headers=named).status_code == 200
    assert client.get("/api/admin/surveys", headers=named).status_code == 200
    assert client.get("/api/admin/exchanges", headers=staff).status_code == 200
    assert client.get("/api/admin/exchanges", headers={"Authorization": "Bearer nope"}).status_code == 401
    expert = new_expert(client, staff)
    r = client.post(f"/api/experts/{expert['id']}/account", json={"username": f"ex{uuid.uuid4().hex[:6]}",
                                                                  "password": "expert-password"}, headers=staff)
    expert_token = client.post("/api/console/login", json={"username": r.json()["username"],
                                                           "password": "expert-password"}).json()["token"]
    r = client.get("/api/admin/exchanges", headers={"Authorization": f"Bearer {expert_token}"})
    assert r.status_code == 401  # an expert's sign-in is not a staff sign-in
