"""Digital points on LINE in 115年, with rules on file for 110-111 only: no year is taking
applications, the bot says so and which years it has rules for, and offers to notify."""

from __future__ import annotations

from tests.api.line.conftest import Line, text_of, webhook_event


def test_no_open_year_is_said_on_line_and_the_user_can_ask_to_be_notified(line: Line,
                                                                          staff: dict[str, str]) -> None:
    asked = webhook_event("text_message", text="我要申請點數")
    line.send(asked)
    [reply] = line.reply_to(asked)
    said = text_of([reply])
    assert "目前沒有受理中" in said and "110、111年度" in said and "115年度" in said
    items = [item["action"] for item in reply["quickReply"]["items"]]
    assert [a["label"] for a in items][:3] == ["開放申請時通知我", "預約專家", "真人客服"]
    assert "統一編號" not in said  # no form starts
    user = asked["source"]["userId"]
    join = webhook_event("postback", user=user, data=items[0]["data"])
    line.send(join)
    assert "已記下" in text_of(line.reply_to(join))
    waitlist = line.client.get("/api/admin/points-waitlist", headers=staff).json()
    assert [(e["channel"], e["asked_in_year"]) for e in waitlist if e["user_id"] == user] == [("line", 115)]
