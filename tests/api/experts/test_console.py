"""The experts' console: an expert sees and acts on their own bookings only; every change reaches
the SME; completion brings a survey whose answers staff read; notes; the ICS feed; expiry."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

from fastapi.testclient import TestClient
from icalendar import Calendar
from sqlmodel import Session, select

from api.experts import messages as msg
from api.experts.console_tables import Survey
from api.experts.rules import taxonomy
from api.experts.services.accounts import sign_in
from api.experts.tables import Booking
from api.outbox.tables import OutboxMessage
from tests.api.experts.chat import Chat
from tests.api.experts.console_helpers import PASSWORD, app_db, book, expert_with_login
from tests.api.staff.helpers import csrf_from


def _messages(client: TestClient, booking: Booking, kind: str) -> list[OutboxMessage]:
    with Session(app_db(client)) as session:
        return list(session.exec(select(OutboxMessage).where(OutboxMessage.booking_id == booking.id,
                                                             OutboxMessage.kind == kind)).all())


def _status(client: TestClient, booking: Booking) -> str:
    with Session(app_db(client)) as session:
        row = session.get(Booking, booking.id)
        assert row is not None
        return row.status


def test_an_expert_sees_and_acts_on_their_own_bookings_only(client: TestClient, staff: dict[str, str]) -> None:
    expert_a, as_a = expert_with_login(client, staff)
    expert_b, _ = expert_with_login(client, staff)
    mine, theirs = book(client, expert_a), book(client, expert_b)
    listed = client.get("/api/console/bookings", headers=as_a).json()
    assert [b["reference"] for b in listed] == [mine.reference]
    assert listed[0]["company"] == "好味餐飲有限公司"
    assert listed[0]["context"]["questions"] == ["餐廳導入POS可以用點數嗎？"]
    for method, path in (("get", ""), ("post", "/confirm"), ("post", "/complete")):
        r = client.request(method, f"/api/console/bookings/{theirs.id}{path}", headers=as_a)
        assert r.status_code == 404 and r.json()["error"]["message"] == msg.BOOKING_NOT_FOUND[0]
    assert _status(client, theirs) == "pending"
    assert client.get("/api/console/bookings").status_code == 401
    assert client.get("/api/console/bookings", headers=staff).status_code == 401  # the admin token is no login


def test_confirming_declining_and_proposing_reach_the_sme(client: TestClient, staff: dict[str, str]) -> None:
    expert, headers = expert_with_login(client, staff)
    chat = Chat(client)
    first, second = book(client, expert, index=0), book(client, expert, index=1, user=chat.session_id,
                                                          channel="web")
    third = book(client, expert, index=2, user=chat.session_id, channel="web")

    assert client.post(f"/api/console/bookings/{first.id}/confirm", headers=headers).json()["status"] == "confirmed"
    assert client.post(f"/api/console/bookings/{first.id}/confirm", headers=headers).status_code == 200  # twice
    assert len(_messages(client, first, "confirmed")) == 1

    r = client.post(f"/api/console/bookings/{second.id}/decline", json={"reason": "當天臨時出差"}, headers=headers)
    assert r.json()["status"] == "declined"
    assert "當天臨時出差" in _messages(client, second, "declined")[0].text
    slots = client.get(f"/api/experts/{expert['id']}/slots", headers=staff).json()
    assert second.slot_start.isoformat().replace("+00:00", "") in {
        datetime.fromisoformat(s["start"]).astimezone(UTC).replace(tzinfo=None).isoformat() for s in slots}

    r = client.post(f"/api/console/bookings/{third.id}/propose", json={"start": "2020-01-01T10:00:00+08:00"},
                    headers=headers)
    assert r.status_code == 400 and r.json()["error"]["message"] == msg.PROPOSED_TIME_PASSED[0]
    later = (third.slot_start + timedelta(days=1)).isoformat()
    r = client.post(f"/api/console/bookings/{third.id}/propose", json={"start": later, "note": "上午較方便"},
                    headers=headers)
    assert r.status_code == 200 and r.json()["proposed_start"] is not None
    proposal = _messages(client, third, "proposal")[0]
    assert "上午較方便" in proposal.text and {a["value"] for a in proposal.actions} == {
        f"bk:accept:{third.reference}", f"bk:reject:{third.reference}", f"bk:resched:{third.reference}"}
    listing = chat.send("我的預約")
    assert "專家提議改到" in listing["answer"]
    assert "專家婉拒：當天臨時出差" in listing["answer"]  # the declined one, with its reason and a way back
    rebook = chat.press("重新預約")
    assert rebook["form"] is not None and rebook["intent"] != "check_status" and rebook["form"]["step"]
    chat.send("取消")
    accepted = chat.send(postback=f"bk:accept:{third.reference}")
    assert "已改到" in accepted["answer"]
    moved = client.get(f"/api/console/bookings/{third.id}", headers=headers).json()
    assert moved["status"] == "confirmed" and moved["proposed_start"] is None
    assert datetime.fromisoformat(moved["slot_start"]) == datetime.fromisoformat(later)
    assert "接受了改期" in client.get("/api/console/outbox", headers=headers).json()[0]["text"]


def test_completion_sends_a_survey_and_staff_see_the_answers(client: TestClient, staff: dict[str, str]) -> None:
    expert, headers = expert_with_login(client, staff)
    chat = Chat(client)
    held = book(client, expert, past=True, user=chat.session_id, channel="web")
    upcoming = book(client, expert)
    client.post(f"/api/console/bookings/{held.id}/confirm", headers=headers)  # too late to confirm: refused
    r = client.post(f"/api/console/bookings/{upcoming.id}/complete", headers=headers)
    assert r.status_code == 409 and r.json()["error"]["message"] == msg.NOT_STARTED[0]

    bad = client.put(f"/api/console/bookings/{held.id}/notes", json={"recommended_tools": ["AI"]}, headers=headers)
    assert bad.status_code == 409  # notes belong to a consultation that is confirmed or held
    assert client.post(f"/api/console/bookings/{held.id}/complete", headers=headers).json()["status"] == "completed"
    bad = client.put(f"/api/console/bookings/{held.id}/notes", json={"recommended_tools": ["AI"]}, headers=headers)
    unknown = msg.unknown_tags(msg.FIELD_NAMES["recommended_tools"], "recommended_tools", ["AI"], taxonomy.TOOLS)
    assert bad.status_code == 400 and bad.json()["error"]["message"] == unknown[0]
    note = {"diagnosis": "門市與線上訂單分開管理", "recommended_tools": ["雲端收銀（POS）", "進銷存管理"],
            "follow_up": "兩週後追蹤報價"}
    assert client.put(f"/api/console/bookings/{held.id}/notes", json=note, headers=headers).status_code == 200
    brief = client.get(f"/api/console/bookings/{held.id}", headers=headers).json()
    assert brief["note"]["recommended_tools"] == ["雲端收銀（POS）", "進銷存管理"]

    survey_message = _messages(client, held, "survey")[0]
    with Session(app_db(client)) as session:
        survey = session.get(Survey, held.id)
        assert survey is not None
    assert f"/survey/{survey.token}" in survey_message.text
    listing = chat.send("我的預約")
    assert any(a["type"] == "uri" and a["uri"].endswith(f"/survey/{survey.token}") for a in listing["actions"])
    page = client.get(f"/survey/{survey.token}")
    assert page.status_code == 200 and "好味餐飲有限公司" in page.text and expert["name"] in page.text
    missing = client.post(f"/survey/{survey.token}", data={"comment": "很有幫助"})
    assert missing.status_code == 400 and "請先選擇這次諮詢的滿意度" in missing.text and "很有幫助" in missing.text
    done = client.post(f"/survey/{survey.token}", data={"rating": "5", "recommend": "yes", "comment": "很有幫助"})
    assert done.status_code == 200 and "感謝您的回饋" in done.text
    assert client.get("/survey/not-a-token").status_code == 404
    results = client.get("/api/admin/surveys", headers=staff).json()
    mine = next(r for r in results["results"] if r["reference"] == held.reference)
    assert (mine["rating"], mine["recommend"], mine["comment"]) == (5, True, "很有幫助")
    assert results["answered"] >= 1 and results["average_rating"] is not None


def test_the_calendar_feed_lists_the_experts_bookings_without_contact_details(client: TestClient,
                                                                             staff: dict[str, str]) -> None:
    expert, _ = expert_with_login(client, staff)
    booking = book(client, expert)
    r = client.get(expert["calendar_path"])
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/calendar")
    events = Calendar.from_ical(r.content).walk("VEVENT")
    assert [str(e["uid"]) for e in events] == [f"booking-{booking.id}@tcloud-assistant"]
    assert events[0].decoded("dtstart") == booking.slot_start and "好味餐飲有限公司" in str(events[0]["summary"])
    assert str(events[0]["status"]) == "TENTATIVE"
    # A calendar is synced to phones and shared: the reference, time, mode and topic, no contact details.
    description = str(events[0]["description"])
    assert booking.reference in description and "視訊" in description
    assert booking.phone and booking.phone not in description and booking.contact_name not in description
    assert booking.phone not in r.text
    assert client.get("/api/experts/calendar/not-a-token.ics").status_code == 404


def test_a_console_session_expires(client: TestClient, staff: dict[str, str]) -> None:
    expert, _ = expert_with_login(client, staff)
    with Session(app_db(client)) as session:
        token, _, _ = sign_in(session=session, username=expert["username"], password=PASSWORD, hours=12,
                              now=datetime.now(UTC) - timedelta(hours=13))
    r = client.get("/api/console/bookings", headers={"Authorization": f"Bearer {token}"})
    assert r.status_code == 401 and "登入可能已過期" in r.json()["error"]["message"]


def test_the_console_pages_sign_in_show_the_brief_and_confirm(client: TestClient, staff: dict[str, str]) -> None:
    expert, _ = expert_with_login(client, staff)
    other, _ = expert_with_login(client, staff)
    booking, not_mine = book(client, expert), book(client, other)
    browser = TestClient(client.app, follow_redirects=False)  # a browser of its own (its own cookies)
    assert browser.get("/console").headers["location"] == "/console/login"
    wrong = browser.post("/console/login", data={"username": expert["username"], "password": "nope"})
    assert wrong.status_code == 401 and msg.WRONG_CREDENTIALS[0] in wrong.text
    signed = browser.post("/console/login", data={"username": expert["username"], "password": PASSWORD})
    assert signed.status_code == 303 and "httponly" in signed.headers["set-cookie"].lower()
    page = browser.get("/console")
    assert page.status_code == 200 and booking.reference in page.text and "會前摘要" in page.text
    assert "餐廳導入POS可以用點數嗎？" in page.text and not_mine.reference not in page.text
    token = csrf_from(page.text)
    forged = browser.post(f"/console/bookings/{booking.id}/confirm")  # another site's form: no token
    assert "err=" in forged.headers["location"] and _status(client, booking) == "pending"
    done = browser.post(f"/console/bookings/{booking.id}/confirm", data={"csrf_token": token})
    assert done.status_code == 303 and "msg=" in done.headers["location"]
    assert _status(client, booking) == "confirmed"
    refused = browser.post(f"/console/bookings/{not_mine.id}/confirm", data={"csrf_token": token})
    assert "err=" in refused.headers["location"] and _status(client, not_mine) == "pending"
    browser.post("/console/logout", data={"csrf_token": token})
    assert browser.get("/console").headers["location"] == "/console/login"

    username = f"staff{uuid.uuid4().hex[:6]}"
    client.post("/api/admin/staff-accounts", json={"username": username, "password": "staff-password"}, headers=staff)
    browser.post("/console/login", data={"username": username, "password": "staff-password"})
    overview = browser.get("/console")
    assert "滿意度調查" in overview.text and booking.reference in overview.text and not_mine.reference in overview.text
