"""Messages to web users (an expert's decision, an application's status) reach their open chat page
(GET /api/chat/updates) and a reloaded one (GET /api/chat/history), once each, with their buttons,
and only that session's."""

from __future__ import annotations

import dataclasses
from datetime import timedelta
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import update
from sqlmodel import Session, col, select

from api.outbox import service as outbox
from api.outbox.jobs import send_pass
from api.outbox.tables import OutboxMessage
from api.wiring import feature_context
from tests.api.experts.chat import Chat
from tests.api.experts.console_helpers import app_db, book, expert_with_login
from tests.support.notify import RecordingNotifier


def _updates(client: TestClient, session_id: str, after_notice: int = 0) -> dict[str, Any]:
    r = client.get("/api/chat/updates", params={"session_id": session_id, "after_notice": after_notice})
    assert r.status_code == 200, r.text
    body: dict[str, Any] = r.json()
    return body


def _history(client: TestClient, session_id: str) -> list[dict[str, Any]]:
    r = client.get("/api/chat/history", params={"session_id": session_id})
    assert r.status_code == 200, r.text
    turns: list[dict[str, Any]] = r.json()["turns"]
    return turns


def _rows(client: TestClient, session_id: str) -> list[OutboxMessage]:
    with Session(app_db(client)) as session:
        return list(session.exec(select(OutboxMessage).where(OutboxMessage.address == session_id)).all())


def _sender_pass(client: TestClient) -> RecordingNotifier:
    """One pass of the outbox's sender, as every worker's loop runs it, with a notifier that records."""
    notifier = RecordingNotifier()
    resources = client.app.state.resources  # type: ignore[attr-defined]
    send_pass(dataclasses.replace(feature_context(resources), notifier=notifier))
    return notifier


def test_a_decline_reaches_the_open_chat_once_with_its_reason_and_a_way_to_rebook(
        client: TestClient, staff: dict[str, str]) -> None:
    expert, as_expert = expert_with_login(client, staff)
    chat, stranger = Chat(client), Chat(client)
    chat.send("雲市集是什麼？")
    booking = book(client, expert, user=chat.session_id, channel="web")
    assert _updates(client, chat.session_id)["notices"] == []
    r = client.post(f"/api/console/bookings/{booking.id}/decline", json={"reason": "當天臨時出差"}, headers=as_expert)
    assert r.status_code == 200 and r.json()["status"] == "declined"

    assert _sender_pass(client).sent == []  # a web page cannot be pushed to: the row waits for it
    assert [row.status for row in _rows(client, chat.session_id)] == ["queued"]
    first = _updates(client, chat.session_id)
    [notice] = first["notices"]
    assert (notice["topic"], notice["subject"], notice["kind"]) == ("booking", booking.reference, "declined")
    assert "當天臨時出差" in notice["text"] and booking.reference in notice["text"]
    assert [(a["label"], a["data"]) for a in notice["actions"]] == [("重新預約", "intent:book_expert")]
    assert first["poll_seconds"] > 0 and first["with_staff"] is False
    [row] = _rows(client, chat.session_id)
    assert row.status == "sent" and row.sent_at is not None  # delivered: the page has it

    assert _updates(client, chat.session_id, after_notice=notice["id"])["notices"] == []  # the next poll
    assert [n["id"] for n in _updates(client, chat.session_id)["notices"]] == [notice["id"]]  # a lost response
    assert _updates(client, stranger.session_id)["notices"] == []
    assert [t for t in _history(client, stranger.session_id) if t["kind"] == "notice"] == []

    chat.send("我的預約")
    turns = _history(client, chat.session_id)
    assert [t["kind"] for t in turns] == ["turn", "notice", "turn"]  # in time order with the turns
    assert turns[1]["message_id"] == notice["id"] and "當天臨時出差" in turns[1]["answer"]
    assert turns[1]["intent"] == "declined" and turns[1]["subject"] == booking.reference
    assert [a["data"] for a in turns[1]["actions"]] == ["intent:book_expert"]

    rebook = chat.send(postback=notice["actions"][0]["data"])
    assert rebook["form"] is not None and rebook["form"]["flow"] == "book_expert"


def test_a_proposed_time_is_accepted_from_the_message_in_the_chat(client: TestClient, staff: dict[str, str]) -> None:
    expert, as_expert = expert_with_login(client, staff)
    chat = Chat(client)
    booking = book(client, expert, user=chat.session_id, channel="web")
    later = booking.slot_start + timedelta(days=1)
    r = client.post(f"/api/console/bookings/{booking.id}/propose", json={"start": later.isoformat(),
                                                                          "note": "上午較方便"}, headers=as_expert)
    assert r.status_code == 200, r.text
    [proposal] = _updates(client, chat.session_id)["notices"]
    assert proposal["kind"] == "proposal" and "上午較方便" in proposal["text"]
    assert [a["label"] for a in proposal["actions"]] == ["接受新時間", "維持原時間", "另約時間"]
    accepted = chat.send(postback=proposal["actions"][0]["data"])
    assert "已改到" in accepted["answer"]
    moved = client.get(f"/api/console/bookings/{booking.id}", headers=as_expert).json()
    assert moved["status"] == "confirmed" and moved["proposed_start"] is None


def test_a_messages_button_pressed_inside_a_form_answers_and_the_form_goes_on(
        client: TestClient, staff: dict[str, str]) -> None:
    expert, as_expert = expert_with_login(client, staff)
    chat = Chat(client)
    booking = book(client, expert, user=chat.session_id, channel="web")
    later = booking.slot_start + timedelta(days=1)
    client.post(f"/api/console/bookings/{booking.id}/propose", json={"start": later.isoformat()}, headers=as_expert)
    [proposal] = _updates(client, chat.session_id)["notices"]
    step = chat.send(postback="flow:start:contact")["form"]
    accepted = chat.send(postback=proposal["actions"][0]["data"])  # 接受新時間, while leaving contact details
    assert "已改到" in accepted["answer"] and step["prompt"] in accepted["answer"]
    assert accepted["form"] is not None and accepted["form"]["step"] == step["step"]
    assert chat.send("王小明")["form"]["index"] == step["index"] + 1


def test_another_time_instead_of_the_proposed_one_offers_the_experts_free_slots(
        client: TestClient, staff: dict[str, str]) -> None:
    expert, as_expert = expert_with_login(client, staff)
    chat = Chat(client)
    booking = book(client, expert, user=chat.session_id, channel="web")
    later = booking.slot_start + timedelta(days=1)
    client.post(f"/api/console/bookings/{booking.id}/propose", json={"start": later.isoformat()}, headers=as_expert)
    [proposal] = _updates(client, chat.session_id)["notices"]
    other = chat.send(postback=next(a["data"] for a in proposal["actions"] if a["label"] == "另約時間"))
    assert other["form"] is not None and other["form"]["flow"] == "reschedule_booking"
    assert chat.slot_buttons()


def test_a_message_written_late_under_a_smaller_id_is_not_skipped(client: TestClient) -> None:
    """Two workers commit two messages out of id order: the page was given the later id first, and
    still gets the earlier one, once."""
    session_id = "web-late-commit"
    with Session(app_db(client)) as session:
        early = outbox.enqueue(session, topic="application", subject="P110-000001", recipient="sme", channel="web",
                               address=session_id, kind="under_review", text="申請 P110-000001 審核中")
        late = outbox.enqueue(session, topic="application", subject="P110-000001", recipient="sme", channel="web",
                              address=session_id, kind="approved", text="申請 P110-000001 已核准")
        session.commit()
        early_id, late_id = early.id or 0, late.id or 0
    with Session(app_db(client)) as session:  # the page fetched the later one before the earlier committed
        session.exec(update(OutboxMessage).where(col(OutboxMessage.id) == late_id).values(status="sent"))
        session.commit()
    assert [n["id"] for n in _updates(client, session_id, after_notice=late_id)["notices"]] == [early_id]
    assert _updates(client, session_id, after_notice=late_id)["notices"] == []


def test_updates_refuse_a_bad_cursor(client: TestClient) -> None:
    for cursor in (-1, 2**31, 2**70):
        for name in ("after", "after_notice"):
            r = client.get("/api/chat/updates", params={"session_id": "web-x", name: cursor})
            assert r.status_code == 422, (name, cursor, r.text)
