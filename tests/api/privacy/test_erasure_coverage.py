"""Staff's export and erasure of a LINE user cover what the user left beyond the chat log: their
call-back request, the handoff conversation (what they asked a person, and the staff replies), the
messages pushed to them and the bodies of their LINE events."""

from __future__ import annotations

import uuid

from fastapi.testclient import TestClient
from sqlmodel import Session, select

from api.exchanges import hash_user
from api.handoff.tables import HandoffConversation, HandoffMessage
from api.line.tables import DONE, LineEvent
from api.models import ContactRequest, utcnow
from api.outbox.tables import SENT, OutboxMessage
from tests.api.staff.helpers import sign_in_staff


def test_staff_export_and_erase_cover_call_backs_handoffs_pushes_and_line_events(client: TestClient) -> None:
    db = client.app.state.resources.db  # type: ignore[attr-defined]
    salt = client.app.state.resources.settings.user_hash_salt.get_secret_value()  # type: ignore[attr-defined]
    user, now = f"U{uuid.uuid4().hex}", utcnow()
    with Session(db) as session:
        conversation = HandoffConversation(channel="line", user_id=user, topic="請款要準備什麼",
                                           note="我是陳美玲，電話 0912345678",
                                           user_hash=hash_user(salt=salt, channel="line", user_id=user))
        session.add(conversation)
        session.flush()
        session.add_all([
            HandoffMessage(conversation_id=conversation.id, author="staff", text="陳小姐您好", key=f"k-{user}"),
            ContactRequest(channel="line", user_id=user, name="陳美玲", phone="0912345678", topic="points"),
            OutboxMessage(key=f"push-{user}", recipient="sme", channel="line", address=user, kind="confirmed",
                          text="陳美玲您好，預約已確認", status=SENT, created_at=now),
            LineEvent(webhook_event_id=f"ev-{user}", event_type="message", source_key=f"user:{user}", event_ts=0,
                      body={"message": {"text": "我的電話是 0912345678"}}, status=DONE, retry_key=str(uuid.uuid4()),
                      finished_at=now)])
        session.commit()

    admin = sign_in_staff(client, "admin")
    page = client.get("/staff/privacy", params={"channel": "line", "user_id": user}).text
    assert "回電請求 1" in page and "真人客服訊息 2" in page and "通知 1" in page
    data = client.get("/staff/privacy/export", params={"channel": "line", "user_id": user}).json()
    assert [c["phone"] for c in data["contact_requests"]] == ["0912345678"]
    assert data["handoff_request"]["note"] == "我是陳美玲，電話 0912345678"
    assert [m["text"] for m in data["handoff_messages"]] == ["陳小姐您好"]
    assert [n["text"] for n in data["notifications"]] == ["陳美玲您好，預約已確認"]

    erased = client.post("/staff/privacy/erase", data={"channel": "line", "user_id": user, "confirm": "yes",
                                                        "csrf_token": admin.csrf})
    assert erased.status_code == 200 and "回電請求 1" in erased.text
    with Session(db) as session:
        assert session.exec(select(ContactRequest).where(ContactRequest.user_id == user)).all() == []
        assert session.exec(select(HandoffConversation).where(HandoffConversation.user_id == user)).all() == []
        assert session.exec(select(HandoffMessage).where(HandoffMessage.key == f"k-{user}")).all() == []
        assert session.exec(select(OutboxMessage).where(OutboxMessage.address == user)).all() == []
        event = session.exec(select(LineEvent).where(LineEvent.webhook_event_id == f"ev-{user}")).one()
    assert event.body == {}
    after = client.get("/staff/privacy", params={"channel": "line", "user_id": user}).text
    assert "沒有資料" in after
