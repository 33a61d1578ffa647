"""A LINE user asks for a person; a staff member replies from the inbox; LINE receives the push."""

from __future__ import annotations

import re

from api.outbox.jobs import send_pass
from api.wiring import feature_context
from tests.api.handoff.helpers import conversation_of
from tests.api.line.conftest import Line, text_of, wait_for, webhook_event
from tests.api.staff.helpers import sign_in_staff


def _say(line: Line, user: str, text: str) -> dict[str, object]:
    event = webhook_event("text_message", user=user, text=text)
    line.send(event)
    return event


def test_a_staff_reply_reaches_the_line_user_as_a_push(line: Line) -> None:
    user = "U" + "a1" * 16
    asked = _say(line, user, "我要找真人客服")
    assert "服務人員" in text_of(line.reply_to(asked))
    conversation = conversation_of(line.client, "line", user)
    assert conversation is not None and conversation.state == "open"

    held = _say(line, user, "我的申請卡住了")  # acknowledged once, not answered by the bot
    assert "回到機器人" in text_of(line.reply_to(held))
    quiet = _say(line, user, "請問多久會審完？")
    assert line.reply_to(quiet) == [] and line.rows(quiet)[0].outcome == "held"

    client = line.client
    login = sign_in_staff(client, "reviewer")
    page = client.get(f"/staff/inbox/{conversation.id}")
    assert "LINE" in page.text and "我的申請卡住了" in page.text and "請問多久會審完？" in page.text
    key = re.search(r'name="key" value="([0-9a-f]+)"', page.text).group(1)  # type: ignore[union-attr]
    sent = client.post(f"/staff/inbox/{conversation.id}/reply",
                       data={"text": "您好，審查約需 10 個工作天。", "key": key, "csrf_token": login.csrf})
    assert "已送出回覆" in sent.text

    ctx = feature_context(client.app.state.resources)  # type: ignore[attr-defined]

    def pushed() -> str:
        send_pass(ctx)
        return "\n".join(text_of(call.body["messages"]) for call in line.fake.pushes_to(user))

    shown = wait_for(lambda: "10 個工作天" in pushed() and pushed(), what="the staff reply pushed to LINE")
    assert "服務人員" in shown  # the push says a person wrote it

    client.post(f"/staff/inbox/{conversation.id}/close", data={"csrf_token": login.csrf})
    wait_for(lambda: "結束這次對話" in pushed(), what="the closing notice pushed to LINE")
    answered = _say(line, user, "數位點數誰可以申請？")
    assert "回到機器人" not in text_of(line.reply_to(answered)) and line.rows(answered)[0].outcome != "held"
