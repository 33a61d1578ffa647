"""Event kinds: follow/unfollow, standby, groups, non-text messages, buttons, feedback, the date picker."""

from __future__ import annotations

from sqlmodel import Session

from api.line import messages as texts
from api.line.adapters.notifier import LineNotifier
from api.line.tables import LineFollower
from api.models import DialogueStateRow
from tests.api.line.conftest import VISITS, Line, text_of, webhook_event


def test_follow_greets_with_privacy_notice_and_what_the_bot_can_do(line: Line) -> None:
    event = webhook_event("follow")
    [row] = line.send(event)
    assert row.outcome == "replied"
    [message] = line.reply_to(event)
    shown = text_of([message])
    assert "歡迎" in shown and "隱私" in shown and "預約專家" in shown
    assert 1 <= len(message["quickReply"]["items"]) <= 13


def test_a_returning_follower_is_welcomed_back_not_greeted_as_new(line: Line) -> None:
    user = "U" + "e" * 32
    line.send(webhook_event("unfollow", user=user))
    again = webhook_event("follow", user=user)
    line.send(again)
    shown = text_of(line.reply_to(again))
    assert "歡迎回來" in shown and "歡迎加入" not in shown and "隱私說明" not in shown
    talker = "U" + "f" * 32  # chatted before follower records existed, then a follow event arrives
    line.send(webhook_event("text_message", user=talker, text="你好"))
    follow = webhook_event("follow", user=talker)
    line.send(follow)
    assert "歡迎回來" in text_of(line.reply_to(follow))
    unblocked = webhook_event("follow", follow={"isUnblocked": True})  # LINE says so itself
    line.send(unblocked)
    assert "歡迎回來" in text_of(line.reply_to(unblocked))


def test_unfollow_stops_pushes_until_the_user_follows_again(line: Line) -> None:
    notifier = line.client.app.state.resources.notifier  # type: ignore[attr-defined]
    assert isinstance(notifier, LineNotifier)
    user = "U" + "a" * 32
    line.send(webhook_event("unfollow", user=user))
    with Session(line.db) as session:
        follower = session.get(LineFollower, user)
        assert follower is not None and follower.following is False
    assert notifier.push(channel="line", user_id=user, text="您的預約已確認") is False
    assert line.fake.pushes_to(user) == []
    line.send(webhook_event("follow", user=user))
    assert notifier.push(channel="line", user_id=user, text="您的預約已確認", dedupe_key="booking-1:confirmed")
    assert notifier.push(channel="line", user_id=user, text="您的預約已確認", dedupe_key="booking-1:confirmed")
    [pushed] = line.fake.pushes_to(user)  # the second push had the same retry key: delivered once
    assert text_of(pushed.body["messages"]) == "您的預約已確認"
    assert notifier.push(channel="web", user_id="web-session", text="x") is False


def test_standby_mode_sends_nothing(line: Line) -> None:
    event = webhook_event("standby")
    [row] = line.send(event)
    assert row.outcome == "standby"
    assert line.fake.attempts("reply") == [] and line.fake.attempts("push") == []
    user = "U" + "d" * 32
    line.send(webhook_event("unfollow", user=user, mode="standby"))  # said nothing, but remembered
    with Session(line.db) as session:
        follower = session.get(LineFollower, user)
        assert follower is not None and follower.following is False


def test_a_group_is_answered_only_when_addressed_and_keyed_by_the_group(line: Line) -> None:
    chatter = webhook_event("group_chatter")
    [row] = line.send(chatter)
    assert row.outcome == "not_addressed" and line.fake.attempts("reply") == []
    asked = webhook_event("group_mention")
    [row] = line.send(asked)
    assert row.outcome == "replied"
    assert "20萬點" in text_of(line.reply_to(asked))
    assert line.fake.attempts("loading") == []  # only one-to-one chats show the loading animation
    group = asked["source"]["groupId"]
    with Session(line.db) as session:
        assert session.get(DialogueStateRow, f"line:{group}") is not None
        assert session.get(DialogueStateRow, f"line:{asked['source']['userId']}") is None


def test_personal_flows_are_never_run_in_a_group(line: Line) -> None:
    group = {"type": "group", "groupId": "C" + "b" * 32, "userId": "U" + "c" * 32}
    start = webhook_event("postback", data="1|flow:start:visit", source=group)
    line.send(start)
    shown = text_of(line.reply_to(start))
    assert "請私訊我" in shown and "https://line.me/R/ti/p/@tcloudtest" in shown  # one tap to the private chat
    with Session(line.db) as session:
        assert session.get(DialogueStateRow, f"line:{group['groupId']}") is None  # no flow left half-filled


def test_without_a_basic_id_the_private_chat_note_has_no_link() -> None:
    assert "line.me" not in texts.private_only("zh") and "請私訊我" in texts.private_only("zh")


def test_every_button_offered_in_a_group_works_when_tapped(line: Line) -> None:
    source = {"type": "group", "groupId": "C" + "e" * 32, "userId": "U" + "f" * 32}
    hello = webhook_event("group_mention", source=source)
    hello["message"] = {"type": "text", "id": "1", "quoteToken": "q", "text": "雲市集助理 你好"}
    line.send(hello)
    [message] = line.reply_to(hello)[-1:]
    items = [i["action"] for i in message["quickReply"]["items"]]
    assert items and all(a["type"] != "message" for a in items)  # plain text would not be addressed to the bot
    question = next(a for a in items if a["displayText"].endswith("？"))
    tapped = webhook_event("postback", data=question["data"], source=source)
    [row] = line.send(tapped)
    assert row.outcome == "replied"
    shown = text_of(line.reply_to(tapped))
    assert "資格" in shown or "申請" in shown  # the question was answered
    assert "過期" not in shown and "請私訊我" not in shown


def test_non_text_messages_get_a_friendly_text(line: Line) -> None:
    expected = {"sticker": "貼圖", "image": "圖片", "location": "位置"}
    for name, word in expected.items():
        event = webhook_event(name)
        line.send(event)
        shown = text_of(line.reply_to(event))
        assert word in shown and "請用文字輸入" in shown, name


def test_a_button_postback_goes_through_the_engine(line: Line) -> None:
    event = webhook_event("postback")  # 1|intent:book_expert
    [row] = line.send(event)
    assert row.outcome == "replied" and row.exchange_id is not None
    assert "專家" in text_of(line.reply_to(event))


def test_a_stale_button_is_explained(line: Line) -> None:
    event = webhook_event("postback", data="0|something-from-an-old-version")
    line.send(event)
    assert "過期" in text_of(line.reply_to(event))


def test_thumbs_on_an_answer_record_feedback_on_that_exchange(line: Line, staff: dict[str, str]) -> None:
    question = webhook_event("text_message", text="雲端收銀POS是什麼")
    [answered] = line.send(question)
    user = question["source"]["userId"]
    down = webhook_event("postback", user=user, data=f"1|fb|{answered.exchange_id}|n")
    line.send(down)
    assert "謝謝您的回饋" in text_of(line.reply_to(down))
    rows = line.client.get("/api/admin/exchanges", headers=staff, params={"limit": 500}).json()
    assert next(r for r in rows if r["id"] == answered.exchange_id)["helpful"] is False
    up = webhook_event("postback", user=user, data=f"1|fb|{answered.exchange_id}|y")
    line.send(up)
    rows = line.client.get("/api/admin/exchanges", headers=staff, params={"limit": 500}).json()
    assert next(r for r in rows if r["id"] == answered.exchange_id)["helpful"] is True
    stranger = webhook_event("postback", data=f"1|fb|{answered.exchange_id}|n")  # someone else's answer
    line.send(stranger)
    assert "過期" in text_of(line.reply_to(stranger))
    rows = line.client.get("/api/admin/exchanges", headers=staff, params={"limit": 500}).json()
    assert next(r for r in rows if r["id"] == answered.exchange_id)["helpful"] is True


def test_the_date_time_picker_feeds_the_flow_step(line: Line) -> None:
    start = webhook_event("postback", data="1|flow:start:visit")
    line.send(start)
    [prompt] = line.reply_to(start)
    items = [i["action"] for i in prompt["quickReply"]["items"]]
    picker = next(a for a in items if a["type"] == "datetimepicker")
    assert picker["data"] == "1|flow:pick:when" and picker["mode"] == "datetime"
    user = start["source"]["userId"]
    picked = webhook_event("datetime_postback", user=user)  # params.datetime = 2026-12-01T10:30
    line.send(picked)
    assert "2026-12-01T10:30" in text_of(line.reply_to(picked))
    confirm = webhook_event("text_message", user=user, text="確認送出")
    line.send(confirm)
    assert "V-" in text_of(line.reply_to(confirm))
    assert VISITS.submissions[-1].values == {"when": "2026-12-01T10:30"}
    assert VISITS.submissions[-1].channel == "line" and VISITS.submissions[-1].user_id == user


def test_a_message_too_long_for_the_engine_is_told_so(line: Line) -> None:
    event = webhook_event("text_message", text="點數" * 600)
    [row] = line.send(event)
    assert row.outcome == "replied"
    assert "太長" in text_of(line.reply_to(event))
