"""115年 in Taipei with rules for 110-111 only: no year is taking applications. The bot says so and
which years it has rules for, offers to notify, staff see who asked; nothing is accepted as if open."""

from __future__ import annotations

import uuid

from fastapi.testclient import TestClient

from tests.api.applications.conftest import application, new_ubn


def _chat(client: TestClient, session: str, message: str, postback: str | None = None) -> dict:  # type: ignore[type-arg]
    body = {"session_id": session, "message": message} | ({"postback": postback} if postback else {})
    r = client.post("/api/chat", json=body)
    assert r.status_code == 200, r.text
    return r.json()  # type: ignore[no-any-return]


def test_the_chat_says_no_year_is_open_and_offers_to_notify(client: TestClient, staff: dict[str, str]) -> None:
    session = f"web-{uuid.uuid4().hex[:8]}"
    reply = _chat(client, session, "我要申請點數")
    assert reply["form"] is None  # no form starts
    assert "目前沒有受理中" in reply["answer"] and "110、111年度" in reply["answer"] and "115年度" in reply["answer"]
    notify = next(a for a in reply["actions"] if a["label"] == "開放申請時通知我")
    assert [a["label"] for a in reply["actions"]][1:] == ["預約專家", "真人客服"]
    joined = _chat(client, session, notify["label"], notify["data"])
    assert "已記下" in joined["answer"]
    again = _chat(client, session, notify["label"], notify["data"])
    assert "已經在通知名單" in again["answer"]
    listed = client.get("/api/admin/points-waitlist", headers=staff).json()
    mine = [e for e in listed if e["user_id"] == session]
    assert [(e["channel"], e["asked_in_year"]) for e in mine] == [("web", 115)]
    assert client.get("/api/admin/points-waitlist").status_code == 401
    english = _chat(client, f"web-{uuid.uuid4().hex[:8]}", "I want to apply for points")
    assert "not being taken now" in english["answer"] and english["form"] is None


def test_the_api_accepts_no_application_and_marks_a_verdict_as_reference_only(client: TestClient) -> None:
    refused = client.post("/api/applications", json=application(new_ubn()))
    assert refused.status_code == 409 and "目前沒有受理中" in refused.json()["error"]["message"]
    past = client.post("/api/applications", json=application(new_ubn(), year=111))
    assert past.status_code == 400 and "申請已截止" in past.json()["error"]["message"]
    verdict = client.post("/api/points/eligibility", json={"industry": "餐廳", "employees": 5, "consent": True}).json()
    assert verdict["year"] == 111 and verdict["accepting"] is False and verdict["eligible_halls"] == []
