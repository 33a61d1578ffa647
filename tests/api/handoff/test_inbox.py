"""The handoff inbox over HTTP: a web user asks for a person, staff reply from /staff/inbox, the
reply is in the user's chat history, the bot stays quiet until staff close the conversation."""

from __future__ import annotations

import re
import uuid
from typing import Any

from fastapi.testclient import TestClient
from sqlmodel import Session, col, select

from api.handoff.tables import HandoffConversation, HandoffMessage
from api.outbox.tables import OutboxMessage
from api.staff.tables import StaffAction
from tests.api.handoff.helpers import conversation_of
from tests.api.staff.helpers import sign_in_staff

QUESTION = "數位點數誰可以申請？"


def _say(client: TestClient, session_id: str, text: str) -> dict[str, Any]:
    r = client.post("/api/chat", json={"session_id": session_id, "message": text})
    assert r.status_code == 200, r.text
    return r.json()  # type: ignore[no-any-return]


def _handed_off(client: TestClient) -> tuple[str, HandoffConversation]:
    session_id = f"web-{uuid.uuid4().hex}"
    _say(client, session_id, QUESTION)
    reply = _say(client, session_id, "我要真人客服")
    assert reply["handoff"] is not None and reply["intent"] == "handoff"
    conversation = conversation_of(client, "web", session_id)
    assert conversation is not None and conversation.state == "open"
    return session_id, conversation


def _form_key(html: str) -> str:
    found = re.search(r'name="key" value="([0-9a-f]+)"', html)
    assert found, "the page has no reply form"
    return found.group(1)


def _actions(client: TestClient, target: str) -> list[str]:
    with Session(client.app.state.resources.db) as session:  # type: ignore[attr-defined]
        return list(session.exec(select(StaffAction.action).where(StaffAction.target == target)
                                 .order_by(col(StaffAction.id))).all())


def test_a_web_user_gets_a_person_and_then_the_bot_again(client: TestClient) -> None:
    session_id, conversation = _handed_off(client)
    ref = f"H-{conversation.id:06d}"
    login = sign_in_staff(client, "editor")

    listed = client.get("/staff/inbox")
    assert listed.status_code == 200 and f'href="/staff/inbox/{conversation.id}"' in listed.text
    assert "等待回覆" in listed.text
    page = client.get(f"/staff/inbox/{conversation.id}")
    assert page.status_code == 200
    assert QUESTION in page.text and "我要真人客服" in page.text  # the transcript
    assert "網頁聊天" in page.text and "沒有預約或申請" in page.text  # the user's context

    sent = client.post(f"/staff/inbox/{conversation.id}/reply",
                       data={"text": "您好，我是客服小林，公司登記滿一年即可申請。", "key": _form_key(page.text),
                             "csrf_token": login.csrf})
    assert sent.status_code == 200 and "已送出回覆" in sent.text
    assert "客服小林" in sent.text  # now in the transcript, by the staff member

    history = client.get("/api/chat/history", params={"session_id": session_id}).json()
    assert history["with_staff"] is True
    kinds = [turn["kind"] for turn in history["turns"]]
    assert kinds == ["turn", "turn", "staff"]
    assert "客服小林" in history["turns"][-1]["answer"] and history["turns"][-1]["staff_name"] == "測試editor"
    updates = client.get("/api/chat/updates", params={"session_id": session_id}).json()
    assert [m["author"] for m in updates["messages"]] == ["staff"] and updates["with_staff"] is True
    seen = updates["messages"][0]["id"]
    assert client.get("/api/chat/updates", params={"session_id": session_id, "after": seen}).json()["messages"] == []

    held = _say(client, session_id, "那要準備什麼文件？")  # a person is handling it: the bot does not answer
    assert held["intent"] == "handoff_held" and held["sources"] == [] and "服務人員" in held["answer"]
    quiet = _say(client, session_id, "補助上限是多少？")  # acknowledged once, then quiet
    assert quiet["intent"] == "handoff_held" and quiet["answer"] == ""
    page = client.get(f"/staff/inbox/{conversation.id}").text
    assert "那要準備什麼文件？" in page and "補助上限是多少？" in page

    closed = client.post(f"/staff/inbox/{conversation.id}/close", data={"csrf_token": login.csrf})
    assert closed.status_code == 200 and "已結束對話" in closed.text
    again = client.post(f"/staff/inbox/{conversation.id}/close", data={"csrf_token": login.csrf})
    assert again.status_code == 200 and "先前已結束" in again.text  # a second click changes nothing
    after_close = client.get("/api/chat/updates", params={"session_id": session_id, "after": seen}).json()
    assert after_close["with_staff"] is False and [m["author"] for m in after_close["messages"]] == ["system"]

    answered = _say(client, session_id, QUESTION)
    assert answered["intent"] not in ("handoff_held", "handoff") and answered["sources"]
    assert _actions(client, ref) == ["handoff.reply", "handoff.close"]
    with Session(client.app.state.resources.db) as session:  # type: ignore[attr-defined]
        web_pushes = session.exec(select(OutboxMessage).where(OutboxMessage.subject == ref)).all()
    assert web_pushes == []  # the web chat fetches its messages; nothing is pushed


def test_the_user_can_go_back_to_the_bot_themselves(client: TestClient) -> None:
    session_id, conversation = _handed_off(client)
    back = _say(client, session_id, "回到機器人")
    assert back["intent"] == "handoff_released" and back["actions"]
    assert conversation_of(client, "web", session_id).state == "resolved"  # type: ignore[union-attr]
    assert _say(client, session_id, QUESTION)["sources"]
    _say(client, session_id, "真人客服")  # asking again reopens the same conversation
    reopened = conversation_of(client, "web", session_id)
    assert reopened is not None and reopened.id == conversation.id and reopened.state == "open"


def test_a_reply_form_submitted_twice_sends_one_message(client: TestClient) -> None:
    _, conversation = _handed_off(client)
    login = sign_in_staff(client, "reviewer")
    page = client.get(f"/staff/inbox/{conversation.id}")
    fields = {"text": "稍等，我查一下。", "key": _form_key(page.text), "csrf_token": login.csrf}
    assert "已送出回覆" in client.post(f"/staff/inbox/{conversation.id}/reply", data=fields).text
    assert "重複送出" in client.post(f"/staff/inbox/{conversation.id}/reply", data=fields).text
    with Session(client.app.state.resources.db) as session:  # type: ignore[attr-defined]
        sent = session.exec(select(HandoffMessage).where(HandoffMessage.conversation_id == conversation.id)).all()
    assert len(sent) == 1
    taken = conversation_of(client, "web", conversation.user_id)
    assert taken is not None and taken.state == "assigned" and taken.assignee == login.username


def test_bad_replies_are_refused_in_words_and_nothing_is_sent(client: TestClient) -> None:
    _, conversation = _handed_off(client)
    login = sign_in_staff(client, "admin")
    key = _form_key(client.get(f"/staff/inbox/{conversation.id}").text)
    blank = client.post(f"/staff/inbox/{conversation.id}/reply", data={"text": "   ", "key": key,
                                                                         "csrf_token": login.csrf})
    assert blank.status_code == 200 and "不能空白" in blank.text
    long = client.post(f"/staff/inbox/{conversation.id}/reply", data={"text": "長" * 2500, "key": key,
                                                                        "csrf_token": login.csrf})
    assert long.status_code == 200 and "2000" in long.text
    missing = client.get("/staff/inbox/999999")
    assert missing.status_code == 404 and "找不到這個對話" in missing.text
    nowhere = client.post("/staff/inbox/999999/reply", data={"text": "hi", "key": key, "csrf_token": login.csrf})
    assert nowhere.status_code == 200 and "找不到這個對話" in nowhere.text
    assert client.get("/staff/inbox/abc").status_code == 422
    assert client.get("/api/chat/updates", params={"session_id": "x", "after": -1}).status_code == 422
    client.post(f"/staff/inbox/{conversation.id}/close", data={"csrf_token": login.csrf})
    late = client.post(f"/staff/inbox/{conversation.id}/reply", data={"text": "還在嗎？", "key": key,
                                                                       "csrf_token": login.csrf})
    assert "已結束" in late.text
    with Session(client.app.state.resources.db) as session:  # type: ignore[attr-defined]
        authors = session.exec(select(HandoffMessage.author)
                               .where(HandoffMessage.conversation_id == conversation.id)).all()
    assert authors == ["system"]


def test_every_staff_role_may_use_the_inbox_and_nobody_else(client: TestClient) -> None:
    client.cookies.clear()
    r = client.get("/staff/inbox", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/staff/login?next=/staff/inbox"
    assert client.get("/api/chat/updates", params={"session_id": "x"}).json()["messages"] == []
    for role in ("admin", "reviewer", "editor"):
        sign_in_staff(client, role)
        assert client.get("/staff/inbox").status_code == 200


def test_a_staff_action_without_the_csrf_token_is_refused_and_changes_nothing(client: TestClient) -> None:
    _, conversation = _handed_off(client)
    login = sign_in_staff(client, "editor")
    key = _form_key(client.get(f"/staff/inbox/{conversation.id}").text)
    base = f"/staff/inbox/{conversation.id}"
    assert client.post(f"{base}/reply", data={"text": "hi", "key": key}).status_code == 403
    assert client.post(f"{base}/reply", data={"text": "hi", "key": key, "csrf_token": "0" * 64}).status_code == 403
    assert client.post(f"{base}/take", data={}).status_code == 403
    assert client.post(f"{base}/close", data={}).status_code == 403
    unchanged = conversation_of(client, "web", conversation.user_id)
    assert unchanged is not None and unchanged.state == "open" and unchanged.assignee == ""
    assert _actions(client, f"H-{conversation.id:06d}") == []
    taken = client.post(f"{base}/take", data={"csrf_token": login.csrf})
    assert "已由您接手" in taken.text and _actions(client, f"H-{conversation.id:06d}") == ["handoff.assign"]


def test_a_new_message_moves_a_waiting_conversation_up(client: TestClient) -> None:
    first_session, first = _handed_off(client)
    _, second = _handed_off(client)
    sign_in_staff(client, "editor")
    order = [int(n) for n in re.findall(r'href="/staff/inbox/(\d+)"', client.get("/staff/inbox").text)]
    assert order.index(second.id) < order.index(first.id)  # type: ignore[arg-type]
    _say(client, first_session, "還在嗎？")
    order = [int(n) for n in re.findall(r'href="/staff/inbox/(\d+)"', client.get("/staff/inbox").text)]
    assert order.index(first.id) < order.index(second.id)  # type: ignore[arg-type]
